"""Pure map building with folium (features → HTML/GeoJSON); no Flask, no database session."""
