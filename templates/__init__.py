"""Templates and stylesheets, shipped inside the package as `stj_factsheet.templates`
(see stj_factsheet/resources.py); this file only makes the folder importable."""
