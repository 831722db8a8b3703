"""Rebuilding only what changed (the manifest in out/), and work spread over processes."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from stj_factsheet import resources
from stj_factsheet.commands import check as checking
from stj_factsheet.publish import manifest, workers
from stj_factsheet.publish.build import build
from stj_factsheet.publish.output import BuildResult
from stj_factsheet.validate import project
from tests.helpers import copy_gemeente, replace, stj

FILES = ("factsheet.html", "factsheet.md")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A data root with Venlo and Zwolle, built once into out/ as `build --all` does:
    four factsheet files and the four overview files."""
    copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    first = build(tmp_path, [], tmp_path / "out", overzicht=True)
    assert len(first.written) == 8 and not first.failures
    return tmp_path


def stamps(root: Path) -> dict[str, int]:
    """Every output file with its modification time (ns)."""
    return {f"{slug}/{name}": (root / "out" / slug / name).stat().st_mtime_ns
            for slug in ("venlo", "zwolle") for name in FILES}


def rebuilt(root: Path, **kwargs: object) -> list[str]:
    """Build all again; the gemeenten that were rendered (not skipped)."""
    seen: list[str] = []
    original = project.Project.load

    def spy(self: project.Project, slug: str) -> object:
        seen.append(slug)
        return original(self, slug)

    project.Project.load = spy  # type: ignore[method-assign,assignment]
    try:
        build(root, [], root / "out", pool=False, **kwargs)  # type: ignore[arg-type]
    finally:
        project.Project.load = original  # type: ignore[method-assign]
    return seen


def test_nothing_changed_nothing_is_built_or_written(root: Path) -> None:
    before = stamps(root)
    result = stj("--root", root, "build", "--all")
    assert result.exit_code == 0
    assert result.stdout.endswith("0 geschreven, 8 ongewijzigd, 0 gemeenten mislukt\n")
    assert rebuilt(root) == []
    assert stamps(root) == before


def test_a_changed_yaml_file_rebuilds_that_gemeente_only(root: Path) -> None:
    replace(root / "municipalities" / "zwolle" / "gemeente.yaml", "inwoners: 120000",
            "inwoners: 120001")
    assert rebuilt(root) == ["zwolle"]
    html = (root / "out" / "zwolle" / "factsheet.html").read_text(encoding="utf-8")
    assert "120.001" in html
    assert rebuilt(root) == []


def test_a_new_file_in_the_folder_rebuilds_that_gemeente(root: Path) -> None:
    # A stray file is a warning of that gemeente: it must be seen.
    (root / "municipalities" / "venlo" / "oud.yaml").write_text("naam: x\n", encoding="utf-8")
    assert rebuilt(root) == ["venlo"]


def test_a_deleted_or_edited_output_is_built_again(root: Path) -> None:
    (root / "out" / "venlo" / "factsheet.md").unlink()
    assert rebuilt(root) == ["venlo"]
    assert (root / "out" / "venlo" / "factsheet.md").is_file()
    html = root / "out" / "zwolle" / "factsheet.html"
    original = html.read_bytes()
    html.write_bytes(original.replace(b"Zwolle", b"Zwolla"))
    assert rebuilt(root) == ["zwolle"]
    assert html.read_bytes() == original


def test_a_changed_template_or_kader_rebuilds_everything(root: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    templates = root / "templates"
    shutil.copytree(resources.TEMPLATES, templates)
    monkeypatch.setattr(manifest, "SHARED", [templates])
    assert sorted(rebuilt(root)) == ["venlo", "zwolle"], "another key: a full build"
    assert rebuilt(root) == []
    with (templates / "factsheet.css").open("a", encoding="utf-8") as css:
        css.write("/* changed */\n")
    assert rebuilt(root) == ["venlo", "zwolle"]
    shutil.copytree(resources.KADERS, root / "frameworks")
    assert rebuilt(root) == ["venlo", "zwolle"]  # the data root's own kader now
    assert rebuilt(root) == []
    replace(root / "frameworks" / "ggsr-2013.yaml", "versie: ", "versie: 2", first=True)
    assert rebuilt(root) == ["venlo", "zwolle"]


def test_other_options_or_formats_rebuild(root: Path) -> None:
    assert rebuilt(root, afgeleid=True) == ["venlo", "zwolle"]
    assert rebuilt(root, afgeleid=True) == []
    assert rebuilt(root, afgeleid=True, formats=("md",)) == []
    assert rebuilt(root, afgeleid=True, formats=("md", "json")) == ["venlo", "zwolle"]
    assert rebuilt(root, afgeleid=True, opnieuw=True) == ["venlo", "zwolle"]


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"formaat": 1}', b"[]",
                                     b'{"formaat": 1, "sleutel": 3, "gemeenten": []}'])
def test_a_damaged_manifest_means_a_full_build(root: Path, content: bytes) -> None:
    (root / "out" / manifest.FILE).write_bytes(content)
    assert sorted(rebuilt(root)) == ["venlo", "zwolle"]
    assert rebuilt(root) == []


@pytest.mark.parametrize("damage", [
    lambda data: data["gemeenten"]["venlo"].update(meldingen=[["te", "kort"]]),
    lambda data: data["gemeenten"]["venlo"].update(uitvoer={"html": 3}),
    lambda data: data["gemeenten"]["venlo"].update(uitvoer=[]),
    lambda data: data["gemeenten"].update(venlo="x"),
    lambda data: data.update(gemeenten=[]),
])
def test_a_damaged_manifest_with_the_right_key_means_a_full_build(root: Path,
                                                                   damage: object) -> None:
    path = root / "out" / manifest.FILE
    data = json.loads(path.read_bytes())
    damage(data)  # type: ignore[operator]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert sorted(rebuilt(root)) == ["venlo", "zwolle"]


def test_a_new_hidden_file_in_the_folder_rebuilds_that_gemeente(root: Path) -> None:
    (root / "municipalities" / "zwolle" / ".oud.yaml").write_text("naam: x\n", encoding="utf-8")
    assert rebuilt(root) == ["zwolle"]


def test_a_skipped_gemeente_still_reports_its_warnings(root: Path) -> None:
    replace(root / "municipalities" / "venlo" / "er-op-af-aanpak.yaml",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]\n      - oordeel: voldoet\n"
            "        indicatoren: [aanpak.beleid]", first=True)
    first = stj("--root", root, "build", "--all")
    again = stj("--root", root, "build", "--all")
    assert "waarschuwing: `aanpak.beleid` krijgt twee keer het oordeel" in first.stderr
    assert again.stderr == first.stderr
    assert again.stdout.endswith("0 geschreven, 8 ongewijzigd, 0 gemeenten mislukt\n")


def test_check_compares_real_bytes_and_ignores_the_manifest(root: Path) -> None:
    html = root / "out" / "zwolle" / "factsheet.html"
    stat = html.stat()
    html.write_bytes(html.read_bytes().replace(b"Zwolle", b"Zwolla"))
    os.utime(html, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # looks untouched by its stat
    result = stj("--root", root, "build", "--all", "--check")
    assert result.exit_code == 1
    assert f"\nverouderd: {html}\n1 bestand wijzigt, 7 actueel" in result.stdout


def test_a_failing_gemeente_is_forgotten_and_built_again_once_fixed(root: Path) -> None:
    gemeente = root / "municipalities" / "zwolle" / "gemeente.yaml"
    replace(gemeente, "inwoners: 120000", "inwoners: veel")
    assert stj("--root", root, "build", "--all").exit_code == 1
    assert "zwolle" not in json.loads((root / "out" / manifest.FILE).read_bytes())["gemeenten"]
    replace(gemeente, "inwoners: veel", "inwoners: 120000")
    assert rebuilt(root) == ["zwolle"]


def test_golden_files_get_no_manifest(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "venlo")
    build(tmp_path, [], tmp_path / "out", manifest=False)
    assert not (tmp_path / "out" / manifest.FILE).exists()


# --- worker processes ----------------------------------------------------------------------


def _copies(root: Path, count: int) -> list[str]:
    """`count` copies of Venlo; one broken, one with a warning."""
    slugs = [f"venlo-{n:02d}" for n in range(count)]
    for slug in slugs:
        copy_gemeente(root, "venlo")
        (root / "municipalities" / "venlo").rename(root / "municipalities" / slug)
    replace(root / "municipalities" / slugs[3] / "gemeente.yaml", "inwoners: 100000",
            "inwoners: veel")
    replace(root / "municipalities" / slugs[5] / "er-op-af-aanpak.yaml",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]\n      - oordeel: voldoet\n"
            "        indicatoren: [aanpak.beleid]", first=True)
    return slugs


def _summary(result: BuildResult, out: Path) -> tuple[object, ...]:
    def rel(paths: list[Path]) -> list[str]:
        return [p.relative_to(out).as_posix() for p in paths]

    return (rel(result.written), rel(result.unchanged), rel(result.stale),
            {slug: failure.problems for slug, failure in result.failures.items()},
            result.warnings)


def test_worker_processes_give_what_one_process_gives(tmp_path: Path) -> None:
    slugs = _copies(tmp_path, 6)
    told: dict[bool, list[tuple[str, bool]]] = {True: [], False: []}
    results = {}
    for pool in (False, True):
        out = tmp_path / f"out-{pool}"
        results[pool] = build(tmp_path, [], out, ("html", "md", "json"), pool=pool,
                              on_gemeente=lambda s, f, pool=pool: told[pool].append(
                                  (s, f is None)))
        assert _summary(results[pool], out) == _summary(results[False], tmp_path / "out-False")
        for slug in slugs:
            for name in (*FILES, "factsheet.json"):
                if slug != slugs[3]:
                    assert ((out / slug / name).read_bytes()
                            == (tmp_path / "out-False" / slug / name).read_bytes())
    assert told[True] == told[False] == [(slug, slug != slugs[3]) for slug in slugs]
    assert results[True].warnings and results[True].failures
    serial = checking.check(tmp_path, pool=False)
    assert checking.check(tmp_path, pool=True) == serial
    assert any("veel" in p.message for p in serial)


def _pid(state: int, item: int) -> tuple[int, int, int]:
    return item, state, os.getpid()


def test_a_pool_runs_in_other_processes_and_keeps_the_order() -> None:
    items = list(range(40))
    answers = list(workers.map_ordered(_pid, items, int, ("7",), pool=True, per_worker=8))
    assert [a[:2] for a in answers] == [(item, 7) for item in items]
    assert os.getpid() not in {a[2] for a in answers}
    assert len({a[2] for a in answers}) >= 5, "a fresh worker after every 8 items"
    serial = list(workers.map_ordered(_pid, items, int, ("7",), pool=False))
    assert {a[2] for a in serial} == {os.getpid()}


def test_a_build_with_nothing_to_do_writes_nothing(root: Path) -> None:
    """A second `stj build --all` finds every file as the first left it. (How fast that is
    belongs to `make bench`: "A rebuild with nothing changed".)"""
    assert stj("--root", root, "build", "--all").exit_code == 0
    again = stj("--root", root, "build", "--all")
    assert again.exit_code == 0
    assert "0 geschreven, 8 ongewijzigd" in again.stdout


def _square(state: None, item: int) -> int:
    return item * item


@pytest.mark.parametrize("pool", [False, True])
def test_a_run_leaves_the_callers_garbage_collector_as_it_was(pool: bool) -> None:
    """The core is a library too: whatever a run tunes for itself is undone afterwards."""
    before = gc.get_threshold()
    assert list(workers.map_ordered(_square, [1, 2, 3], type(None), pool=pool)) == [1, 4, 9]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_skipped_gemeenten_still_count_in_the_overview(root: Path) -> None:
    """Only Zwolle is rebuilt; the overview is made again from both (Venlo's rows come
    from the manifest) and is byte for byte what a full build gives."""
    from tests.golden import GOLDEN

    replace(root / "municipalities" / "zwolle" / "gemeente.yaml", "inwoners: 120000",
            "inwoners: 120001")
    assert rebuilt(root, overzicht=True) == ["zwolle"]
    for name in ("index.html", "index.csv", "index.json", "index.md"):
        assert (root / "out" / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert rebuilt(root, overzicht=True) == []


def test_a_changed_or_deleted_follow_up_file_rebuilds_its_gemeente(tmp_path: Path) -> None:
    from tests.golden import FICTIEF

    shutil.copytree(FICTIEF / "municipalities", tmp_path / "municipalities")
    assert len(build(tmp_path, [], tmp_path / "out").written) == 4
    assert rebuilt(tmp_path) == []
    ronde = tmp_path / "municipalities" / "voorbeeldstad" / "2015"
    replace(ronde / "wijkgerichte-gezinsaanpak.yaml", "laten evalueren", "geëvalueerd")
    assert rebuilt(tmp_path) == ["voorbeeldstad"]
    page = tmp_path / "out" / "voorbeeldstad" / "2015" / "factsheet.md"
    assert "De gemeente heeft de aanpak in 2014 geëvalueerd." in page.read_text("utf-8")
    assert rebuilt(tmp_path) == []
    page.unlink()
    assert rebuilt(tmp_path) == ["voorbeeldstad"]
    assert page.is_file()


def test_a_replaced_font_rebuilds_everything(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = root / "fonts"
    fonts.mkdir()
    font = fonts / "Inter-Regular.otf"
    font.write_bytes(b"font")
    monkeypatch.setattr(manifest, "FONTS", fonts)
    assert sorted(rebuilt(root)) == ["venlo", "zwolle"]
    assert rebuilt(root) == []
    font.write_bytes(b"another font")
    assert sorted(rebuilt(root)) == ["venlo", "zwolle"]


_HERE = "as imported"


def _here(state: None, item: int) -> str:
    return _HERE


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_with_other_threads_running_workers_are_not_forked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Without other threads, workers are copies of this process. Checked in a fresh
    # interpreter: an earlier test that typeset a PDF leaves Typst's threads in this one.
    forked = subprocess.run(
        [sys.executable, "-c", "from stj_factsheet.publish import workers; "
         "import tests.test_incremental as t; t._HERE = 'as set in this process'; "
         "print(list(workers.map_ordered(t._here, [1, 2], type(None), pool=True)))"],
        cwd=Path(__file__).parent.parent, capture_output=True, text=True, check=True)
    assert forked.stdout == f"{['as set in this process'] * 2}\n"  # a copy of that process
    monkeypatch.setattr(sys.modules[__name__], "_HERE", "as set in this process")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        fresh = list(workers.map_ordered(_here, [1, 2], type(None), pool=True))
    finally:
        stop.set()
        thread.join()
    assert fresh == ["as imported"] * 2  # a fresh process that imported this module


def test_the_overview_follows_changes_seen_by_a_named_build(root: Path) -> None:
    """`build zwolle` records Zwolle's new fingerprint without touching the overview; the
    next `build --all` has nothing to rebuild but must still refresh the overview."""
    replace(root / "municipalities" / "zwolle" / "gemeente.yaml", "naam: Zwolle",
            "naam: Zwolle-Oost")
    assert stj("--root", root, "build", "zwolle").exit_code == 0
    assert "Zwolle-Oost" not in (root / "out" / "index.md").read_text(encoding="utf-8")
    again = stj("--root", root, "build", "--all")
    assert again.exit_code == 0, again.output
    assert "Zwolle-Oost" in (root / "out" / "index.md").read_text(encoding="utf-8")
    assert stj("--root", root, "build", "--all", "--check").exit_code == 0


def test_a_removed_gemeente_leaves_the_overview(root: Path) -> None:
    shutil.rmtree(root / "municipalities" / "venlo")
    assert stj("--root", root, "build", "--all").exit_code == 0
    assert "Venlo" not in (root / "out" / "index.md").read_text(encoding="utf-8")
    data = json.loads((root / "out" / manifest.FILE).read_text(encoding="utf-8"))
    assert sorted(data["gemeenten"]) == ["zwolle"]


def test_an_empty_round_folder_counts_in_the_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "gemeente"
    (folder / "2015").mkdir(parents=True)
    with_folder = manifest.gemeente_key(folder)
    (folder / "2015").rmdir()
    assert manifest.gemeente_key(folder) != with_folder

