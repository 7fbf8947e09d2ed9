"""Tests of entry translations: the spreadsheet round trip (directory.translations)."""
