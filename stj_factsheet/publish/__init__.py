"""Publish: rendered bytes in, files on disk out: atomic writes, the build manifest, workers.
"""
