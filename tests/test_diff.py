"""`stj diff`: a data change shown by its effect on the publication, in a temporary git
repository with Venlo and Zwolle (and the fictional Voorbeeldstad for follow-up rounds).

Each test makes one kind of change and reads what a reviewer reads: the verdict with the
indicator's wording, the summary counts, texts word by word, LET OP, conclusion points,
added aanpakken and gemeenten, follow-up progress, the national figures over every
gemeente; a re-wrap that changes nothing; errors in TOT as `stj check` reports them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from stj_factsheet.commands.diff import diff
from stj_factsheet.compare import model as diff_model
from stj_factsheet.compare.uitvoer import render
from tests.helpers import REPO, copy_gemeente, replace, stj, where, write

FICTIEF = REPO / "tests" / "data" / "fictief" / "municipalities" / "voorbeeldstad"
VENLO_AANPAK = Path("municipalities") / "venlo" / "er-op-af-aanpak.yaml"
TOEGERUST = ("  - indicatoren: [aanpak.regisseur-toegerust]\n"
             "    oordeel: voldoet\n")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Inspecteur",
                           "-c", "user.email=inspecteur@example.org", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "--short=12", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Venlo (one aanpak) and Zwolle (two), committed."""
    copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "gegevens")
    return tmp_path


@pytest.fixture
def rondes(repo: Path) -> Path:
    """With the fictional Voorbeeldstad and its follow-up round 2015, committed."""
    shutil.copytree(FICTIEF, repo / "municipalities" / "voorbeeldstad")
    commit(repo, "Voorbeeldstad")
    return repo


def aanpak_section(output: str, naam: str) -> list[str]:
    """The lines of one aanpak in the text output, without its heading."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == f"Aanpak ‘{naam}’: "
                 "gewijzigd")
    indent = len(lines[start]) - len(lines[start].lstrip())
    body = []
    for line in lines[start + 1:]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line.strip())
    return body


def test_a_verdict_change_with_its_wording_counts_conclusion_and_national_figures(
        repo: Path) -> None:
    replace(repo / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    result = stj("--root", repo, "diff")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"De publicatie verandert tussen HEAD ({git(repo, 'rev-parse', '--short=12', 'HEAD')})"
        " en de werkmap: 1 gemeente (Venlo) en het landelijk overzicht.")
    assert aanpak_section(result.stdout, "Er op af aanpak vanuit zorgnetwerken") == [
        "oordeel aanpak.regisseur-toegerust ‘De regisseur is voldoende toegerust om zijn "
        "functie uit te oefenen’: voldoet → verbeterpunt",
        "samenvatting Aanpak: voldoet 5 → 4, verbeterpunt 8 → 9",
    ]
    # counted over every gemeente: Venlo's one aanpak and Zwolle's two, unchanged
    assert ("  aanpak.regisseur-toegerust ‘De regisseur is voldoende toegerust om zijn functie "
            "uit te oefenen’: aanpakken: verbeterpunt 0 → 1, voldoet 3 → 2 (van 3); gemeenten: "
            "verbeterpunt 0 → 1, voldoet 2 → 1 (van 2)") in result.stdout.splitlines()
    assert ("  Wat opvalt: {+Bij 1 van de 3 aanpakken (33%) is de regisseur niet voldoende "
            "toegerust om zijn functie uit te oefenen; dat betreft 1 van de 2 gemeenten "
            "(50%).+}") in result.stdout.splitlines()
    assert "Zwolle" not in result.stdout.splitlines()[0]


def test_a_derived_conclusion_moves_with_the_verdicts(rondes: Path) -> None:
    """Voorbeeldstad has no hand-written conclusions: its factsheet shows the derived
    ones, so a verdict change shows as conclusion points that come and go."""
    aanpak = rondes / "municipalities" / "voorbeeldstad" / "gezinscoaching.yaml"
    replace(aanpak, "  - indicatoren: [continu.beschikbaarheid]\n    oordeel: geen",
            "  - indicatoren: [continu.beschikbaarheid]\n    oordeel: voldoet")
    result = stj("--root", rondes, "diff")
    assert result.exit_code == 0, result.output
    assert aanpak_section(result.stdout, "Gezinscoaching") == [
        "oordeel continu.beschikbaarheid ‘Netwerkpartners zorgen voor beschikbaarheid van "
        "zorg en ondersteuning voor de gezinnen binnen de aanpak’: geen → voldoet",
        "samenvatting Continu: voldoet 2 → 3, geen 1 → 0",
        "conclusie Continu: Wat gaat goed? (afgeleid): {+Er zijn afspraken gemaakt met de "
        "netwerkpartners om te voorkomen dat de gezinnen binnen de aanpak moeten wachten op "
        "zorg en ondersteuning.+}",
    ]


def test_a_text_change_word_by_word_and_a_let_op_removed(repo: Path) -> None:
    file = repo / VENLO_AANPAK
    replace(file, "De gemeente heeft geen beeld van de omvang",
            "De gemeente heeft sinds kort een globaal beeld van de omvang")
    text = file.read_text(encoding="utf-8")
    start = text.index("    let_op: >-\n      De leden van het zorgnetwerk screenen")
    end = text.index("  - indicatoren:", start)
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    result = stj("--root", repo, "diff")
    assert result.exit_code == 0, result.output
    section = aanpak_section(result.stdout, "Er op af aanpak vanuit zorgnetwerken")
    assert section[0] == (
        "tekst bij toeleiding.zicht-op-populatie ‘De gemeente heeft zicht op de populatie "
        "GGSR’: De gemeente heeft [-geen-] {+sinds kort een globaal+} beeld van de omvang "
        "van de doelgroep en …")
    assert section[1].startswith("LET OP bij aanpak.regisseur-toegerust ‘De regisseur is "
                                 "voldoende toegerust om zijn functie uit te oefenen’: [-De "
                                 "leden van het zorgnetwerk screenen op dit profiel,")
    assert len(section) == 2
    md = stj("--root", repo, "diff", "--format", "md").stdout
    assert ("- tekst bij `toeleiding.zicht-op-populatie` ‘De gemeente heeft zicht op de "
            "populatie GGSR’: De gemeente heeft ~~geen~~ **sinds kort een globaal** beeld van "
            "de omvang van de doelgroep en …") in md.splitlines()


def test_a_new_aanpak_and_its_counts(repo: Path) -> None:
    folder = repo / "municipalities" / "venlo"
    shutil.copy(REPO / "municipalities" / "zwolle" / "bemoeizorg-jeugd.yaml", folder)
    replace(folder / "gemeente.yaml", "  - er-op-af-aanpak\n",
            "  - er-op-af-aanpak\n  - bemoeizorg-jeugd\n")
    result = stj("--root", repo, "diff")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("  Aanpak ‘Bemoeizorg Jeugd’: nieuw")
    assert lines[start + 1:start + 6] == [
        "    samenvatting Toeleiding: {+voldoet 3, verbeterpunt 1+}",
        "    samenvatting Gezin centraal: {+voldoet 3+}",
        "    samenvatting Aanpak: {+voldoet 8, verbeterpunt 6+}",
        "    samenvatting Samenwerking: {+voldoet 6+}",
        "    samenvatting Continu: {+voldoet 1, verbeterpunt 2+}",
    ]
    assert "Landelijk overzicht (ggsr-2013): 3 → 4 aanpakken in 2 gemeenten" in lines


def test_new_and_removed_gemeenten(repo: Path) -> None:
    shutil.rmtree(repo / "municipalities" / "zwolle")
    venray = repo / "municipalities" / "venray"
    shutil.copytree(repo / "municipalities" / "venlo", venray)
    replace(venray / "gemeente.yaml", "naam: Venlo", "naam: Venray")
    result = stj("--root", repo, "diff", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(g["id"], g["status"], [a["status"] for a in g["aanpakken"]])
            for g in data["gemeenten"]] == [("venray", "nieuw", ["nieuw"]),
                                            ("zwolle", "verwijderd",
                                             ["verwijderd", "verwijderd"])]
    landelijk = data["landelijk"][0]
    assert (landelijk["aanpakken_van"], landelijk["aanpakken_tot"]) == (3, 2)
    assert (landelijk["gemeenten_van"], landelijk["gemeenten_tot"]) == (2, 2)


def test_a_rewrap_or_a_comment_alone_changes_nothing(repo: Path) -> None:
    gemeente = repo / "municipalities" / "venlo" / "gemeente.yaml"
    replace(gemeente, "  Venlo is een gemeente met ongeveer 100.000 inwoners. Uit de gegevens "
            "van het CBS van\n",
            "  Venlo is een gemeente met ongeveer 100.000 inwoners.\n  Uit de gegevens van "
            "het CBS van\n")
    replace(repo / VENLO_AANPAK, TOEGERUST, "  # besproken op 3 juni\n" + TOEGERUST)
    result = stj("--root", repo, "diff", "--exit-code")
    assert result.exit_code == 0, result.output
    head = git(repo, "rev-parse", "--short=12", "HEAD")
    assert result.stdout == (
        f"Geen verandering in de publicatie tussen HEAD ({head}) en de werkmap: 2 bestanden "
        "verschillen, maar niets wat een lezer ziet (commentaar, "
        "regelval of schrijfwijze).\n"
        "\n"
        "Venlo (venlo): geen verandering in de publicatie\n"
        "  bestanden: municipalities/venlo/er-op-af-aanpak.yaml, "
        "municipalities/venlo/gemeente.yaml\n")


def test_exit_code_as_git_diff_exit_code(repo: Path) -> None:
    assert stj("--root", repo, "diff", "--exit-code").exit_code == 0, "nothing changed"
    assert stj("--root", repo, "diff").stdout.startswith("Geen gegevens gewijzigd tussen HEAD")
    replace(repo / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    assert stj("--root", repo, "diff", "--exit-code").exit_code == 1
    assert stj("--root", repo, "diff").exit_code == 0, "without --exit-code a change is fine"


def test_an_error_in_tot_is_reported_as_check_reports_it(repo: Path) -> None:
    replace(repo / "municipalities" / "venlo" / "gemeente.yaml", "inwoners: 100000",
            "inwoners: veel")
    replace(repo / VENLO_AANPAK, "oordeel: verbeterpunt", "oordeel: verbterpunt", first=True)
    checked = stj("--root", repo, "check", "venlo")
    result = stj("--root", repo, "diff")
    assert result.exit_code == 1
    problems = checked.stderr.splitlines()[:-1]
    assert len(problems) == 2
    assert result.stderr.splitlines() == [*problems, "2 fouten in de werkmap"]
    assert result.stdout.splitlines()[2:4] == [
        "Venlo (venlo): niet te vergelijken (fout)",
        "  niet te lezen; 2 fouten in de werkmap: "
        + ", ".join(p.split(": ")[0] for p in problems)]
    assert stj("--root", repo, "diff", "--exit-code").exit_code == 3, "errors, not changes"
    md = stj("--root", repo, "diff", "--format", "md").stdout
    assert md.endswith("### Fouten in de werkmap\n\n```\n" + "\n".join(problems) + "\n```\n")


def test_van_with_errors_is_compared_as_far_as_it_loads(repo: Path) -> None:
    replace(repo / VENLO_AANPAK, "aantal_gezinnen:", "aantal_gezinnen: veel\nx:")
    commit(repo, "een fout")
    replace(repo / VENLO_AANPAK, "aantal_gezinnen: veel\nx:", "aantal_gezinnen:")
    data = json.loads(stj("--root", repo, "diff", "--format", "json").stdout)
    venlo = data["gemeenten"][0]
    assert venlo["status"] == "fout" and not venlo["verandert"]
    (aanpak,) = venlo["aanpakken"]
    assert aanpak["status"] == "fout", "it did not load in VAN: not comparable, never new"
    assert {(f["kant"], f["bestand"]) for f in aanpak["fouten"]} == {
        ("van", "municipalities/venlo/er-op-af-aanpak.yaml")}
    assert data["landelijk"][0]["niet_geteld"] == [
        {"id": "venlo", "naam": "Venlo", "kant": "van"}]


def test_a_change_in_a_follow_up_round(rondes: Path) -> None:
    ronde = rondes / "municipalities" / "voorbeeldstad" / "2015" / "wijkgerichte-gezinsaanpak.yaml"
    replace(ronde, "    oordeel: verbeterpunt\n    tekst: Er zijn nog altijd geen afspraken over "
            "nazorg.", "    oordeel: voldoet\n    tekst: Er zijn nu afspraken over nazorg.")
    result = stj("--root", rondes, "diff")
    assert result.exit_code == 0, result.output
    nazorg = ("continu.nazorg ‘Netwerkpartners hebben de afspraak gemaakt dat de intensieve "
              "zorg en ondersteuning indien nodig een vervolg kunnen krijgen’")
    assert "  Vervolgronde 2015: gewijzigd" in result.stdout.splitlines()
    assert aanpak_section(result.stdout, "Wijkgerichte gezinsaanpak") == [
        "voortgang: opgepakt 4 → 5, niet opgepakt 2 → 1",
        f"oordeel {nazorg}: verbeterpunt → voldoet",
        f"voortgang {nazorg}: niet opgepakt → opgepakt",
        f"tekst bij {nazorg}: Er zijn [-nog altijd geen-] {{+nu+}} afspraken over nazorg.",
    ]
    assert (f"  {nazorg}: voortgang: 2015: 1 van 1 niet opgepakt → 2015: 1 van 1 opgepakt"
            in result.stdout.splitlines())


def test_a_new_follow_up_round(repo: Path) -> None:
    folder = repo / "municipalities" / "voorbeeldstad"
    shutil.copytree(FICTIEF, folder)
    (folder / "gemeente.yaml").write_text(re.sub(
        r"vervolg:\n(  .*\n)+", "", (FICTIEF / "gemeente.yaml").read_text("utf-8")), "utf-8")
    shutil.rmtree(folder / "2015")
    commit(repo, "Voorbeeldstad, eerste ronde")
    shutil.copytree(FICTIEF, folder, dirs_exist_ok=True)
    data = json.loads(stj("--root", repo, "diff", "--format", "json").stdout)
    (gemeente,) = data["gemeenten"]
    assert [(r["ronde"], r["status"]) for r in gemeente["rondes"]] == [("2015", "nieuw")]
    aanpak, zonder = gemeente["rondes"][0]["aanpakken"]
    assert (zonder["id"], zonder["status"]) == ("gezinscoaching", "nieuw"), (
        "the new round's page names every aanpak, this one without open verbeterpunten")
    assert aanpak["wijzigingen"][0]["aantallen_tot"] == {
        "opgepakt": 4, "deels opgepakt": 1, "niet opgepakt": 2, "niet opnieuw beoordeeld": 0,
        "nieuw": 1}


def test_revisions_as_van_tot_or_van_dot_dot_tot(repo: Path) -> None:
    replace(repo / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    commit(repo, "toegerust")
    write(repo / "README.md", "niet de gegevens\n")
    commit(repo, "README")
    two = stj("--root", repo, "diff", "HEAD~2", "HEAD")
    dots = stj("--root", repo, "diff", "HEAD~2..HEAD")
    assert two.exit_code == dots.exit_code == 0
    assert two.stdout == dots.stdout
    assert "voldoet → verbeterpunt" in two.stdout
    assert stj("--root", repo, "diff", "HEAD~1", "HEAD", "--exit-code").exit_code == 0, (
        "the last commit changed no data")
    assert stj("--root", repo, "diff", "HEAD~2...HEAD").stdout == two.stdout.replace(
        "HEAD~2 (", "HEAD~2...HEAD (")


@pytest.mark.parametrize(("args", "message"), [
    (["onbestaand"], "Fout: onbekende revisie `onbestaand`; geef een commit, tak of tag, "
     "bijv. HEAD, main of HEAD~1\n"),
    (["HEAD..HEAD", "HEAD"], "Fout: geef VAN..TOT of VAN TOT, niet beide\n"),
])
def test_wrong_revisions_are_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = stj("--root", repo, "diff", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "venlo")
    result = stj("--root", tmp_path, "diff")
    assert result.exit_code == 2
    assert result.stderr == (f"Fout: {tmp_path} is geen git-repository (of git ontbreekt); "
                             "stj diff vergelijkt git-revisies van de gegevens\n")


def test_a_data_root_below_the_top_of_its_repository(tmp_path: Path) -> None:
    root = tmp_path / "gegevens"
    copy_gemeente(root, "venlo")
    write(tmp_path / "elders" / "municipalities" / "x" / "gemeente.yaml", "naam: X\n")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "gegevens")
    replace(root / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    write(tmp_path / "elders" / "municipalities" / "x" / "gemeente.yaml", "naam: Y\n")
    data = json.loads(stj("--root", root, "diff", "HEAD", "--format", "json").stdout)
    assert data["bestanden"] == ["municipalities/venlo/er-op-af-aanpak.yaml"]
    assert [(g["id"], g["status"]) for g in data["gemeenten"]] == [("venlo", "gewijzigd")]


def test_a_kader_of_the_data_root_concerns_every_gemeente(repo: Path) -> None:
    shutil.copytree(REPO / "frameworks", repo / "frameworks")
    commit(repo, "eigen kader")
    replace(repo / "frameworks" / "ggsr-2013.yaml", 'versie: "1.0"', 'versie: "1.1"')
    data = json.loads(stj("--root", repo, "diff", "--format", "json").stdout)
    assert [(k["id"], [(w["onderwerp"], w["van"], w["tot"]) for w in k["wijzigingen"]])
            for k in data["kaders"]] == [("ggsr-2013", [("versie", "1.0", "1.1")])]
    assert [(g["id"], g["wijzigingen"][0]["tot"]) for g in data["gemeenten"]] == [
        ("venlo", "ggsr-2013 1.1"), ("zwolle", "ggsr-2013 1.1")]


def test_a_kader_change_that_no_page_shows_changes_no_publication(repo: Path) -> None:
    # Venlo and Zwolle have STJ's written conclusions: no page uses a concept sentence.
    shutil.copytree(REPO / "frameworks", repo / "frameworks")
    commit(repo, "eigen kader")
    replace(repo / "frameworks" / "ggsr-2013.yaml", "potentieel bereikbaar voor de aanpak",
            "bereikbaar voor de aanpak")
    result = stj("--root", repo, "diff")
    assert result.stdout.splitlines()[0] == (
        "Geen verandering in de publicatie tussen HEAD "
        f"({git(repo, 'rev-parse', '--short=12', 'HEAD')}) en de werkmap: toetsingskader "
        "ggsr-2013 verandert, maar niets wat een pagina toont (zoals een conclusiezin die "
        "geen gemeente gebruikt).")
    assert "Toetsingskader ggsr-2013: gewijzigd" in result.stdout
    assert "Venlo (venlo): geen verandering in de publicatie" in result.stdout
    assert stj("--root", repo, "diff", "--exit-code").exit_code == 0


def test_a_round_follows_up_an_aanpak_that_does_not_load(rondes: Path) -> None:
    aanpak = rondes / "municipalities" / "voorbeeldstad" / "gezinscoaching.yaml"
    replace(aanpak, "oordeel: voldoet", "oordeel: goed", first=True)
    line, column = where(aanpak, "goed")
    result = stj("--root", rondes, "diff", "--exit-code")
    assert result.exit_code == 3
    plaats = f"municipalities/voorbeeldstad/gezinscoaching.yaml:{line}:{column}"
    assert gemeente_lines(result.stdout, "Voorbeeldstad") == [
        "Voorbeeldstad (voorbeeldstad): niet te vergelijken (fout)",
        "deels niet te lezen (zie hieronder); de rest is vergeleken",
        "Aanpak ‘Gezinscoaching’: niet te vergelijken (fout)",
        f"1 fout in de werkmap: {plaats}",
        "Vervolgronde 2015: niet te vergelijken (fout)",
        "Aanpak ‘Gezinscoaching’: niet te vergelijken (fout)",
        f"1 fout in de werkmap: {plaats}"]


def gemeente_lines(output: str, naam: str) -> list[str]:
    """The stripped lines of one gemeente's section in the text output."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{naam} ("))
    end = next((n for n in range(start + 1, len(lines)) if not lines[n].startswith(" ")),
               len(lines))
    return [line.strip() for line in lines[start:end]]


def test_json_follows_the_committed_schema(rondes: Path) -> None:
    replace(rondes / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    ronde = rondes / "municipalities" / "voorbeeldstad" / "2015" / "wijkgerichte-gezinsaanpak.yaml"
    replace(ronde, "Er zijn nog altijd geen afspraken", "Er zijn nog steeds geen afspraken")
    schema = json.loads((REPO / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    data = json.loads(stj("--root", rondes, "diff", "--format", "json").stdout)
    jsonschema.validate(data, schema)
    assert data["publicatie_verandert"] is True
    assert [g["id"] for g in data["gemeenten"]] == ["venlo", "voorbeeldstad"]


def test_committed_schema_matches_the_models() -> None:
    committed = (REPO / "schemas" / "diff.schema.json").read_text(encoding="utf-8")
    assert committed == diff_model.schema_text(), "run `stj schema` and commit the result"


def test_colour_only_where_asked(repo: Path) -> None:
    replace(repo / VENLO_AANPAK, "De gemeente heeft geen beeld", "De gemeente heeft een beeld")
    uitkomst = diff(repo)
    assert "\x1b[31m[-geen-]\x1b[0m \x1b[32m{+een+}\x1b[0m" in render(
        uitkomst.verschil, [], "tekst", kleur=True)
    assert "\x1b[" not in render(uitkomst.verschil, [], "tekst")
    assert "\x1b[" not in stj("--root", repo, "diff").stdout, "not a terminal"


# --- CI: the steps that put the Markdown where a reviewer reads it --------------------------

CI_FILES = {"github": [REPO / ".github" / "workflows" / "factsheets.yml",
                       REPO / "docs" / "ci" / "github-actions.yml"],
            "gitlab": [REPO / ".gitlab-ci.yml", REPO / "docs" / "ci" / "gitlab-ci.yml"]}
FAKE_CURL = '#!/bin/sh\nprintf "%s\\n" "$@" > curl-args.txt\n'


def ci_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a CI job: stj (this one) and a stand-in for curl on the PATH."""
    bin_ = write(tmp_path / "bin" / "curl", FAKE_CURL).parent
    (bin_ / "curl").chmod(0o755)
    path = f"{bin_}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {**os.environ, "PATH": path, **extra}


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                    reason="the job runs on Linux, with bash")
@pytest.mark.parametrize("file", CI_FILES["github"], ids=lambda p: p.name)
def test_github_writes_the_markdown_into_the_pull_requests_job_summary(
        repo: Path, tmp_path_factory: pytest.TempPathFactory, file: Path) -> None:
    basis = git(repo, "rev-parse", "HEAD")
    replace(repo / VENLO_AANPAK, TOEGERUST, TOEGERUST.replace("voldoet", "verbeterpunt"))
    commit(repo, "toegerust")
    workflow = yaml.safe_load(file.read_text(encoding="utf-8"))
    (step,) = [s for job in workflow["jobs"].values() for s in job["steps"]
               if "pull_request" in s.get("if", "")]
    assert step["env"] == {"BASIS": "${{ github.event.pull_request.base.sha }}"}
    work = tmp_path_factory.mktemp("ci")
    summary = write(work / "summary.md", "eerdere stap\n")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                          env=ci_env(work, BASIS=basis, GITHUB_STEP_SUMMARY=str(summary)),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    expected = stj("--root", repo, "diff", basis, "HEAD", "--format", "md").stdout
    assert summary.read_text(encoding="utf-8") == "eerdere stap\n" + expected
    assert "voldoet → verbeterpunt" in expected


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                    reason="the job runs on Linux, with bash")
@pytest.mark.parametrize("file", CI_FILES["gitlab"], ids=lambda p: p.name)
def test_gitlab_writes_an_artifact_and_a_note_when_a_token_is_set(
        repo: Path, tmp_path_factory: pytest.TempPathFactory, file: Path) -> None:
    basis = git(repo, "rev-parse", "HEAD")
    replace(repo / "municipalities" / "venlo" / "gemeente.yaml", "inwoners: 100000",
            "inwoners: veel")
    commit(repo, "een fout")
    job = yaml.safe_load(file.read_text(encoding="utf-8"))["stj-diff"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["artifacts"]["paths"] == ["stj-diff.md"]
    script = "\n".join(job["script"])
    ci = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": basis,
          "CI_API_V4_URL": "https://gitlab.example/api/v4", "CI_PROJECT_ID": "7",
          "CI_MERGE_REQUEST_IID": "3"}
    expected = stj("--root", repo, "diff", basis, "HEAD", "--format", "md").stdout
    assert "### Fouten in HEAD" in expected
    for token in ("", "geheim"):
        work = tmp_path_factory.mktemp("ci")
        done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo,
                              env=ci_env(work, STJ_DIFF_TOKEN=token, **ci),
                              capture_output=True, text=True, check=False)
        assert done.returncode == 1, "an error in the data fails the job, after the note"
        assert (repo / "stj-diff.md").read_text(encoding="utf-8") == expected
        assert (repo / "curl-args.txt").exists() == bool(token)
        if token:
            args = (repo / "curl-args.txt").read_text(encoding="utf-8").splitlines()
            assert "PRIVATE-TOKEN: geheim" in args
            assert "body@stj-diff.md" in args
            assert args[-1] == "https://gitlab.example/api/v4/projects/7/merge_requests/3/notes"
            (repo / "curl-args.txt").unlink()
        (repo / "stj-diff.md").unlink()
