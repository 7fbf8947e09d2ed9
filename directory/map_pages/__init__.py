"""The map pages (/map, /map/coverage, the embedded map frame): which entries and areas a search puts on the
map (`entries`, `coverage`) and the views. The map documents are built by the pure `maps` package.
"""
