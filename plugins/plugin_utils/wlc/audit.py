# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Join fleet + certificates + evidence -> one verdict per AP and a decision.

Verdicts (whose certificate keeps the AP out; ``blocked`` says it is not joined):
  ap-mic-expired           the AP's own MIC expired (FN63942): the controller's
                           expired-certificate allowance lets it join.
  ap-ssc-expired           the AP's self-signed certificate expired (AireOS
                           ``cert-expiry-ignore ssc``).
  controller-cert-expired  the AP rejects the controller's expired certificate
                           (CSCvb93909, community.cisco.com 5344216/5353677).
  image-signing-expired    FN72524: the AP rejects the image it downloads.
  not-certificate          not joined, certificates fine, no certificate evidence.
  unknown                  cannot tell without the AP's console.
  ok                       joined, nothing expired.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aireos import norm_mac
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aplog import IMAGE_SIGNING_END
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import (
    check_warn_days,
    expiry_state,
    find_mic,
    parse_as_of,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.serial import try_decode_serial

VERDICTS = ("ap-mic-expired", "ap-ssc-expired", "controller-cert-expired", "image-signing-expired",
            "unknown", "not-certificate", "ok")
# Evidence that the certificate exchange failed, whoever logged it.
CERT_EVIDENCE = ("cert_expired", "cert_unknown_alert", "cert_alert_received", "bad_cert_alert_sent",
                 "peer_verify_failed", "dtls_handshake_failure", "invalid_cert_payload", "cert_validation_failed")
AP_LOG_KINDS = CERT_EVIDENCE + ("image_signing_failed",)
# The controller refused the AP's certificate (whatever the reason): never the controller's own.
AP_CERT_REFUSED = ("invalid_cert_payload", "cert_validation_failed", "cert_unknown_alert", "cert_alert_received")
# IOS-based APs (FN72524 concerns them, AP-COS and IOS-XE APs are not affected).
IOS_AP_RE = re.compile(r"^AIR-(?:[CLS]AP\d|AP15[3579]\d)")
ACTIONS = {
    "ap-mic-expired": {
        "aireos": "allow expired AP MICs: config ap cert-expiry-ignore mic enable (7.4.140.0 and later in the "
                  "trains with the FN63942 fix; 7.0.252.0: config ap lifetime-check mic enable); lasting: LSC "
                  "on the APs or replace them",
        "c9800": "allow expired AP MICs: crypto pki certificate map on the Cisco Manufacturing CA issuer, "
                 "matched in crypto pki trustpool policy with allow expired-certificate; lasting: LSC or "
                 "replace the APs"},
    "ap-ssc-expired": {
        "aireos": "allow expired AP self-signed certificates: config ap cert-expiry-ignore ssc enable "
                  "(7.0.252.0: config ap lifetime-check ssc enable); lasting: LSC",
        "c9800": "not handled by this role: provision an LSC on the AP"},
    "controller-cert-expired": {
        "aireos": "renew the controller's certificate (WLC LSC or a new device certificate) or upgrade; "
                  "on AireOS 8.5+ (CSCvb93909 fix) config ap cert-expiry-ignore mic enable also lets AP-COS "
                  "models accept the expired controller MIC once they run fixed code (set the controller clock "
                  "back, NTP off, until they have downloaded it); the AP MIC allowance alone does not help",
        "c9800": "replace the certificate of the wireless management trustpoint (LSC, or a new SSC on a "
                 "9800-CL) or upgrade; the trustpool certificate map only relaxes the controller's check of "
                 "AP certificates and cannot help an AP that rejects the controller"},
    "image-signing-expired": {
        "aireos": "FN72524: upgrade to 8.10.196.0 or 8.5.182.12+ (or the documented clock workaround: "
                  "controller clock before 2022-12-04 while the APs download); cert-expiry-ignore does not help",
        "c9800": "FN72524: upgrade to a 9800 release with the fixed AP image (or the documented clock "
                 "workaround); the trustpool certificate map does not help"},
    "not-certificate": {"any": "not a certificate problem: check CAPWAP reachability, discovery, licences, "
                               "regulatory domain"},
    "unknown": {"any": "read the AP console (show crypto pki certificates, show logging) and give it as "
                       "ap_outputs, or reach the AP through a console server"},
    "ok": {"any": "none"},
}


def recommend(verdict, platform):
    table = ACTIONS[verdict]
    return table.get(platform) or table.get("any") or table["aireos"]


def _blank(name=None, mac=None):
    return {"name": name, "model": None, "serial": None, "mac": mac, "ip": None,
            "actual_expiry": None, "expiry_wrapped": False, "expiry_printed": None,
            "certificate_serial": None, "certificate_type": None,
            "join_state": "unknown", "failure_phase": None, "disconnect_reason": None, "evidence": []}


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
        if row.get("joined"):
            continue
        reason = (row.get("disconnect_reason") or "").lower()
        phase = (row.get("failure_phase") or "").lower()
        text = "%s: %s" % (row.get("failure_phase"), row.get("disconnect_reason"))
        if "image" in phase:
            ap["evidence"].append({"source": "join summary", "kind": "image_download_failure", "text": text})
        elif "cert" in reason or "dtls" in phase:
            ap["evidence"].append({"source": "join summary", "kind": "dtls_handshake_failure", "text": text})


def add_wlc_events(fleet, events):
    for ev in events:
        if not ev.get("ap_mac"):
            continue
        ap = fleet.get(mac=ev["ap_mac"], create=True)
        item = {"source": "wlc msglog", "kind": ev["kind"],
                "text": "%s %s: %s" % (ev["timestamp"], ev["mnemonic"], ev["text"])}
        if ev["kind"] == "cert_expired":
            item["cert_owner"] = "ap"  # the controller checked the AP's certificate
        ap["evidence"].append(item)


def _is_ssc(cert):
    return cert.get("kind") == "router_self_signed_certificate" or (
        cert.get("kind") == "certificate" and cert.get("issuer") and cert.get("issuer") == cert.get("subject"))


def add_ap_evidence(fleet, ap_evidence):
    """ap_evidence: {ap name: {'certificates': [...], 'log_events': [...], 'unparsed': [...]}}."""
    for name, found in (ap_evidence or {}).items():
        ap = fleet.get(name=name, create=True)
        certs = found.get("certificates") or []
        mic = find_mic(certs)
        ssc = [c for c in certs if _is_ssc(c)]
        own = mic or (ssc[0] if ssc else None)
        if own:
            _own_certificate(ap, own, "mic" if mic else "ssc")
        for ev in found.get("log_events") or []:
            if ev.get("kind") not in AP_LOG_KINDS:
                continue
            item = {"source": "ap log", "kind": ev["kind"],
                    "text": ("%s %s" % (ev.get("mnemonic") or "", ev.get("text"))).strip()}
            for key in ("cert_owner", "owner_reason", "expired_on", "expired_on_wrapped", "expired_on_printed",
                        "certificate_serial", "subject"):
                if ev.get(key):
                    item[key] = ev[key]
            ap["evidence"].append(item)
        if found.get("unparsed"):
            ap["evidence"].append({"source": "ap log", "kind": "unparsed",
                                   "text": "%d line(s) before the first log event" % len(found["unparsed"])})


def wrap_note(printed):
    """How the report says a date was printed wrapped by a 32-bit clock."""
    return "the device printed %s, a 32-bit clock wrap; the real date is used" % printed[:10]


def _own_certificate(ap, own, ctype):
    """The AP's own certificate (MIC or SSC): its real end date, and whether the AP printed it wrapped."""
    ap["actual_expiry"] = own["valid_to"]
    ap["expiry_wrapped"] = bool(own.get("valid_to_wrapped"))
    ap["expiry_printed"] = own.get("valid_to_printed")
    ap["certificate_serial"] = (own.get("serial_number") or "").upper() or None
    ap["certificate_type"] = ctype
    text = "%s %s valid %s to %s" % (ctype.upper(), ",".join(own.get("trustpoints") or []),
                                     own["valid_from"], own["valid_to"])
    if ap["expiry_wrapped"]:
        text += " (%s)" % wrap_note(ap["expiry_printed"])
    ap["evidence"].append({"source": "ap certificate", "kind": ctype, "text": text})


def _same_cert(item, serial, valid_to):
    if serial and item.get("certificate_serial") and serial.upper() == item["certificate_serial"]:
        return True
    return bool(valid_to and item.get("expired_on") and valid_to[:16] == item["expired_on"][:16])


def _resolve_owner(item, rec, controller_certs):
    """An AP log expiry's owner, checked against the controller's and the AP's certificates."""
    owner = item.get("cert_owner") or "unknown"
    for cert in controller_certs:
        if _same_cert(item, cert.get("serial_number"), cert.get("valid_to")):
            item["matches"] = "controller certificate %s" % cert.get("name")
            return "controller" if owner == "unknown" else owner
    if _same_cert(item, rec.get("certificate_serial"), rec.get("actual_expiry")):
        item["matches"] = "the AP's own certificate"
        return "ap" if owner == "unknown" else owner
    if item.get("expired_on") == IMAGE_SIGNING_END:
        return "image_signing"
    return owner


def _mic_state(rec, now, warn, info):
    expiry = rec["actual_expiry"] or rec["forecast_expiry"]
    rec["expiry_source"] = "certificate" if rec["actual_expiry"] else "serial" if expiry else None
    rec["days_left"] = None
    if expiry:
        rec["days_left"], state = expiry_state(expiry, now, warn)
        return state
    if info and info["year"] >= 2018:
        rec["expiry_source"] = "serial"
        return "valid"  # built after the 10-year MIC era: long-lived certificate
    return None


def _verdict(rec, now, controller_certs):
    """(verdict, reason) for one AP record."""
    ev = rec["evidence"]
    kinds = set(e["kind"] for e in ev)
    owners = [_resolve_owner(e, rec, controller_certs) for e in ev if e["kind"] == "cert_expired"]
    for e, owner in zip([e for e in ev if e["kind"] == "cert_expired"], owners):
        e["cert_owner"] = owner
    mic_expired = rec["mic_state"] == "expired"
    own_type = "ap-ssc-expired" if rec.get("certificate_type") == "ssc" else "ap-mic-expired"
    expired_ctrl = [c["name"] for c in controller_certs if c.get("state") == "expired"]
    if rec["join_state"] == "joined":
        if mic_expired:
            return own_type, "joined with an expired certificate (the allowance is on, or the serial forecast is early)"
        return "ok", "joined"
    if "image_signing" in owners:
        return "image-signing-expired", "the AP log shows the image-signing certificate expired (FN72524)"
    if "controller" in owners:
        hit = [e for e in ev if e.get("cert_owner") == "controller"][0]
        where = hit.get("matches") or ("controller certificate(s) expired: %s" % ", ".join(expired_ctrl)
                                       if expired_ctrl else "no certificate of this controller matches: "
                                       "another controller, or the AP's clock")
        return "controller-cert-expired", "the AP rejected the controller's certificate (%s; %s)" % (
            hit.get("owner_reason") or "date/serial", where)
    cert_ev = bool(kinds & set(CERT_EVIDENCE))
    if "ap" in owners or (mic_expired and (rec["expiry_source"] == "certificate" or cert_ev)):
        return own_type, "certificate ended %s (%s)%s" % (
            (rec["actual_expiry"] or rec["forecast_expiry"] or "?")[:10], rec["expiry_source"] or "controller log",
            "" if rec["join_state"] == "not_joined" else "; join state unknown")
    if "image_download_failure" in kinds and IOS_AP_RE.match(rec.get("model") or "") \
            and now >= parse_as_of(IMAGE_SIGNING_END):
        return "image-signing-expired", ("IOS-based AP failing in image download after 2022-12-04 (FN72524); "
                                         "the AP console confirms it")
    if cert_ev and expired_ctrl and not mic_expired and not kinds & set(AP_CERT_REFUSED):
        return "controller-cert-expired", "DTLS/certificate failures while the controller certificate(s) %s " \
            "expired and the AP's MIC is %s" % (", ".join(expired_ctrl), rec["mic_state"] or "not known")
    if mic_expired:
        return "unknown", ("MIC expired by the serial forecast, but the controller logs no DTLS/certificate "
                           "failure for it (FN72524 download loop or another cause): read the AP console")
    if kinds & set(AP_CERT_REFUSED):
        return "unknown", "the controller refused the AP's certificate, which is not known to be expired " \
            "(another CA, SHA-2 MIC support, clock): read the AP certificate"
    if cert_ev:
        return "unknown", "certificate/DTLS failures without a known expired certificate"
    if IOS_AP_RE.match(rec.get("model") or "") and now >= parse_as_of(IMAGE_SIGNING_END):
        return "unknown", ("IOS-based AP not joined without a certificate failure on the controller: possibly "
                           "the FN72524 image download loop; read the AP console")
    if rec["join_state"] == "not_joined" and rec["mic_state"] in ("valid", "expiring"):
        return "not-certificate", "not joined with a valid certificate and no certificate failure logged"
    return "unknown", "not listed as joined and no certificate facts"


def assess(fleet, as_of=None, warn_days=90, controller_certs=None, platform="aireos"):
    """Fill forecast, mic_state, verdict, reason and action on every AP; return the records."""
    now = parse_as_of(as_of)
    warn = check_warn_days(warn_days)
    records = []
    for ap in fleet.aps:
        rec = dict(ap, evidence=[dict(e) for e in ap["evidence"]])
        rec["manufactured"] = rec["forecast_expiry"] = rec["serial_error"] = None
        info = None
        if ap.get("serial"):
            info, err = try_decode_serial(ap["serial"])
            rec["serial_error"] = err
            if info:
                rec["manufactured"] = info["manufactured"]
                rec["forecast_expiry"] = info["mic_expires"]
        rec["mic_state"] = _mic_state(rec, now, warn, info)
        rec["blocked"] = rec["join_state"] != "joined"
        rec["verdict"], rec["verdict_reason"] = _verdict(rec, now, controller_certs or [])
        rec["action"] = recommend(rec["verdict"], platform)
        records.append(rec)
    order = dict((v, i) for i, v in enumerate(VERDICTS))
    records.sort(key=lambda r: (order[r["verdict"]], not r["blocked"], r["name"] or "", r["mac"] or ""))
    return records


FIXABLE = {"aireos": {"ap-mic-expired": "mic", "ap-ssc-expired": "ssc"}, "c9800": {"ap-mic-expired": "mic"}}


def decide(records, platform, ignore_state, force=False, treat_cert_failures_as_expired=False):
    """What the allowance can fix: certificate types needed, reasons, and what it cannot fix."""
    fixable = FIXABLE[platform]
    need = {}
    for rec in records:
        ctype = fixable.get(rec["verdict"])
        if ctype is None and treat_cert_failures_as_expired and rec["verdict"] == "unknown" and any(
                e["kind"] in CERT_EVIDENCE for e in rec["evidence"]):
            ctype = "mic"
        if ctype and rec["blocked"]:
            need.setdefault(ctype, []).append(rec["name"] or rec["mac"])
    reasons = ["%d AP(s) not joined with an expired %s: %s" % (len(names), ctype.upper(), ", ".join(names[:20]))
               for ctype, names in sorted(need.items())]
    if force:
        reasons.append("forced by the user")
    not_fixable = {}
    for rec in records:
        if rec["blocked"] and rec["verdict"] not in fixable and rec["verdict"] != "ok":
            not_fixable.setdefault(rec["verdict"], []).append(rec["name"] or rec["mac"])
    types = sorted(need)
    ignore_state = ignore_state or {}
    return {
        "fix_needed": bool(types) or bool(force),
        "fix_cert_types": types,
        "fix_required_change": any(ignore_state.get(t) is not True for t in types),
        "ignore_enabled": bool(ignore_state.get("mic")),
        "reasons": reasons or [_no_fix_reason(records)],
        "not_fixed_by_allowance": dict((v, sorted(n for n in names if n)) for v, names in not_fixable.items()),
        "needs_ap_login": sorted(r["name"] for r in records
                                 if r["blocked"] and r["verdict"] == "unknown" and r["name"]),
    }


def _no_fix_reason(records):
    """Why nothing needs the allowance, without hiding APs that are out for another or an unknown reason."""
    out = [r for r in records if r["blocked"]]
    if not out:
        return "no AP is blocked"
    return ("no AP is known to be blocked by an expired AP certificate, but %d AP(s) are not joined "
            "for another or an unknown reason" % len(out))


def summarize(records):
    counts = dict((v, 0) for v in VERDICTS)
    blocked = dict((v, 0) for v in VERDICTS)
    expiring = 0
    for r in records:
        counts[r["verdict"]] += 1
        blocked[r["verdict"]] += int(r["blocked"])
        expiring += int(r["mic_state"] == "expiring")
    counts.update({"total": len(records), "blocked": sum(blocked.values()), "expiring": expiring,
                   "blocked_by_verdict": blocked})
    return counts
