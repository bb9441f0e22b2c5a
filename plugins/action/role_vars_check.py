# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.role_vars_check: the logic is in plugin_utils/common/vars_check.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.role_vars_check import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common import vars_check


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("prefix", "role_path"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        names = [n for n in (task_vars or {}) if n.startswith((args["prefix"], vars_check.PFNE_PREFIX))]
        try:
            message = vars_check.check_role_vars(names, args["role_path"], args["prefix"])
        except (OSError, ValueError) as exc:
            raise AnsibleActionFail("role_vars_check: cannot read the role's files: %s" % exc)
        if message:
            raise AnsibleActionFail(message)
        result.update(changed=False, checked=len(names))
        return result
