"""Path handling that differs between platforms, tested with pure paths where the platform
itself is not at hand (the Windows job in CI runs the rest on Windows)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import platformdirs
import pytest

from stj_factsheet.load.layout import find_root
from stj_factsheet.render import environment as render


@pytest.mark.parametrize(("start", "data", "found"), [
    (PureWindowsPath(r"C:\Users\inspecteur\stj-data\municipalities\zwolle\2015"),
     PureWindowsPath(r"C:\Users\inspecteur\stj-data\municipalities"),
     PureWindowsPath(r"C:\Users\inspecteur\stj-data")),
    (PureWindowsPath(r"\\server\share\stj-data\municipalities\zwolle"),
     PureWindowsPath(r"\\server\share\stj-data\municipalities"),
     PureWindowsPath(r"\\server\share\stj-data")),
    (PurePosixPath("/home/inspecteur/stj-data/out/zwolle"),
     PurePosixPath("/home/inspecteur/stj-data/municipalities"),
     PurePosixPath("/home/inspecteur/stj-data")),
    (PureWindowsPath(r"D:\elders"), PureWindowsPath(r"C:\stj-data\municipalities"), None),
], ids=["windows", "windows-share", "posix", "other-drive"])
def test_the_data_root_is_the_nearest_folder_upward_with_municipalities(
        start: PurePath, data: PurePath, found: PurePath | None) -> None:
    assert find_root(start, lambda folder: folder == data) == found


def test_the_nearest_data_root_wins() -> None:
    outer = PureWindowsPath(r"C:\stj")
    inner = PureWindowsPath(r"C:\stj\tests\data\fictief")
    folders = {outer / "municipalities", inner / "municipalities"}
    assert find_root(inner / "municipalities" / "voorbeeldstad", folders.__contains__) == inner


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


def test_output_to_a_pipe_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """A Windows console's code page (cp1252) cannot write every character of a message or
    of the data it quotes; captured output (CI, pre-commit) is UTF-8 instead."""
    (tmp_path / "municipalities").mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "stj_factsheet", "--root", str(tmp_path),
                           "check", "Łódź"], capture_output=True, env=env, check=False)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == (
        "Fout: `Łódź` is geen gemeentenaam: gebruik de mapnaam onder municipalities/, bijv. "
        "`zwolle`\n")
