# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ikev2_pki: the CA on the controller; logic in plugin_utils/ikev2/role.py and pki.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ikev2_pki import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import role


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        try:
            info, radius = role.prepare_pki(args["dest"], args["server"], args["users"],
                                            check_mode=bool(self._task.check_mode))
        except (ValueError, OSError) as exc:   # FieldError messages never hold a secret
            raise AnsibleActionFail("ikev2_pki: %s" % exc)
        result.update(changed=bool(info["changed"]), pki=info, radius_secret=radius)
        return result
