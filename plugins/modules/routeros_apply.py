#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: routeros_apply
short_description: Bring MikroTik RouterOS menus to a desired state over the CLI
version_added: 0.1.0
description:
  - Reads the RouterOS version (C(/system resource print)) and, in one read phase, every menu
    named by O(entries) (C(<path> print terse without-paging), or C(<path> print) for a
    settings menu).
  - Compares each desired entry with the device and sends only C(add), C(set) of the
    differing properties, or C(remove) commands, in one batch.
  - Entries in unnamed tables are found by the collection's comment tag
    C(pfne:<feature>:<name>:<part>); O(entries[].state=absent) removes only entries found by
    that tag or by name.
  - New rules with O(entries[].place_before) are added before the first rule of that chain
    with that action (C(place-before=<item number>) of the print just read); if there is
    none they are appended. Existing rules are not moved.
  - Secret values are masked as C(********) in the returned commands, the diff and every
    message. Where the device prints a secret it is compared in memory; where it does not,
    a fingerprint C(pfne-fp:<16 hex>) kept at the end of the entry's comment tells whether
    it must be sent again (see the notes).
  - This is an action plugin; it needs a persistent C(ansible.netcommon.network_cli)
    connection with C(ansible_network_os=community.routeros.routeros).
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Reads the device, sends no configuration command, returns the commands it would send.
  diff_mode:
    support: full
    description: Before/after lines of the changed properties, secrets masked.
options:
  entries:
    description:
      - Desired entries (the pfne.netops RouterOS contract). Required unless O(gather_only=true).
    type: list
    elements: dict
    suboptions:
      path:
        description: Menu path as typed on RouterOS, e.g. C(/ip ipsec peer).
        type: str
        required: true
      match:
        description:
          - "Properties that identify the entry: C({name: ...}) or C({comment: pfne:...})."
          - V({}) for a settings menu (O(entries[].singleton=true)).
        type: dict
        required: true
      properties:
        description: Desired values in RouterOS vocabulary, all strings (lists comma-joined).
        type: dict
        default: {}
      secret:
        description: Names of properties whose values are masked everywhere.
        type: list
        elements: str
        default: []
      place_before:
        description: "C({chain: ..., action: ...}): a new rule goes before the first such rule."
        type: dict
      state:
        description:
          - Whether the entry must exist.
          - "V(exclusive) with O(entries[].match) C({comment: <tag>}) removes every item of the path
            carrying that tag (its fingerprint ignored) that no present entry of the same path matches."
        type: str
        choices: [present, absent, exclusive]
        default: present
      singleton:
        description: The path is a settings menu without entries; only C(set) is emitted.
        type: bool
        default: false
      fingerprint_in:
        description:
          - For a settings entry with secrets, C({path, match}) of a present entry of the same batch
            (without secrets) whose comment keeps the fingerprint of the settings secrets, so a
            secret the device hides (RouterOS 7) is only sent when it changed.
          - When the secret is sent, the new fingerprint goes into that comment by its own command right
            after the settings C(set), so an interruption before it leaves no fingerprint for a secret the
            device does not hold; a secret the device prints empty is always sent.
        type: dict
      fingerprint_key:
        description:
          - A secret the device never stores under this entry (the L2TP role passes its PSK for PPP users).
            The fingerprint of the entry's secrets is then HMAC-SHA256 under a key derived once per run
            from it, so many entries cost one slow derivation; a new key sends those secrets once more.
        type: str
  gather_only:
    description: Only read the version; return RV(version) and RV(syntax_family), change nothing.
    type: bool
    default: false
  version:
    description:
      - The RouterOS version when the play read it earlier (RV(version) of a O(gather_only) run);
        the version is then not read again.
    type: str
  secret_update:
    description:
      - V(on_change) sends a secret only when it differs (or its fingerprint does).
      - V(always) sends every secret on every run (the task then always reports a change).
    type: str
    choices: [on_change, always]
    default: on_change
notes:
  - Values are compared as the device prints them, except durations (C(lifetime), C(dpd-interval),
    compared as seconds, so C(7d) equals the printed C(1w)) and choice lists (C(authentication),
    C(auth-algorithms), C(enc-algorithms), C(enc-algorithm), C(dh-group), compared as sets, RouterOS
    prints them in its own order).
  - A property the print does not show counts as the empty string; C(disabled) is read from the C(X) flag.
  - RouterOS has no rollback. When a command fails, the run stops and reports three lists, secrets
    masked, RV(confirmed), RV(in_doubt) and RV(not_sent). After the last command one
    C(/system identity print) proves the connection still answered.
  - After a failure the menus of the entries are read again (over a new persistent connection when the
    old one was lost; C(/system identity print) before and after the reads proves they were answered) and
    RV(after_failure) says what is really on the device.
  - The fingerprint is PBKDF2-HMAC-SHA256 (100000 rounds, salted with path and match) of the
    secret values, truncated to 64 bits. A secret changed by hand on a device that hides it is
    not noticed. Someone who can read comments can test guesses of a weak secret against it.
"""

EXAMPLES = r"""
- name: Read the RouterOS version and syntax family
  pfne.netops.routeros_apply:
    gather_only: true
  register: pfne_routeros

- name: IPsec proposal and a firewall rule before the input drop
  pfne.netops.routeros_apply:
    entries:
      - path: /ip ipsec proposal
        match: {name: pfne-hq-branch}
        properties: {auth-algorithms: sha256, enc-algorithms: aes-256-cbc, pfs-group: modp2048}
      - path: /ip firewall filter
        match: {comment: "pfne:ipsec:hq-branch:ike"}
        properties: {chain: input, action: accept, protocol: udp, dst-port: "500,4500"}
        place_before: {chain: input, action: drop}
      - path: /ip ipsec identity
        match: {comment: "pfne:ipsec:hq-branch:identity"}
        properties: {peer: pfne-hq-branch, auth-method: pre-shared-key, secret: "{{ vault_psk }}"}
        secret: [secret]
  no_log: true
"""

RETURN = r"""
changed:
  description: Whether configuration commands were (or, in check mode, would be) sent.
  returned: always
  type: bool
commands:
  description: The configuration commands, secrets masked, in the order sent.
  returned: unless gather_only
  type: list
  elements: str
  sample: ['/ip ipsec proposal set [find where name="pfne-hq-branch"] enc-algorithms=aes-256-cbc']
changes:
  description: Per changed entry, the action (add, set, remove) and masked before/after properties.
  returned: unless gather_only
  type: list
  elements: dict
version:
  description: RouterOS version from C(/system resource print).
  returned: always
  type: str
  sample: 7.16.2
syntax_family:
  description: C(6.24-6.42), C(6.43.x), C(6.44-6.49) or C(7.x) (the collection's one family table).
  returned: always
  type: str
  sample: "7.x"
read_commands:
  description: The print commands of the read phase.
  returned: unless gather_only
  type: list
  elements: str
peer_state_commands:
  description: The family's command listing IKE peers and their state, then the one to fall back to
    (C(remote-peers) on older 6.x, C(active-peers) later).
  returned: gather_only
  type: list
  elements: str
confirmed:
  description: On failure, the masked commands proven applied (answered, and the connection answered after them).
  returned: failed
  type: list
  elements: str
in_doubt:
  description:
    - On failure, the masked commands sent when the connection was lost; nothing proves whether they ran
      (a successful RouterOS command prints nothing, and network_cli returns the same empty output when the
      channel closes).
  returned: failed
  type: list
  elements: str
not_sent:
  description: On failure, the masked commands never sent.
  returned: failed
  type: list
  elements: str
commands_sent:
  description: On failure, C(confirmed) plus C(in_doubt).
  returned: failed
  type: list
  elements: str
failed_command:
  description: On failure, the masked command RouterOS rejected with an error (not applied).
  returned: failed
  type: str
after_failure:
  description:
    - On failure, the re-read of the device. C(reread) (whether it worked), C(reconnected), C(rerun_would_send)
      (masked commands still needed), C(device_matches), C(in_doubt_applied) (per command in doubt, whether its
      entry is now as asked), C(summary); C(error) when the device could not be read again.
  returned: failed while sending
  type: dict
"""
