"""The PDF fonts, inside the package as `stj_factsheet.fonts` (see
stj_factsheet/resources.py); this file only makes the folder importable."""
