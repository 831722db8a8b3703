"""The JSON Schemas, inside the package as `stj_factsheet.schemas` (see
stj_factsheet/resources.py); this file only makes the folder importable."""
