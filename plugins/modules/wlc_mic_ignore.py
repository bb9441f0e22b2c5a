#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation stub; the work is done by the action plugin of the same name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: wlc_mic_ignore
short_description: Allow (or stop allowing) expired AP certificates on a Cisco WLC
version_added: 0.1.0
author: pfne.netops contributors (@pfne)
description:
  - Workaround for APs locked out by an expired manufacturer installed certificate (MIC, Field Notice 63942).
    It lowers the assurance of AP authentication; the lasting fix is software with the fix or locally
    significant certificates (LSC). The module says so in its output.
  - "AireOS: reads C(show sysinfo) and the state from C(show run-config commands), then sends only the commands
    that differ: C(config ap cert-expiry-ignore {mic|ssc} {enable|disable}) on 7.4.140.0 and later,
    C(config ap lifetime-check {mic|ssc} ...) on older releases. In check mode nothing is sent."
  - "Catalyst 9800 (no cert-expiry-ignore there): reads C(show running-config | section crypto pki) and sends
    only the blocks that differ, one configuration session per block as M(cisco.ios.ios_config) types them: a
    C(crypto pki certificate map) on the issuer C(cisco manufacturing ca) (optionally C(act2 sudi ca)) and
    C(match certificate MAP allow expired-certificate) under C(crypto pki trustpool policy); C(state=disabled)
    sends the removal."
  - "A refused line or a lost connection stops the change; the controller is read again (9800: after C(end),
    so the session is not left in C(ca-trustpool) mode; over a new connection after a loss) and the task
    fails with the lines confirmed, in doubt and not sent and what a rerun would still send."
  - With C(state=enabled) the change is made only when the given audit has APs the allowance fixes (verdicts
    C(ap-mic-expired), C(ap-ssc-expired)) and only for those certificate types, or when C(force=true). APs that
    reject the controller's certificate or the FN72524 image-signing certificate never trigger it.
  - "AireOS releases per FN63942/CSCuq19142: C(lifetime-check) on 7.0.252.0 (and later 7.0), C(cert-expiry-ignore)
    from 7.4.140.0 in 7.4, from 8.0.120.0 in 8.0, and in 8.1 and later; any other release is refused by name before
    anything is sent."
options:
  state:
    description: C(enabled) allows expired certificates, C(disabled) reverts.
    type: str
    choices: [enabled, disabled]
    default: enabled
  cert_types:
    description: AireOS certificate types to cover.
    type: list
    elements: str
    choices: [mic, ssc]
    default: [mic]
  audit:
    description: The C(audit) returned by M(pfne.netops.wlc_mic_audit); its decision says whether the fix is needed.
    type: dict
  force:
    description: Enable even when the audit does not need it.
    type: bool
    default: false
  platform:
    description: C(aireos) or C(c9800); default from C(ansible_network_os).
    type: str
    choices: [aireos, c9800]
  map_name:
    description: 9800 certificate map name owned by this collection.
    type: str
    default: PFNE_EXPIRED_MIC
  include_act2:
    description: 9800; also match the C(ACT2 SUDI CA) issuer.
    type: bool
    default: false
  save_config:
    description: AireOS; run C(save config) (answering the y/n prompt) after a change.
    type: bool
    default: false
  state_command:
    description: AireOS; read-only command whose output holds the state (see M(pfne.netops.wlc_mic_audit)).
    type: str
    default: show run-config commands
    choices:
      - show run-config commands
      - grep include "ap cert-expiry-ignore" "show run-config commands"
      - grep include "ap cert-expiry-ignore mic enable" "show run-config commands"
"""

EXAMPLES = r"""
- name: Enable the workaround only where the audit found blocked APs
  pfne.netops.wlc_mic_ignore:
    audit: "{{ wlc_audit.audit }}"
  register: wlc_fix

- name: Revert
  pfne.netops.wlc_mic_ignore:
    state: disabled
"""

RETURN = r"""
commands:
  description: AireOS commands sent (or that would be sent in check mode); for 9800 the config lines.
  returned: always
  type: list
  elements: str
blocks:
  description: 9800 config blocks (C(parents), C(lines)) sent (or that would be sent in check mode).
  returned: on a 9800
  type: list
  elements: dict
reason:
  description: Why the change was (or was not) made.
  returned: always
  type: str
caveat:
  description: The workaround warning and the lasting fix.
  returned: always
  type: str
confirmed:
  description: Commands (AireOS) or config lines (9800) the controller answered, with the connection answering after them.
  returned: when commands were sent
  type: list
  elements: str
in_doubt:
  description: On failure, what was sent when the connection was lost (nothing proves whether it ran).
  returned: failed while sending
  type: list
  elements: str
not_sent:
  description: On failure, what was never sent.
  returned: failed while sending
  type: list
  elements: str
failed_command:
  description: On failure, the command (AireOS) or line (9800) the controller refused (not applied).
  returned: when the controller refused a command
  type: str
reconnected:
  description: On failure after a lost connection, whether the state was read again over a new connection.
  returned: failed after a lost connection
  type: bool
rerun_would_send:
  description: After a failed change, the commands (AireOS) or config lines (9800) the controller still needs (from the re-read).
  returned: failed change, when the re-read worked
  type: list
  elements: str
"""
