"""Spreadsheet formula injection: moved to `tsunagu.spreadsheet_safety` (one writer for every export); the
readers keep importing `restore` from here."""

from tsunagu.spreadsheet_safety import neutralise, restore

__all__ = ["neutralise", "restore"]
