# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.routeros_apply: read RouterOS state, diff, send only what differs.

All logic is in plugin_utils/routeros/apply.py and routeros_diff.py; this file
binds them to the persistent network_cli connection (community.routeros cliconf:
``get(command)`` is ``send_command``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.routeros_apply import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.apply import (
    RouterOSApplyError,
    apply,
    gather,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log
from ansible_collections.pfne.netops.plugins.plugin_utils.common.persistent_reconnect import reconnect
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import (
    RouterOSContractError,
    validate_entries,
)


def connection_sender(connection):
    """send(command) -> output text over the persistent connection."""

    def send(command):
        return connection.get(command=command)

    return send


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("entries", "gather_only", "secret_update", "version"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args = checked_args(self._task.args, DOCUMENTATION)
        try:
            gather_only = boolean(args.get("gather_only", False), strict=True)
        except TypeError:
            raise AnsibleActionFail("routeros_apply: gather_only must be a boolean")
        secret_update = args.get("secret_update", "on_change")
        entries = args.get("entries")
        if not gather_only:
            if entries is None:
                raise AnsibleActionFail("routeros_apply: entries is required unless gather_only is true")
            try:  # before anything is sent
                validate_entries(entries)
                if secret_update not in ("on_change", "always"):
                    raise RouterOSContractError("secret_update: must be 'on_change' or 'always'")
            except RouterOSContractError as exc:
                raise AnsibleActionFail("routeros_apply: %s" % exc)
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail(
                "routeros_apply needs a persistent network_cli connection "
                "(ansible_connection: ansible.netcommon.network_cli, "
                "ansible_network_os: community.routeros.routeros)")
        connection = Connection(socket_path)
        send = connection_sender(connection)
        try:
            if gather_only:
                facts = gather(send)
                result.update(changed=False, **facts)
                return result
            # refusals come back as output (find_error reads them), not as a logged traceback
            with secret_log.guard(connection, self._connection, warn=not self._task.check_mode):
                out = apply(entries, send, check_mode=bool(self._task.check_mode), secret_update=secret_update,
                            version=args.get("version") or None, reconnect=lambda: connection_sender(reconnect(self, connection)))
        except RouterOSApplyError as exc:
            result.update(exc.details)
            result.update(failed=True, msg="routeros_apply: %s" % exc.message)
            return result
        warnings = out.pop("warnings")
        if warnings:
            result["warnings"] = warnings
        result.update(out)
        return result
