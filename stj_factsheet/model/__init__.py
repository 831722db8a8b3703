"""Model: `Document`s in, typed Pydantic models out (or located problems); the kader and its index.
"""

