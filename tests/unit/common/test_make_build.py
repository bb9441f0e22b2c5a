"""`make build` builds the tarball with ansible-galaxy alone: no development toolchain (`setup`)."""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BIN = os.path.dirname(sys.executable)


@pytest.fixture
def bare_checkout(tmp_path):
    """The files `make build` reads, without .venv (a fresh clone)."""
    work = tmp_path / "clone"
    shutil.copytree(ROOT, str(work), symlinks=True, ignore=shutil.ignore_patterns(
        ".venv*", ".collections", ".git", "build", "artifacts", ".pytest_cache", "__pycache__", "context"))
    return work


def test_make_build_does_not_set_up_the_development_venv(bare_checkout):
    plan = subprocess.run(["make", "-n", "build"], cwd=str(bare_checkout), capture_output=True, text=True,
                          check=True).stdout
    assert "requirements-dev.txt" not in plan and "pip install" not in plan, plan
    assert "scripts/build.sh" in plan


def test_build_script_uses_a_build_venv_when_there_is_no_dev_venv(bare_checkout):
    """No .venv: the script takes .venv-build's ansible-galaxy (here the test's own, linked in)."""
    (bare_checkout / ".venv-build" / "bin").mkdir(parents=True)
    os.symlink(os.path.join(BIN, "ansible-galaxy"), str(bare_checkout / ".venv-build" / "bin" / "ansible-galaxy"))
    out = subprocess.run(["bash", "scripts/build.sh"], cwd=str(bare_checkout), capture_output=True, text=True,
                         env=dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"]), timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("build: build/pfne-netops-") and not (bare_checkout / ".venv").exists()
