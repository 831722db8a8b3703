"""The pictures of the handleiding, made where the guide shows them: the guide's steps run
in a fresh data repository (`tests/handleiding.py`), and at each `![…](img/X.png)`
the picture X is taken of the state the text at that point describes. `make pictures`
runs this after the other pictures; `python -m tests.handleiding_pictures` runs it alone.
The PNGs are committed (docs/handleiding/img/), so the guide shows them in GitLab.

- factsheet.png: the factsheet page in chromium, as `stj serve` shows it;
- serve-fout.png: the real `stj serve`, after a save that makes a mistake (task 4's fifth);
- diff-merge-request.png: the Markdown of `stj diff main HEAD --format md` (what the CI posts
  on a merge request), made HTML with Python-Markdown and framed like a comment. Not GitLab:
  the picture says so, as does the caption in the guide;
- vscode-aanvullen.png: Monaco (VS Code's editor) with monaco-yaml (the language server of
  VS Code's YAML extension) in chromium, on the aanpak file, which finds its schema through
  its first line as VS Code does; completion asked for after `oordeel: `. Monaco, monaco-yaml
  and esbuild come from npm into a cache folder outside the repository
  (`$STJ_NPM_CACHE`, default ~/.cache/stj-factsheet-pictures), never committed.

Needs chromium (Debian's, as the browser tests), node and npm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.handleiding import (
    MISTAKE,
    REPO,
    Runner,
    Step,
    all_steps,
    fetched,
    free_port,
    stj_in,
    wait,
)

IMG = REPO / "docs" / "handleiding" / "img"
EDITOR = REPO / "tests" / "editor"
NPM = Path(os.environ.get("STJ_NPM_CACHE") or Path.home() / ".cache" / "stj-factsheet-pictures")
NPM_PACKAGES = ["monaco-editor@0.54.0", "monaco-yaml@5.5.1", "esbuild@0.28.2"]


def bundle() -> Path:
    """Monaco and monaco-yaml bundled for the browser, in the npm cache; the folder."""
    if not (NPM / "node_modules" / "monaco-yaml").is_dir():
        NPM.mkdir(parents=True, exist_ok=True)
        (NPM / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", *NPM_PACKAGES],
                       cwd=NPM, check=True)
    dist = NPM / "dist"
    esbuild = [str(NPM / "node_modules" / ".bin" / "esbuild"), "--bundle", "--log-level=warning",
               "--alias:monaco-editor=./node_modules/monaco-editor"]
    shutil.copy(EDITOR / "main.js", NPM / "main.js")
    subprocess.run([*esbuild, "main.js", "--format=esm", f"--outdir={dist}",
                    "--loader:.ttf=file"], cwd=NPM, check=True)
    for worker, source in (("editor", "monaco-editor/esm/vs/editor/editor.worker.js"),
                           ("yaml", "monaco-yaml/yaml.worker.js")):
        subprocess.run([*esbuild, f"node_modules/{source}", "--format=iife",
                        f"--outfile={dist / worker}.worker.js"], cwd=NPM, check=True)
    return dist


class _Files(SimpleHTTPRequestHandler):
    """The data repository at /, the editor page and its bundle under /__editor/."""

    dist: Path

    def translate_path(self, path: str) -> str:
        name = path.split("?", 1)[0]
        if name == "/__editor/index.html":
            return str(EDITOR / "index.html")
        if name.startswith("/__editor/"):
            return str(self.dist / name.removeprefix("/__editor/"))
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(root: Path, dist: Path) -> Iterator[str]:
    handler = type("Files", (_Files,), {"dist": dist})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def data_root(runner: Runner) -> Path:
    return runner.home / "stj-gegevens"


def factsheet(runner: Runner, browser: Any, target: Path) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.goto((data_root(runner) / "out" / "deventer" / "factsheet.html").as_uri())
    page.screenshot(path=str(target))
    page.close()


def serve_fout(runner: Runner, browser: Any, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "stj-gegevens"
        shutil.copytree(data_root(runner), root)
        port = free_port()
        address = f"http://127.0.0.1:{port}/deventer/factsheet.html"
        with subprocess.Popen([sys.executable, "-m", "stj_factsheet", "serve", "deventer",
                               "--port", str(port)], cwd=root, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) as process:
            try:
                wait(lambda: "<title>Uitkomsten" in fetched(address), "the factsheet")
                aanpak = root / MISTAKE[0]
                text = aanpak.read_text(encoding="utf-8")
                assert text.count(MISTAKE[1]) == 1
                aanpak.write_text(text.replace(MISTAKE[1], MISTAKE[2]), encoding="utf-8")
                wait(lambda: "niet gebouwd" in fetched(address), "the problems page")
                page = browser.new_page(viewport={"width": 1000, "height": 420})
                page.goto(address)
                page.screenshot(path=str(target))
                page.close()
            finally:
                process.terminate()


NOTE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
body{{font:14px/1.55 -apple-system,'Segoe UI',system-ui,sans-serif;color:#333238;
background:#fbfafd;margin:0;padding:24px}}
.note{{max-width:880px;border:1px solid #dcdcde;border-radius:4px;background:#fff}}
.kop{{display:flex;gap:10px;align-items:center;padding:10px 16px;border-bottom:1px solid
#ececef;background:#fbfafd}}.avatar{{width:28px;height:28px;border-radius:50%;
background:#6e49cb;color:#fff;display:grid;place-items:center;font-weight:600}}
.wie{{font-weight:600}}.wanneer{{color:#737278}}.body{{padding:4px 16px 12px}}
.body h2{{font-size:18px;border-bottom:1px solid #ececef;padding-bottom:4px}}
.body h3{{font-size:16px}}.body h4{{font-size:14px}}.body li{{margin:2px 0}}
code{{background:#ececef;border-radius:3px;padding:1px 4px;font-size:12.5px}}
del{{background:#fdd4cd}}strong{{background:#c3e6cd}}
.echt{{max-width:880px;color:#737278;font-size:12px;margin:0 0 8px}}
</style></head><body><p class="echt">Weergave van de Markdown van <code>stj diff main HEAD
--format md</code> als opmerking, zoals de CI hem bij een merge request zet; geen
schermafdruk van GitLab.</p><div class="note"><div class="kop"><div class="avatar">S</div>
<span class="wie">stj diff</span><span class="wanneer">· opmerking bij het merge request
<em>Deventer: eerste versie</em></span></div><div class="body">{body}</div></div></body></html>
"""


def diff_merge_request(runner: Runner, browser: Any, target: Path) -> None:
    import markdown

    status, text = runner.stj(["diff", "main", "HEAD", "--format", "md"], runner.cwd)
    assert status == 0, text
    body = markdown.markdown(text.replace("~~", "\x00"), output_format="html")
    pieces = body.split("\x00")
    body = "".join(p if i % 2 == 0 else f"<del>{p}</del>" for i, p in enumerate(pieces))
    page = browser.new_page(viewport={"width": 940, "height": 600})
    page.set_content(NOTE.format(body=body))
    page.screenshot(path=str(target), full_page=True)
    page.close()


def vscode_aanvullen(runner: Runner, browser: Any, target: Path) -> None:
    dist = bundle()
    with serving(data_root(runner), dist) as origin:
        page = browser.new_page(viewport={"width": 980, "height": 460})
        page.goto(f"{origin}/__editor/index.html?bestand=municipalities/deventer/"
                  "bemoeizorg-jeugd.yaml&regel=" + quote("[continu.nazorg]"))
        page.wait_for_function("globalThis.editorKlaar === true", timeout=30000)
        page.wait_for_timeout(1500)       # the YAML worker fetches the schema
        page.evaluate("globalThis.vraagAanvulling()")
        page.wait_for_selector(".suggest-widget.visible .monaco-list-row", timeout=15000)
        page.wait_for_timeout(400)
        page.screenshot(path=str(target))
        page.close()


MAKERS: dict[str, Callable[[Runner, Any, Path], None]] = {
    "factsheet": factsheet, "serve-fout": serve_fout,
    "diff-merge-request": diff_merge_request, "vscode-aanvullen": vscode_aanvullen}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM

    IMG.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as home:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)

        def shoot(step: Step, runner: Runner) -> None:
            if step.kind == "afbeelding" and step.name:
                name = Path(step.name).stem
                MAKERS[name](runner, browser, IMG / f"{name}.png")
                made.append(name)

        runner = Runner(Path(home), stj_in)
        runner.pictures_exist = False
        runner.run(all_steps(), hook=shoot)
        browser.close()
    assert sorted(made) == sorted(MAKERS), made
    print(f"{len(made)} afbeeldingen van de handleiding in {IMG}", file=sys.stderr)


if __name__ == "__main__":
    main()
