"""Writing output files: atomically, and not at all when the content is unchanged."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FORMATS = ("html", "md", "json", "pdf")
DEFAULT_FORMATS = ("html", "md")
OVERZICHT_FILES = ("index.html", "index.md", "index.json", "index.csv")
"""The overview's files in the output folder (`stj overzicht`)."""


def write_atomic(path: Path, content: str | bytes) -> bool:
    """Write `content` to `path` via a temporary file and a rename, so a reader never sees
    a half-written file and a failure leaves the old one intact. Returns False (and leaves
    the file and its mtime alone) when the file already holds exactly this content."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return True
