#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: l2tp_client_profiles
short_description: Write L2TP/IPsec client profiles (Windows and Apple) on the controller
version_added: 0.1.0
description:
  - Per present, enabled user of the mikrotik_l2tp_mobile configuration writes a PowerShell
    script C(<user>-windows.ps1) (C(Add-VpnConnection) with L2TP, PSK, MSCHAPv2, required
    encryption, and the C(AssumeUDPEncapsulationContextOnSendRule) NAT-T registry value) and an
    Apple profile C(<user>.mobileconfig) (C(com.apple.vpn.managed), VPNType L2TP, shared secret).
  - The directory is created mode 0700, the files mode 0600 (they hold the password and the
    IPsec secret); only files whose content or mode differs are written.
  - Deletes the profiles of users listed with C(state=absent) or C(enabled=false) and of users
    the plan removes from C(/ppp secret) (C(exclusive=true)).
  - This is an action plugin; it always runs on the controller, whatever the connection.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Reports the files it would write or delete, touches nothing.
  diff_mode:
    support: none
    description: Profile files hold secrets, so no diff of their content is shown.
options:
  config:
    description: The role configuration mapping (as for P(pfne.netops.l2tp_validate#filter)); needs C(server_address).
    type: dict
    required: true
  dest:
    description: Directory on the controller.
    type: path
    required: true
  plan:
    description: Output of P(pfne.netops.l2tp_entries#filter) (or its C(entries)), to find users removed by C(exclusive).
    type: raw
notes:
  - Keep O(config) out of logs with C(no_log) on the task; the result itself holds file names only.
"""

EXAMPLES = r"""
- name: Write client profiles
  pfne.netops.l2tp_client_profiles:
    config: "{{ l2tp_config }}"
    dest: "{{ playbook_dir }}/artifacts/l2tp/{{ inventory_hostname }}"
    plan: "{{ l2tp_plan }}"
  no_log: true
"""

RETURN = r"""
written:
  description: File names written (new or different content or mode).
  returned: always
  type: list
  elements: str
removed:
  description: File names deleted.
  returned: always
  type: list
  elements: str
directory:
  description: The absolute directory.
  returned: always
  type: str
files:
  description: Absolute paths of every profile the users listed now have (written or already up to date).
  returned: always
  type: list
  elements: str
"""
