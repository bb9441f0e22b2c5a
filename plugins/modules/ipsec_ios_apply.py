#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ipsec_ios_apply
short_description: Change the crypto map of a Cisco IOS / IOS-XE router for the site-to-site tunnels of its site
version_added: 0.2.0
description:
  - Plans the change by meaning against the running-config (the crypto objects, ACLs and the interface
    binding of every tunnel of O(site)), then sends only the differences (the pre-shared keys first,
    then the other blocks in an order that never binds a half-built map entry (ACL, transform-set,
    IKE objects, map entry, interface last)).
  - Each block is typed as M(cisco.ios.ios_config) types it (C(configure terminal), parents, lines,
    C(end)); every reply is checked with the cisco.ios terminal plugin's own error patterns, read by
    the collection so that a refused key line is never logged with its key (docs/secrets.md).
  - Stops at the first refused line or lost connection, reads the router again (leaving configuration
    mode first; over a new connection after a loss) and fails with the lines confirmed, in doubt and
    not sent and what a rerun would still send.
  - Nothing it returns holds the running-config unmasked (it holds secrets the collection does not
    own); C(--diff) shows the crypto sections it changes, masked.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Sends nothing and returns the (masked) lines it would send.
  diff_mode:
    support: full
    description: One unified diff of the running-config sections the change touches, secrets masked.
options:
  tunnels:
    description: The site-to-site tunnel definitions (the shared C(pfne_ipsec_tunnels) variable).
    type: list
    elements: dict
    required: true
  site:
    description: This router's site name in the tunnel definitions.
    type: str
    required: true
  update_password:
    description: V(on_create) leaves keys the router stores encrypted (type 6) as they are; V(always) sends them each run.
    type: str
    choices: [on_create, always]
    default: on_create
  running_config_from:
    description:
      - Name of a variable registered from C(show running-config) earlier in the play (its C(stdout[0])),
        so the router is read once. The running-config itself is never an argument (arguments can be
        displayed). When omitted, the action reads C(show running-config) itself.
    type: str
  safety_net:
    description: Before the change, set the C(archive) path and start C(configure terminal revert timer).
    type: bool
    default: false
  safety_net_minutes:
    description: Minutes of the rollback timer (1..120).
    type: int
    default: 5
  archive_path:
    description: The C(archive) path used by the rollback.
    type: str
    default: "flash:pfne-rollback"
notes:
  - An action plugin, run on the controller over the persistent C(ansible.netcommon.network_cli)
    connection of a C(cisco.ios.ios) host.
  - Replaces C(pfne.netops.ios_secret_lines) and C(pfne.netops.ipsec_ios_report).
"""

EXAMPLES = r"""
- name: Read the running-config once
  cisco.ios.ios_command:
    commands: [show running-config]
  register: running
  no_log: true

- name: Apply the crypto map change
  pfne.netops.ipsec_ios_apply:
    tunnels: "{{ pfne_ipsec_tunnels }}"
    site: hq
    running_config_from: running
"""

RETURN = r"""
commands:
  description: The lines the change types (parents, then children indented), secrets masked.
  returned: always
  type: list
  elements: str
blocks:
  description: The same as blocks of C(parents) and C(lines), secrets masked.
  returned: always
  type: list
  elements: dict
tunnels:
  description: The crypto map entry chosen for each tunnel.
  returned: always
  type: list
  elements: dict
notes:
  description: Keys left or re-sent, and other remarks of the plan (masked).
  returned: always
  type: list
  elements: str
unparsed:
  description: Number of crypto lines of the running-config the model does not know (left alone).
  returned: always
  type: int
confirmed:
  description: Lines the router answered with its prompt and no error (masked).
  returned: always
  type: list
  elements: str
in_doubt:
  description: Lines being sent when the connection was lost or timed out (masked).
  returned: always
  type: list
  elements: str
not_sent:
  description: Lines not sent (all of them in check mode), masked.
  returned: always
  type: list
  elements: str
refused:
  description: The line the router refused (masked).
  returned: failed
  type: str
reconnected:
  description: Whether the re-read after a failure used a new connection.
  returned: failed
  type: bool
rerun_would_send:
  description: What the router still lacks after a failure, read again (masked).
  returned: failed
  type: list
  elements: str
"""
