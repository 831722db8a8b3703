"""The one Jinja2 environment, and rendering a factsheet view in a given format.

Templates live in `templates/`: `factsheet.html` and `factsheet.md` extend `base.html` and
`base.md`; partials are `_*.html`. Undefined variables are errors (StrictUndefined);
autoescape is on for `.html` templates and off for `.md`, where the `md_*` filters escape.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from stj_factsheet import markup, rules
from stj_factsheet.view import FactsheetView

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FORMATS = ("html", "md", "json", "pdf")
DEFAULT_FORMATS = ("html", "md")


def getal(value: int) -> str:
    """A number as Dutch text: 120000 → "120.000"."""
    return f"{value:,}".replace(",", ".")


@cache
def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=markup.to_html,
        inline=markup.to_inline_html,
        md_text=markup.md_text,
        md_cell=markup.md_cell,
        md_plain=markup.md_plain,
        getal=getal,
        procent=rules.procent,
    )
    return env


def page(template: str, fmt: str, **context: object) -> str:
    """Template `<template>.<fmt>` rendered with `context` (html or md)."""
    return environment().get_template(f"{template}.{fmt}").render(**context)


def render(view: FactsheetView, fmt: str) -> str | bytes:
    """The factsheet in format `fmt` (one of `FORMATS`): text, or bytes for PDF."""
    if fmt == "pdf":
        from stj_factsheet import pdf

        return pdf.render(view)
    if fmt == "json":
        from stj_factsheet import opendata

        return opendata.render(view)
    return page("factsheet", fmt, factsheet=view)
