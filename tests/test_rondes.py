"""Follow-up rounds, on the fictional gemeente under tests/data/fictief (no real follow-up
data exists): validation located like `stj check`, the progress rules, the follow-up
factsheet and `build --ronde`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from stj_factsheet import rules
from stj_factsheet.load import source
from stj_factsheet.validate import rondes
from stj_factsheet.validate.project import Project
from stj_factsheet.view import vervolg as view_vervolg
from tests.golden import FICTIEF, GOLDEN
from tests.helpers import replace, stj, where, write

SLUG = "voorbeeldstad"
REL = f"municipalities/{SLUG}"
VERVOLG = f"{REL}/2015/wijkgerichte-gezinsaanpak.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FICTIEF / "municipalities", tmp_path / "municipalities")
    return tmp_path


def check_lines(root: Path) -> tuple[int, list[str]]:
    result = stj("--root", root, "check")
    return result.exit_code, result.output.splitlines()


def test_the_fictional_gemeente_is_valid_and_never_shipped() -> None:
    assert stj("--root", FICTIEF, "check", "--strict").exit_code == 0
    assert not (Path(__file__).parent.parent / "municipalities" / SLUG).exists()


def test_progress_of_the_fictional_gemeente_checked_by_hand() -> None:
    # 2013 verbeterpunten of the wijkgerichte gezinsaanpak (its YAML): zicht-op-populatie,
    # gemeente-evalueert, beleid-bijgesteld, doorzettingsmacht, afspraken (√ and X),
    # informatie-delen, nazorg: 7. In 2015: zicht √, evalueert √, bijgesteld X,
    # doorzettingsmacht √, afspraken √, informatie-delen √ and X, nazorg X; opschaling new X.
    loaded, problems = Project(FICTIEF).load(SLUG)
    assert loaded is not None and problems == []
    (ronde,) = loaded.rondes
    assert (ronde.ronde.ronde, ronde.vorige) == ("2015", "2013")
    (item,) = ronde.aanpakken  # gezinscoaching had no verbeterpunt, so no follow-up file
    assert item.slug == "wijkgerichte-gezinsaanpak"
    telling = view_vervolg.telling(item)
    assert (telling.opgepakt, telling.deels_opgepakt, telling.niet_opgepakt,
            telling.niet_beoordeeld, telling.nieuw) == (4, 1, 2, 0, 1)
    assert view_vervolg.samenvatting(telling, "2013") == (
        "Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt, is er 1 deels opgepakt en zijn "
        "er 2 niet opgepakt. Er is 1 nieuw verbeterpunt.")


@pytest.mark.parametrize(("telling", "zin"), [
    ((1, 0, 0, 0, 0), "Het verbeterpunt uit 2013 is opgepakt."),
    ((3, 0, 0, 0, 2), "Alle 3 verbeterpunten uit 2013 zijn opgepakt. Er zijn 2 nieuwe "
                      "verbeterpunten."),
    ((1, 0, 2, 0, 0), "Van de 3 verbeterpunten uit 2013 is er 1 opgepakt en zijn er 2 niet "
                      "opgepakt."),
    ((2, 0, 0, 0, 0), "Beide verbeterpunten uit 2013 zijn opgepakt."),
    ((0, 0, 2, 0, 0), "Geen van beide verbeterpunten uit 2013 is opgepakt."),
    ((0, 0, 0, 3, 0), "Geen van de 3 verbeterpunten uit 2013 is opnieuw beoordeeld."),
    ((0, 0, 0, 0, 1), "Deze aanpak had na 2013 geen open verbeterpunten. Er is 1 nieuw "
                      "verbeterpunt."),
])
def test_progress_sentence(telling: tuple[int, ...], zin: str) -> None:
    assert view_vervolg.samenvatting(rules.VoortgangTelling(*telling), "2013") == zin


def test_an_omitted_verbeterpunt_is_located(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "  - indicatoren: [continu.nazorg]\n    oordeel: verbeterpunt\n"
            "    tekst: Er zijn nog altijd geen afspraken over nazorg.\n", "")
    replace(file, "    let_op: >-\n      Zonder nazorg bestaat het risico dat gezinnen "
            "terugvallen nadat de intensieve zorg is\n      afgesloten.\n", "")
    line, column = where(file, "bevindingen:")
    code, lines = check_lines(root)
    assert code == 1
    assert (f"{VERVOLG}:{line}:{column}: verbeterpunt `continu.nazorg` (‘Netwerkpartners "
            "hebben de afspraak gemaakt dat de intensieve zorg en ondersteuning indien nodig "
            "een vervolg kunnen krijgen’) uit 2013 ontbreekt (voeg een bevinding toe met het "
            "oordeel van nu; `oordeel: geen` als het niet opnieuw is bekeken)") in lines


def test_judging_what_was_no_verbeterpunt_needs_nieuw(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "    nieuw: true\n", "")
    line, column = where(file, "[samenwerking.opschaling]", 1)
    code, lines = check_lines(root)
    assert code == 1
    assert (f"{VERVOLG}:{line}:{column}: `samenwerking.opschaling` is geen verbeterpunt "
            "uit 2013 (zet `nieuw: true` bij de bevinding als STJ dit nu opnieuw "
            "beoordeelt, of haal de indicator weg)") in lines


def test_nieuw_on_an_open_verbeterpunt_is_an_error(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "  - indicatoren: [aanpak.doorzettingsmacht]\n",
            "  - indicatoren: [aanpak.doorzettingsmacht]\n    nieuw: true\n")
    line, column = where(file, "nieuw: true", 7)
    code, lines = check_lines(root)
    assert code == 1
    assert (f"{VERVOLG}:{line}:{column}: `aanpak.doorzettingsmacht` is een verbeterpunt "
            "uit 2013, dus niet nieuw (haal `nieuw: true` weg, of zet nieuwe indicatoren "
            "in een eigen bevinding)") in lines


def test_round_problems_in_gemeente_yaml_are_located(root: Path) -> None:
    gemeente = root / REL / "gemeente.yaml"
    replace(gemeente, '    kader: ggsr-2013\n    publicatie: "2015-10"\n',
            '    kader: ggsr-2015\n    publicatie: "2015-10"\n'
            '  - ronde: "2017"\n    kader: ggsr-2013\n    publicatie: "2017-10"\n'
            '  - ronde: "2013"\n    kader: ggsr-2013\n    publicatie: "2017-10"\n')
    code, lines = check_lines(root)
    assert code == 1
    line, column = where(gemeente, "ggsr-2015")
    assert (f"{REL}/gemeente.yaml:{line}:{column}: onbekend toetsingskader `ggsr-2015` "
            "(bekend: ggsr-2013)") in lines
    line, column = where(gemeente, '"2017"')
    assert (f"{REL}/gemeente.yaml:{line}:{column}: map `{REL}/2017/` bestaat niet (maak de "
            "map, met een bestand `<aanpak>.yaml` per aanpak)") in lines
    line, column = where(gemeente, 'ronde: "2013"', 7)
    assert f"{REL}/gemeente.yaml:{line}:{column}: de ronde `2013` bestaat al" in "\n".join(lines)


def test_missing_file_stray_file_and_stray_folder(root: Path) -> None:
    (root / VERVOLG).rename(root / REL / "2015" / "wijkaanpak.yaml")
    write(root / REL / "2017" / "gezinscoaching.yaml", "bevindingen: []\n")
    code, lines = check_lines(root)
    assert code == 1
    line, column = where(root / REL / "gemeente.yaml", '"2015"')
    assert (f"{REL}/gemeente.yaml:{line}:{column}: aanpak `wijkgerichte-gezinsaanpak` heeft nog "
            f"7 open verbeterpunt(en), maar `{REL}/2015/wijkgerichte-gezinsaanpak.yaml` "
            "bestaat niet (maak het bestand, met per verbeterpunt het oordeel van nu)") in lines
    assert (f"{REL}/2015/wijkaanpak.yaml:1:1: `wijkaanpak` is geen aanpak van Voorbeeldstad "
            "(noem het bestand naar een van: wijkgerichte-gezinsaanpak, gezinscoaching)") in lines
    assert (f"{REL}/gemeente.yaml:1:1: waarschuwing: map `2017/` staat niet onder `vervolg` "
            "(voeg `- ronde: \"2017\"` toe onder `vervolg`, of verwijder de map)") in lines


def test_a_verdict_outside_the_kader_is_located(root: Path) -> None:
    """The follow-up uses the kader's own verdicts; progress words are derived, not typed."""
    file = root / VERVOLG
    replace(file, "    oordeel: voldoet\n    tekst: Ook met",
            "    oordeel: opgepakt\n    tekst: Ook met")
    code, lines = check_lines(root)
    assert code == 1
    line, column = where(file, "opgepakt\n")
    assert (f"{VERVOLG}:{line}:{column}: `opgepakt` is geen geldige waarde (kies uit "
            "voldoet, verbeterpunt, geen)") in lines


def test_an_unknown_indicator_in_a_round_file_is_located(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "[aanpak.doorzettingsmacht]", "[aanpak.doorzetingsmacht]")
    code, lines = check_lines(root)
    assert code == 1
    line, column = where(file, "aanpak.doorzetingsmacht")
    assert any(x.startswith(f"{VERVOLG}:{line}:{column}: onbekende indicator "
                            "`aanpak.doorzetingsmacht`") for x in lines)


def test_a_third_round_follows_up_what_is_still_open(root: Path) -> None:
    """After 2015 still open: beleid-bijgesteld, informatie-delen (√ and X), nazorg, and the
    new opschaling. A 2017 round must answer exactly those."""
    replace(root / REL / "gemeente.yaml", '    publicatie: "2015-10"\n',
            '    publicatie: "2015-10"\n  - ronde: "2017"\n    kader: ggsr-2013\n'
            '    publicatie: "2017-06"\n')
    file = write(root / REL / "2017" / "wijkgerichte-gezinsaanpak.yaml",
                 "bevindingen:\n"
                 "  - indicatoren: [continu.nazorg]\n    oordeel: voldoet\n"
                 "    tekst: Er zijn nu afspraken over nazorg.\n"
                 "  - indicatoren: [aanpak.doorzettingsmacht]\n    oordeel: voldoet\n"
                 "    tekst: Nog steeds geregeld.\n")
    code, lines = check_lines(root)
    assert code == 1
    rel = f"{REL}/2017/wijkgerichte-gezinsaanpak.yaml"
    missing = sorted(x.split("`")[1] for x in lines if x.startswith(rel) and "ontbreekt" in x)
    assert missing == ["aanpak.beleid-bijgesteld", "samenwerking.informatie-delen",
                       "samenwerking.opschaling"]
    line, column = where(file, "aanpak.doorzettingsmacht")
    assert (f"{rel}:{line}:{column}: `aanpak.doorzettingsmacht` is geen verbeterpunt "
            "dat na 2015 nog open stond") in "\n".join(lines)


def test_build_ronde_writes_only_that_round(root: Path) -> None:
    out = root / "out"
    done = stj("--root", root, "build", SLUG, "--ronde", "2015", "--out", out)
    assert done.exit_code == 0, done.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        f"{SLUG}/2015/factsheet.html", f"{SLUG}/2015/factsheet.md"]
    first = stj("--root", root, "build", SLUG, "--ronde", "2013", "--out", root / "o2")
    assert first.exit_code == 0
    assert sorted(p.name for p in (root / "o2" / SLUG).iterdir()) == [
        "factsheet.html", "factsheet.md"]
    only_json = stj("--root", root, "build", SLUG, "--ronde", "2015", "--format", "json",
                    "--out", out)
    assert only_json.exit_code == 2
    assert "een vervolgfactsheet bestaat alleen als html, md, pdf" in only_json.output
    unknown = stj("--root", root, "build", SLUG, "--ronde", "2019", "--out", out)
    assert unknown.exit_code == 2
    assert unknown.output.endswith(
        "Fout: geen van deze gemeenten heeft een ronde `2019`; wel: 2013, 2015\n")


def test_follow_up_factsheet_shows_then_now_and_progress() -> None:
    page = (GOLDEN / "fictief" / SLUG / "2015" / "factsheet.html").read_text("utf-8")
    assert "<h1>Uitkomsten verbeterpunten toezichtonderzoek Voorbeeldstad</h1>" in page
    assert ("Van de 7 verbeterpunten uit 2013 zijn er 4 opgepakt, is er 1 deels opgepakt en "
            "zijn er 2 niet opgepakt. Er is 1 nieuw verbeterpunt.") in page
    # an aanpak without open verbeterpunten is listed, not left out
    assert "Deze aanpak had na 2013 geen open verbeterpunten." in page
    row = page[page.index('id="wijkgerichte-gezinsaanpak-continu-nazorg"'):]
    row = row[:row.index("</tr>")]
    assert "Er zijn geen afspraken over nazorg." in row  # then
    assert "Er zijn nog altijd geen afspraken over nazorg." in row  # now
    assert "<strong>niet opgepakt</strong>" in row
    assert "LET OP:" in row
    markdown = (GOLDEN / "fictief" / SLUG / "2015" / "factsheet.md").read_text("utf-8")
    assert ("| De doorzettingsmacht voor de regisseur is geregeld | X<br>Er is geen "
            "doorzettingsmacht voor de regisseur geregeld. | √<br>") in markdown


def test_a_mark_and_the_colon_that_names_its_indicator_are_joined() -> None:
    """'√: De gemeente evalueert …' in every format that joins a verdict to one of several
    indicators: no space before the colon (the HTML's spacing is checked in a browser by
    tests/test_browser.py)."""
    folder = GOLDEN / "fictief" / SLUG / "2015"
    markdown = (folder / "factsheet.md").read_text("utf-8")
    assert "√: De gemeente evalueert de resultaten van de aanpak<br>" in markdown
    assert not re.search(r"[√X–] :", markdown)
    page = (folder / "factsheet.html").read_text("utf-8")
    assert ('<span class="symbool" aria-hidden="true">√</span></span><span '
            'class="oordeel-indicator">: De gemeente evalueert') in page


def test_stj_vervolg_scaffolds_the_next_round_from_what_is_open(root: Path) -> None:
    """Round 2017 of the fictional gemeente follows up what 2015 left open."""
    done = stj("--root", root, "vervolg", SLUG, "2017")
    assert done.exit_code == 0, done.output
    assert not (root / REL / "2017" / "gezinscoaching.yaml").exists(), "nothing open there"
    file = root / REL / "2017" / "wijkgerichte-gezinsaanpak.yaml"
    text = file.read_text(encoding="utf-8")
    ids = [line.split("[")[1].rstrip("]") for line in text.splitlines()
           if line.startswith("  - indicatoren: [")]
    assert ids == ["aanpak.beleid-bijgesteld", "samenwerking.opschaling",
                   "samenwerking.informatie-delen", "continu.nazorg"]
    assert "  # In 2015: gemengd\n" in text  # informatie-delen: √ and X in 2015
    assert "  #   Er zijn nog altijd geen afspraken over nazorg.\n" in text
    assert (root / REL / "gemeente.yaml").read_text(encoding="utf-8").endswith(
        '  - ronde: "2017"\n    kader: ggsr-2013\n'
        '    publicatie: TODO    # maand van publicatie, bijv. "2017-10"\n')
    # every TODO is a located error, until filled in
    code, lines = check_lines(root)
    assert code == 1
    line, column = where(file, "oordeel: TODO", 9)
    assert (f"{REL}/2017/wijkgerichte-gezinsaanpak.yaml:{line}:{column}: nog niet ingevuld "
            "(TODO) (kies uit voldoet, verbeterpunt, geen)") in lines
    replace(root / REL / "gemeente.yaml", "publicatie: TODO", 'publicatie: "2017-10"')
    file.write_text(text.replace("oordeel: TODO", "oordeel: voldoet")
                    .replace("      TODO", "      Opgelost.").replace("  TODO", "  Alles goed."),
                    encoding="utf-8")
    assert check_lines(root)[0] == 0
    built = stj("--root", root, "build", SLUG, "--ronde", "2017", "--out", root / "out")
    assert built.exit_code == 0, built.output
    page = (root / "out" / SLUG / "2017" / "factsheet.md").read_text(encoding="utf-8")
    assert "Alle 4 verbeterpunten die na 2015 nog open stonden zijn opgepakt." in page
    assert "[De factsheet uit 2015](../2015/factsheet.md)" in page
    assert "Vervolgonderzoek 2017 naar de verbeterpunten die na 2015 nog open stonden" in page


def test_stj_vervolg_refuses_an_existing_round(root: Path) -> None:
    before = (root / REL / "gemeente.yaml").read_bytes()
    refused = stj("--root", root, "vervolg", SLUG, "2015")
    assert refused.exit_code == 2
    assert refused.output == "Fout: ronde `2015` bestaat al bij Voorbeeldstad\n"
    assert (root / REL / "gemeente.yaml").read_bytes() == before


def test_one_verbeterpunt_in_two_findings_is_an_error(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "  - indicatoren: [continu.nazorg]\n",
            "  - indicatoren: [continu.nazorg]\n    oordeel: voldoet\n    tekst: Goed.\n"
            "  - indicatoren: [continu.nazorg]\n")
    code, lines = check_lines(root)
    assert code == 1
    text = file.read_text(encoding="utf-8")
    second = text.index("[continu.nazorg]", text.index("[continu.nazorg]") + 1) + 1
    line = text.count("\n", 0, second) + 1
    column = second - text.rfind("\n", 0, second)
    assert (f"{VERVOLG}:{line}:{column}: `continu.nazorg` staat al in een eerdere bevinding "
            "van deze ronde (één bevinding per verbeterpunt; meerdere oordelen met "
            "`oordelen`)") in lines


def test_a_new_finding_needs_a_verdict(root: Path) -> None:
    file = root / VERVOLG
    replace(file, "    nieuw: true\n    oordeel: verbeterpunt\n",
            "    nieuw: true\n    oordeel: geen\n")
    line, column = where(file, "oordeel: geen", 9)
    code, lines = check_lines(root)
    assert code == 1
    assert (f"{VERVOLG}:{line}:{column}: een bevinding met `nieuw: true` heeft een oordeel "
            "nodig (kies voldoet of verbeterpunt, of haal de bevinding weg)") in lines


def test_rounds_in_order_of_publication_and_yaml_extension(root: Path) -> None:
    gemeente = root / REL / "gemeente.yaml"
    replace(gemeente, 'publicatie: "2015-10"', 'publicatie: "2013-11"')
    (root / VERVOLG).rename((root / VERVOLG).with_suffix(".yml"))
    code, lines = check_lines(root)
    assert code == 1
    last = gemeente.read_text(encoding="utf-8").rindex('"2013-11"')
    text = gemeente.read_text(encoding="utf-8")
    line, column = text.count("\n", 0, last) + 1, last - text.rfind("\n", 0, last)
    assert (f"{REL}/gemeente.yaml:{line}:{column}: ronde `2015` verschijnt niet na de ronde "
            "ervoor (2013-11) (zet de rondes in volgorde van publicatie)") in lines
    assert (f"{REL}/2015/wijkgerichte-gezinsaanpak.yml:1:1: `wijkgerichte-gezinsaanpak.yml` "
            "wordt niet gelezen (noem het bestand `wijkgerichte-gezinsaanpak.yaml`)") in lines


def test_not_looked_at_again_keeps_the_earlier_finding_as_then(root: Path) -> None:
    """`geen` in 2015 leaves nazorg open; in 2017 its "then" is still the 2013 finding."""
    replace(root / VERVOLG, "    oordeel: verbeterpunt\n    tekst: Er zijn nog altijd geen",
            "    oordeel: geen\n    tekst: Er zijn nog altijd geen")
    loaded, problems = Project(root).load(SLUG)
    assert loaded is not None, problems
    stand, eerder = rondes.laatste_stand(loaded)["wijkgerichte-gezinsaanpak"]
    assert stand["continu.nazorg"] == "verbeterpunt"
    assert eerder["continu.nazorg"].tekst == "Er zijn geen afspraken over nazorg."
    telling = view_vervolg.telling(loaded.rondes[0].aanpakken[0])
    assert (telling.niet_opgepakt, telling.niet_beoordeeld) == (1, 1)


def test_every_page_of_made_up_data_says_so() -> None:
    from stj_factsheet.view.factsheet import FICTIEF

    fictional = sorted((GOLDEN / "fictief").rglob("*.html")) + sorted(
        (GOLDEN / "fictief").rglob("*.md"))
    assert len(fictional) == 6
    for page in fictional:
        assert FICTIEF in page.read_text(encoding="utf-8"), page
    for page in ("zwolle/factsheet.html", "venlo/factsheet.md", "index.html"):
        assert "Fictieve gegevens" not in (GOLDEN / page).read_text(encoding="utf-8")


def test_stj_vervolg_scaffolds_one_finding_per_published_verbeterpunt(tmp_path: Path) -> None:
    """Zwolle, Bemoeizorg Jeugd: nine indicators with an X, six published verbeterpunten
    (one X over the four evaluation indicators)."""
    shutil.copytree(Path(__file__).parent.parent / "municipalities" / "zwolle",
                    tmp_path / "municipalities" / "zwolle")
    assert stj("--root", tmp_path, "vervolg", "zwolle", "2015").exit_code == 0
    folder = tmp_path / "municipalities" / "zwolle" / "2015"
    assert indicatoren_per_bevinding(folder / "bemoeizorg-jeugd.yaml") == [
        ["toeleiding.zicht-op-populatie"],
        ["aanpak.resultaten-bijgehouden", "aanpak.partners-evalueren",
         "aanpak.gemeente-evalueert", "aanpak.beleid-bijgesteld"],
        ["aanpak.doorzettingsmacht"], ["aanpak.niet-loslaten"], ["continu.beschikbaarheid"],
        ["continu.nazorg"]]
    text = (folder / "bemoeizorg-jeugd.yaml").read_text(encoding="utf-8")
    assert ("  # Aanpak · één verbeterpunt over 4 indicatoren:\n"
            "  #   De resultaten van de aanpak worden bijgehouden (in 2013: verbeterpunt)\n"
            ) in text
    # Bijzondere doelgroepen: √ X X over the evaluation indicators, two separate X's
    assert indicatoren_per_bevinding(folder / "bijzondere-doelgroepen.yaml") == [
        ["toeleiding.zelfde-omschrijving"], ["toeleiding.zicht-op-populatie"],
        ["aanpak.partners-evalueren", "aanpak.gemeente-evalueert"],
        ["aanpak.beleid-bijgesteld"], ["aanpak.doorzettingsmacht"], ["aanpak.niet-loslaten"],
        ["samenwerking.relevante-partijen"], ["continu.beschikbaarheid"]]
    gemeente = tmp_path / "municipalities" / "zwolle" / "gemeente.yaml"
    replace(gemeente, "publicatie: TODO", 'publicatie: "2015-10"')
    for file in folder.iterdir():
        file.write_text(file.read_text(encoding="utf-8").replace("oordeel: TODO", "oordeel: "
                        "voldoet").replace("      TODO", "      Opgelost.")
                        .replace("  TODO", "  Alles goed."), encoding="utf-8")
    assert check_lines(tmp_path) == (0, ["In orde: 0 fouten, 0 waarschuwingen in 1 gemeente."])


def indicatoren_per_bevinding(file: Path) -> list[list[str]]:
    """The indicators of each finding of a scaffolded (not yet valid) round file."""
    return [b["indicatoren"] for b in source.load(file, file.name).data["bevindingen"]]


def test_progress_of_a_mixed_verbeterpunt_in_a_real_round(tmp_path: Path) -> None:
    """Venlo: `samenwerking.relevante-partijen` √ and X in 2013 and again √ and X in 2015 is
    not progress; `toeleiding.zelfde-omschrijving` X then √ and X is partly taken up."""
    shutil.copytree(Path(__file__).parent.parent / "municipalities" / "venlo",
                    tmp_path / "municipalities" / "venlo")
    assert stj("--root", tmp_path, "vervolg", "venlo", "2015").exit_code == 0
    replace(tmp_path / "municipalities" / "venlo" / "gemeente.yaml", "publicatie: TODO",
            'publicatie: "2015-10"')
    file = tmp_path / "municipalities" / "venlo" / "2015" / "er-op-af-aanpak.yaml"
    text = file.read_text(encoding="utf-8")
    deels = ("    oordelen:\n      - oordeel: voldoet\n        tekst: Deels wel.\n"
             "      - oordeel: verbeterpunt\n        tekst: Deels niet.\n")
    for indicator in ("samenwerking.relevante-partijen", "toeleiding.zelfde-omschrijving"):
        blok = (f"  - indicatoren: [{indicator}]\n    oordeel: TODO          # voldoet | "
                "verbeterpunt | geen\n    tekst: >-\n      TODO\n")
        assert text.count(blok) == 1
        text = text.replace(blok, f"  - indicatoren: [{indicator}]\n{deels}")
    file.write_text(text.replace("oordeel: TODO", "oordeel: voldoet")
                    .replace("      TODO", "      Opgelost.").replace("  TODO", "  Nu goed."),
                    encoding="utf-8")
    loaded, problems = Project(tmp_path).load("venlo")
    assert loaded is not None and problems == []
    voortgang = loaded.rondes[0].aanpakken[0].voortgang()
    assert (voortgang["samenwerking.relevante-partijen"],
            voortgang["toeleiding.zelfde-omschrijving"],
            voortgang["aanpak.alle-leefgebieden"]) == (
        "niet opgepakt", "deels opgepakt", "opgepakt")
