"""pfne_artifacts_dir: one rule for where a run's files go - the user's project, never an installed
collection, never the folder above the user's repository, never the bare temp directory."""
import os
import stat
import tempfile

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common import artifacts


@pytest.fixture
def repo(tmp_path):
    """A team's repository with playbooks at its root and the collection installed under collections/."""
    (tmp_path / "repo" / "playbooks").mkdir(parents=True)
    installed = tmp_path / "repo" / "collections" / "ansible_collections" / "pfne" / "netops" / "playbooks"
    installed.mkdir(parents=True)
    return tmp_path / "repo"


def test_playbook_at_the_repo_root_writes_into_the_repo_not_above_it(repo):
    assert artifacts.resolve(None, str(repo), str(repo), "l2tp", "rtr1") == str(repo / "artifacts" / "l2tp" / "rtr1")


def test_playbook_in_a_subfolder_run_from_the_repo_root_uses_the_repo(repo):
    assert artifacts.resolve(None, str(repo / "playbooks"), str(repo)) == str(repo / "artifacts")


def test_shipped_playbook_run_by_name_writes_into_the_working_directory(repo):
    shipped = repo / "collections" / "ansible_collections" / "pfne" / "netops" / "playbooks"
    assert artifacts.resolve(None, str(shipped), str(repo), "captures") == str(repo / "artifacts" / "captures")


def test_playbook_run_from_elsewhere_uses_the_playbooks_folder(repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    assert artifacts.resolve(None, str(repo), str(tmp_path / "elsewhere")) == str(repo / "artifacts")


def test_awx_project_is_the_working_directory(tmp_path):
    project = tmp_path / "runner" / "project"
    (project / "site").mkdir(parents=True)
    assert artifacts.resolve(None, str(project / "site"), str(project)) == str(project / "artifacts")


def test_relative_and_absolute_settings(repo, tmp_path):
    assert artifacts.resolve("out/files", str(repo), str(repo), "x") == str(repo / "out" / "files" / "x")
    assert artifacts.resolve(str(tmp_path / "abs"), str(repo), str(repo)) == str(tmp_path / "abs")


def test_inside_an_installed_collection_is_refused(repo):
    inside = repo / "collections" / "ansible_collections" / "pfne" / "netops"
    with pytest.raises(artifacts.ArtifactsDirError) as info:
        artifacts.resolve(None, str(inside / "playbooks"), str(inside))
    assert "pfne_artifacts_dir" in str(info.value) and "installed collection" in str(info.value)
    with pytest.raises(artifacts.ArtifactsDirError):
        artifacts.resolve(str(inside / "artifacts"), str(repo), str(repo))


def test_default_is_never_the_bare_temp_dir_or_the_root(repo):
    shipped = repo / "collections" / "ansible_collections" / "pfne" / "netops" / "playbooks"
    for cwd in (tempfile.gettempdir(), os.sep):
        with pytest.raises(artifacts.ArtifactsDirError) as info:
            artifacts.resolve(None, str(shipped), cwd)
        assert "pfne_artifacts_dir" in str(info.value)


def test_a_non_string_setting_is_refused_by_name(repo):
    with pytest.raises(artifacts.ArtifactsDirError, match="pfne_artifacts_dir: expected a directory path"):
        artifacts.resolve(["x"], str(repo), str(repo))


def test_private_files_are_0600_even_when_they_existed(tmp_path):
    path = tmp_path / "f.json"
    path.write_text("old")
    os.chmod(str(path), 0o644)
    with artifacts.open_private(str(path)) as handle:
        handle.write("new")
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600 and path.read_text() == "new"
    made = artifacts.make_dir(str(tmp_path / "a" / "b"))
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o700
