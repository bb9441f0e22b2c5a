#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: routeros_ikev2_certs
short_description: Bring the IKEv2 CA, server and client certificates into a RouterOS certificate store
version_added: 0.3.0
description:
  - Reads C(/certificate print detail without-paging) once. With O(phase=import) each certificate that is missing
    is written to a file from the console (C(/file print file=...), C(/file set ... contents=...)), imported with
    C(/certificate import) (the server key too), the file removed and the certificate renamed (CA trusted).
    A certificate already there under another name (same SHA-256 fingerprint) is only renamed.
  - With O(phase=prune) the collection's own certificates (C(<name>-ca-*), C(<name>-server-*), C(<name>-u-*))
    that are no longer wanted - revoked and removed users, replaced certificates - are removed; run it after the
    identities stopped naming them.
  - The private key never appears in the returned commands or an error text (masked C(********)).
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Reads the store and returns the commands it would send.
  diff_mode:
    support: none
    description: Not supported.
options:
  server:
    description: The server part of the C(mikrotik_ikev2_mobile) input.
    type: dict
    required: true
  users:
    description: The users.
    type: list
    elements: dict
    default: []
  pki_dir:
    description: The PKI folder P(pfne.netops.ikev2_pki#module) keeps.
    type: path
    required: true
  phase:
    description: C(import) before the IPsec entries are applied, C(prune) after.
    type: str
    choices: [import, prune]
    default: import
"""

EXAMPLES = r"""
- name: Certificates into the router
  pfne.netops.routeros_ikev2_certs:
    server: "{{ ikev2_server }}"
    users: "{{ ikev2_users }}"
    pki_dir: "{{ pki_dir }}"
  no_log: false
"""

RETURN = r"""
commands:
  description: The lines sent (or, in check mode, that would be sent), private keys masked.
  returned: always
  type: list
  elements: str
confirmed:
  description: Lines the device confirmed.
  returned: when something was sent
  type: list
  elements: str
"""
