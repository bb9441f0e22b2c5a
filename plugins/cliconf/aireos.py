# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cliconf plugin for Cisco AireOS controllers (see terminal/aireos.py for why it is here)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: aireos
short_description: Run commands and read configuration on Cisco AireOS wireless LAN controllers
description:
  - Device facts from C(show sysinfo) and C(show inventory), the running
    configuration from C(show run-config commands) (answering its C(Press Enter to continue...) stop with
    Enter), and configuration by
    sending C(config ...) commands, which AireOS accepts at its main prompt.
author: pfne.netops contributors (@pfne)
"""

import json
import re

from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.cliconf import CliconfBase

PRESS_ENTER = r"Press Enter to continue"


def to_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class Cliconf(CliconfBase):

    def get_device_info(self):
        info = {"network_os": "aireos"}
        sysinfo = to_text(self.get("show sysinfo"), errors="surrogate_or_strict")
        for key, pattern in (("network_os_version", r"Product Version\.+ (\S+)"),
                             ("network_os_hostname", r"System Name\.+ (\S+)")):
            match = re.search(pattern, sysinfo)
            if match:
                info[key] = match.group(1)
        inventory = to_text(self.get("show inventory"), errors="surrogate_or_strict")
        match = re.search(r"PID: ([^,\s]+)", inventory)
        if match:
            info["network_os_model"] = match.group(1)
        return info

    def get_config(self, source="running", flags=None, format=None):
        if source not in ("running", "startup"):
            raise ValueError("fetching configuration from %s is not supported" % source)
        return self.get("show run-config %s" % ("commands" if source == "running" else "startup-commands"))

    def edit_config(self, candidate=None, commit=True, replace=None, comment=None):
        results = []
        for line in to_list(candidate):
            if not isinstance(line, dict):
                line = {"command": line}
            results.append(self.send_command(**line))
        return {"request": to_list(candidate), "response": results}

    def get(self, command=None, prompt=None, answer=None, sendonly=False, newline=True, output=None, check_all=False):
        if prompt is None and command and "show run-config" in command:
            # some releases stop here even with paging disabled: answer with Enter
            prompt, answer = PRESS_ENTER, ""
        return self.send_command(command=command, prompt=prompt, answer=answer, sendonly=sendonly,
                                 newline=newline, check_all=check_all)

    def get_capabilities(self):
        result = super(Cliconf, self).get_capabilities()
        result["rpc"] += ["run_commands"]
        result["network_api"] = "cliconf"
        result["device_info"] = self.get_device_info()
        return json.dumps(result)

    def run_commands(self, commands=None, check_rc=True):
        responses = []
        for cmd in to_list(commands):
            if not isinstance(cmd, dict):
                cmd = {"command": cmd}
            cmd.pop("output", None)
            responses.append(self.send_command(**cmd))
        return responses
