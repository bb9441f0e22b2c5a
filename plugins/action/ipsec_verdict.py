# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ipsec_verdict; logic in plugin_utils/ipsec/verdict.py and common/device_read.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ipsec_verdict import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_support import command_sender, login_secrets
from ansible_collections.pfne.netops.plugins.plugin_utils.common.device_read import ReadError, read_all
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verdict
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        secrets = login_secrets(self._play_context, [t.get("psk") for t in args["tunnels"] if isinstance(t, dict)])
        try:
            endpoints = verdict.present_endpoints(args["tunnels"], args["site"])
            mismatch = verdict.mismatches(endpoints, args["peer_tunnels"])
        except verdict.DEFINITION_ERRORS as exc:   # validated before; named by field, PSKs masked
            result.update(failed=True, msg=mask(str(exc), secrets))
            return result

        # a connection that cannot be opened fails inside send, as a ReadError with its own text
        send = command_sender(getattr(self._connection, "socket_path", None))

        def read():
            return read_all(send, args["commands"], secrets)

        try:
            out = verdict.wait(read, args["platform"], endpoints, mismatch, args["attempts"], args["delay"], time.sleep)
        except ReadError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        result.update(changed=False, **out)
        return result
