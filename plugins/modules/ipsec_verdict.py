#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ipsec_verdict
short_description: The tunnel verdict of one IPsec end, waiting only while a tunnel can still come up
version_added: 0.2.0
description:
  - Reads this end's SA state with I(commands) (IOS C(show crypto isakmp sa), C(show crypto ipsec sa),
    C(show crypto ikev2 sa); RouterOS the IKE peer-state menu and C(/ip ipsec installed-sa print detail)),
    judges every tunnel of I(site) in state C(present) (up, or down with the phase that failed and why)
    and reads again after I(delay) seconds, at most I(attempts) reads, while a tunnel can still come up.
  - A tunnel whose two ends' definitions differ in a field that keeps it down (PSK, proposal, PFS, NAT-T,
    addresses, selectors) is final at once; the verdict names the field. Lifetimes are negotiated and do not
    end the wait.
  - Never fails on a tunnel that is down (the role asserts on the verdict); fails only when a read fails,
    with the connection's error text, passwords masked. The raw output (RouterOS prints live ESP keys) is
    never returned.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Reads only.
options:
  platform:
    description: This end's platform.
    type: str
    choices: [ios, routeros]
    required: true
  commands:
    description: The verify commands, in the order above.
    type: list
    elements: str
    required: true
  site:
    description: This end's site (pfne_ipsec_site).
    type: str
    required: true
  tunnels:
    description: This host's pfne_ipsec_tunnels.
    type: list
    elements: dict
    required: true
  peer_tunnels:
    description: The other ends' pfne_ipsec_tunnels by site, to name fields the two definitions differ in.
    type: dict
    default: {}
  attempts:
    description: Most reads while a tunnel can still come up.
    type: int
    default: 10
  delay:
    description: Seconds between reads.
    type: int
    default: 3
notes:
  - An action plugin, run on the controller over the host's persistent network_cli connection.
"""

EXAMPLES = r"""
- name: Tunnel verdict
  pfne.netops.ipsec_verdict:
    platform: ios
    commands: [show crypto isakmp sa, show crypto ipsec sa, show crypto ikev2 sa]
    site: "{{ pfne_ipsec_site }}"
    tunnels: "{{ pfne_ipsec_tunnels }}"
  register: verdict
"""

RETURN = r"""
tunnels:
  description: >-
    One verdict per tunnel, C({name, up, phase, reason, mismatch, peer, unparsed, final, state}); C(unparsed) counts the IOS show
    lines the parsers did not understand; C(state) is the side's SA state and counters (for the report).
  returned: success
  type: list
  elements: dict
attempts:
  description: How many times the state was read.
  returned: success
  type: int
up:
  description: Whether every tunnel is up.
  returned: success
  type: bool
msg:
  description: One message, C(a, b up) or each tunnel that is down with its phase, reason and differing fields.
  returned: always
  type: str
state:
  description: Short state for the end-of-run summary.
  returned: success
  type: str
"""
