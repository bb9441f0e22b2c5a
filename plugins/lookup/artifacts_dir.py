# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lookup pfne.netops.artifacts_dir: thin; the rule is in plugin_utils/common/artifacts.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: artifacts_dir
short_description: The directory where a run writes its files (pfne_artifacts_dir)
version_added: 0.2.0
author: pfne.netops contributors (@pfne)
description:
  - Returns the absolute path of the run's artifacts directory joined with the terms, for example
    C(lookup('pfne.netops.artifacts_dir', 'l2tp', inventory_hostname)).
  - The directory is the variable C(pfne_artifacts_dir) when set (a relative path is taken from the project
    directory), else C(artifacts/) in the project directory, the folder of the user's repository - the working
    directory of C(ansible-playbook) when the playbook lies inside it (also under AWX, where the working
    directory is the project), else the playbook's folder; for a playbook shipped in an installed collection,
    the working directory.
  - Fails, naming C(pfne_artifacts_dir), for a directory inside an installed collection (the next
    C(ansible-galaxy collection install --force) would delete it) and, for the default, when the working
    directory is the filesystem root or the bare temporary directory.
  - Creates nothing; the tasks that write files create their directories.
options:
  _terms:
    description: Path parts below the artifacts directory.
    type: list
    elements: str
    required: false
"""

EXAMPLES = r"""
- name: Where this host's client profiles go
  ansible.builtin.debug:
    msg: "{{ lookup('pfne.netops.artifacts_dir', 'l2tp', inventory_hostname) }}"
"""

RETURN = r"""
_raw:
  description: One absolute directory path.
  type: list
  elements: str
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.pfne.netops.plugins.plugin_utils.common import artifacts


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        variables = variables or {}
        explicit = variables.get(artifacts.VARIABLE)
        if explicit is not None:
            explicit = self._templar.template(explicit)
        try:
            path = artifacts.resolve(explicit or None, variables.get("playbook_dir"), os.getcwd(), *terms)
        except artifacts.ArtifactsDirError as exc:
            raise AnsibleLookupError(str(exc))
        return [path]
