"""Validate: models in, located problems out; and the checked project (every gemeente with its
aanpakken and rounds, or its problems).
"""
