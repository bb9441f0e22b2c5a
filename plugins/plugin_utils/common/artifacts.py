# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that decides where a run's files go: ``pfne_artifacts_dir``.

Default: ``artifacts/`` in the user's project directory, the folder of their repository:
- a playbook of their own run from their repository (or from AWX, where the working directory is the
  project): the working directory, when the playbook lies inside it; otherwise the playbook's folder;
- a playbook shipped in an installed collection (``ansible-playbook pfne.netops.l2tp_mobile``): the
  working directory.
Never inside an installed collection (``install --force`` deletes it), never the bare temp directory,
never the filesystem root. A relative ``pfne_artifacts_dir`` is taken from the project directory.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import tempfile

DEFAULT_NAME = "artifacts"
VARIABLE = "pfne_artifacts_dir"


class ArtifactsDirError(ValueError):
    """The directory cannot be decided or is not allowed; the message names pfne_artifacts_dir."""


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def in_installed_collection(path):
    """True for a path inside an ``ansible_collections`` tree (an installed collection)."""
    return "ansible_collections" in os.path.realpath(path).split(os.sep)


def project_dir(playbook_dir, cwd):
    """The user's project directory for a run of a playbook in ``playbook_dir`` started in ``cwd``."""
    cwd = os.path.realpath(cwd)
    if not playbook_dir or in_installed_collection(playbook_dir):
        return cwd
    playbook_dir = os.path.realpath(playbook_dir)
    return cwd if _inside(playbook_dir, cwd) else playbook_dir


def resolve(explicit, playbook_dir, cwd, *subpath):
    """Absolute artifacts directory (joined with ``subpath``); ArtifactsDirError if not allowed."""
    if explicit is not None and not isinstance(explicit, str):
        raise ArtifactsDirError("%s: expected a directory path (a string), got %s" % (VARIABLE, type(explicit).__name__))
    project = project_dir(playbook_dir, cwd)
    base = os.path.expanduser(explicit) if explicit else DEFAULT_NAME
    base = os.path.normpath(os.path.join(project, base))
    _refuse(base, bool(explicit))
    return os.path.join(base, *[str(p) for p in subpath if p not in (None, "")])


def _refuse(base, explicit):
    where = "set %s to a folder of your project" % VARIABLE
    if in_installed_collection(base):
        raise ArtifactsDirError("%s: %s lies inside an installed collection (the next `ansible-galaxy collection "
                                "install --force` deletes it): run ansible-playbook from your project "
                                "directory, or %s" % (VARIABLE, base, where))
    temp = os.path.realpath(tempfile.gettempdir())
    if os.path.realpath(os.path.dirname(base)) in (os.sep, temp) and not explicit:
        raise ArtifactsDirError("%s: the default would be %s (working directory %s is not a project "
                                "folder): run ansible-playbook from your project directory, or %s"
                                % (VARIABLE, base, os.path.dirname(base), where))


def open_private(path, mode="w"):
    """Open ``path`` for writing, created (or reset to) mode 0600: for files that may hold secrets."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, mode)


def make_dir(path):
    """Create ``path`` (and parents) with mode 0700 when missing; an existing folder keeps its mode."""
    if not os.path.isdir(path):
        os.makedirs(path, 0o700)
    return path
