#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: write_report
short_description: Write a run's report, one self-contained HTML page (or plain text) and its JSON
version_added: 0.2.0
description:
  - Writes C(<dir>/<name>.html) (or C(.txt) with O(format=text)) and C(<dir>/<name>.json), the data
    the page was drawn from, both mode 0600, on the Ansible controller.
  - The HTML page holds its CSS, its SVG charts and one small script (table sorting and filtering)
    inline and fetches nothing, so it opens offline and as an AWX artifact. It states when it was
    written, against which hosts, and the collection version.
  - "O(kind=wlc_audit): counts per verdict, MIC expiry by month (SVG), a sortable and filterable AP table,
    the controller's certificates and what was changed."
  - "O(kind=asa_capture): a ladder diagram per flow (both hosts as vertical lines, each packet an arrow with
    time, flags and length), packets the asp-drop capture recorded marked with their reason, where each
    direction was last seen, and relative links to the pcap files."
  - "O(kind=ipsec): per tunnel both ends side by side with phase-1/phase-2 state and counters; for a tunnel
    that is not up, the cause and the side."
  - Every string is passed through the collection's secret masking with O(secrets) and the connection
    passwords of the host (C(ansible_password), C(ansible_become_password)) before anything is written.
author:
  - pfne.netops contributors (@pfne)
attributes:
  check_mode:
    support: full
    description: Writes the report in check mode too (a local file that describes the run; nothing reaches a device).
  diff_mode:
    support: none
    description: Writes local files only.
options:
  kind:
    description: Which report.
    type: str
    required: true
    choices: [wlc_audit, asa_capture, ipsec]
  data:
    description:
      - "wlc_audit: C({audit: <pfne.netops.wlc_mic_audit audit>, change: <pfne.netops.wlc_mic_ignore result>, check_mode: bool})."
      - "asa_capture: the result of pfne.netops.asa_capture (C(flows), C(parsed), C(path), C(asp_drops), C(files)) and C(interface)."
      - "ipsec: C({ends: [{host, site, platform, tunnels: [{name, state}], mismatch: {tunnel: [fields]}}]})."
    type: dict
    required: true
  dest:
    description: Directory for the files (created mode 0700 when missing), normally under C(pfne_artifacts_dir).
    type: path
    required: true
  name:
    description: File name without extension (letters, digits, C(_ . -)).
    type: str
    required: true
  hosts:
    description: The hosts the report is about (printed at its top).
    type: list
    elements: str
    default: []
  format:
    description: C(html) (default) or C(text); the role variable C(pfne_report_format) feeds it.
    type: str
    choices: [html, text]
    default: html
  secrets:
    description: Values to mask wherever they appear (never returned or printed).
    type: list
    elements: str
    default: []
notes:
  - An action plugin; it runs on the controller only.
"""

EXAMPLES = r"""
- name: Write the capture report beside the pcap
  pfne.netops.write_report:
    kind: asa_capture
    data: "{{ asa_capture_result | combine({'interface': 'inside'}) }}"
    dest: "{{ lookup('pfne.netops.artifacts_dir', 'captures') }}"
    name: "{{ inventory_hostname }}-capture"
    hosts: ["{{ inventory_hostname }}"]
    format: "{{ pfne_report_format | default('html') }}"
"""

RETURN = r"""
report:
  description: Path of the HTML (or text) report.
  returned: always
  type: str
json:
  description: Path of the JSON the report was drawn from.
  returned: always
  type: str
files:
  description: Both paths, report first.
  returned: always
  type: list
  elements: str
text:
  description: The report's lines when O(format=text), else empty.
  returned: always
  type: list
  elements: str
"""
