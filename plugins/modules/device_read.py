#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: device_read
short_description: Read show output that holds secrets, hidden from the log, with failures that say why
version_added: 0.2.0
description:
  - Sends read-only commands over the host's persistent C(ansible.netcommon.network_cli) connection and
    returns their output in C(stdout) (a list, as M(cisco.ios.ios_command) does), marked no_log so that the
    output (running-config keys, PPP secrets, live ESP keys) never reaches the display or a log.
  - Unlike a task with C(no_log), a failure is not censored; its message is the connection's or the
    device's own error text (for example C(ssh connect failed - Connection refused)), naming the command,
    with the login and enable passwords and I(secrets) masked.
author:
  - pfne.netops contributors (@pfne)
extends_documentation_fragment:
  - pfne.netops.read_action
options:
  commands:
    description: The read-only commands, sent in order.
    type: list
    elements: str
    required: true
  secrets:
    description: More values to mask in an error text (the login and enable passwords always are).
    type: list
    elements: str
    default: []
notes:
  - Do not set C(no_log) on the task, it would censor the failure message too; the action hides its output itself.
"""

EXAMPLES = r"""
- name: Read the running-config once (output hidden, a failure says why)
  pfne.netops.device_read:
    commands: [show running-config]
  register: running
"""

RETURN = r"""
stdout:
  description: One output per command (hidden from the display and logs).
  returned: success
  type: list
  elements: str
stdout_lines:
  description: The same outputs split into lines, one list per command (as M(cisco.ios.ios_command) returns them).
  returned: success
  type: list
  elements: list
"""
