"""Render: view models in, bytes per format out (HTML, Markdown, PDF via Typst, JSON).
"""

FORMATS = ("html", "md", "json", "pdf")
"""Every format a factsheet is rendered in."""
DEFAULT_FORMATS = ("html", "md")
"""What `stj build` writes without `--format`."""
