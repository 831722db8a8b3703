"""Path handling that differs between platforms, tested with pure paths where the platform
itself is not at hand (the Windows job in CI runs the rest on Windows)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from stj_factsheet.render import environment as render


def test_the_template_cache_is_in_the_platforms_cache_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, object]] = []

    def user_cache_path(appname: str, appauthor: object = None) -> Path:
        asked.append((appname, appauthor))
        return tmp_path / "AppData" / "Local" / appname / "Cache"

    monkeypatch.setattr(platformdirs, "user_cache_path", user_cache_path)
    folder = render.cache_folder({})
    assert folder == tmp_path / "AppData" / "Local" / "stj-factsheet" / "Cache" / "jinja"
    assert folder.is_dir()
    assert asked == [("stj-factsheet", False)]
    # XDG_CACHE_HOME, where set, still decides (as on Linux)
    assert render.cache_folder({"XDG_CACHE_HOME": str(tmp_path / "xdg")}) == (
        tmp_path / "xdg" / "stj-factsheet" / "jinja")
