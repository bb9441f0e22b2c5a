# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for Catalyst 9800 (IOS-XE) wireless show output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
import textwrap

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import c9800_pki
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aireos import (
    MAC_ANY,
    WlcParseError,
    norm_mac,
    note_unparsed,
)

IP_RE = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:]+)"


def _text(text, what):
    if not isinstance(text, str):
        raise WlcParseError("%s: expected the command's text output, got %s" % (what, type(text).__name__))
    return text


JOIN_RE = re.compile(
    r"^(%s)\s+(%s)\s+(\S+)\s+(%s)\s+(Joined|Not Joined)\s+(\S+)\s*(.*?)\s*$" % (MAC_ANY, MAC_ANY, IP_RE)
)


JOIN_HEADER_RE = re.compile(r"^Base MAC\s+\S+ MAC\s+AP Name\b", re.I)


def _ap_table(text, command, row_re, header_re=None, unparsed=None):
    """The matches of ``row_re`` in a 9800 AP table whose output must hold its 'Number of APs' line.

    A line that is neither a row nor a header (``header_re``) goes to ``unparsed`` when a list is given.
    """
    matches = []
    seen_header = False
    for line in _text(text, command).splitlines():
        s = line.strip()
        if s.startswith("Number of APs"):
            seen_header = True
            continue
        m = row_re.match(s)
        if m:
            matches.append(m)
        elif header_re is None or not header_re.match(s):
            note_unparsed(unparsed, s)
    if not seen_header:
        raise WlcParseError("%s: no 'Number of APs' line" % command)
    return matches


def parse_join_summary(text, unparsed=None):
    """``show wireless stats ap join summary`` -> list of rows.

    Row: base_mac, ethernet_mac, name, ip, joined, failure_phase,
    disconnect_reason.  Repeated page headers are skipped; a base MAC seen twice
    keeps its last row. Lines not understood go to ``unparsed`` when a list is given.
    """
    rows = {}
    for m in _ap_table(text, "show wireless stats ap join summary", JOIN_RE, JOIN_HEADER_RE, unparsed):
        base = norm_mac(m.group(1))
        rows[base] = {
            "base_mac": base,
            "ethernet_mac": norm_mac(m.group(2)),
            "name": m.group(3),
            "ip": m.group(4),
            "joined": m.group(5) == "Joined",
            "failure_phase": m.group(6),
            "disconnect_reason": m.group(7) or None,
        }
    return list(rows.values())


SUMMARY_RE = re.compile(
    r"^(\S+)\s+(\d+)\s+(\S+)\s+(%s)\s+(%s)\s+(.*?)\s+(\S+)\s+(%s)\s+(\S+)\s*$" % (MAC_ANY, MAC_ANY, IP_RE)
)


def parse_ap_summary(text):
    """9800 ``show ap summary`` -> list of {name, model, ethernet_mac, radio_mac, ip, state}."""
    return [{
        "name": m.group(1),
        "model": m.group(3),
        "ethernet_mac": norm_mac(m.group(4)),
        "radio_mac": norm_mac(m.group(5)),
        "location": m.group(6),
        "country": m.group(7),
        "ip": m.group(8),
        "state": m.group(9),
    } for m in _ap_table(text, "show ap summary", SUMMARY_RE)]


COLON_RE = re.compile(r"^(\S.*?)\s*:\s*(.*?)\s*$")


def _expiry_time(text):
    """'08/09/2099 20:58:26' (MM/DD/YYYY) -> ISO 8601 UTC, or None."""
    try:
        return datetime.datetime.strptime(text.strip(), "%m/%d/%Y %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def parse_ap_config_general(text):
    """9800 ``show ap config general`` (all APs) -> list of AP facts.

    Each block opens with ``Cisco AP Name   : <name>``.  Keeps name, mac,
    ip, model, serial, operation_state, certificate_type,
    certificate_expiry (ISO) and certificate_issuer.
    """
    aps = []
    cur = None
    # a pasted copy may be indented as a whole: sub-sections are indented further than that
    for line in textwrap.dedent(_text(text, "show ap config general")).splitlines():
        if not line or line[0].isspace():
            continue  # nested sub-sections (LSC status ...)
        m = COLON_RE.match(line)
        if not m:
            continue
        key, value = " ".join(m.group(1).split()), m.group(2)
        if key == "Cisco AP Name":
            cur = {"name": value, "mac": None, "ip": None, "model": None, "serial": None,
                   "operation_state": None, "certificate_type": None,
                   "certificate_expiry": None, "certificate_issuer": None}
            aps.append(cur)
        elif cur is None:
            continue
        elif key == "MAC Address" and value:
            cur["mac"] = norm_mac(value)
        elif key == "IP Address":
            cur["ip"] = value or None
        elif key == "AP Model":
            cur["model"] = value or None
        elif key == "AP Serial Number":
            cur["serial"] = value or None
        elif key == "Operation State":
            cur["operation_state"] = value or None
        elif key == "AP Certificate type":
            cur["certificate_type"] = value or None
        elif key == "AP Certificate Expiry-time":
            cur["certificate_expiry"] = _expiry_time(value)
        elif key == "AP Certificate issuer common-name":
            cur["certificate_issuer"] = value or None
    return aps


def parse_management_trustpoint(text):
    """``show wireless management trustpoint`` -> dict (snake_case keys)."""
    out = {}
    for line in _text(text, "show wireless management trustpoint").splitlines():
        m = COLON_RE.match(line.strip())
        if m:
            out[re.sub(r"\W+", "_", m.group(1).strip().lower())] = m.group(2)
    if "trustpoint_name" not in out:
        raise WlcParseError("show wireless management trustpoint: no 'Trustpoint Name' line")
    return out


def parse_pki_allow_expired(text):
    """``show running-config | section crypto pki`` -> expired-cert allowance (rows: wlc/c9800_pki.py).

    Returns {'maps': {name: [{'seq', 'issuer_contains': [...]}]},
    'trustpool_allow_expired': [map names], 'allowed_issuers': [...]}.
    """
    model = c9800_pki.parse(_text(text, "show running-config | section crypto pki"))
    maps = dict((name, [{"seq": int(seq), "issuer_contains": list((entry or {}).get("issuers") or {})}
                        for seq, entry in sorted(entries.items(), key=lambda kv: int(kv[0]))])
                for name, entries in (model.get("maps") or {}).items())
    allow = list(((model.get("trustpool") or {}).get("allow_expired") or {}))
    issuers = [i for name in allow for entry in maps.get(name, []) for i in entry["issuer_contains"]]
    return {"maps": maps, "trustpool_allow_expired": allow, "allowed_issuers": issuers}


def parse_show_version(text):
    """IOS-XE ``show version`` -> {'version'}."""
    m = re.search(r"Cisco IOS XE Software, Version\s+(\S+)", _text(text, "show version"))
    if not m:
        m = re.search(r"Version\s+(\d+\.\d+[\w.()]*)", text)
    if not m:
        raise WlcParseError("show version: no IOS XE version found")
    return {"version": m.group(1).rstrip(",")}
