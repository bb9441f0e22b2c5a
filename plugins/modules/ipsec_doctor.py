#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ipsec_doctor
short_description: Name why each IPsec tunnel of a fleet is down and on which side, from reads already made
version_added: 0.3.0
description:
  - Runs on the controller (C(run_once), C(delegate_to=localhost)) after every device was read (one
    M(pfne.netops.device_read) task per device). Takes each host's reads from its host variables, discovers
    the tunnel ends (IOS crypto map entries and IKEv2 profiles; RouterOS peers, identities, policies),
    pairs the ends by their public addresses, compares them field by field, adds the runtime evidence (SA
    state, logs) and returns one verdict per tunnel with the first cause in negotiation order, the side at
    fault, the evidence lines and the lines that would fix it (never applied, keys masked).
  - Pre-shared keys are compared as salted fingerprints computed here with a salt drawn for the run and
    never stored; no key is returned or written.
  - A tunnel in I(hosts)' C(pfne_ipsec_tunnels) that an inventory end has no crypto for is reported as
    C(down) with cause C(not-protected) on that end.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Changes nothing on any device; writes the JSON file in check mode too.
  diff_mode:
    support: none
    description: Changes nothing.
options:
  hosts:
    description: The inventory hosts whose reads are compared.
    type: list
    elements: str
    required: true
  device_var:
    description:
      - Host variable naming what was read, C({platform, version, commands, error}) (C(platform) C(ios) or
        C(routeros); C(version) the RouterOS version; C(error) set when the device could not be read).
      - A host without it (unreachable, or failed before its read) gets the verdict C(unknown) naming it.
    type: str
    default: ipsec_doctor_device
  read_var:
    description:
      - Host variable holding the registered result of the read (M(pfne.netops.device_read)), one output per
        command in C(stdout); a failed read's C(msg) becomes an C(unknown) verdict.
    type: str
    default: ipsec_doctor_read
  tunnels_var:
    description: Host variable with the tunnel definitions (optional; its tunnels are expected to exist).
    type: str
    default: pfne_ipsec_tunnels
  site_var:
    description: Host variable naming the tunnel endpoint (site) the host is.
    type: str
    default: pfne_ipsec_site
  dest:
    description: Folder for C(doctor.json) (created 0700 when missing; the file is overwritten each run). Not written when empty.
    type: str
    default: ""
notes:
  - The JSON holds no secret (fingerprints are salted per run); it is written mode 0644.
"""

EXAMPLES = r"""
- name: Verdicts for every tunnel of the fleet
  pfne.netops.ipsec_doctor:
    hosts: "{{ ansible_play_hosts_all }}"
    dest: "{{ lookup('pfne.netops.artifacts_dir', 'tunnel_doctor') }}"
  run_once: true
  delegate_to: localhost
  register: doctor
"""

RETURN = r"""
tunnels:
  description:
    - One record per tunnel, C({id, left, right, verdict, cause, side, at_fault, also, evidence, rows, fix, warnings}).
    - "C(verdict) is C(up), C(down: <cause>), C(degraded: <warning>) or C(unknown: <what is missing>); C(cause) is one of
      the doctor's vocabulary (C(pfne.netops.ipsec_diagnose)); C(side) C(left), C(right), C(both) or C(unknown);
      C(left) is the end whose inventory name sorts first."
  returned: always
  type: list
  elements: dict
summary:
  description: C({up, down, degraded, unknown, by_cause}) over the tunnels.
  returned: always
  type: dict
unparsed:
  description: Per host, the lines read that neither the discovery nor the classifier understood (never dropped).
  returned: always
  type: dict
text:
  description: The readable table (per tunnel side by side, evidence, fix) and the fleet summary, one line per item.
  returned: always
  type: list
  elements: str
path:
  description: The JSON file written, when I(dest) is set.
  returned: when dest is set
  type: str
"""
