#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ikev2_pki
short_description: Certificate authority for IKEv2 road warriors, kept on the controller
version_added: 0.3.0
description:
  - Creates or reuses, in O(dest) (mode 0700, every file 0600), a CA, the server certificate (subjectAltName =
    the FQDN and/or address clients dial, extended key usage serverAuth and IKE intermediate, at most 825 days
    as Apple requires) and one client certificate per present user of the C(mikrotik_ikev2_mobile) input.
  - A user set to C(revoked) or C(absent) has the certificate recorded in C(revoked.json) and C(crl.pem);
    a replaced certificate is recorded too. A second run changes nothing.
  - For C(eap-mschapv2) it keeps the RADIUS secret shared by the IPsec client and User Manager in C(radius.secret).
  - This is an action plugin; it always runs on the controller. In check mode it works on a throw-away copy.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Works on a temporary copy of O(dest); nothing is written.
  diff_mode:
    support: none
    description: Keys and certificates are not shown.
options:
  server:
    description: The server part of the input (see P(pfne.netops.ikev2_validate#filter)).
    type: dict
    required: true
  users:
    description: The users (name, state, os, password, passphrase).
    type: list
    elements: dict
    default: []
  dest:
    description: The PKI folder on the controller.
    type: path
    required: true
notes:
  - Set C(no_log) on the task when C(eap-mschapv2) is used (the result carries the RADIUS secret).
"""

EXAMPLES = r"""
- name: CA and certificates
  pfne.netops.ikev2_pki:
    server: {fqdn: vpn.example.com, pool: 192.168.77.0/24}
    users: [{name: alice}]
    dest: "{{ lookup('pfne.netops.artifacts_dir', 'ikev2', inventory_hostname, 'pki') }}"
  register: pki
  no_log: true
"""

RETURN = r"""
pki:
  description: Public facts only - fingerprints (SHA-256), RouterOS certificate names, revocations, what changed.
  returned: success
  type: dict
radius_secret:
  description: The RADIUS shared secret (eap-mschapv2 only, else null).
  returned: success
  type: str
"""
