# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Join fleet + serial forecast + evidence -> one record per AP and a decision.

Verdicts:
  expired-blocking  MIC expired (AP certificate, AP log or serial forecast) and
                    the AP is not joined: the workaround would let it join.
  cert-blocking     not joined with certificate/DTLS evidence, but no expiry
                    date known: log in to the AP to confirm.
  expired-joined    MIC expired but the AP is joined (allowance already on, or
                    the forecast was wrong).
  expiring          MIC ends within warn_days.
  not-joined        not joined, no certificate evidence.
  ok                MIC valid beyond warn_days.
  unknown           no usable serial and no certificate date.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_aireos import norm_mac
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_certs import (
    check_warn_days,
    expiry_state,
    find_mic,
    parse_as_of,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_serial import try_decode_serial

CERT_EVIDENCE = ("cert_expired", "cert_unknown_alert", "dtls_handshake_failure",
                 "invalid_cert_payload", "cert_validation_failed")
VERDICTS = ("expired-blocking", "cert-blocking", "expired-joined", "expiring",
            "not-joined", "ok", "unknown")


def _blank(name=None, mac=None):
    return {"name": name, "model": None, "serial": None, "mac": mac, "ip": None,
            "actual_expiry": None, "join_state": "unknown", "failure_phase": None,
            "disconnect_reason": None, "evidence": []}


class Fleet(object):
    """APs indexed by name and by base radio MAC."""

    def __init__(self):
        self.aps = []
        self.by_name = {}
        self.by_mac = {}

    def get(self, name=None, mac=None, create=True):
        mac = norm_mac(mac) if mac else None
        ap = (self.by_name.get(name) if name else None) or (self.by_mac.get(mac) if mac else None)
        if ap is None:
            if not create:
                return None
            ap = _blank(name, mac)
            self.aps.append(ap)
        if name and not ap["name"]:
            ap["name"] = name
        if mac and not ap["mac"]:
            ap["mac"] = mac
        if ap["name"]:
            self.by_name[ap["name"]] = ap
        if ap["mac"]:
            self.by_mac[ap["mac"]] = ap
        return ap

    def add(self, name=None, mac=None, **facts):
        ap = self.get(name, mac)
        for key, value in facts.items():
            if value is not None and ap.get(key) in (None, "unknown"):
                ap[key] = value
        return ap


def add_joins(fleet, rows):
    for row in rows:
        ap = fleet.get(row.get("name"), row.get("base_mac"))
        ap["join_state"] = "joined" if row.get("joined") else "not_joined"
        if row.get("ip") and not ap["ip"]:
            ap["ip"] = row["ip"]
        for key in ("failure_phase", "disconnect_reason"):
            if row.get(key):
                ap[key] = row[key]
        reason = (row.get("disconnect_reason") or "").lower()
        phase = (row.get("failure_phase") or "").lower()
        if not row.get("joined") and ("cert" in reason or "dtls" in phase):
            ap["evidence"].append({"source": "join summary", "kind": "dtls_handshake_failure",
                                   "text": "%s: %s" % (row.get("failure_phase"), row.get("disconnect_reason"))})


def add_wlc_events(fleet, events):
    for ev in events:
        if not ev.get("ap_mac"):
            continue
        ap = fleet.get(mac=ev["ap_mac"], create=True)
        ap["evidence"].append({"source": "wlc msglog", "kind": ev["kind"],
                               "text": "%s %s: %s" % (ev["timestamp"], ev["mnemonic"], ev["text"])})


def add_ap_evidence(fleet, ap_evidence):
    """ap_evidence: {ap name: {'certificates': [...], 'log_events': [...]}}."""
    for name, found in (ap_evidence or {}).items():
        ap = fleet.get(name=name, create=True)
        mic = find_mic(found.get("certificates") or [])
        if mic:
            ap["actual_expiry"] = mic["valid_to"]
            ap["evidence"].append({"source": "ap certificate", "kind": "mic",
                                   "text": "MIC %s valid %s to %s" % (
                                       ",".join(mic.get("trustpoints") or []), mic["valid_from"], mic["valid_to"])})
        for ev in found.get("log_events") or []:
            if ev.get("kind") in ("cert_unknown_alert", "cert_expired"):
                ap["evidence"].append({"source": "ap log", "kind": ev["kind"],
                                       "text": "%s %s" % (ev.get("mnemonic") or "", ev.get("text"))})


def _verdict(rec, state, has_cert_evidence, expired_evidence):
    expired = state == "expired" or expired_evidence
    if rec["join_state"] == "not_joined":
        if expired:
            return "expired-blocking"
        if has_cert_evidence:
            return "cert-blocking"
        return "not-joined"
    if expired:
        return "expired-joined"
    if state == "expiring":
        return "expiring"
    if state == "valid":
        return "ok"
    return "unknown"


def assess(fleet, as_of=None, warn_days=90):
    """Fill forecast, days_left and verdict on every AP; return the records."""
    now = parse_as_of(as_of)
    warn = check_warn_days(warn_days)
    records = []
    for ap in fleet.aps:
        rec = dict(ap)
        rec["manufactured"] = rec["forecast_expiry"] = rec["serial_error"] = None
        info = None
        if ap.get("serial"):
            info, err = try_decode_serial(ap["serial"])
            rec["serial_error"] = err
            if info:
                rec["manufactured"] = info["manufactured"]
                rec["forecast_expiry"] = info["mic_expires"]
        expiry = rec["actual_expiry"] or rec["forecast_expiry"]
        rec["expiry_source"] = ("certificate" if rec["actual_expiry"] else "serial" if expiry else None)
        state = None
        rec["days_left"] = None
        if expiry:
            rec["days_left"], state = expiry_state(expiry, now, warn)
        elif info and info["year"] >= 2018:
            state = "valid"  # built after the 10-year MIC era: long-lived certificate
            rec["expiry_source"] = "serial"
        kinds = set(e["kind"] for e in rec["evidence"])
        rec["verdict"] = _verdict(rec, state, bool(kinds & set(CERT_EVIDENCE)),
                                  "cert_expired" in kinds and not rec["actual_expiry"])
        records.append(rec)
    order = dict((v, i) for i, v in enumerate(VERDICTS))
    records.sort(key=lambda r: (order[r["verdict"]], r["name"] or "", r["mac"] or ""))
    return records


def decide(records, platform, ignore_enabled, wlc_certificates=None, force=False,
           treat_cert_failures_as_expired=False):
    """Whether the expired-certificate allowance is needed, with reasons."""
    reasons = []
    blocking = [r for r in records if r["verdict"] == "expired-blocking"]
    if treat_cert_failures_as_expired:
        blocking += [r for r in records if r["verdict"] == "cert-blocking"]
    if blocking:
        reasons.append("%d AP(s) not joined with an expired MIC: %s" % (
            len(blocking), ", ".join(r["name"] or r["mac"] for r in blocking[:20])))
    expired_wlc = [c for c in (wlc_certificates or []) if c.get("state") == "expired"]
    if expired_wlc and platform == "aireos":
        reasons.append("controller certificate expired: %s (blocks joins of AP-COS models, CSCvb93909)"
                       % ", ".join(c["name"] for c in expired_wlc))
    if force:
        reasons.append("forced by the user")
    needed = bool(reasons)
    return {
        "fix_needed": needed,
        "fix_required_change": needed and not ignore_enabled,
        "ignore_enabled": bool(ignore_enabled),
        "reasons": reasons or ["no AP is blocked by an expired certificate"],
        "needs_ap_login": sorted(r["name"] for r in records if r["verdict"] == "cert-blocking" and r["name"]),
    }


def summarize(records):
    counts = dict((v, 0) for v in VERDICTS)
    for r in records:
        counts[r["verdict"]] += 1
    counts["total"] = len(records)
    return counts
