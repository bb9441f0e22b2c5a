# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.preflight: connect, read the version command, check platform and
privilege; logic and messages in plugin_utils/common/preflight.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.preflight import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common import preflight
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_support import login_secrets


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        task_vars = task_vars or {}
        host = task_vars.get("inventory_hostname", self._play_context.remote_addr)
        network_os = self._play_context.network_os or to_text(task_vars.get("ansible_network_os", ""))
        secrets = login_secrets(self._play_context, args["secrets"])
        command = preflight.version_command(network_os)
        try:
            conn = Connection(self._connection.socket_path)
            output = to_text(conn.get(command=command)) if command else ""
            prompt = to_text(conn.get_prompt(), errors="surrogate_or_strict")
        except Exception as exc:  # the transport's error: refused, timed out, login or enable failed
            result.update(failed=True, msg=preflight.connection_error(
                host, self._play_context.remote_addr, self._play_context.port, exc, secrets))
            return result
        error = preflight.device_error(host, network_os, output, prompt, bool(self._play_context.become))
        if error:
            result.update(failed=True, msg=preflight.mask(error, secrets))
            return result
        result.update(changed=False, network_os=network_os, version_command=command, prompt=prompt.strip())
        return result
