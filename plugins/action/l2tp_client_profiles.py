# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.l2tp_client_profiles: write L2TP client profiles on the controller.

Runs in the controller process (no module round trip per file); the logic is in
plugin_utils/l2tp/clients.py.  Returns file names only, never content.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.l2tp_client_profiles import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import clients as l2tp_clients
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import mobile as l2tp_mobile


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("config", "dest", "plan"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args = checked_args(self._task.args, DOCUMENTATION)
        dest = args.get("dest")
        if not dest or not isinstance(dest, str):
            raise AnsibleActionFail("l2tp_client_profiles: dest is required (a directory on the controller)")
        plan = args.get("plan")
        entries = plan.get("entries") if isinstance(plan, dict) else plan
        try:
            model, _warnings = l2tp_mobile.normalize(args.get("config"))
            files = l2tp_clients.client_files(model)
            existing = os.listdir(dest) if os.path.isdir(dest) else []
            stale = l2tp_clients.stale_files(model, entries, existing)
            out = l2tp_clients.sync_files(files, dest, stale, check_mode=bool(self._task.check_mode))
        except (ValueError, OSError) as exc:   # L2tpConfigError messages never hold a secret
            raise AnsibleActionFail("l2tp_client_profiles: %s" % exc)
        result.update(out)
        return result
