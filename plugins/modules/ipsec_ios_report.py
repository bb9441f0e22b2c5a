#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ipsec_ios_report
short_description: Say what a failed IOS crypto map change left on the router
version_added: 0.2.0
description:
  - Run by the pfne.netops.cisco_crypto_map role after the key task (pfne.netops.ios_secret_lines)
    or its M(cisco.ios.ios_config) loop failed. Always fails, with the device error and three
    lists, keys masked, confirmed (blocks applied), in doubt (the block that failed, or the key line
    being sent when the connection was lost), not sent.
  - Then reads C(show running-config) again, over a new connection when the old one was lost, plans
    again with the same planner (pfne.netops.ipsec_ios_lines) and says what a rerun would still send.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: none
    description: Only reports; the role runs it after a failed apply, which check mode never has.
  diff_mode:
    support: none
    description: Only reports.
options:
  keys:
    description: The registered result of the pfne.netops.ios_secret_lines task.
    type: dict
    required: true
  results:
    description: The registered C(results) of the ios_config loop (V([]) when it did not run).
    type: list
    elements: dict
    default: []
  planned:
    description: The blocks the ios_config loop was given, in order.
    type: list
    elements: dict
    required: true
  tunnels:
    description: The tunnel definitions (pfne_ipsec_tunnels), for the new plan and the keys to mask.
    type: list
    elements: dict
    required: true
  site:
    description: This router's endpoint name (pfne_ipsec_site).
    type: str
    required: true
  update_password:
    description: As given to pfne.netops.ipsec_ios_lines.
    type: str
    choices: [always, on_create]
    default: on_create
notes:
  - An action plugin, run on the controller over the persistent C(ansible.netcommon.network_cli)
    connection of a C(cisco.ios.ios) host.
"""

EXAMPLES = r"""
- name: Report a failed change (three lists, then the router read again)
  pfne.netops.ipsec_ios_report:
    keys: "{{ keys_result }}"
    results: "{{ apply_result.results | default([]) }}"
    planned: "{{ plan.blocks | rejectattr('secret') | list }}"
    tunnels: "{{ pfne_ipsec_tunnels }}"
    site: "{{ pfne_ipsec_site }}"
"""

RETURN = r"""
confirmed:
  description: Lines the router applied (keys masked).
  returned: always
  type: list
  elements: str
in_doubt:
  description: Lines of the block that failed, or the key line being sent when the connection was lost.
  returned: always
  type: list
  elements: str
not_sent:
  description: Lines never sent (keys masked).
  returned: always
  type: list
  elements: str
reconnected:
  description: Whether the router was read again over a new connection (the old one was lost).
  returned: always
  type: bool
rerun_would_send:
  description: What a rerun would send, planned against the running-config read after the failure (keys masked).
  returned: when the router could be read again
  type: list
  elements: str
"""
