# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access point CAPWAP/DTLS log lines -> normalised events."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_certs import CertParseError, ios_date

IOS_LINE_RE = re.compile(
    r"^\*?(?P<ts>[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?):\s+"
    r"%(?P<mnemonic>[A-Z0-9_]+-\d-[A-Z0-9_]+):\s*(?P<rest>.*)$"
)
COS_LINE_RE = re.compile(r"^\[\*?(?P<ts>\d{2}/\d{2}/\d{4}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?)\]\s*(?P<rest>.*)$")
IP = r"(\d{1,3}(?:\.\d{1,3}){3})"
KINDS = ("dtls_request", "cert_unknown_alert", "close_notify", "cert_expired", "other")


def _kind(mnemonic, rest):
    low = rest.lower()
    if mnemonic == "CAPWAP-5-DTLSREQSEND":
        return "dtls_request"
    if mnemonic == "DTLS-5-ALERT" and "certificate unknown" in low:
        return "cert_unknown_alert"
    if mnemonic == "DTLS-5-SEND_ALERT" and "close notify" in low:
        return "close_notify"
    if mnemonic == "PKI-3-CERTIFICATE_INVALID_EXPIRED":
        return "cert_expired"
    return "other"


def _peer(rest):
    m = re.search(r"peer_ip:\s*" + IP, rest) or re.search(r"\b(?:from|to)\s+" + IP, rest)
    return m.group(1) if m else None


def parse_capwap_log(text):
    """AP log text (IOS ``show logging`` or COS console) -> list of events.

    Each: timestamp (as printed), mnemonic (None for COS lines), peer, kind
    (dtls_request, cert_unknown_alert, close_notify, cert_expired, other),
    text; cert_expired events also carry expired_on (ISO) when printed.
    Lines without a message mnemonic are skipped, except COS
    ``Cert Verification FAILED with error 10 (certificate has expired)``.
    """
    if not isinstance(text, str):
        raise ValueError("parse_capwap_log: expected log text, got %s" % type(text).__name__)
    events = []
    for raw in text.splitlines():
        line = raw.strip()
        m = IOS_LINE_RE.match(line)
        if m:
            rest = m.group("rest").strip()
            ev = {
                "timestamp": " ".join(m.group("ts").split()),
                "mnemonic": m.group("mnemonic"),
                "peer": _peer(rest),
                "kind": _kind(m.group("mnemonic"), rest),
                "text": rest,
            }
            if ev["kind"] == "cert_expired":
                end = re.search(r"ended on (\d{1,2}:\d{2}:\d{2} UTC [A-Z][a-z]{2} \d{1,2} \d{4})", rest)
                try:
                    ev["expired_on"] = ios_date(end.group(1)) if end else None
                except CertParseError:
                    ev["expired_on"] = None
                sn = re.search(r"\(SN:\s*([0-9A-Fa-f]+)\)", rest)
                ev["certificate_serial"] = sn.group(1) if sn else None
            events.append(ev)
            continue
        m = COS_LINE_RE.match(line)
        if m and re.search(r"Cert Verification FAILED with error 10\b", m.group("rest")):
            events.append({
                "timestamp": m.group("ts"),
                "mnemonic": None,
                "peer": None,
                "kind": "cert_expired",
                "text": m.group("rest").strip(),
                "expired_on": None,
            })
    return events
