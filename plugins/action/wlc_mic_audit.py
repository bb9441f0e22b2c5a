# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.wlc_mic_audit: read-only audit over network_cli."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection, ConnectionError
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.wlc_mic_audit import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import report as wlc_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import wording
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import CAVEAT

OPTIONS = tuple(wlc_collect.DEFAULTS) + ("platform",)


def connection_runner(connection):
    """run(command) -> text over the persistent connection."""

    def run(command):
        try:
            return connection.get(command=command)
        except ConnectionError as exc:
            raise AnsibleActionFail("command %r failed: %s" % (command, exc))

    return run


class ActionModule(ActionBase):
    _VALID_ARGS = frozenset(OPTIONS)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        platform = args.pop("platform", None)
        try:
            if not platform:
                platform = wlc_collect.platform_from_network_os((task_vars or {}).get("ansible_network_os"))
            wlc_collect.check_options(args)  # before anything is sent
        except ValueError as exc:
            raise AnsibleActionFail("wlc_mic_audit: %s" % exc)
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("wlc_mic_audit needs a persistent network_cli connection")
        run = connection_runner(Connection(socket_path))
        try:
            audit = wlc_collect.run_audit(run, platform, args)
        except ValueError as exc:
            raise AnsibleActionFail("wlc_mic_audit: %s" % exc)
        decision = audit["decision"]
        result.update({
            "changed": False,
            "audit": audit,
            "platform": platform,
            "fix_needed": decision["fix_needed"],
            "ignore_enabled": decision["ignore_enabled"],
            "summary": audit["summary"],
            "report_markdown": wlc_report.to_markdown(audit),
            "expiring": [r["name"] or r["mac"] for r in wording.expiring(audit)],
            "msg": wording.audit_message(audit, CAVEAT),
        })
        return result
