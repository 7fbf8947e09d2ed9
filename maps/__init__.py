"""Pure map building with folium (features → HTML/GeoJSON); no Flask, no database session.

`entries` (the plain data a map is built from), `build` (the catalog map), `geojson` (`/api/v1/map.geojson`),
`coverage` (見える化: shades per area), `privacy` (private homes shown as an area), `boundaries` (uploaded
GeoJSON area files, checked with shapely), `locator` (a small SVG map), `assets` (local scripts, styles and
tiles) and `jsonscript`. Imports none of the application packages, not even `i18n`: callers pass the words
already translated (import-linter checks it; mypy --strict type-checks it).
"""
