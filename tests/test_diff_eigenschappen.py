"""`stj diff` as properties: what it says about a change is true for every change of a kind.

1. Any wording of the data root's toetsingskader, changed at random: a gemeente is
   "gewijzigd" in the diff's text, Markdown and JSON exactly when its built factsheets
   (HTML, Markdown, JSON, every round) differ, and "geen verandering" otherwise; the
   national overview is listed as moving exactly when `out/index.*` differs.
2. Any mutation that makes an aanpak or a follow-up round unreadable, on either side: the
   diff calls it "niet te vergelijken (fout)", never "verwijderd" or "nieuw"; the national
   figures name the gemeente as not counted and nothing in them moves; `--exit-code`
   exits 3 when the error is in TOT.

The data repository (Venlo, Zwolle, the fictional Voorbeeldstad with its round 2015, and a
copy of the kader under `frameworks/`) is made once per module and reset after each
example; the "before" factsheets are built once."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, copy_gemeente, stj

FICTIEF = REPO / "tests" / "data" / "fictief" / "municipalities" / "voorbeeldstad"
KADER = Path("frameworks") / "ggsr-2013.yaml"
GEMEENTEN = {"venlo": "Venlo", "zwolle": "Zwolle", "voorbeeldstad": "Voorbeeldstad"}
# No shrinking: an example is one build and four diffs, and it is small already (one text,
# one word; one file, one mutation).
PROFIEL = settings(max_examples=12, deadline=None, derandomize=True,
                   phases=[Phase.explicit, Phase.reuse, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.function_scoped_fixture])

# The kader's keys whose values are wording a page may print; ids, `bron` (an enum) and
# `indicatoren` (references) are structure, and changing them is not a change of wording.
WOORDING = {"tekst", "ontkenning", "naam", "label", "omschrijving", "term", "uitleg",
            "titel", "ondertitel", "uitgever"}
NIEUWE_WOORDEN = ["doelgroep", "gezinnen", "wijkteam", "samen", "altijd"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Inspecteur",
                           "-c", "user.email=inspecteur@example.org", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def kader_teksten(node: Any, pad: tuple[Any, ...] = (), onder_teksten: bool = False
                  ) -> Iterator[tuple[Any, ...]]:
    """Every path (keys and list indexes) to a wording in the kader's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if (key in WOORDING or onder_teksten) and re.search(r"[a-z]{3}", value):
                    yield (*pad, key)
            else:
                yield from kader_teksten(value, (*pad, key), onder_teksten or key == "teksten")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from kader_teksten(value, (*pad, index), onder_teksten)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


class Opzet(NamedTuple):
    """The data repository, committed, its "before" build, and the kader's data."""

    root: Path
    voor: Path
    kader: Any

    def __repr__(self) -> str:   # hypothesis prints the arguments of a failing example
        return f"Opzet({self.root})"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opzet]:
    root = tmp_path_factory.mktemp("eigenschappen")
    copy_gemeente(root, "venlo")
    copy_gemeente(root, "zwolle")
    shutil.copytree(FICTIEF, root / "municipalities" / "voorbeeldstad")
    kader = yaml.safe_load((REPO / KADER).read_text(encoding="utf-8"))
    # Dumped as the examples dump it, so that both sides differ only in the one change.
    (root / KADER).parent.mkdir()
    (root / KADER).write_text(dump(kader), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "gegevens")
    git(root, "tag", "basis")
    voor = tmp_path_factory.mktemp("voor")
    bouw(root, voor)
    yield Opzet(root, voor, kader)


def bouw(root: Path, out: Path) -> None:
    result = stj("--root", root, "build", "--all", "--format", "html", "--format", "md",
                 "--format", "json", "--geen-herkomst", "--out", out)
    assert result.exit_code == 0, result.output


def zelfde(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files with the same bytes."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False)
                                      for f in files_a)


def terug(root: Path) -> None:
    git(root, "reset", "-q", "--hard", "basis")
    git(root, "clean", "-qfd")


def diffs(root: Path, *revisies: str) -> tuple[dict[str, Any], str, str, int]:
    """JSON, text and Markdown of one diff, and the exit status under --exit-code."""
    uit = {}
    for formaat in ("json", "tekst", "md"):
        result = stj("--root", root, "diff", *revisies, "--format", formaat)
        assert result.exit_code in (0, 1), result.output
        uit[formaat] = result.stdout
    code = stj("--root", root, "diff", *revisies, "--exit-code").exit_code
    return json.loads(uit["json"]), uit["tekst"], uit["md"], code


def status_regels(tekst: str, md: str, slug: str) -> tuple[str, str]:
    """The status a gemeente's heading gives in the text and in the Markdown output."""
    naam = GEMEENTEN[slug]
    in_tekst = re.search(rf"^{naam} \({slug}\): (.+)$", tekst, re.M)
    in_md = re.search(rf"^### {naam} \(`{slug}`\): (.+)$", md, re.M)
    return (in_tekst.group(1) if in_tekst else "(ontbreekt)",
            in_md.group(1) if in_md else "(ontbreekt)")


def vervang(tekst: str, keuze: int, woord: str, achter: bool) -> str:
    """Replace (or follow) the `keuze`-th word of `tekst`; placeholders stay whole."""
    woorden = [m for m in re.finditer(r"(?<![{\w])[A-Za-z]{2,}(?![}\w])", tekst)]
    m = woorden[keuze % len(woorden)]
    nieuw = f"{m.group(0)} {woord}" if achter else woord
    return tekst[:m.start()] + nieuw + tekst[m.end():]


def zet(data: Any, pad: tuple[Any, ...], waarde: str) -> None:
    for stap in pad[:-1]:
        data = data[stap]
    data[pad[-1]] = waarde


def haal(data: Any, pad: tuple[Any, ...]) -> str:
    for stap in pad:
        data = data[stap]
    assert isinstance(data, str)
    return data


@PROFIEL
@given(keuze=st.data(), woord=st.sampled_from(NIEUWE_WOORDEN), achter=st.booleans())
def test_any_reworded_kader_text_is_listed_under_every_gemeente_whose_pages_show_it(
        repo: Opzet, keuze: st.DataObject, woord: str, achter: bool) -> None:
    root, voor, kader = repo
    paden = sorted(kader_teksten(kader), key=repr)
    pad = keuze.draw(st.sampled_from(paden), label="pad")
    oud = haal(kader, pad)
    nieuw = vervang(oud, keuze.draw(st.integers(0, 200), label="woord"), woord, achter)
    if nieuw == oud:
        return
    gewijzigd = json.loads(json.dumps(kader))
    zet(gewijzigd, pad, nieuw)
    (root / KADER).write_text(dump(gewijzigd), encoding="utf-8")
    try:
        check = stj("--root", root, "check", "--strict")
        assert check.exit_code == 0, check.output
        with tempfile.TemporaryDirectory() as na:
            bouw(root, Path(na))
            verandert = {slug: not zelfde(voor / slug, Path(na) / slug) for slug in GEMEENTEN}
            overzicht = not all(filecmp.cmp(voor / f"index.{ext}", Path(na) / f"index.{ext}",
                                            shallow=False) for ext in ("html", "md", "json"))
        data, tekst, md, code = diffs(root)
    finally:
        terug(root)
    status = {g["id"]: g["status"] for g in data["gemeenten"]}
    for slug, anders in verandert.items():
        verwacht = "gewijzigd" if anders else "ongewijzigd"
        zin = "gewijzigd" if anders else "geen verandering in de publicatie"
        assert status.get(slug, "ongewijzigd") == verwacht, (pad, slug)
        assert status_regels(tekst, md, slug) == (zin, zin), (pad, slug)
    if any(verandert.values()):
        assert f"{{+{woord}+}}" in tekst and f"**{woord}**" in md, pad
    landelijk = data["landelijk"]
    beweegt = any(land["indicatoren"] or land["zinnen"] or land["teksten"]
                  for land in landelijk)
    assert beweegt == overzicht, pad
    assert data["publicatie_verandert"] == (overzicht or any(verandert.values()))
    assert code == (1 if data["publicatie_verandert"] else 0)


# Mutations that make an aanpak or a round unreadable, each found by a pattern in the file:
# (pattern, replacement); the n-th match is changed.
BEDERF = {
    "oordeel": (r"oordeel: (voldoet|verbeterpunt)\b", "oordeel: goed"),
    "indicator": (r"\[(\w+)\.([\w-]+)", r"[\1.\2-tikfout"),
    "veld": (r"\n(\s+)- indicatoren:", r"\n\1- opmerking: los veld\n\1  indicatoren:"),
    "yaml": (r"\Z", "\nkapot: \"niet afgesloten\n"),
    "tab": (r"\n  - indicatoren:", "\n\t- indicatoren:"),
}
BESTANDEN = ["venlo/er-op-af-aanpak.yaml", "zwolle/bemoeizorg-jeugd.yaml",
             "voorbeeldstad/gezinscoaching.yaml",
             "voorbeeldstad/2015/wijkgerichte-gezinsaanpak.yaml"]


def bederf(pad: Path, soort: str, keuze: int) -> None:
    patroon, vervanging = BEDERF[soort]
    tekst = pad.read_text(encoding="utf-8")
    treffers = list(re.finditer(patroon, tekst))
    assert treffers, (pad, soort)
    m = treffers[keuze % len(treffers)]
    pad.write_text(tekst[:m.start()] + m.expand(vervanging) + tekst[m.end():], encoding="utf-8")


def statussen(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("status"), str):
            yield node["status"]
        for value in node.values():
            yield from statussen(value)
    elif isinstance(node, list):
        for value in node:
            yield from statussen(value)


@PROFIEL
@given(bestand=st.sampled_from(BESTANDEN), soort=st.sampled_from(sorted(BEDERF)),
       keuze=st.integers(0, 50), kant=st.sampled_from(["tot", "van"]))
def test_an_unreadable_aanpak_or_round_is_not_comparable_and_moves_no_national_figure(
        repo: Opzet, bestand: str, soort: str, keuze: int, kant: str) -> None:
    root = repo[0]
    slug = bestand.split("/")[0]
    bederf(root / "municipalities" / bestand, soort, keuze)
    try:
        check = stj("--root", root, "check")
        assert check.exit_code == 1, (bestand, soort, check.output)
        if kant == "tot":
            data, tekst, md, code = diffs(root)
            assert code == 3
        else:   # the broken file is the committed one, the working tree is whole again
            git(root, "commit", "-qam", "kapot")
            git(root, "checkout", "-q", "HEAD~1", "--", "municipalities")
            data, tekst, md, code = diffs(root)
            assert code == 0
    finally:
        terug(root)
    assert not {"verwijderd", "nieuw"} & set(statussen(data)), (bestand, soort, kant)
    assert not re.search(r": (verwijderd|nieuw)$", tekst + md, re.M)
    gemeente = next(g for g in data["gemeenten"] if g["id"] == slug)
    assert gemeente["status"] == "fout"
    assert status_regels(tekst, md, slug) == ("niet te vergelijken (fout)",) * 2
    assert data["alles_vergeleken"] is False
    assert data["landelijk"], "the national overview is still compared"
    for land in data["landelijk"]:
        assert [n["id"] for n in land["niet_geteld"]] == [slug]
        assert land["indicatoren"] == [] and land["zinnen"] == [] and land["teksten"] == []
        assert land["aanpakken_van"] == land["aanpakken_tot"]
        assert land["gemeenten_van"] == land["gemeenten_tot"]
    assert f"niet geteld, aan geen van beide kanten: {GEMEENTEN[slug]}" in tekst
