# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: asa_capture
short_description: Run a Cisco ASA packet capture that sees both directions, collect it, remove it
version_added: "1.0.0"
author: pfne.netops contributors (@pfne)
description:
  - Creates an inline C(match) capture (C(capture NAME interface IF match PROTO A B)), which records both
    directions of the traffic, waits until a packet count or a timeout, reads C(show capture NAME), parses it into
    packets and flows, and removes the capture with C(no capture NAME) on success, failure and interruption
    unless O(keep=true).
  - Reads C(show capture) first and refuses to touch a capture of the same name that this module did not create.
  - Every option is validated before the device is touched.
  - Check mode sends nothing and returns the commands a run would send.
  - Runs as an action plugin over the persistent C(ansible.netcommon.network_cli) connection with
    C(ansible_network_os=cisco.asa.asa); C(cisco.asa.asa_command) is not used because it does not honour check mode.
    The ASA terminal plugin fails any output matching C(error:); such refusals are reported with an explanation.
options:
  name:
    description: Capture name (1-32 characters, letters, digits, C(_), C(-), C(.); not a capture keyword).
    type: str
    required: true
  interface:
    description: Interface name (nameif) to capture on.
    type: str
    required: true
  matches:
    description:
      - Inline match specs; the first goes on the capture command, each further one adds a C(match) line.
      - Each captures both directions between O(matches[].host) and O(matches[].peer).
    type: list
    elements: dict
    suboptions:
      host:
        description: Host address (C(10.0.0.5)), C(host 10.0.0.5), or subnet (C(10.0.0.0/24)).
        type: str
        required: true
      peer:
        description: Other end, same forms as O(matches[].host), or C(any).
        type: str
        default: any
      protocol:
        description: Protocol to match.
        type: str
        choices: [ip, tcp, udp, icmp]
        default: ip
      host_port:
        description:
          - "Port on the host side (tcp/udp only): C(443), C(eq 443), C(lt 1024), C(gt 1023), C(neq 22), C(range 1000 2000)."

        type: raw
      peer_port:
        description: Port on the peer side, same forms as O(matches[].host_port).
        type: raw
  access_list:
    description:
      - Bind the capture to an ACL instead. Refused unless O(access_list_one_way_ok=true), because an ACL-bound
        capture records one direction only, and an extended ACL with one line per direction is refused by the ASA.
      - "The device's message: C(ERROR: Capture doesn't support access-list  containing mixed policies)."
    type: str
  access_list_one_way_ok:
    description: Acknowledge that the ACL-bound capture is one-way (used to reproduce the symptom).
    type: bool
    default: false
  buffer:
    description: Capture buffer in bytes (ASA range 1534-33554432; default on the device 512 KB).
    type: int
  packet_length:
    description: Bytes kept per packet (ASA range 14-9216; device default 1518).
    type: int
  circular_buffer:
    description: Overwrite the buffer from the beginning when full.
    type: bool
    default: false
  stop:
    description: When to stop waiting.
    type: dict
    suboptions:
      packets:
        description: Stop as soon as C(show capture NAME) reports at least this many packets.
        type: int
      seconds:
        description: Stop after this many seconds in any case.
        type: int
        default: 30
      poll_interval:
        description: Seconds between polls (C(show capture NAME | include packets captured)).
        type: int
        default: 2
  keep:
    description: Leave the capture on the device (recorded in O(dest) so a later run may replace it).
    type: bool
    default: false
  dest:
    description: Directory on the controller for C(<inventory_hostname>_<name>.json) and C(.pcap).
    type: path
  pcap:
    description:
      - C(synthetic) writes a headers-only libpcap file rebuilt from the C(show capture) text (addresses, ports,
        802.1Q tag, TCP flags/seq/ack/window, ICMP type, ARP; MACs, TTL, ids and payload are not in the text and are
        zero). Download the real file from C(https://<asa>/admin/capture/<name>/pcap) or with
        C(copy /pcap capture:<name> tftp://...) when full packets are needed.
    type: str
    choices: [synthetic, none]
    default: synthetic
notes:
  - Supports check mode (nothing is sent).
"""

EXAMPLES = r"""
- name: Capture both directions of a ping between two hosts
  pfne.netops.asa_capture:
    name: PFNE_CAP
    interface: inside
    matches:
      - host: 192.168.100.1
        peer: 192.168.200.1
        protocol: icmp
    stop:
      packets: 8
      seconds: 30
    dest: "{{ playbook_dir }}/../artifacts/captures"
  register: cap

- name: Show which flows were one-way
  ansible.builtin.debug:
    msg: "{{ cap.summary }}"
"""

RETURN = r"""
commands:
  description: Check mode only - the commands a run would send.
  returned: check mode
  type: list
  elements: str
commands_sent:
  description: Commands sent to the device, in order (includes the final C(no capture NAME)).
  returned: always
  type: list
  elements: str
packets:
  description: The device's C(N packets captured) count.
  returned: success
  type: int
flows:
  description: Flows (see the pfne.netops.capture_flows filter).
  returned: success
  type: list
  elements: dict
one_way_flows:
  description: Flows seen in one direction only.
  returned: success
  type: list
  elements: dict
bidirectional:
  description: True when there was at least one flow and every flow was seen both ways.
  returned: success
  type: bool
summary:
  description: Short text - packet count, flows, one-way flows.
  returned: success
  type: str
removed:
  description: Whether C(no capture NAME) was sent successfully.
  returned: always
  type: bool
files:
  description: Files written under O(dest).
  returned: success
  type: list
  elements: path
parsed:
  description: Output of the pfne.netops.parse_asa_capture filter.
  returned: success
  type: dict
"""
