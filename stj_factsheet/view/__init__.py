"""View: checked models in, typed view models out: what every format shows, in order, worded.
"""
