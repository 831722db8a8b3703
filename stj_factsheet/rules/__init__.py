"""Rules: models in, verdicts summarised, conclusions derived, progress and national figures out.

Pure functions, no I/O.
"""
