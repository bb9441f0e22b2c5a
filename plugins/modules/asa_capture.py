# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: asa_capture
short_description: Run a Cisco ASA packet capture that sees both directions, collect it, remove it
version_added: 0.1.0
author: pfne.netops contributors (@pfne)
description:
  - Creates an inline C(match) capture (C(capture NAME interface IF match PROTO A B)), which records both
    directions of the traffic, waits until a packet count or a timeout, reads C(show capture NAME), parses it into
    packets and flows, and removes the capture with C(no capture NAME) on success, failure and interruption
    unless O(keep=true).
  - Each run names its captures C(NAME_R<6 hex digits>) (NAME cut to 22 characters), so two runs against one ASA
    never share a capture; RV(capture_name) and the file names under O(dest) carry that name.
  - Before creating anything a run writes an owned record on the controller (C(~/.ansible/pfne_netops/asa_capture_runs),
    or E(PFNE_ASA_CAPTURE_STATE_DIR)). A capture with the run pattern whose record belongs to a finished run is a
    leftover of an interrupted run, so it is removed and the removal read back (RV(removed_leftovers)). Captures of runs
    still going, and pattern names without a record, are left alone with a warning. Any other capture is never touched.
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
      - Bind the capture to an ACL instead of O(matches). The ACL is read from the device first
        (C(show running-config access-list NAME)); an extended ACL with a line for each direction is used as is.
      - A standard ACL (it matches the source only) or an extended ACL without a line for the way back records one
        direction; such an ACL is refused with the reason unless O(access_list_one_way_ok=true).
      - "An ACL mixing standard and extended entries is refused by the ASA with
        C(ERROR: Capture doesn't support access-list NAME containing mixed policies); the failure explains it."
    type: str
  access_list_one_way_ok:
    description: Run a one-way ACL-bound capture anyway (for example to reproduce the symptom).
    type: bool
    default: false
  egress_interface:
    description:
      - Also capture the same flows on this interface, with the addresses NAT maps them to (O(nat), or else read
        from C(show xlate)), and add an C(asp-drop) capture; the result says per flow and direction where the
        packets were last seen and why the ASA dropped them (RV(path)).
      - The extra captures are named C(NAME_R<hex>_E) and C(NAME_R<hex>_D); all are removed at the end.
    type: str
  nat:
    description: Address translations to use for the egress capture instead of reading C(show xlate).
    type: list
    elements: dict
    suboptions:
      real:
        description: Address as seen on O(interface).
        type: str
        required: true
      mapped:
        description: Address as seen on O(egress_interface).
        type: str
        required: true
  asp_drop:
    description: Add a C(capture NAME_D type asp-drop all match ...) capture (default true with O(egress_interface)).
    type: bool
  packet_tracer:
    description: When no capture saw any packet, run C(packet-tracer) for each match and report the dropping phase.
    type: bool
    default: true
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
    description:
      - Leave the capture on the device. Its owned record stays, so the next O(keep=true) run with the same O(name)
        replaces it; runs without O(keep) leave it alone and warn.
    type: bool
    default: false
  dest:
    description: Directory on the controller for C(<inventory_hostname>_<capture_name>.json) and C(.pcap) (one set per run).
    type: path
  pcap:
    description:
      - C(auto) reads C(show capture NAME dump) and writes the frames' real bytes (as Wireshark's ciscodump does);
        if the device prints no bytes it falls back to C(synthetic). RV(pcap_source) says which was used.
      - C(dump) writes only real bytes (no file when there are none).
      - C(synthetic) writes a headers-only libpcap file rebuilt from the C(show capture) text (addresses, ports,
        802.1Q tag, TCP flags/seq/ack/window, ICMP type, ARP; MACs, TTL, ids and payload are not in the text and are
        zero).
      - The ASA's own file can also be fetched from C(https://<asa>/admin/capture/<name>/pcap) or with
        C(copy /pcap capture:<name> tftp://...) (not done by this module).
    type: str
    choices: [auto, dump, synthetic, none]
    default: auto
  read_channel:
    description:
      - C(auto) reads captures of 2000 packets or more over a direct SSH shell with the connection's credentials
        (network_cli searches the whole growing response after every received window, so its cost grows with the
        square of the output's size); smaller ones, or when the direct shell cannot open, go through network_cli.
      - C(network_cli) always reads through the persistent connection.
    type: str
    choices: [auto, network_cli]
    default: auto
  return_packets:
    description: At most this many parsed packets in RV(parsed) (all of them are in the JSON file under O(dest)).
    type: int
    default: 1000
notes:
  - Supports check mode (nothing is sent).
  - C(changed) says whether the ASA is left different. A capture that is created, read and removed leaves no
    state, so the task reports no change (a second run is idempotent); with O(keep=true) it reports a change.
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

- name: Where does the blocked flow die (ingress, egress with NAT, asp-drop)
  pfne.netops.asa_capture:
    name: PFNE_PATH
    interface: inside
    egress_interface: outside
    matches:
      - host: 10.20.1.10
        peer: 198.51.100.25
        protocol: tcp
        peer_port: 443
    stop:
      seconds: 10
  register: path

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
  description: True when the verdict is C(both-ways).
  returned: success
  type: bool
verdict:
  description: C(both-ways), C(one-way), C(no-packets), or C(incomplete) when lines of the output were not understood.
  returned: success
  type: str
complete:
  description: False when some lines of C(show capture) were not understood (see RV(unparsed)).
  returned: success
  type: bool
unparsed_count:
  description: Number of lines not understood.
  returned: success
  type: int
unparsed:
  description: The first lines not understood (up to ten).
  returned: success
  type: list
  elements: str
pcap_source:
  description: C(dump) (real bytes), C(synthetic) or null (no pcap written).
  returned: success
  type: str
access_list:
  description: The bound ACL as read from the device - name, kind (two-way, one-way, standard, mixed, missing), reason.
  returned: when O(access_list) is set
  type: dict
path:
  description:
    - With O(egress_interface) - per flow (real addresses) and direction, the points that saw it, C(last_seen)
      and the asp-drop reasons ({code - text}).
  returned: when O(egress_interface) is set
  type: list
  elements: dict
asp_drops:
  description:
    - With O(egress_interface) - the packets of the asp-drop capture (first O(return_packets)), each with
      C(drop_reason), C(drop_text) and C(drop_location); pfne.netops.write_report marks them on the ladder diagram.
  returned: when O(egress_interface) is set
  type: list
  elements: dict
packet_tracer:
  description: C(packet-tracer) runs made because nothing was captured - command and parsed phases, action, drop reason.
  returned: when O(egress_interface) is set
  type: list
  elements: dict
summary:
  description: Short text - packet count, flows, one-way flows, lines not understood, where packets were last seen.
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
capture_name:
  description: The name this run gave its capture on the ASA (C(NAME_R<6 hex digits>)).
  returned: always, except check mode and bad input
  type: str
removed_leftovers:
  description: Captures left behind by earlier, interrupted runs of this module that this run removed and read back as gone.
  returned: always, except check mode and bad input
  type: list
  elements: str
left_on_device:
  description: Captures still listed by C(show capture) after C(no capture); the task fails and names the commands.
  returned: when a capture could not be removed
  type: list
  elements: str
read_channel:
  description: C(ssh) (direct shell) or C(network_cli) - how the capture was read.
  returned: success
  type: str
read_seconds:
  description: Seconds from the end of the polling until every capture of the run was read and parsed (the direct
    shell's login included when it was not done during the polling).
  returned: success
  type: float
parsed:
  description:
    - Output of the pfne.netops.parse_asa_capture filter (packets cut to O(return_packets), C(packets_truncated) says so).
    - A packet read with its frame bytes (C(show capture NAME dump)) carries C(frame_length), their count, instead of the bytes.
  returned: success
  type: dict
"""
