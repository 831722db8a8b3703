"""`stj serve`: build errors shown in the page itself until a save fixes them, a free port
when the usual one is taken, and Dutch wherever the browser or the terminal shows text."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from stj_factsheet.commands.serve import Preview, open_server
from stj_factsheet.errors import UsageError
from tests.helpers import REPO, copy_gemeente, replace, stj, write

PROBLEM = ("municipalities/venlo/gemeente.yaml:5:11: verwacht een geheel getal, maar vond "
           "`veel` (schrijf het getal zonder punt of komma, bijv. 120000)")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Preview, str]]:
    out = tmp_path / "out"
    write(out / "venlo" / "factsheet.html", "<html><body><h1>Venlo</h1></body></html>")
    preview = Preview(out, "venlo/factsheet.html")
    httpd = open_server(preview, "127.0.0.1", 0, elsewhere=False)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield preview, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_failed_build_shows_its_problems_in_the_page_until_fixed(
        served: tuple[Preview, str]) -> None:
    preview, base = served
    preview.built([PROBLEM + " <b>"])
    status, page = get(f"{base}/venlo/factsheet.html")
    assert status == 200
    assert "<h1>De factsheet is niet gebouwd</h1>" in page
    assert ("<li><code>municipalities/venlo/gemeente.yaml:5:11: verwacht een geheel getal, "
            "maar vond `veel` (schrijf het getal zonder punt of komma, bijv. 120000) "
            "&lt;b&gt;</code></li>") in page
    assert "/__versie" in page, "reloads after the next build"
    assert get(f"{base}/__versie") == (200, "1")
    preview.built([])
    status, page = get(f"{base}/venlo/factsheet.html")
    assert "<h1>Venlo</h1>" in page and "niet gebouwd" not in page
    assert get(f"{base}/__versie") == (200, "2")


def test_the_page_asks_for_the_next_version_and_is_answered_when_a_build_ends(
        served: tuple[Preview, str]) -> None:
    preview, base = served
    assert "?na=" in get(f"{base}/venlo/factsheet.html")[1]
    answers: list[tuple[int, str]] = []
    waiting = threading.Thread(target=lambda: answers.append(get(f"{base}/__versie?na=0")))
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive() and not answers, "waits while no build ended"
    preview.built([])
    waiting.join(5)
    assert answers == [(200, "1")]
    assert get(f"{base}/__versie?na=0") == (200, "1"), "an older version answers at once"
    assert preview.version_after("1", timeout=0.05) == 1, "no build: the same version"


def test_the_root_leads_to_the_factsheet_and_nothing_else_is_listed(
        served: tuple[Preview, str]) -> None:
    _, base = served
    status, page = get(f"{base}/")
    assert (status, "<h1>Venlo</h1>" in page) == (200, True), "redirected to the factsheet"
    for path in ("/venlo/", "/bestaat-niet.html"):
        status, page = get(base + path)
        assert status == 404
        assert page == (
            '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>Niet '
            "gevonden</title></head><body><main><h1>Niet gevonden</h1><p>Hier zijn alleen "
            "de gebouwde factsheets te zien; ga naar de pagina die `stj serve` "
            "noemde.</p></main></body></html>\n")


def test_a_taken_port_gives_way_to_a_free_one_or_names_one(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        httpd = open_server(Preview(tmp_path), "127.0.0.1", port, elsewhere=True)
        try:
            assert httpd.server_address[1] not in (port, 0)
        finally:
            httpd.server_close()
        with pytest.raises(UsageError) as refused:
            open_server(Preview(tmp_path), "127.0.0.1", port, elsewhere=False)
        assert re.fullmatch(rf"poort {port} is bezet of niet toegestaan; kies een andere, "
                            r"bijv\. --port \d+", str(refused.value))


def test_serve_on_a_taken_port_is_a_usage_error(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = stj("--root", tmp_path, "serve", "venlo", "--port", port)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Fout: poort {port} is bezet of niet toegestaan; kies "
                                    "een andere, bijv. --port ")
    assert not (tmp_path / "out").exists(), "nothing built"


def test_serve_with_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    write(tmp_path / "out", "geen map")
    result = stj("--root", tmp_path, "serve", "venlo", "--port", "0")
    assert result.exit_code == 2
    assert result.stderr == (f"Fout: de uitvoermap `{tmp_path / 'out'}` is een bestand, geen "
                             "map; kies een andere map met --out, of verwijder of hernoem het "
                             "bestand\n")


def _wait_for(url: str, old: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, text = get(url)
        if status == 200 and text != old:
            return text
        time.sleep(0.1)
    raise AssertionError(f"{url} stayed {old!r}")


def test_serve_shows_an_error_in_the_browser_and_recovers(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "STJ_GEEN_CACHE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "stj_factsheet", "--root", str(tmp_path), "serve", "venlo",
         "--port", "0", "--format", "html", "--geen-herkomst"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
        env=env)
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        match = re.fullmatch(r"Voorbeeld: (http://127\.0\.0\.1:\d+)/venlo/factsheet\.html\n",
                             first)
        assert match, first
        base = match.group(1)
        version = _wait_for(f"{base}/__versie", "0")
        assert "Venlo" in get(f"{base}/venlo/factsheet.html")[1]
        gemeente = folder / "gemeente.yaml"
        replace(gemeente, "inwoners: 100000", "inwoners: veel")
        version = _wait_for(f"{base}/__versie", version)
        status, page = get(f"{base}/venlo/factsheet.html")
        assert status == 200
        assert f"<li><code>{PROBLEM}</code></li>" in page
        replace(gemeente, "inwoners: veel", "inwoners: 100000")
        _wait_for(f"{base}/__versie", version)
        status, page = get(f"{base}/venlo/factsheet.html")
        assert "niet gebouwd" not in page and "Venlo" in page
    finally:
        process.terminate()
        process.wait(10)
        assert process.stderr is not None
        rest = process.stderr.read()
        process.stderr.close()
    assert "Traceback" not in rest
    assert PROBLEM in rest, "the terminal says it too"
