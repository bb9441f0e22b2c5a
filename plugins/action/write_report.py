# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.write_report: thin; the writer is plugin_utils/common/report.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.write_report import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common import report

# connection secrets of the host the task runs for: masked in the report wherever they appear
HOST_SECRETS = ("ansible_password", "ansible_ssh_pass", "ansible_become_password", "ansible_become_pass")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("kind", "data", "dest", "name", "hosts", "format", "secrets"))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        secrets = list(args["secrets"])
        for key in HOST_SECRETS:
            value = (task_vars or {}).get(key)
            if value:
                secrets.append(str(self._templar.template(value)))
        try:
            out = report.write(args["kind"], args["data"], args["dest"], args["name"], args["hosts"],
                               fmt=args["format"], secrets=secrets)
        except (report.ReportError, OSError) as exc:
            raise AnsibleActionFail("write_report: %s" % exc)
        result.update(out, changed=False, msg="report written: %s" % out["report"])
        return result
