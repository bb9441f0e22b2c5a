#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ikev2_client_profiles
short_description: Write IKEv2 client profiles (Apple, Windows, Android) on the controller
version_added: 0.3.0
description:
  - For every present user of the C(mikrotik_ikev2_mobile) input, writes the files the user's systems need
    (C(.mobileconfig), PowerShell script, C(.sswan), Android settings, PKCS#12, the CA certificate), with the
    proposals the router is configured with, into O(dest) (mode 0700, every file 0600).
  - The profiles of revoked and removed users are deleted. Only files whose content differs are written.
  - Returns file names only; passphrases and keys are never returned or printed.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Reports the files, writes and deletes nothing.
  diff_mode:
    support: none
    description: Profiles hold secrets; no diff is shown.
options:
  server:
    description: The server part of the input.
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
  dest:
    description: Folder for the profiles.
    type: path
    required: true
"""

EXAMPLES = r"""
- name: Client profiles
  pfne.netops.ikev2_client_profiles:
    server: "{{ ikev2_server }}"
    users: "{{ ikev2_users }}"
    pki_dir: "{{ pki_dir }}"
    dest: "{{ lookup('pfne.netops.artifacts_dir', 'ikev2', inventory_hostname, 'clients') }}"
"""

RETURN = r"""
files:
  description: Absolute paths of every profile the present users have.
  returned: always
  type: list
  elements: str
written:
  description: File names written this run.
  returned: always
  type: list
  elements: str
deleted:
  description: File names deleted (revoked and removed users).
  returned: always
  type: list
  elements: str
"""
