# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ipsec_ios_report: the three lists of a failed crypto map change, then
the router read again (new connection after a loss) and planned again by the role's own planner."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.action.wlc_mic_audit import connection_runner
from ansible_collections.pfne.netops.plugins.filter.ipsec_site import ipsec_ios_lines
from ansible_collections.pfne.netops.plugins.modules.ipsec_ios_report import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.ios_config_loop import flatten_blocks, loop_outcome
from ansible_collections.pfne.netops.plugins.plugin_utils.persistent_reconnect import reconnect
from ansible_collections.pfne.netops.plugins.plugin_utils.secret_log import mask


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        secrets = [t.get("psk") or "" for t in args["tunnels"]]
        out = outcome(args["keys"], args["results"], args["planned"])
        result.update(failed=True, changed=bool(out["confirmed"] or out["in_doubt"]), reconnected=out["lost"],
                      confirmed=[mask(x, secrets) for x in out["confirmed"]],
                      in_doubt=[mask(x, secrets) for x in out["in_doubt"]],
                      not_sent=[mask(x, secrets) for x in out["not_sent"]])
        try:
            conn = Connection(self._connection.socket_path)
            if out["lost"]:
                conn = reconnect(self, conn)
            elif conn.get_prompt().rstrip().endswith(")#"):   # a refusal left the session in configuration mode
                conn.get(command="end")
            plan = ipsec_ios_lines(args["tunnels"], args["site"], connection_runner(conn)("show running-config"),
                                   args["update_password"])
            if plan.get("error"):
                raise ValueError(plan["error"])
            left = flatten_blocks(plan["masked_blocks"])
            result["rerun_would_send"] = left
            now = "; read again%s: %s" % (" over a new connection" if out["lost"] else "",
                                          "nothing left to send" if not left else "a rerun would send " + ", ".join(left))
        except Exception as exc:   # report; the failure above stays the cause
            now = "; could not read the router again (%s): run the role again" % mask(exc, secrets)
        result["msg"] = mask("cisco_crypto_map: %s (%s). Confirmed: %s; in doubt: %s; not sent: %s%s" % (
            "connection lost" if out["lost"] else "the router refused a line", out["error"],
            result["confirmed"] or "none", result["in_doubt"] or "none", result["not_sent"] or "none", now), secrets)
        return result


def outcome(keys, results, planned):
    """Three lists over the key task and the ios_config loop after it (which does not run when a key failed)."""
    if keys.get("failed"):
        return {"confirmed": list(keys.get("confirmed") or []), "in_doubt": list(keys.get("in_doubt") or []),
                "not_sent": list(keys.get("not_sent") or []) + flatten_blocks(planned),
                "error": keys.get("msg"), "lost": bool(keys.get("in_doubt"))}
    out = loop_outcome(planned, results)
    out["confirmed"] = list(keys.get("confirmed") or []) + out["confirmed"]
    return out
