"""Commands: one core function per verb beside the build: check, new, vervolg, schema, serve.
"""
