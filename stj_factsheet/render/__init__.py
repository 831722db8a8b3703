"""Render: view models in, bytes per format out (HTML, Markdown, PDF via Typst, JSON).
"""
