#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation stub; the work is done by the action plugin of the same name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: wlc_mic_audit
short_description: Find Cisco APs locked out by an expired MIC certificate (read-only)
version_added: 0.1.0
author: pfne.netops contributors (@pfne)
description:
  - Reads a Cisco AireOS or Catalyst 9800 wireless controller over the persistent C(network_cli) connection and
    returns one record per AP (model, serial, MAC, forecast and actual MIC expiry, days left, join state,
    evidence, verdict) and a decision whether the expired-certificate workaround is needed.
  - "AireOS commands: C(show sysinfo), C(show ap inventory all), C(show ap join stats summary all),
    C(show msglog), C(show certificate all), C(show run-config commands)."
  - "Catalyst 9800 commands: C(show version), C(show ap config general),
    (filtered with C(| include) to the lines read), C(show wireless stats ap join summary), C(show wireless management trustpoint),
    C(show crypto pki certificates <wireless management trustpoint>), C(show running-config | section crypto pki)."
  - No AP login is needed; AP console output (C(show crypto pki certificates), C(show logging)) given as
    O(ap_outputs) sharpens the verdicts.
  - The MIC expiry of every AP is forecast from its serial number (LLLYYWWSSSS; APs built July 2005 to 2017
    carry ten-year MICs); certificate dates read from the AP or the 9800 win over the forecast.
  - "One verdict per AP, naming whose certificate keeps it out: C(ap-mic-expired) (FN63942; the allowance fixes it),
    C(ap-ssc-expired) (AireOS C(cert-expiry-ignore ssc)), C(controller-cert-expired) (the AP rejects the
    controller's certificate: AP log lines C(Peer certificate verification failed), C(Bad certificate) alert sent,
    AP-COS C(Cert Verification FAILED with error 10) with the controller's DN, or DTLS failures while a controller
    certificate has expired), C(image-signing-expired) (FN72524), C(not-certificate), C(unknown), C(ok) (joined).
    Each record carries C(verdict_reason), the evidence lines and the recommended C(action);
    C(blocked) says the AP is not joined, C(mic_state) whether its MIC is expired, expiring or valid."
  - AireOS releases are mapped per FN63942/CSCuq19142 (C(allowance_command)); a release with neither command is
    named in C(allowance_refused).
  - Options are validated before any command is sent. Nothing is changed on the device.
options:
  platform:
    description: C(aireos) or C(c9800). Default from C(ansible_network_os) (C(pfne.netops.aireos) or C(cisco.ios.ios)).
    type: str
    choices: [aireos, c9800]
  as_of:
    description: Reference date (ISO 8601, e.g. C(2026-01-31)); default now (UTC).
    type: str
  warn_days:
    description: An AP whose MIC ends within this many days is C(expiring). 0 or more.
    type: int
    default: 90
  aps:
    description: Limit the report to these AP names; every name must be known to the controller.
    type: list
    elements: str
    default: []
  known_aps:
    description: APs the controller cannot list (never joined), with their serial from an asset list.
    type: list
    elements: dict
    default: []
  ap_outputs:
    description:
      - "Output read on APs, keyed by AP name: C({certificates: <show crypto pki certificates>, log: <show logging>})."
      - The AP's own MIC dates then replace the serial forecast.
    type: dict
    default: {}
  force:
    description: Report the fix as needed even when the audit does not require it.
    type: bool
    default: false
  treat_cert_failures_as_expired:
    description: Count C(unknown) APs with certificate/DTLS failures as needing the MIC allowance.
    type: bool
    default: false
  read_msglog:
    description: AireOS only; read C(show msglog) for certificate join errors.
    type: bool
    default: true
  state_command:
    description:
      - AireOS only; the read-only command whose output holds the allowance state. The WLC has no dedicated
        show command.
    type: str
    default: show run-config commands
    choices:
      - show run-config commands
      - grep include "ap cert-expiry-ignore" "show run-config commands"
      - grep include "ap cert-expiry-ignore mic enable" "show run-config commands"
notes:
  - Allowing expired certificates is a workaround that lowers assurance; the lasting fix is software with the fix
    (Field Notice 63942) or locally significant certificates (LSC).
"""

EXAMPLES = r"""
- name: Audit the controller
  pfne.netops.wlc_mic_audit:
    warn_days: 120
  register: wlc_audit

- name: Show the table
  ansible.builtin.debug:
    msg: "{{ wlc_audit.report_markdown }}"
"""

RETURN = r"""
audit:
  description: Full audit (controller, platform, version, as_of, warn_days, ignore_state, wlc_certificates, aps, summary, decision, commands).
  returned: always
  type: dict
fix_needed:
  description: Whether an AP the allowance can fix (C(ap-mic-expired), C(ap-ssc-expired)) is not joined, or force was set.
  returned: always
  type: bool
ignore_enabled:
  description: Whether the controller already allows expired MICs.
  returned: always
  type: bool
summary:
  description: Count of APs per verdict, in total, C(blocked) (not joined), C(expiring), and C(blocked_by_verdict).
  returned: always
  type: dict
report_markdown:
  description: The audit as a Markdown table.
  returned: always
  type: str
"""
