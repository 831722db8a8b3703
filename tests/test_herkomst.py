"""Provenance a committed out/ can carry: each factsheet names the last commit that changed
its gemeente (or a kader), not HEAD, so `stj build --all --check` passes right after out/
is committed and after an unrelated commit, and fails after a data edit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from stj_factsheet.publish.herkomst import Herkomst, data_versions
from tests.helpers import copy_gemeente, replace, stj, write


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
    copy_gemeente(tmp_path, "venlo")
    copy_gemeente(tmp_path, "zwolle")
    git(tmp_path, "init", "-q")
    return tmp_path


def test_a_gemeente_carries_the_last_commit_that_changed_it(repo: Path) -> None:
    first = commit(repo, "gegevens")
    write(repo / "README.md", "Gegevens van STJ\n")
    commit(repo, "README")
    replace(repo / "municipalities" / "zwolle" / "gemeente.yaml", "inwoners: 120000",
            "inwoners: 120001")
    zwolle = commit(repo, "Zwolle bijgewerkt")
    versions = data_versions(repo)
    assert versions is not None
    assert versions.gemeenten == {"venlo": first, "zwolle": zwolle}
    assert versions.geheel == zwolle
    # a kader in the data root concerns every gemeente
    write(repo / "frameworks" / "eigen.yaml", "id: eigen\n")
    kader = commit(repo, "eigen kader")
    assert data_versions(repo) == Herkomst({"venlo": kader, "zwolle": kader}, kader)


def test_uncommitted_changes_are_named_per_gemeente(repo: Path) -> None:
    first = commit(repo, "gegevens")
    replace(repo / "municipalities" / "venlo" / "gemeente.yaml", "inwoners: 100000",
            "inwoners: 100001")
    write(repo / "municipalities" / "deventer" / "gemeente.yaml", "naam: Deventer\n")
    versions = data_versions(repo)
    assert versions is not None
    assert versions.van("venlo") == f"{first}+wijzigingen"
    assert versions.van("zwolle") == first
    assert versions.van("deventer") == f"{first}+wijzigingen", "never committed"
    assert versions.geheel == f"{first}+wijzigingen"


def test_a_data_root_below_the_top_of_its_repository(tmp_path: Path) -> None:
    root = tmp_path / "gegevens"
    copy_gemeente(root, "venlo")
    git(tmp_path, "init", "-q")
    first = commit(tmp_path, "gegevens")
    write(tmp_path / "elders" / "x.yaml", "x: 1\n")  # outside the data root: no change
    assert data_versions(root) == Herkomst({"venlo": first}, first)
    replace(root / "municipalities" / "venlo" / "gemeente.yaml", "inwoners: 100000",
            "inwoners: 100001")
    versions = data_versions(root)
    assert versions is not None and versions.van("venlo") == f"{first}+wijzigingen"


def test_outside_git_there_is_no_provenance(tmp_path: Path) -> None:
    copy_gemeente(tmp_path)
    assert data_versions(tmp_path) is None


def check_out(root: Path) -> tuple[int, str]:
    result = stj("--root", root, "build", "--all", "--check")
    return result.exit_code, result.stdout


def test_committed_output_stays_current_until_the_data_changes(repo: Path) -> None:
    write(repo / ".gitignore", "out/.stj-build.json\n")
    commit(repo, "gegevens")
    assert stj("--root", repo, "build", "--all").exit_code == 0
    commit(repo, "out/ gebouwd")
    assert check_out(repo)[0] == 0, "committing out/ does not make it stale"
    write(repo / "README.md", "Gegevens van STJ\n")
    commit(repo, "README")
    assert check_out(repo)[0] == 0, "an unrelated commit does not make it stale"
    replace(repo / "municipalities" / "venlo" / "er-op-af-aanpak.yaml", "aantal_gezinnen: 25",
            "aantal_gezinnen: 26")
    code, report = check_out(repo)
    assert code == 1
    assert f"verouderd: {repo / 'out' / 'venlo' / 'factsheet.html'}" in report
    assert "zwolle/factsheet" not in report
    commit(repo, "Venlo: 26 gezinnen")
    assert check_out(repo)[0] == 1, "the edit, committed, is still not in out/"


def test_committing_an_edit_rebuilds_although_the_files_are_the_same(repo: Path) -> None:
    """The manifest skips a gemeente whose files did not change, but its provenance did."""
    commit(repo, "gegevens")
    replace(repo / "municipalities" / "venlo" / "gemeente.yaml", "inwoners: 100000",
            "inwoners: 100001")
    assert stj("--root", repo, "build", "venlo", "--format", "html").exit_code == 0
    page = repo / "out" / "venlo" / "factsheet.html"
    assert "+wijzigingen" in page.read_text(encoding="utf-8")
    edit = commit(repo, "Venlo: inwoners")
    again = stj("--root", repo, "build", "venlo", "--format", "html")
    assert again.stdout.endswith("1 geschreven, 0 ongewijzigd, 0 gemeenten mislukt\n")
    assert f"Versie van de gegevens: {edit}." in page.read_text(encoding="utf-8")


def test_a_shallow_clone_that_hides_a_version_is_a_usage_error(
        repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    commit(repo, "gegevens")
    write(repo / "README.md", "Gegevens van STJ\n")
    commit(repo, "README")
    clone = tmp_path_factory.mktemp("kloon") / "stj-data"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)],
                   check=True)
    result = stj("--root", clone, "build", "--all", "--check")
    assert result.exit_code == 2
    assert result.stderr == (
        "Fout: de git-geschiedenis is ingekort (een ondiepe kloon), zodat niet te zien is "
        "welke commit `venlo` het laatst wijzigde; haal alles op met `git fetch --unshallow` "
        "(in CI: fetch-depth: 0 bij GitHub, GIT_DEPTH: 0 bij GitLab) of bouw met "
        "--geen-herkomst\n")
    assert stj("--root", clone, "build", "--all", "--geen-herkomst").exit_code == 0


def test_building_from_uncommitted_data_says_what_that_means_for_out(repo: Path) -> None:
    first = commit(repo, "gegevens")
    replace(repo / "municipalities" / "zwolle" / "gemeente.yaml", "inwoners: 120000",
            "inwoners: 120001")
    result = stj("--root", repo, "build", "--all", "--format", "md")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"Let op: de gegevens van zwolle zijn niet gecommit; de factsheet noemt dan "
        f"`{first}+wijzigingen`. Wie out/ commit: commit eerst de gegevens en bouw dan "
        "opnieuw, anders vindt `stj build --all --check` out/ verouderd.")
    commit(repo, "Zwolle: inwoners")
    assert "Let op" not in stj("--root", repo, "build", "--all", "--format", "md").stderr
