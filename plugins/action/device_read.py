# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.device_read; logic in plugin_utils/common/device_read.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.device_read import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_support import command_sender, login_secrets
from ansible_collections.pfne.netops.plugins.plugin_utils.common.device_read import ReadError, read_all


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        secrets = login_secrets(self._play_context, args["secrets"])
        send = command_sender(getattr(self._connection, "socket_path", None))
        try:   # a connection that cannot be opened fails inside send, as a ReadError with its own text
            outputs = read_all(send, args["commands"], secrets)
        except ReadError as exc:   # shown: the masked error text, never the output
            result.update(failed=True, msg=str(exc))
            return result
        # stdout_lines as ios_command returns them: ansible-core 2.19+ otherwise derives them from stdout,
        # which is a list here, and the result fails in the callback ('list' has no splitlines)
        result.update(changed=False, stdout=outputs, stdout_lines=[out.splitlines() for out in outputs],
                      _ansible_no_log=True)
        return result
