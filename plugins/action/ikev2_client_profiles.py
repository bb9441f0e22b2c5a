# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ikev2_client_profiles; logic in plugin_utils/ikev2/role.py (render_profiles
of plugin_utils/ikev2/profiles).  Returns file names only, never content."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ikev2_client_profiles import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import role


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        check_mode = bool(self._task.check_mode)
        try:
            model, data = role.load(args["pki_dir"], args["server"], args["users"], check_mode=check_mode)
            out = role.write_profiles(model, data, args["dest"], check_mode=check_mode)
        except (ValueError, OSError) as exc:
            raise AnsibleActionFail("ikev2_client_profiles: %s" % exc)
        result.update(changed=bool(out["written"] or out["deleted"]), written=out["written"], deleted=out["deleted"],
                      files=[os.path.join(args["dest"], name) for name in out["files"]])
        return result
