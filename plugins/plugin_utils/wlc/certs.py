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


ISO = "%Y-%m-%dT%H:%M:%SZ"
# Releases that keep time in 32 bits print dates after their clock's range wrapped by 2**32 seconds:
# Cisco Root CA M2 (ends 13:00:18 UTC Nov 12 2037) prints as `06:32:02 UTC Oct 7 1901`. No
# certificate a device holds starts or ends before 1970, so such a date is unwrapped.
WRAP = datetime.timedelta(seconds=2 ** 32)
EPOCH_YEAR = 1970


def _iso(year, month, day, hh, mm, ss):
    return datetime.datetime(year, month, day, hh, mm, ss).strftime(ISO)


def unwrap_date(iso):
    """ISO date as printed -> (real ISO date, wrapped): a date before 1970 is moved 2**32 s on."""
    if int(iso[:4]) >= EPOCH_YEAR:
        return iso, False
    return (datetime.datetime.strptime(iso, ISO) + WRAP).strftime(ISO), True


def _printed_date(text, regex, fields, vendor):
    """A certificate date matched by ``regex``, whose groups are named by ``fields``, -> ISO 8601."""
    m = regex.match(text.strip())
    part = dict(zip(fields, m.groups())) if m else {}
    if not m or part["mon"].lower() not in MONTHS:
        raise CertParseError("unreadable %s certificate date %r" % (vendor, text))
    return _iso(int(part["yy"]), MONTHS[part["mon"].lower()], int(part["dd"]),
                int(part["hh"]), int(part["mi"]), int(part["ss"]))


def ios_date(text):
    """'10:09:50 UTC Sep 26 2006' -> '2006-09-26T10:09:50Z' (as printed; see unwrap_date)."""
    return _printed_date(text, IOS_DATE_RE, ("hh", "mi", "ss", "mon", "dd", "yy"), "IOS")


def aireos_date(text):
    """'Oct  4 05:05:04 2015 GMT' -> '2015-10-04T05:05:04Z' (as printed; see unwrap_date)."""
    return _printed_date(text, AIREOS_DATE_RE, ("mon", "dd", "hh", "mi", "ss", "yy"), "AireOS")


def set_date(cert, key, printed):
    """cert[key] = the real date; a wrapped one also sets <key>_wrapped and <key>_printed."""
    cert[key], wrapped = unwrap_date(printed)
    cert[key + "_wrapped"] = wrapped
    if wrapped:
        cert[key + "_printed"] = printed


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
        "valid_from_wrapped": False,
        "valid_to_wrapped": False,
        "trustpoints": [],
        "storage": None,
    }


# `Name:`, `IP Address:` and `Serial Number:` lines inside a Subject (router certificates enrolled with
# `subject-name` + `ip-address`, SUDI certificates), before the `key=value` lines
SUBJECT_FIELDS = ("name", "ip address", "serial number")
# `hostname=R14+ipaddress=14.14.14.14`: a multi-valued RDN, one key=value per `+`
RDN_SPLIT_RE = re.compile(r"\+(?=[A-Za-z][A-Za-z0-9.]*=)")
BLOCK_KEYS = {"status": "status", "certificate usage": "usage", "storage": "storage"}


def _rdn(cur, section, line):
    for part in RDN_SPLIT_RE.split(line.strip()):
        key, _sep, value = part.partition("=")
        cur[section][key.strip().lower()] = value.strip()


def _validity(cur, stripped):
    key, _sep, value = stripped.partition(":")
    key = " ".join(key.lower().split())
    target = {"start date": "valid_from", "end date": "valid_to", "renew date": "renew_date"}.get(key)
    if target is None:
        return False
    set_date(cur, target, ios_date(value))
    return True


def _pki_field(cur, key, value):
    """A `Key: value` line of a block -> the section it opens (or None); False when unknown."""
    if key in BLOCK_KEYS:
        cur[BLOCK_KEYS[key]] = value or None
    elif key.startswith("certificate serial number"):
        cur["serial_number"] = value
    elif key in ("issuer", "subject"):
        return key
    elif key == "crl distribution points":
        if value:
            cur["crl_distribution_points"].append(value)
        return "crl"
    elif key == "validity date":
        return "validity"
    elif key == "associated trustpoints":
        cur["trustpoints"] = value.split()
    else:
        return False
    return None


def _pki_line(cur, section, line):
    """One line inside a block -> (section, understood)."""
    stripped = line.strip()
    low = stripped.lower()
    if section == "validity" and low.startswith(("start date:", "end ", "renew date:")):
        return section, _validity(cur, stripped)
    if section in ("issuer", "subject") and RDN_RE.match(line):
        _rdn(cur, section, line)
        return section, True
    if section == "crl" and re.match(r"^\s*\S+://", line):
        cur["crl_distribution_points"].append(stripped)
        return section, True
    field = FIELD_RE.match(line)
    if not field:
        return section, False
    key, value = field.group(1).strip().lower(), field.group(2)
    if section == "subject" and key in SUBJECT_FIELDS:
        cur["subject"][key.replace(" ", "_")] = value
        return section, True
    opened = _pki_field(cur, key, value)
    return (None, False) if opened is False else (opened, True)


def parse_pki_certificates(text, unparsed=None):
    """IOS / IOS-XE / AP ``show crypto pki certificates`` -> list of dicts.

    One item per block, in order.  Handles blocks before and after the device
    certificate, empty ``Storage:`` lines, ``Associated Trustpoints:`` holding
    several names (``Trustpool cisco-m2-root-cert``), ``Certificate Serial
    Number:`` with or without ``(hex)``, issuer/subject values with spaces, subjects
    with ``Name:`` / ``IP Address:`` / ``Serial Number:`` lines and multi-valued RDNs
    (``hostname=R14+ipaddress=...``), and dates printed wrapped by a 32-bit clock
    (``Oct 7 1901``: the real date, with ``valid_to_wrapped`` and ``valid_to_printed``).
    Lines not understood go to ``unparsed`` when a list is given.
    """
    if not isinstance(text, str):
        raise CertParseError("show crypto pki certificates output must be text")
    certs, cur, section = [], None, None
    head_indent = 0  # output pasted from logs or mail is indented as a whole
    for raw in text.splitlines():
        line = raw.rstrip()
        header = line.strip().lower()
        indent = len(line) - len(line.lstrip())
        if not header:
            continue
        if header in KIND_HEADERS:
            cur, section, head_indent = _new_block(KIND_HEADERS[header]), None, indent
            certs.append(cur)
        elif indent <= head_indent and NOISE_RE.match(line.strip()):  # prompt echo, "% ..." message
            cur = None
        elif cur is None:
            _note(unparsed, line)
        else:
            section, understood = _pki_line(cur, section, line)
            if not understood:
                _note(unparsed, line)
    _check_blocks(text, certs)
    return certs


def _note(unparsed, line):
    if unparsed is not None:
        unparsed.append(line.strip())


def _check_blocks(text, certs):
    if not certs and CERT_FIELD_RE.search(text):
        raise CertParseError("show crypto pki certificates: the text holds certificate fields but no "
                             "'Certificate' / 'CA Certificate' header line was recognised")
    for cert in certs:
        if cert["valid_to"] is None:
            raise CertParseError(
                "certificate block %d (%s) has no 'end date'" % (certs.index(cert) + 1, cert["kind"])
            )


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


def _aireos_block(name):
    return {"name": name, "subject": None, "issuer": None, "serial_number": None, "valid_from": None,
            "valid_to": None, "valid_from_wrapped": False, "valid_to_wrapped": False, "signature_algorithm": None}


def parse_wlc_certificates(text, unparsed=None):
    """AireOS ``show certificate all`` -> list of dicts.

    Each: name, subject, issuer, serial_number, valid_from, valid_to (a date printed
    wrapped by a 32-bit clock is unwrapped, see set_date), signature_algorithm.  Values may
    sit on the label line or on the next line. Lines not understood go to ``unparsed``
    when a list is given.
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
            cur = _aireos_block(m.group(1).strip())
            certs.append(cur)
            pending = None
            continue
        if cur is None:
            if not NOISE_RE.match(line):
                _note(unparsed, line)
            continue
        m = re.match(r"^(Start|End)\s*:\s*(.+)$", line)
        if m:
            set_date(cur, "valid_from" if m.group(1) == "Start" else "valid_to", aireos_date(m.group(2)))
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
        else:
            _note(unparsed, line)
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
