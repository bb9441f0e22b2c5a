# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for Cisco AireOS WLC show output (plain text in, data out)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MAC_COLON = r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}"
MAC_DOTTED = r"[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
MAC_ANY = "(?:%s|%s)" % (MAC_COLON, MAC_DOTTED)
DOTTED_RE = re.compile(r"^\s*(\S.*?)\s*\.{2,}\s*(.*?)\s*$")


class WlcParseError(ValueError):
    """WLC output that does not have the expected shape."""


# Lines every show output may carry that are no data: rulers, prompt echoes, pager prompts.
SHOW_NOISE_RE = re.compile(r"^(?:-{3,}|=+|\(Cisco Controller\) [>#].*|[\w.()/-]+[#>] ?(?:show .*)?"
                           r"|--More--.*|Press any key to continue.*)$", re.I)


def note_unparsed(unparsed, line):
    """Keep a stripped line that is not understood (when the caller asked for them)."""
    if unparsed is not None and line and not SHOW_NOISE_RE.match(line):
        unparsed.append(line)


def norm_mac(mac):
    """Any MAC spelling -> 'aa:bb:cc:dd:ee:ff' (lower case)."""
    hexes = re.sub(r"[^0-9A-Fa-f]", "", mac or "")
    if len(hexes) != 12:
        raise WlcParseError("not a MAC address: %r" % (mac,))
    hexes = hexes.lower()
    return ":".join(hexes[i:i + 2] for i in range(0, 12, 2))


def _text(text, what):
    if not isinstance(text, str):
        raise WlcParseError("%s: expected the command's text output, got %s" % (what, type(text).__name__))
    return text


def dotted_fields(text):
    """'Label........ value' lines -> {label: value} (first wins)."""
    out = {}
    for line in text.splitlines():
        m = DOTTED_RE.match(line)
        if m:
            out.setdefault(" ".join(m.group(1).split()), m.group(2))
    return out


def parse_sysinfo(text):
    """``show sysinfo`` -> {'version', 'system_name', 'product_name'}."""
    fields = dotted_fields(_text(text, "show sysinfo"))
    version = fields.get("Product Version")
    if not version or not re.match(r"^\d+(\.\d+){1,3}$", version):
        raise WlcParseError("show sysinfo: no 'Product Version' line with a release number")
    return {
        "version": version,
        "system_name": fields.get("System Name") or None,
        "product_name": fields.get("Product Name") or None,
    }


def parse_ap_inventory(text, unparsed=None):
    """``show ap inventory all`` -> list of {name, pid, vid, serial, descr}.

    Blocks: ``Inventory for <ap>``, ``NAME: "..."    , DESCR: "..."``,
    ``PID: <pid>,  VID: <vid>,  SN: <serial>``. Lines not understood go to the list ``unparsed``
    when one is given.
    """
    aps = []
    cur = None
    for line in _text(text, "show ap inventory all").splitlines():
        s = line.strip()
        m = re.match(r"^Inventory for\s+(\S+)\s*$", s)
        if m:
            cur = {"name": m.group(1), "pid": None, "vid": None, "serial": None, "descr": None}
            aps.append(cur)
            continue
        m = re.match(r'^NAME:\s*"?(.*?)"?\s*,\s*DESCR:\s*"?(.*?)"?\s*$', s)
        if m and cur is not None:
            cur["descr"] = m.group(2)
            continue
        m = re.match(r"^PID:\s*(\S*?)\s*,\s*VID:\s*(\S*?)\s*,\s*SN:\s*(\S*)\s*$", s)
        if m and cur is not None:
            cur["pid"], cur["vid"], cur["serial"] = (m.group(1) or None, m.group(2) or None,
                                                     m.group(3) or None)
            continue
        note_unparsed(unparsed, s)
    for ap in aps:
        if ap["pid"] is None and ap["serial"] is None:
            raise WlcParseError("show ap inventory all: AP %r has no 'PID: ..., SN: ...' line" % ap["name"])
    return aps


def parse_ap_config_general(text):
    """AireOS ``show ap config general <ap>`` -> AP facts for the audit."""
    fields = dotted_fields(_text(text, "show ap config general"))
    name = fields.get("Cisco AP Name")
    if not name:
        raise WlcParseError("show ap config general: no 'Cisco AP Name' line")
    mac = fields.get("MAC Address")
    return {
        "name": name,
        "mac": norm_mac(mac) if mac else None,
        "ip": fields.get("IP Address") or None,
        "model": fields.get("AP Model") or None,
        "serial": fields.get("AP Serial Number") or None,
        "certificate_type": fields.get("AP Certificate Type") or None,
        "operation_state": fields.get("Operation State") or None,
        "software": fields.get("S/W Version") or None,
    }


JOIN_ROW_RE = re.compile(
    r"^(%s)\s+(%s)\s+(\S+)\s+(?:(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*::?[0-9A-Fa-f:]+)\s+)?"
    r"(Joined|Not [Jj]oined)\s*$" % (MAC_ANY, MAC_ANY)
)
JOIN_OLD_RE = re.compile(r"^(%s)\.{2,}\s*(Joined|Not [Jj]oined)\s*$" % MAC_ANY)


JOIN_HEADER_RE = re.compile(r"^Base Mac\s+AP EthernetMac\s+AP Name\b", re.I)


def parse_join_stats(text, unparsed=None):
    """``show ap join stats summary all`` (both layouts) -> list of rows.

    4.2-7.x: ``<mac>......... Joined``; 8.x: table ``Base Mac  AP EthernetMac
    AP Name  IP Address  Status``.  Row: base_mac, ethernet_mac, name, ip, joined.
    """
    rows = []
    total = None
    for line in _text(text, "show ap join stats summary all").splitlines():
        s = line.strip()
        m = re.match(r"^Number of APs\.*\s*:?\s*(\d+)$", s)
        if m:
            total = int(m.group(1))
            continue
        m = JOIN_ROW_RE.match(s)
        if m:
            rows.append({
                "base_mac": norm_mac(m.group(1)),
                "ethernet_mac": norm_mac(m.group(2)),
                "name": m.group(3),
                "ip": m.group(4),
                "joined": m.group(5).lower() == "joined",
            })
            continue
        m = JOIN_OLD_RE.match(s)
        if m:
            rows.append({"base_mac": norm_mac(m.group(1)), "ethernet_mac": None, "name": None,
                         "ip": None, "joined": m.group(2).lower() == "joined"})
        elif not JOIN_HEADER_RE.match(s):
            note_unparsed(unparsed, s)
    if total is None:
        raise WlcParseError("show ap join stats summary all: no 'Number of APs' line")
    return rows


MSG_RE = re.compile(
    r"^\*?(?:(?P<task>[\w.-]+):\s+)?(?P<ts>[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?):?\s+"
    r"(?:(?P<file>\S+\.c:\d+)\s+)?[#%]?(?P<mnemonic>[A-Z0-9_]+-\d-[A-Z0-9_]+):\s*(?P<rest>.*)$"
)
CERT_WORDS = ("certificate", "cert ", "cert-", "handshake", "mic")


def _msg_kind(mnemonic, text):
    low = text.lower()
    if "expired" in low:
        return "cert_expired"
    if mnemonic.startswith("DTLS-") and "HANDSHAKE" in mnemonic:
        return "dtls_handshake_failure"
    if mnemonic.startswith("LWAPP-") and "certificate" in low:
        return "invalid_cert_payload"
    if "certificate" in low or "cert" in mnemonic.lower():
        return "cert_validation_failed"
    return "other"


def parse_msglog(text):
    """``show msglog`` -> certificate-related join events.

    Each: timestamp, mnemonic, ap_mac (or None), peer (IP or None), kind
    (cert_expired, dtls_handshake_failure, invalid_cert_payload,
    cert_validation_failed), text.  Unrelated messages are dropped.
    """
    events = []
    for line in _text(text, "show msglog").splitlines():
        m = MSG_RE.match(line.strip())
        if not m:
            continue
        rest = m.group("rest")
        low = rest.lower()
        mnemonic = m.group("mnemonic")
        if not any(w in low for w in CERT_WORDS) and "DTLS" not in mnemonic:
            continue
        kind = _msg_kind(mnemonic, rest)
        if kind == "other":
            continue
        mac = re.search(r"\bAP\s+(%s)" % MAC_ANY, rest)
        peer = re.search(r"peer\s+(\d{1,3}(?:\.\d{1,3}){3})", rest)
        events.append({
            "timestamp": " ".join(m.group("ts").split()),
            "mnemonic": mnemonic,
            "ap_mac": norm_mac(mac.group(1)) if mac else None,
            "peer": peer.group(1) if peer else None,
            "kind": kind,
            "text": rest.strip(),
        })
    return events


IGNORE_LINE_RE = re.compile(
    r"^\s*(?:config\s+)?ap\s+(cert-expiry-ignore|lifetime-check)\s+(mic|ssc)\s+(enable|disable)d?\s*$",
    re.IGNORECASE,
)
GREP_RE = re.compile(r"^There are (\d+) lines matching the pattern\s+(.*?)\s*$")


def parse_cert_ignore_state(text):
    """Expired-certificate allowance from ``show run-config commands``.

    Also reads the ``grep include "<pattern>" "show run-config commands"``
    answer, including ``There are 0 lines matching the pattern ...``.
    Returns {'mic': bool|None, 'ssc': bool|None, 'command': name|None,
    'lines': [...]}; None means the output did not cover that certificate type
    (a grep for another pattern).
    """
    state = {"mic": False, "ssc": False, "command": None, "lines": []}
    grep_patterns = []
    for line in _text(text, "show run-config commands").splitlines():
        g = GREP_RE.match(line.strip())
        if g:
            grep_patterns.append(g.group(2).lower())
            continue
        m = IGNORE_LINE_RE.match(line)
        if m:
            state["lines"].append(line.strip())
            state["command"] = m.group(1).lower()
            state[m.group(2).lower()] = m.group(3).lower() == "enable"
    if grep_patterns:
        for kind in ("mic", "ssc"):
            covered = any(kind in p or not re.search(r"\b(mic|ssc)\b", p) for p in grep_patterns)
            if not covered and not any(kind in ln for ln in state["lines"]):
                state[kind] = None
    return state


def version_tuple(version):
    """'8.5.182.0' -> (8, 5, 182, 0); a clear error for anything else."""
    if not isinstance(version, str) or not re.match(r"^\d+(\.\d+){1,3}$", version.strip()):
        raise WlcParseError("not an AireOS release number: %r" % (version,))
    parts = [int(p) for p in version.strip().split(".")]
    return tuple(parts + [0] * (4 - len(parts)))
