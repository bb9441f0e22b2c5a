# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ios_secret_lines: secret-bearing IOS lines, refusals read here.

The logic (sending, the three lists, masking) is plugin_utils/secret_log.py; this file binds it
to the persistent connection and to the IOS terminal plugin's error patterns.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import Connection
from ansible.plugins.action import ActionBase
from ansible.plugins.loader import terminal_loader

from ansible_collections.pfne.netops.plugins.modules.ios_secret_lines import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils import secret_log


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        # imported here: ansible-test's import check runs without the collections we depend on
        from ansible_collections.ansible.utils.plugins.module_utils.common.argspec_validate import (
            AnsibleArgSpecValidator,
        )

        valid, errors, args = AnsibleArgSpecValidator(
            data=dict(self._task.args), schema=DOCUMENTATION, schema_format="doc",
            name="pfne.netops.ios_secret_lines").validate()
        if not valid:
            raise AnsibleActionFail("pfne.netops.ios_secret_lines: %s" % "; ".join(errors))
        secrets = args["secrets"]
        blocks = [block["parents"] + block["lines"] for block in args["blocks"]]
        commands = [secret_log.mask(line, secrets) for block in blocks for line in block]
        result.update(changed=bool(commands), commands=commands, confirmed=[], in_doubt=[],
                      not_sent=[] if self._task.check_mode else list(commands))
        if self._task.check_mode or not commands:
            return result
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AnsibleActionFail("pfne.netops.ios_secret_lines needs a persistent network_cli connection "
                                    "(ansible_connection: ansible.netcommon.network_cli)")
        patterns = terminal_loader.get(self._play_context.network_os, class_only=True).terminal_stderr_re
        connection = Connection(socket_path)

        def send(line):
            return connection.get(command=line)

        def refusal(output):
            return secret_log.find_refusal(output, patterns)

        outcome = {"confirmed": [], "in_doubt": [], "not_sent": [], "error": None}
        with secret_log.guard(connection, self._connection):
            for index, block in enumerate(blocks):
                step = secret_log.send_lines(send, ["configure terminal"] + block + ["end"], refusal, secrets)
                outcome["confirmed"] += [line for line in step["confirmed"] if line not in ("configure terminal", "end")]
                outcome["in_doubt"] += step["in_doubt"]
                if step["error"]:
                    outcome["not_sent"] = [line for line in step["not_sent"] if line != "end"] + [
                        secret_log.mask(line, secrets) for later in blocks[index + 1:] for line in later]
                    outcome["error"] = step["error"]
                    outcome["refused"] = step.get("refused")
                    if not step["in_doubt"]:
                        try:   # leave configuration mode; a failure here changes nothing reported above
                            send("end")
                        except Exception:
                            pass
                    break
        result.update(confirmed=outcome["confirmed"], in_doubt=outcome["in_doubt"], not_sent=outcome["not_sent"])
        if outcome["error"]:
            result.update(failed=True, changed=bool(outcome["confirmed"]), refused=outcome.get("refused"),
                          msg="pfne.netops.ios_secret_lines: %s" % outcome["error"])
        return result
