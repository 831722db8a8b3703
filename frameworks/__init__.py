"""The shipped toetsingskaders, inside the package as `stj_factsheet.kaders` (see
stj_factsheet/resources.py); this file only makes the folder importable."""
