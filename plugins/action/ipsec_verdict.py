# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ipsec_verdict; logic in plugin_utils/ipsec/verdict.py and common/device_read.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ipsec_verdict import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.device_read import ReadError, read_all
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verdict
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        secrets = [s for s in (self._play_context.password, self._play_context.become_pass) if s]
        secrets += [t.get("psk") for t in args["tunnels"] if isinstance(t, dict) and t.get("psk")]
        try:
            endpoints = verdict.present_endpoints(args["tunnels"], args["site"])
            mismatch = verdict.mismatches(endpoints, args["peer_tunnels"])
        except verdict.DEFINITION_ERRORS as exc:   # validated before; named by field, PSKs masked
            result.update(failed=True, msg=mask(str(exc), secrets))
            return result

        def send(command):   # a connection that cannot be opened fails here, as a ReadError with its own text
            conn = Connection(getattr(self._connection, "socket_path", None))
            return to_text(conn.get(command=command), errors="surrogate_or_strict")

        def read():
            return read_all(send, args["commands"], secrets)

        try:
            out = verdict.wait(read, args["platform"], endpoints, mismatch, args["attempts"], args["delay"], time.sleep)
        except ReadError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        result.update(changed=False, **out)
        return result
