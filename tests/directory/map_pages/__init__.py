"""Tests of the map pages and the catalog cache behind them (directory.map_pages)."""
