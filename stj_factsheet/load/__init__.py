"""Load: YAML files in, `Document`s (plain data with the line and column of every value) out;
and where things are in a data root.
"""
