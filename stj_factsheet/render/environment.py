"""The one Jinja2 environment, and rendering a factsheet view in a given format.

Templates live in `templates/`: `factsheet.html` and `factsheet.md` extend `base.html` and
`base.md`; partials are `_*.html`. Undefined variables are errors (StrictUndefined);
autoescape is on for `.html` templates and off for `.md`, where the `md_*` filters escape.

Compiled templates are kept between runs in the user's cache folder as the platform names
it (platformdirs: `~/.cache/stj-factsheet/jinja`, or under `$XDG_CACHE_HOME`, on Linux;
`%LOCALAPPDATA%/stj-factsheet/Cache/jinja` on Windows; `~/Library/Caches/stj-factsheet/jinja`
on macOS), as Jinja's bytecode cache: a template whose source changed is compiled again,
and a folder that cannot be written only means compiling every run. Output does not
depend on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import jinja2
import platformdirs
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from stj_factsheet import resources, rules
from stj_factsheet.render import DEFAULT_FORMATS, FORMATS, markup
from stj_factsheet.view import teksten
from stj_factsheet.view.factsheet import FactsheetView

TEMPLATES = resources.TEMPLATES


def getal(value: int) -> str:
    """A number as Dutch text: 120000 → "120.000"."""
    return f"{value:,}".replace(",", ".")


def heel(text: str, *namen: str) -> Markup:
    """`text` escaped for HTML, each of `namen` in it kept on one line: a name such as
    "ggsr-2013" would otherwise break after its hyphen."""
    out = escape(text)
    for naam in namen:
        out = out.replace(escape(naam), Markup('<span class="heel">%s</span>') % naam)
    return out


AUTOESCAPED = ("html",)
APP = "stj-factsheet"


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache in one folder, where a file that cannot be read or written
    (a read-only home, a cache file cut short) costs a compilation, never the build."""

    def __init__(self, folder: Path, env: Environment) -> None:
        # Jinja checks each template's source checksum; its version and the settings that
        # shape the compiled code are in the file names, so another version or setting
        # never reads this code.
        settings = repr((env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                         env.newline_sequence, AUTOESCAPED)).encode()
        tag = f"{jinja2.__version__}-{hashlib.sha256(settings).hexdigest()[:12]}"
        super().__init__(str(folder), f"{tag}-%s.cache")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder(environ: Mapping[str, str]) -> Path | None:
    """The folder for compiled templates, made (private) if needed; None when it cannot
    be made or when `STJ_GEEN_CACHE` is set."""
    if environ.get("STJ_GEEN_CACHE"):
        return None
    xdg = environ.get("XDG_CACHE_HOME")
    base = (Path(xdg) / APP if xdg
            else platformdirs.user_cache_path(APP, appauthor=False))
    folder = base / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


_USER_CACHE = Path()
"""`environment`'s default: the user's cache folder (`cache_folder`)."""


@cache
def environment(templates: Path = TEMPLATES, compiled: Path | None = _USER_CACHE
                ) -> Environment:
    """The environment; compiled templates are cached in `compiled` (None: not at all)."""
    folder = cache_folder(os.environ) if compiled is _USER_CACHE else compiled
    env = Environment(
        loader=FileSystemLoader(templates),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=AUTOESCAPED, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if folder:
        env.bytecode_cache = TemplateCache(folder, env)
    env.filters.update(
        markdown=markup.to_html,
        md_text=markup.md_text,
        md_cell=markup.md_cell,
        md_plain=markup.md_plain,
        getal=getal,
        heel=heel,
        procent=rules.procent,
    )
    env.globals["teksten"] = teksten  # the fixed sentences, written once
    return env


__all__ = ["DEFAULT_FORMATS", "FORMATS", "environment", "page", "render"]


def page(template: str, fmt: str, **context: object) -> str:
    """Template `<template>.<fmt>` rendered with `context` (html or md)."""
    return environment().get_template(f"{template}.{fmt}").render(**context)


def render(view: FactsheetView, fmt: str) -> str | bytes:
    """The factsheet in format `fmt` (one of `FORMATS`): text, or bytes for PDF."""
    if fmt == "pdf":
        from stj_factsheet.render import pdf

        return pdf.render(view)
    if fmt == "json":
        from stj_factsheet.render import opendata

        return opendata.render(view)
    return page("factsheet", fmt, factsheet=view)
