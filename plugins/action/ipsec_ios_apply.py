# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ipsec_ios_apply: the crypto map change in one task.

The logic is plugin_utils/ios/crypto_apply.py (plan, send through common/send.py, re-read); this file
binds it to the persistent connection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ipsec_ios_apply import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import crypto_apply
from ansible_collections.pfne.netops.plugins.plugin_utils.common.persistent_reconnect import reconnect


def sender(connection):
    return lambda line: connection.get(command=line)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("pfne.netops.ipsec_ios_apply needs a persistent network_cli connection "
                                    "(ansible_connection: ansible.netcommon.network_cli)")
        connection = Connection(socket_path)
        send = sender(connection)
        running = self._running_config(args["running_config_from"], task_vars or {}, send)
        net = {"minutes": args["safety_net_minutes"], "archive_path": args["archive_path"]} if args["safety_net"] else None
        try:
            planned = crypto_apply.plan(args["tunnels"], args["site"], running, args["update_password"], net)
        except crypto_apply.CryptoApplyError as exc:
            return dict(result, failed=True, changed=False, msg="ipsec_ios_apply: %s (nothing sent)" % exc)
        check = bool(self._task.check_mode)
        replan = crypto_apply.replanner(args["tunnels"], args["site"], args["update_password"],
                                        lambda new_send: new_send(crypto_apply.READ_COMMAND))
        with secret_log.guard(connection, self._connection, warn=not check and bool(planned["blocks"])):
            out = crypto_apply.run(planned, send, check_mode=check, replan=replan,
                                   reconnect=lambda: sender(reconnect(self, connection)))
        diff = out.pop("diff")
        if self._task.diff and out["changed"]:
            out["diff"] = diff
        result.update(out)
        return result

    @staticmethod
    def _running_config(name, task_vars, send):
        if not name:
            return send(crypto_apply.READ_COMMAND)
        try:
            return task_vars[name]["stdout"][0]
        except (KeyError, IndexError, TypeError):
            raise AnsibleActionFail("ipsec_ios_apply: running_config_from: %r is not a registered result of "
                                    "'show running-config' (stdout[0])" % name)
