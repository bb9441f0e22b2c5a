# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificate text parsers (IOS / IOS-XE / AP and AireOS) and expiry maths."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}

# IOS: "10:09:50 UTC Sep 26 2006"
IOS_DATE_RE = re.compile(
    r"^(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s+(?:UTC|GMT)\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})$"
)
# AireOS: "Oct  4 05:05:04 2015 GMT"
AIREOS_DATE_RE = re.compile(
    r"^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})(?:\s+(?:GMT|UTC))?$"
)


class CertParseError(ValueError):
    """Certificate text that cannot be read."""


def _iso(year, month, day, hh, mm, ss):
    return datetime.datetime(year, month, day, hh, mm, ss).strftime("%Y-%m-%dT%H:%M:%SZ")


def ios_date(text):
    """'10:09:50 UTC Sep 26 2006' -> '2006-09-26T10:09:50Z'."""
    m = IOS_DATE_RE.match(text.strip())
    if not m or m.group(4).lower() not in MONTHS:
        raise CertParseError("unreadable IOS certificate date %r" % text)
    hh, mi, ss, mon, dd, yy = m.groups()
    return _iso(int(yy), MONTHS[mon.lower()], int(dd), int(hh), int(mi), int(ss))


def aireos_date(text):
    """'Oct  4 05:05:04 2015 GMT' -> '2015-10-04T05:05:04Z'."""
    m = AIREOS_DATE_RE.match(text.strip())
    if not m or m.group(1).lower() not in MONTHS:
        raise CertParseError("unreadable AireOS certificate date %r" % text)
    mon, dd, hh, mi, ss, yy = m.groups()
    return _iso(int(yy), MONTHS[mon.lower()], int(dd), int(hh), int(mi), int(ss))


# ---------------------------------------------------------------- IOS / AP
KIND_HEADERS = {
    "certificate": "certificate",
    "ca certificate": "ca_certificate",
    "router self-signed certificate": "router_self_signed_certificate",
}
FIELD_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 ()/_-]*?):\s*(.*?)\s*$")
NOISE_RE = re.compile(r"^(?:%|[\w.()/-]+[#>])")
CERT_FIELD_RE = re.compile(r"(?im)^\s*(?:Certificate Serial Number|Validity Date:|Associated Trustpoints:)")
RDN_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9.]*)=(.*?)\s*$")


def _new_block(kind):
    return {
        "kind": kind,
        "status": None,
        "serial_number": None,
        "usage": None,
        "issuer": {},
        "subject": {},
        "crl_distribution_points": [],
        "valid_from": None,
        "valid_to": None,
        "trustpoints": [],
        "storage": None,
    }


def parse_pki_certificates(text):
    """IOS / IOS-XE / AP ``show crypto pki certificates`` -> list of dicts.

    One item per block, in order.  Handles blocks before and after the device
    certificate, empty ``Storage:`` lines, ``Associated Trustpoints:`` holding
    several names (``Trustpool cisco-m2-root-cert``), ``Certificate Serial
    Number:`` with or without ``(hex)`` and issuer/subject values with spaces.
    """
    if not isinstance(text, str):
        raise CertParseError("show crypto pki certificates output must be text")
    certs = []
    cur = None
    section = None  # issuer / subject / crl / validity
    head_indent = 0  # output pasted from logs or mail is indented as a whole
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        header = line.strip().lower()
        indent = len(line) - len(line.lstrip())
        if header in KIND_HEADERS:
            cur = _new_block(KIND_HEADERS[header])
            certs.append(cur)
            section = None
            head_indent = indent
            continue
        if indent <= head_indent and NOISE_RE.match(line.strip()):  # prompt echo, "% ..." message
            cur = None
            continue
        if cur is None:
            continue
        stripped = line.strip()
        low = stripped.lower()
        if section == "validity" and (low.startswith("start date:") or low.startswith("end ")
                                      or low.startswith("renew date:")):
            key, _sep, value = stripped.partition(":")
            key = " ".join(key.lower().split())
            if key == "start date":
                cur["valid_from"] = ios_date(value)
            elif key == "end date":
                cur["valid_to"] = ios_date(value)
            elif key == "renew date":
                cur["renew_date"] = ios_date(value)
            continue
        rdn = RDN_RE.match(line)
        if rdn and section in ("issuer", "subject"):
            cur[section][rdn.group(1).lower()] = rdn.group(2)
            continue
        if section == "crl" and re.match(r"^\s*\S+://", line):
            cur["crl_distribution_points"].append(stripped)
            continue
        field = FIELD_RE.match(line)
        if not field:
            continue
        key, value = field.group(1).strip().lower(), field.group(2)
        if section == "subject" and key in ("name", "serial number"):
            cur["subject"][key.replace(" ", "_")] = value
            continue
        section = None
        if key == "status":
            cur["status"] = value
        elif key.startswith("certificate serial number"):
            cur["serial_number"] = value
        elif key == "certificate usage":
            cur["usage"] = value
        elif key == "issuer":
            section = "issuer"
        elif key == "subject":
            section = "subject"
        elif key == "crl distribution points":
            section = "crl"
            if value:
                cur["crl_distribution_points"].append(value)
        elif key == "validity date":
            section = "validity"
        elif key == "associated trustpoints":
            cur["trustpoints"] = value.split()
        elif key == "storage":
            cur["storage"] = value or None
    if not certs and CERT_FIELD_RE.search(text):
        raise CertParseError("show crypto pki certificates: the text holds certificate fields but no "
                             "'Certificate' / 'CA Certificate' header line was recognised")
    for cert in certs:
        if cert["valid_to"] is None:
            raise CertParseError(
                "certificate block %d (%s) has no 'end date'" % (certs.index(cert) + 1, cert["kind"])
            )
    return certs


def find_mic(certs):
    """The AP's own MIC in parsed ``show crypto pki certificates`` output.

    The device certificate (kind 'certificate') issued by a Cisco manufacturing
    CA, or bound to a *MIC* trustpoint.  None when there is none.
    """
    for cert in certs:
        if cert.get("kind") != "certificate":
            continue
        issuer_cn = (cert.get("issuer") or {}).get("cn", "")
        tps = " ".join(cert.get("trustpoints") or [])
        if "manufacturing ca" in issuer_cn.lower() or "MIC" in tps.upper():
            return cert
    return None


# ---------------------------------------------------------------- AireOS
AIREOS_LABELS = {
    "subject name": "subject",
    "issuer name": "issuer",
    "serial number (hex)": "serial_number",
    "signature algorithm": "signature_algorithm",
}


def parse_wlc_certificates(text):
    """AireOS ``show certificate all`` -> list of dicts.

    Each: name, subject, issuer, serial_number, valid_from, valid_to,
    signature_algorithm.  Values may sit on the label line or on the next line.
    """
    if not isinstance(text, str):
        raise CertParseError("show certificate all output must be text")
    certs = []
    cur = None
    pending = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^Certificate Name\s*:\s*(.+)$", line)
        if m:
            cur = {
                "name": m.group(1).strip(),
                "subject": None,
                "issuer": None,
                "serial_number": None,
                "valid_from": None,
                "valid_to": None,
                "signature_algorithm": None,
            }
            certs.append(cur)
            pending = None
            continue
        if cur is None:
            continue
        m = re.match(r"^(Start|End)\s*:\s*(.+)$", line)
        if m:
            key = "valid_from" if m.group(1) == "Start" else "valid_to"
            cur[key] = aireos_date(m.group(2))
            pending = None
            continue
        m = re.match(r"^([A-Za-z][A-Za-z0-9 ()]*?)\s*:\s*(.*)$", line)
        label = m.group(1).strip().lower() if m else None
        if m and (label in AIREOS_LABELS or label in ("validity", "hash key")
                  or label.endswith("fingerprint")):
            pending = AIREOS_LABELS.get(label)
            if pending and m.group(2).strip():
                cur[pending] = m.group(2).strip()
                pending = None
            continue
        if pending:
            cur[pending] = line
            pending = None
    if not certs and re.search(r"(?im)^\s*(?:Subject Name|Issuer Name|Serial Number \(Hex\))\s*:", text):
        raise CertParseError("show certificate all: the text holds certificate fields but no "
                             "'Certificate Name:' line was recognised")
    for cert in certs:
        if cert["valid_to"] is None:
            raise CertParseError("certificate %r has no 'End :' date" % cert["name"])
    return certs


# ---------------------------------------------------------------- expiry
def parse_as_of(as_of):
    """None (now, UTC), a datetime/date, or an ISO 8601 date/time string."""
    if as_of is None:
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).replace(microsecond=0)
    if isinstance(as_of, datetime.datetime):
        return as_of.replace(tzinfo=None)
    if isinstance(as_of, datetime.date):
        return datetime.datetime(as_of.year, as_of.month, as_of.day)
    if isinstance(as_of, str):
        text = as_of.strip().rstrip("Z")
        for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, fmt)
            except ValueError:
                continue
    raise ValueError("as_of: expected an ISO 8601 date such as 2026-01-31, got %r" % (as_of,))


def check_warn_days(warn_days):
    if isinstance(warn_days, bool) or not isinstance(warn_days, int):
        try:
            warn_days = int(str(warn_days).strip())
        except ValueError:
            raise ValueError("warn_days: expected a whole number of days, got %r" % (warn_days,))
    if warn_days < 0:
        raise ValueError("warn_days: must be 0 or more, got %d" % warn_days)
    return warn_days


def days_left(valid_to, as_of):
    """Whole days from as_of to valid_to (ISO text); negative once expired."""
    return (parse_as_of(valid_to) - as_of).days  # timedelta.days floors


def expiry_state(valid_to, as_of, warn_days):
    end = parse_as_of(valid_to)
    left = days_left(valid_to, as_of)
    if end <= as_of:
        return left, "expired"
    if left <= warn_days:
        return left, "expiring"
    return left, "valid"


def cert_expiry(certs, as_of=None, warn_days=90):
    """Add days_left and state (expired / expiring / valid) to each cert."""
    if not isinstance(certs, list):
        raise ValueError("cert_expiry: expected a list of certificates")
    now = parse_as_of(as_of)
    warn = check_warn_days(warn_days)
    out = []
    for idx, cert in enumerate(certs):
        if not isinstance(cert, dict) or not cert.get("valid_to"):
            raise ValueError("cert_expiry: item %d has no valid_to" % idx)
        item = dict(cert)
        item["days_left"], item["state"] = expiry_state(cert["valid_to"], now, warn)
        out.append(item)
    return out
