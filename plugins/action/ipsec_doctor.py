# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.ipsec_doctor: thin; the logic is plugin_utils/doctor/ (run.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.ipsec_doctor import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.common.artifacts import make_dir
from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import report, run


def _read(host, hvars, args):
    device, read = hvars.get(args["device_var"]), hvars.get(args["read_var"])
    if not isinstance(device, dict):     # the host never got to its read (unreachable, or failed before it)
        platform = "routeros" if "routeros" in str(hvars.get("ansible_network_os") or "") else "ios"
        return {"platform": platform, "error": "%s could not be read: not reached (unreachable, or failed before "
                                               "its read; see its errors above)" % host}
    out = {"platform": device.get("platform"), "version": device.get("version"), "commands": list(device.get("commands") or [])}
    read = read if isinstance(read, dict) else {}
    if device.get("error") or read.get("failed") or not out["commands"] or "stdout" not in read:
        out["error"] = "%s could not be read: %s" % (host, device.get("error") or read.get("msg") or "no read")
    else:
        out["stdout"] = list(read.get("stdout") or [])
    return out


def _host_reads(hostvars, args):
    """(reads by host, tunnels, host -> site) from the hosts' variables (keys never pass through arguments)."""
    reads, tunnels, sites = {}, None, {}
    for host in args["hosts"]:
        hvars = hostvars.get(host) or {}
        reads[host] = _read(host, hvars, args)
        if hvars.get(args["site_var"]):
            sites[host] = hvars.get(args["site_var"])
        if tunnels is None and hvars.get(args["tunnels_var"]):
            tunnels = hvars.get(args["tunnels_var"])
    return reads, tunnels or [], sites


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = checked_args(self._task.args, DOCUMENTATION)
        reads, tunnels, sites = _host_reads((task_vars or {}).get("hostvars") or {}, args)
        try:
            doc = run.doctor(reads, run.new_salt(), tunnels, sites)
        except FieldError as exc:   # names the field; a definition error never shows a key
            raise AnsibleActionFail("ipsec_doctor: %s" % exc)
        if args["dest"]:
            path = os.path.join(make_dir(args["dest"]), "doctor.json")
            with open(path, "w") as handle:
                json.dump(doc, handle, indent=1, sort_keys=True)
            result["path"] = path
        result.update(doc, changed=False, text=report.text(doc))
        return result
