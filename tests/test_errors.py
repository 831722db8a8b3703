"""One test per error class: exit status 1, `path:line:col` and the Dutch message."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from tests.helpers import copy_gemeente, replace, stj, where, write

AANPAK = "municipalities/venlo/er-op-af-aanpak.yaml"


@pytest.fixture
def venlo(tmp_path: Path) -> Path:
    return copy_gemeente(tmp_path)


def errors_of(folder: Path) -> list[str]:
    result = stj("--root", folder.parent.parent, "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()[:-1]


def test_yaml_syntax_error(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", "aantal_gezinnen: [25")
    line, _ = where(file, "beschrijving:")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:13: ongeldige YAML: een lijst tussen [ ] is niet gesloten "
        "(controleer inspringing en dubbele punten; zet tekst met : of # tussen "
        "aanhalingstekens of gebruik >-)"]


def test_duplicate_key(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "aantal_gezinnen: 25", "aantal_gezinnen: 25\naantal_gezinnen: 26")
    line, _ = where(file, "aantal_gezinnen: 26")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:1: sleutel `aantal_gezinnen` staat dubbel (eerder op regel "
        f"{line - 1}) (houd één van beide; YAML zou de eerste stilzwijgend weggooien)"]


def test_unknown_key_with_closest_name(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "    let_op: >-", "    letop: >-")
    line, column = where(file, "letop")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: onbekende sleutel `letop` (bedoelde u `let_op`?)"]


@pytest.mark.parametrize(("value", "reading"), [
    ("yes", "ja/nee-waarde"), ("no", "ja/nee-waarde"), ("12:30", "getal"),
    ("2013-10-01", "datum"), ("1.5", "getal"),
])
def test_yaml_11_coercion_where_text_is_expected(venlo: Path, value: str, reading: str) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - Wel.kom", f"  - {value}")
    line, column = where(file, f"  - {value}", 4)
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: `{value}` wordt door YAML gelezen als {reading}, niet "
        f'als tekst (zet het tussen aanhalingstekens: "{value}")']


def test_coercion_of_a_verdict(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("oordeel: voldoet", "oordeel: yes", 1), encoding="utf-8")
    line, column = where(file, "oordeel: yes", 9)
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: `yes` wordt door YAML gelezen als ja/nee-waarde, niet "
        "als tekst (kies uit voldoet, verbeterpunt, geen)"]


def test_unknown_verdict_value(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("oordeel: voldoet", "oordeel: goed", 1), encoding="utf-8")
    line, column = where(file, "oordeel: goed", 9)
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: `goed` is geen geldige waarde (kies uit voldoet, "
        "verbeterpunt, geen)"]


def test_non_utf8_bytes(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    file.write_bytes(file.read_bytes().replace(b"Venlo", b"Venl\xf6", 1))
    assert errors_of(venlo) == [
        "municipalities/venlo/gemeente.yaml:2:11: byte 0xf6 is geen geldige UTF-8 "
        "(sla het bestand op als UTF-8)"]


def test_tab_indentation(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    replace(file, "  aantal: 15000", "\taantal: 15000")
    line, _ = where(file, "\taantal")
    assert errors_of(venlo) == [
        f"municipalities/venlo/gemeente.yaml:{line}:1: tab gebruikt om in te springen "
        "(spring in met spaties)"]


def test_empty_file(venlo: Path) -> None:
    write(venlo / "er-op-af-aanpak.yaml", "# nog niets\n")
    assert errors_of(venlo) == [
        f"{AANPAK}:1:1: het bestand is leeg (vul het aan; `stj new` maakt een ingevuld "
        "voorbeeld)"]


def test_list_where_a_mapping_belongs(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    replace(file, "huishoudens_met_kind:\n  aantal: 15000\n  peildatum: \"2012-01\"",
            "huishoudens_met_kind:\n  - 15000")
    line, _ = where(file, "- 15000")
    assert errors_of(venlo) == [
        f"municipalities/venlo/gemeente.yaml:{line}:3: verwacht sleutels met waarden, maar "
        "vond een lijst (schrijf `sleutel: waarde` op eigen regels)"]


def test_missing_key(venlo: Path) -> None:
    replace(venlo / "gemeente.yaml", "inwoners: 100000\n", "")
    assert errors_of(venlo) == [
        "municipalities/venlo/gemeente.yaml:2:1: verplichte sleutel `inwoners` ontbreekt "
        "(voeg `inwoners:` toe)"]


def test_anchors_and_aliases(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    replace(file, "naam: Venlo", "naam: &n Venlo\nkopie: *n")
    assert errors_of(venlo) == [
        "municipalities/venlo/gemeente.yaml:2:7: anker (&) is niet toegestaan (schrijf de "
        "waarde voluit)",
        "municipalities/venlo/gemeente.yaml:3:8: verwijzing (*) is niet toegestaan (schrijf "
        "de waarde voluit)"]


def test_billion_laughs_is_refused_fast_and_small(venlo: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(96 + n), chr(97 + n)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    write(venlo / "er-op-af-aanpak.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    errors = errors_of(venlo)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert errors[0] == f"{AANPAK}:1:4: anker (&) is niet toegestaan (schrijf de waarde voluit)"
    # Generous bounds: this guards against expansion (10^9 items), not a speed target.
    assert elapsed < 5
    assert peak < 100 * 1024 * 1024


def test_unsafe_python_tag(venlo: Path) -> None:
    file = venlo / "gemeente.yaml"
    replace(file, "naam: Venlo", "naam: !!python/object/apply:os.system [echo gehackt]")
    assert errors_of(venlo) == [
        "municipalities/venlo/gemeente.yaml:2:7: YAML-tag "
        "`tag:yaml.org,2002:python/object/apply:os.system` is niet toegestaan (verwijder de "
        "tag)"]


def test_file_over_one_megabyte_is_refused_where_it_crosses_the_limit(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text + "#" * (1024 * 1024), encoding="utf-8")
    line = text.count("\n") + 1
    column = 1024 * 1024 - len(text.encode("utf-8")) + 1
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: het bestand is groter dan 1 MiB (1.048.576 bytes); hier "
        "gaat het over die grens (splits het bestand of verwijder wat er niet in hoort)"]


def test_unknown_kader(venlo: Path) -> None:
    replace(venlo / "gemeente.yaml", "kader: ggsr-2013", "kader: ggsr-2031")
    assert errors_of(venlo) == [
        "municipalities/venlo/gemeente.yaml:3:8: onbekend toetsingskader `ggsr-2031` "
        "(bekend: ggsr-2013)"]


def test_unknown_indicator_with_closest_id(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - indicatoren: [toeleiding.zicht-op-populatie]",
            "  - indicatoren: [toeleiding.zicht-populatie]")
    line, column = where(file, "toeleiding.zicht-populatie")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: onbekende indicator `toeleiding.zicht-populatie` "
        "(bedoelde u `toeleiding.zicht-op-populatie`?)"]


def test_indicators_of_different_criteria_in_one_finding(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - indicatoren: [toeleiding.zicht-op-populatie]",
            "  - indicatoren: [toeleiding.zicht-op-populatie, gezin-centraal.eigen-kracht]")
    line, column = where(file, "gezin-centraal.eigen-kracht]")
    assert (f"{AANPAK}:{line}:{column}: `gezin-centraal.eigen-kracht` hoort bij criterium "
            "‘De aanpak stelt het gezin en zijn sociale netwerk centraal’, de andere "
            "indicatoren van deze bevinding bij ‘GGSR zijn in beeld’ (één bevinding gaat over "
            "één criterium: maak een aparte bevinding)") in errors_of(venlo)


def test_indicator_without_finding(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - indicatoren: [continu.nazorg]",
            "  - indicatoren: [continu.beschikbaarheid]")
    line, _ = where(file, "bevindingen:")
    assert [e for e in errors_of(venlo) if "waarschuwing" not in e] == [
        f"{AANPAK}:{line}:1: indicator `continu.nazorg` (‘Netwerkpartners hebben de afspraak "
        "gemaakt dat de intensieve zorg en ondersteuning indien nodig een vervolg kunnen "
        "krijgen’) heeft geen bevinding (voeg een bevinding toe; gebruik `oordeel: geen` als "
        "STJ er geen oordeel over gaf)"]


def test_verdict_and_verdicts_together(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  - indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie, "
            "aanpak.gezamenlijke-doelen]\n",
            "  - indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie, "
            "aanpak.gezamenlijke-doelen]\n    oordeel: voldoet\n")
    line, _ = where(file, "aanpak.gezamenlijke-doelen]\n    oordeel: voldoet")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:5: geef `oordeel` of `oordelen`, precies één van beide"]


def test_stray_aanpak_file(venlo: Path) -> None:
    write(venlo / "vergeten.yaml", "naam: x\n")
    assert errors_of(venlo) == [
        "municipalities/venlo/vergeten.yaml:1:1: `vergeten.yaml` staat niet in `aanpakken` "
        "van gemeente.yaml (voeg `vergeten` toe aan de lijst of verwijder het bestand)"]


def test_listed_aanpak_without_file(venlo: Path) -> None:
    (venlo / "er-op-af-aanpak.yaml").unlink()
    line, column = where(venlo / "gemeente.yaml", "er-op-af-aanpak")
    assert errors_of(venlo) == [
        f"municipalities/venlo/gemeente.yaml:{line}:{column}: bestand "
        "`municipalities/venlo/er-op-af-aanpak.yaml` bestaat niet (maak het aan of "
        "verwijder de aanpak uit de lijst)"]


def test_goed_point_about_an_indicator_judged_only_verbeterpunt(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "        indicatoren: [toeleiding.partijen-melden-aan]",
            "        indicatoren: [toeleiding.zicht-op-populatie]")
    line, column = where(file, "        indicatoren: [toeleiding.zicht-op-populatie]", 22)
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:{column}: dit punt onder ‘goed’ noemt "
        "`toeleiding.zicht-op-populatie`, maar die is alleen als `verbeterpunt` beoordeeld "
        "(verplaats het punt naar de andere kolom of pas het oordeel aan)"]


def test_beter_point_about_an_indicator_judged_only_voldoet(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "        indicatoren: [aanpak.niet-loslaten]",
            "        indicatoren: [aanpak.outreachend]")
    line, column = where(file, "        indicatoren: [aanpak.outreachend]", 22)
    # niet-loslaten is now mentioned nowhere: a notice besides the error
    assert [e for e in errors_of(venlo) if "opmerking:" not in e] == [
        f"{AANPAK}:{line}:{column}: dit punt onder ‘kan beter’ noemt `aanpak.outreachend`, "
        "maar die is alleen als `voldoet` beoordeeld (verplaats het punt naar de andere "
        "kolom of pas het oordeel aan)"]


def test_unknown_theme_in_conclusions(venlo: Path) -> None:
    file = venlo / "er-op-af-aanpak.yaml"
    replace(file, "  gezin-centraal:\n", "  gezin-centaal:\n")
    line, _ = where(file, "  gezin-centaal:")
    assert errors_of(venlo) == [
        f"{AANPAK}:{line}:3: onbekend thema `gezin-centaal` (bedoelde u `gezin-centraal`?)"]
