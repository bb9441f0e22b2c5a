#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ios_secret_lines
short_description: Send Cisco IOS configuration lines that carry a secret, refusals read by the collection
version_added: 0.2.0
description:
  - Sends each block (C(configure terminal), its parents, its lines, C(end)) line by line and
    checks every reply against the IOS terminal plugin's own error patterns.
  - Why not M(cisco.ios.ios_config) for these lines; when IOS refuses a line, network_cli
    raises with the reply, which echoes the line, and C(ansible-connection) logs that
    traceback at C(-vvv) to C(ANSIBLE_LOG_PATH), key included, where C(no_log) cannot reach.
    Here the connection's error patterns are switched off for the task, so a refusal comes back
    as output, is detected by this plugin and masked (docs/secrets.md).
  - Sends every block it is given; the caller leaves out blocks already in the running-config
    (pfne.netops.ipsec_ios_lines does).
  - Stops at the first refused line and reports the lines confirmed, in doubt and not sent,
    secrets masked.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Sends nothing and returns the (masked) lines it would send.
  diff_mode:
    support: none
    description: The returned commands show what is sent, secrets masked.
options:
  blocks:
    description: Configuration blocks, in order.
    type: list
    elements: dict
    default: []
    suboptions:
      parents:
        description: Lines that open the section, outermost first (V([]) for global lines).
        type: list
        elements: str
        default: []
      lines:
        description: Lines inside the section.
        type: list
        elements: str
        required: true
      secret:
        description: Not used; lets the blocks of pfne.netops.ipsec_ios_lines be passed as they are.
        type: bool
        default: true
  secrets:
    description: Values masked as C(********) in everything returned.
    type: list
    elements: str
    default: []
notes:
  - An action plugin, run on the controller over the persistent C(ansible.netcommon.network_cli)
    connection of a C(cisco.ios.ios) host.
"""

EXAMPLES = r"""
- name: Pre-shared key (a refusal is reported masked, never logged with the key)
  pfne.netops.ios_secret_lines:
    blocks:
      - lines: ["crypto isakmp key {{ vault_psk }} address 203.0.113.2 no-xauth"]
    secrets: ["{{ vault_psk }}"]
"""

RETURN = r"""
commands:
  description: The block lines (parents and lines), secrets masked, in the order they are sent.
  returned: always
  type: list
  elements: str
confirmed:
  description: Lines the device answered with its prompt and no error text (masked).
  returned: always
  type: list
  elements: str
in_doubt:
  description: The line being sent when the connection was lost or timed out (masked).
  returned: always
  type: list
  elements: str
not_sent:
  description: Lines not sent because an earlier one failed (masked).
  returned: always
  type: list
  elements: str
refused:
  description: The line the device refused (masked).
  returned: failed
  type: str
"""
