"""Path handling that differs between platforms, tested with pure paths where the platform
itself is not at hand (the Windows job in CI runs the rest on Windows)."""

from __future__ import annotations

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
