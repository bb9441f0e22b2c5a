# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.wlc_mic_ignore: allow (or stop allowing) expired AP certificates.

AireOS: reads the version and the current state, then sends only the
``config ap cert-expiry-ignore|lifetime-check`` commands that differ (none in
check mode).  Catalyst 9800: reads ``show running-config | section crypto pki``
and returns config blocks for cisco.ios.ios_config (the role applies them).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.action.wlc_mic_audit import connection_runner
from ansible_collections.pfne.netops.plugins.modules.wlc_mic_ignore import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils import ios_config_loop, wlc_aireos, wlc_c9800, wlc_collect, wlc_fix
from ansible_collections.pfne.netops.plugins.plugin_utils.persistent_reconnect import reconnect

ERROR_RE = re.compile(r"(Incorrect (usage|input)|Invalid|Error|not supported|% )", re.IGNORECASE)
ARGS = ("state", "cert_types", "force", "audit", "platform", "map_name", "include_act2",
        "save_config", "state_command", "c9800_results", "c9800_planned")


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
        if self._task.args.get("c9800_results") is not None:
            return self._c9800_report(result, opts)
        apply_it, reason, opts["cert_types"] = self._wanted(opts)
        result.update({"changed": False, "commands": [], "c9800_blocks": [], "reason": reason,
                       "platform": opts["platform"], "caveat": wlc_fix.CAVEAT})
        if not apply_it:
            result["msg"] = "no change: %s" % reason
            return result
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("wlc_mic_ignore needs a persistent network_cli connection")
        conn = Connection(socket_path)
        run = connection_runner(conn)
        try:
            if opts["platform"] == "aireos":
                self._aireos(run, conn, opts, result)
            else:
                self._c9800(run, opts, result)
        except ValueError as exc:
            raise AnsibleActionFail("wlc_mic_ignore: %s" % exc)
        if result.get("failed"):
            return result
        if result.get("pending"):
            verb = "to apply with cisco.ios.ios_config"
        elif result["changed"]:
            verb = "would change" if self._play_context.check_mode else "changed"
        else:
            verb = "already as requested"
        result["msg"] = "%s (%s). %s" % (verb, reason, wlc_fix.CAVEAT)
        return result

    def _aireos(self, run, conn, opts, result):
        version = wlc_aireos.parse_sysinfo(run("show sysinfo"))["version"]
        before = wlc_aireos.parse_cert_ignore_state(run(opts["state_command"]))
        cmds = wlc_fix.aireos_commands(version, before, opts["state"], opts["cert_types"])
        wlc_cert_expired = bool(opts["audit"]) and any(
            c.get("state") == "expired" for c in opts["audit"].get("wlc_certificates", []))
        result.update({"version": version, "before": before, "commands": cmds, "changed": bool(cmds),
                       "warnings": wlc_fix.aireos_warnings(version, wlc_cert_expired)})
        if not cmds or self._play_context.check_mode:
            return
        # AireOS prints nothing for an accepted command, and network_cli returns the same empty output when
        # the channel closes while it runs: a command counts as confirmed once a later command got an answer
        confirmed, pending = [], []
        for pos, cmd in enumerate(cmds):
            try:
                out = run(cmd)
            except AnsibleActionFail as exc:
                if ERROR_RE.search(str(exc).split(": ", 1)[-1]):   # the terminal plugin raised the device's refusal
                    result["failed_command"] = cmd
                    return self._stopped(run, version, opts, result, confirmed + pending, [], cmds[pos + 1:],
                                         "controller rejected %r: %s" % (cmd, exc), conn=conn)
                return self._stopped(run, version, opts, result, confirmed, pending + [cmd], cmds[pos + 1:],
                                     "connection lost while sending %r: %s" % (cmd, exc), conn=conn, lost=True)
            confirmed, pending = confirmed + pending, []
            if out and ERROR_RE.search(out):
                result["failed_command"] = cmd
                return self._stopped(run, version, opts, result, confirmed, [], cmds[pos + 1:],
                                     "controller rejected %r: %s" % (cmd, out.strip()), conn=conn)
            pending = [cmd]
        try:
            after = wlc_aireos.parse_cert_ignore_state(run(opts["state_command"]))
        except AnsibleActionFail as exc:
            return self._stopped(run, version, opts, result, confirmed, pending, [],
                                 "connection lost after the last command (%s)" % exc, conn=conn, lost=True)
        confirmed += pending
        result.update({"confirmed": confirmed, "in_doubt": [], "not_sent": []})
        result["after"] = after
        left = wlc_fix.aireos_commands(version, after, opts["state"], opts["cert_types"])
        if left:
            return self._stopped(run, version, opts, result, confirmed, [], [],
                                 "state not reached although the controller accepted every command; "
                                 "still needed: %s" % ", ".join(left), reread=False)
        if opts["save_config"]:
            conn.get(command="save config", prompt=r"\(y/n\)", answer="y")
            result["saved"] = True

    def _stopped(self, run, version, opts, result, confirmed, in_doubt, not_sent, why, reread=True, conn=None,
                 lost=False):
        """Fail with what was applied (confirmed), what may have been (in doubt) and what
        was not sent, after reading the state again (over a new connection after a loss) to say
        what is on the controller."""
        result.update({"failed": True, "changed": bool(confirmed or in_doubt), "confirmed": confirmed,
                       "in_doubt": in_doubt, "not_sent": not_sent})
        now = ""
        if reread:
            try:
                if lost and conn is not None:
                    run = connection_runner(reconnect(self, conn))
                    result["reconnected"] = True
                result["after"] = wlc_aireos.parse_cert_ignore_state(run(opts["state_command"]))
                left = wlc_fix.aireos_commands(version, result["after"], opts["state"], opts["cert_types"])
                now = "; read again: %s" % ("state reached" if not left else "still needed " + ", ".join(left))
            except Exception as exc:   # AnsibleActionFail, or no new connection
                now = "; could not read the state again (%s): run the audit again" % exc
        result["msg"] = "wlc_mic_ignore: %s. Confirmed: %s; in doubt: %s; not sent: %s%s" % (
            why, confirmed or "none", in_doubt or "none", not_sent or "none", now)
        return result

    def _c9800(self, run, opts, result):
        before = wlc_c9800.parse_pki_allow_expired(run("show running-config | section crypto pki"))
        blocks = wlc_fix.c9800_config(before, opts["map_name"], opts["state"], opts["include_act2"])
        # Applied by cisco.ios.ios_config in the role, which reports the change.
        result.update({"before": before, "c9800_blocks": blocks, "commands": ios_config_loop.flatten_blocks(blocks),
                       "changed": False, "pending": bool(blocks)})

    def _c9800_report(self, result, opts):
        """After the role's ios_config loop failed: the three lists, then the controller read again
        (over a new connection when the old one was lost) to say what is really there."""
        planned = self._task.args.get("c9800_planned") or []
        out = ios_config_loop.loop_outcome(planned, self._task.args["c9800_results"])
        result.update(failed=True, changed=bool(out["confirmed"] or out["in_doubt"]), platform="c9800",
                      confirmed=out["confirmed"], in_doubt=out["in_doubt"], not_sent=out["not_sent"])
        socket_path = getattr(self._connection, "socket_path", None)
        now = ""
        try:
            conn = Connection(socket_path)
            if out["lost"]:
                conn = reconnect(self, conn)
            after = wlc_c9800.parse_pki_allow_expired(
                connection_runner(conn)("show running-config | section crypto pki"))
            left = ios_config_loop.flatten_blocks(
                wlc_fix.c9800_config(after, opts["map_name"], opts["state"], opts["include_act2"]))
            result.update(after=after, rerun_would_send=left, reconnected=out["lost"])
            now = "; read again%s: %s" % (" over a new connection" if out["lost"] else "",
                                          "state reached" if not left else "still needed " + ", ".join(left))
        except Exception as exc:   # report; the failure above stays the cause
            now = "; could not read the controller again (%s): run the role again" % exc
        result["msg"] = "wlc_mic_ignore: %s while applying the 9800 blocks (%s). Confirmed: %s; in doubt: %s; " \
                        "not sent: %s%s" % ("connection lost" if out["lost"] else "the controller refused a line",
                                            out["error"], out["confirmed"] or "none", out["in_doubt"] or "none",
                                            out["not_sent"] or "none", now)
        return result
