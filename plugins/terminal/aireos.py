# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Terminal plugin for Cisco AireOS controllers.

Shipped here because community.network (which carried one) left the Ansible
package after 11.x; the WLC role must keep working on current Ansible."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: aireos
short_description: Terminal handling for Cisco AireOS wireless LAN controllers
description:
  - Answers the controller's in-band C(User:)/C(Password:) login, recognises
    its C((Cisco Controller) >) prompts and error messages, and turns paging off. The
    C(Press Enter to continue...) stop of C(show run-config) is answered by the aireos cliconf plugin.
author: pfne.netops contributors (@pfne)
"""

import json
import re

from ansible.errors import AnsibleConnectionFailure
from ansible.plugins.terminal import TerminalBase


class TerminalModule(TerminalBase):

    terminal_stdout_re = [
        re.compile(br"[\r\n]?\([^)\r\n]+\) ?(?:config)?>\s?$"),
        re.compile(br"[\r\n]User:\s?$"),
    ]

    terminal_stderr_re = [
        re.compile(br"Incorrect usage", re.I),
        re.compile(br"Incorrect input", re.I),
        re.compile(br"% ?Error"),
        re.compile(br"Request failed", re.I),
    ]

    def on_open_shell(self):
        try:
            if self._get_prompt().strip().endswith(b"User:"):
                context = self._connection._play_context
                login = {"command": context.remote_user, "prompt": "Password:", "answer": context.password}
                self._exec_cli_command(json.dumps(login))
            self._exec_cli_command(b"config paging disable")
        except AnsibleConnectionFailure as exc:
            raise AnsibleConnectionFailure("unable to log in to the AireOS CLI: %s" % exc)
