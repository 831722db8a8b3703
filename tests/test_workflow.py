"""The authoring workflow, step by step as README describes it: scaffold, see the located
errors, fill in, validate against the editor schema, build, and `--check` going from
failing to passing. Plus the preview server and the watcher."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from stj_factsheet.cli import _watch
from stj_factsheet.commands import schema as schemas
from stj_factsheet.commands.serve import Preview, server
from tests.helpers import REPO, SHIPPED, stj, where


def schema_for(file: Path) -> dict[str, object]:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{file} lacks the schema line"
    target = (file.parent / match.group(1)).resolve()
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_new_gemeente_from_scaffold_to_current_output(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    # 1. scaffold
    made = stj("--root", tmp_path, "new", "Den Haag", "--aanpak", "Bemoeizorg Jeugd")
    assert made.exit_code == 0, made.output
    folder = tmp_path / "municipalities" / "den-haag"
    assert sorted(p.name for p in folder.iterdir()) == ["bemoeizorg-jeugd.yaml",
                                                        "gemeente.yaml"]
    assert stj("--root", tmp_path, "new", "Den Haag").exit_code == 2, "never overwrites"
    # 2. every open item is a located error
    checked = stj("--root", tmp_path, "check")
    assert checked.exit_code == 1
    todo = [line for line in checked.stderr.splitlines() if "nog niet ingevuld (TODO)" in line]
    assert len(todo) == 4 + 3 + 30 * 2 + 1  # gemeente, aanpak fields, 30 findings, context
    line, column = where(folder / "bemoeizorg-jeugd.yaml",
                         "[toeleiding.zicht-op-populatie]\n    oordeel: TODO", 45)
    assert (f"municipalities/den-haag/bemoeizorg-jeugd.yaml:{line}:{column}: nog niet "
            "ingevuld (TODO) (kies uit voldoet, verbeterpunt, geen)") in todo
    # 3. fill it in (here: with Venlo's findings and facts)
    venlo = (SHIPPED / "venlo" / "er-op-af-aanpak.yaml").read_text(encoding="utf-8")
    (folder / "bemoeizorg-jeugd.yaml").write_text(venlo, encoding="utf-8")
    gemeente = (folder / "gemeente.yaml").read_text(encoding="utf-8")
    for old, new in [("publicatie: TODO", 'publicatie: "2014-03"'),
                     ("inwoners: TODO", "inwoners: 500000"),
                     ("aantal: TODO", "aantal: 60000"),
                     ("peildatum: TODO", 'peildatum: "2013-01"'),
                     ("  TODO\n", "  Den Haag is een gemeente.\n")]:
        gemeente = gemeente.replace(old, new, 1)
    (folder / "gemeente.yaml").write_text(gemeente, encoding="utf-8")
    assert stj("--root", tmp_path, "check").exit_code == 0
    # 4. the editor schema accepts the files (what VS Code's YAML extension checks)
    for file in folder.iterdir():
        jsonschema.validate(yaml.safe_load(file.read_text("utf-8")), schema_for(file))
    # 5. build, and --check goes from failing to passing
    stale = stj("--root", tmp_path, "build", "--all", "--check", "--geen-herkomst")
    assert stale.exit_code == 1
    assert f"verouderd: {tmp_path / 'out' / 'den-haag' / 'factsheet.html'}" in stale.stdout
    assert not (tmp_path / "out").exists(), "--check writes nothing"
    assert stj("--root", tmp_path, "build", "--all", "--geen-herkomst").exit_code == 0
    current = stj("--root", tmp_path, "build", "--all", "--check", "--geen-herkomst")
    assert current.exit_code == 0, current.output
    # two factsheet files and the four of the overview
    assert current.stdout.endswith("0 bestanden wijzigen, 6 actueel, 0 gemeenten mislukt\n")


@pytest.mark.parametrize("file", sorted(SHIPPED.glob("*/*.yaml")), ids=lambda p: p.name)
def test_shipped_files_carry_the_schema_line_and_pass_it(file: Path) -> None:
    jsonschema.validate(yaml.safe_load(file.read_text("utf-8")), schema_for(file))


def test_the_schema_rejects_an_unknown_indicator() -> None:
    data = yaml.safe_load((SHIPPED / "venlo" / "er-op-af-aanpak.yaml").read_text("utf-8"))
    data["bevindingen"][0]["indicatoren"] = ["toeleiding.bestaat-niet"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads((REPO / "schemas" / "aanpak.schema.json")
                                             .read_text("utf-8")))


def test_committed_schemas_match_the_models() -> None:
    for name, text in schemas.generated().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run `stj schema`")


def test_provenance_names_the_data_commit(tmp_path: Path) -> None:
    import subprocess

    shutil.copytree(SHIPPED / "venlo", tmp_path / "municipalities" / "venlo")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    commit = subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    assert stj("--root", tmp_path, "build", "venlo", "--format", "html").exit_code == 0
    html = (tmp_path / "out" / "venlo" / "factsheet.html").read_text(encoding="utf-8")
    assert f'<meta name="stj:gegevens-commit" content="{commit}">' in html
    assert f"Gegevens: commit <code>{commit}</code>." in html
    again = stj("--root", tmp_path, "build", "venlo", "--format", "html")
    assert again.stdout.endswith("0 geschreven, 1 ongewijzigd, 0 gemeenten mislukt\n")


def test_preview_serves_only_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "venlo").mkdir(parents=True)
    (out / "venlo" / "factsheet.html").write_text("<html><body>x</body></html>", "utf-8")
    (tmp_path / "geheim.txt").write_text("geheim", "utf-8")
    preview = Preview(out)
    httpd = server(preview, "127.0.0.1", 0)
    assert httpd.server_address[0] == "127.0.0.1"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    def get(path: str) -> bytes:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return response.read()  # type: ignore[no-any-return]

    try:
        page = get("/venlo/factsheet.html")
        assert b"/__versie" in page, "reload script injected"
        assert b"x" in page
        assert (out / "venlo" / "factsheet.html").read_text("utf-8").count("script") == 0
        for escape in ("/../geheim.txt", "/%2e%2e/geheim.txt", "/venlo/../../geheim.txt"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                get(escape)
            assert refused.value.code == 404
            refused.value.close()
        assert get("/__versie") == b"0"
        preview.bump()
        assert get("/__versie") == b"1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_watch_rebuilds_on_save_and_survives_errors(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / "venlo", tmp_path / "municipalities" / "venlo")
    builds: list[float] = []

    def rebuild() -> None:
        builds.append(time.monotonic())
        if len(builds) == 2:
            raise_data_error()

    def raise_data_error() -> None:
        from stj_factsheet.errors import InvalidData, Problem

        raise InvalidData([Problem("x.yaml", 1, 1, "kapot")])

    stop = threading.Event()
    thread = threading.Thread(target=_watch, args=(tmp_path, ["venlo"], rebuild, stop, 0.05))
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while not builds and time.monotonic() < deadline:
            time.sleep(0.01)
        file = tmp_path / "municipalities" / "venlo" / "gemeente.yaml"
        for n in (2, 3):
            time.sleep(0.1)
            file.write_text(file.read_text("utf-8") + f"# {n}\n", "utf-8")
            deadline = time.monotonic() + 5
            while len(builds) < n and time.monotonic() < deadline:
                time.sleep(0.01)
        assert len(builds) == 3, "rebuilt after each save, also after a failing build"
    finally:
        stop.set()
        thread.join(5)
