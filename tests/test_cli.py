"""The `stj` command: exit codes and the exact messages a user sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, copy_gemeente, replace, stj, where


def test_check_on_the_shipped_data_passes_strictly() -> None:
    result = stj("--root", REPO, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "In orde: 0 fouten, 0 waarschuwingen in 2 gemeenten.\n"


def test_check_named_gemeenten(tmp_path: Path) -> None:
    copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    result = stj("--root", tmp_path, "check", "zwolle")
    assert result.exit_code == 0
    assert "in 1 gemeente." in result.stdout


@pytest.mark.parametrize("name", ["../x", "/etc", "Zwolle", "a/b", "zwolle.yaml"])
def test_a_name_that_is_no_slug_is_refused(tmp_path: Path, name: str) -> None:
    copy_gemeente(tmp_path)
    result = stj("--root", tmp_path, "check", name)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Fout: `{name}` is geen gemeentenaam")


def test_unknown_gemeente_is_a_usage_error(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    result = stj("--root", tmp_path, "build", "utrecht")
    assert result.exit_code == 2
    assert result.stderr == "Fout: onbekende gemeente `utrecht`; bekend: venlo\n"


def test_root_without_municipalities_is_a_usage_error(tmp_path: Path) -> None:
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 2
    assert "geen map `municipalities/`" in result.stderr


def test_build_needs_names_or_all(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    assert stj("--root", tmp_path, "build").exit_code == 2
    assert stj("--root", tmp_path, "build", "venlo", "--all").exit_code == 2


def test_errors_of_every_file_are_reported_sorted_then_exit_1(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    aanpak = folder / "er-op-af-aanpak.yaml"
    replace(folder / "gemeente.yaml", "inwoners: 100000", "inwoners: veel")
    replace(aanpak, "aantal_gezinnen: 25", "aantal_gezinnen: 25\nkleur: blauw")
    result = stj("--root", tmp_path, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    line, _ = where(aanpak, "kleur")
    assert lines == [
        f"municipalities/venlo/er-op-af-aanpak.yaml:{line}:1: onbekende sleutel `kleur` "
        "(toegestaan: naam, netwerkpartners, aantal_gezinnen, beschrijving, bevindingen, "
        "conclusies)",
        "municipalities/venlo/gemeente.yaml:5:11: verwacht een geheel getal, maar vond "
        "`veel` (schrijf het getal zonder punt of komma, bijv. 120000)",
        "2 fouten, 0 waarschuwingen in 1 gemeente",
    ]


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    folder = copy_gemeente(tmp_path)
    # Name the same indicator under two voldoet verdicts of one finding: a warning.
    replace(folder / "er-op-af-aanpak.yaml",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]",
            "indicatoren: [aanpak.beleid, aanpak.gezamenlijke-visie]\n      - oordeel: voldoet\n"
            "        indicatoren: [aanpak.beleid]", first=True)
    relaxed = stj("--root", tmp_path, "check")
    assert relaxed.exit_code == 0
    assert "waarschuwing: `aanpak.beleid` krijgt twee keer het oordeel `voldoet`" in (
        relaxed.stderr)
    assert stj("--root", tmp_path, "check", "--strict").exit_code == 1


def test_python_dash_m_works_like_stj() -> None:
    done = subprocess.run([sys.executable, "-m", "stj_factsheet", "--root", str(REPO),
                           "check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("In orde:")


def test_every_command_has_help_with_an_example() -> None:
    from stj_factsheet.cli import main

    assert main.help and "Voorbeelden" in main.help
    for name, command in main.commands.items():
        assert command.help, name
        assert "Voorbeeld" in command.help, name
        assert stj(name, "--help").exit_code == 0


def test_readme_has_a_section_for_every_command() -> None:
    from stj_factsheet.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"### stj {name}\n" in readme, f"README lacks a section for `stj {name}`"
