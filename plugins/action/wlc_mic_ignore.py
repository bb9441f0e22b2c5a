# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.wlc_mic_ignore: allow (or stop allowing) expired AP certificates.

Decides from the audit whether to change anything; the change itself (AireOS commands, 9800 blocks)
is plugin_utils/wlc/fix_apply.py, sent through the send engine (plugin_utils/common/send.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.wlc_mic_ignore import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import fix as wlc_fix
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.persistent_reconnect import reconnect
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import fix_apply

ARGS = ("state", "cert_types", "force", "audit", "platform", "map_name", "include_act2",
        "save_config", "state_command")


def sender(connection):
    """send(line) over the persistent connection (answering the controller's y/n questions)."""
    return lambda line: connection.get(command=line, **fix_apply.PROMPTS.get(line, {}))


class ActionModule(ActionBase):
    _VALID_ARGS = frozenset(ARGS)

    def _options(self, task_vars):
        # checked_args has typed the values and filled the documented defaults
        args = self._task.args
        opts = dict((key, args[key]) for key in (
            "state", "cert_types", "force", "audit", "map_name", "include_act2", "save_config", "state_command"))
        opts["platform"] = args.get("platform") or wlc_collect.platform_from_network_os(
            (task_vars or {}).get("ansible_network_os"))
        opts["cert_types"] = wlc_fix.check_options(opts["state"], opts["cert_types"])
        wlc_fix.check_map_name(opts["map_name"])
        if opts["audit"] is not None and not (isinstance(opts["audit"], dict) and "decision" in opts["audit"]):
            raise wlc_fix.FixInputError("audit: expected the 'audit' value returned by pfne.netops.wlc_mic_audit")
        return opts

    def _wanted(self, opts):
        """(apply?, reason, cert types) for state=enabled; disabled always converges.

        Only the verdicts the allowance fixes count (ap-mic-expired, ap-ssc-expired):
        controller and image-signing certificates are never answered with it."""
        if opts["state"] == "disabled":
            return True, "state: disabled requested", opts["cert_types"]
        if opts["force"]:
            return True, "forced", opts["cert_types"]
        if opts["audit"] is None:
            return False, "no audit given and force is false: nothing to decide on", []
        dec = opts["audit"]["decision"]
        types = [t for t in dec.get("fix_cert_types", []) if t in opts["cert_types"]]
        others = dec.get("not_fixed_by_allowance") or {}
        tail = "".join("; %s: %s (not fixed by the allowance)" % (v, ", ".join(n[:10])) for v, n in
                       sorted(others.items()))
        if types:
            return True, "; ".join(dec.get("reasons", [])) + tail, types
        return False, "audit found no AP the expired-certificate allowance would let join" + tail, []

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        self._task.args = checked_args(self._task.args, DOCUMENTATION)
        try:
            opts = self._options(task_vars)
        except ValueError as exc:
            raise AnsibleActionFail("wlc_mic_ignore: %s" % exc)
        apply_it, reason, opts["cert_types"] = self._wanted(opts)
        result.update({"changed": False, "commands": [], "reason": reason, "platform": opts["platform"],
                       "caveat": wlc_fix.CAVEAT})
        if not apply_it:
            result["msg"] = "no change: %s" % reason
            return result
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("wlc_mic_ignore needs a persistent network_cli connection")
        conn = Connection(socket_path)
        check = bool(self._play_context.check_mode)

        def again():   # a new session after a lost one (the re-read after a failure)
            return sender(reconnect(self, conn))

        try:
            if opts["platform"] == "aireos":
                result.update(fix_apply.aireos(sender(conn), opts, check, again))
            else:   # IOS-XE: refusals come back as output, read by the engine (and `end` before the re-read)
                with secret_log.guard(conn, self._connection, warn=False):
                    result.update(fix_apply.c9800(sender(conn), opts, check, again))
        except ValueError as exc:
            raise AnsibleActionFail("wlc_mic_ignore: %s" % exc)
        if not result.get("failed"):
            verb = ("would change" if check else "changed") if result["changed"] else "already as requested"
            result["msg"] = "%s (%s). %s" % (verb, reason, wlc_fix.CAVEAT)
        return result
