# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.routeros_ikev2_certs; logic in plugin_utils/ikev2/certstore.py and role.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.routeros_ikev2_certs import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_support import command_sender
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import certstore, role


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("routeros_ikev2_certs needs a persistent network_cli connection")
        check_mode = bool(self._task.check_mode)
        try:
            model, data = role.load(args["pki_dir"], args["server"], args["users"], check_mode=check_mode)
            wanted = role.wanted_certificates(model, data)
        except (ValueError, OSError) as exc:
            raise AnsibleActionFail("routeros_ikev2_certs: %s" % exc)
        send = command_sender(socket_path)
        if args["phase"] == "prune":
            out = certstore.run(send, [], prune_prefix=model["server"]["name"], keep=[w["name"] for w in wanted],
                                check_mode=check_mode)
        else:
            out = certstore.run(send, wanted, check_mode=check_mode)
        result.update(out)
        return result
