# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The WLC certificate audit as a report model (what the wlc_audit templates show)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.report_svg import month_bars
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.audit import VERDICTS

# the order the report lists the verdicts in (the brief's), each with a short meaning
VERDICT_ORDER = ("ap-mic-expired", "controller-cert-expired", "image-signing-expired", "ap-ssc-expired",
                 "not-certificate", "unknown", "ok")
MEANING = {
    "ap-mic-expired": "the AP's own MIC expired (the controller's allowance lets it join)",
    "controller-cert-expired": "the AP rejects the controller's expired certificate",
    "image-signing-expired": "FN72524: the AP rejects the image it downloads",
    "ap-ssc-expired": "the AP's self-signed certificate expired",
    "not-certificate": "not joined for another reason",
    "unknown": "cannot tell without the AP's console",
    "ok": "joined, nothing expired",
}


def _ap_row(rec):
    date = rec.get("actual_expiry") or rec.get("forecast_expiry")
    return {"name": rec.get("name") or "", "model": rec.get("model") or "", "serial": rec.get("serial") or "",
            "mac": rec.get("mac") or "", "verdict": rec.get("verdict") or "unknown",
            "date": (date or "")[:10], "date_source": "certificate" if rec.get("actual_expiry") else
            ("serial forecast" if date else ""), "join": rec.get("join_state") or "",
            "days_left": "" if rec.get("days_left") is None else rec.get("days_left"),
            "reason": rec.get("verdict_reason") or "", "fix": rec.get("action") or ""}


def _change(change, check_mode):
    if not change:
        return {"done": False, "text": "audit only: nothing was sent to the controller", "commands": [], "msg": ""}
    commands = list(change.get("commands") or [])
    if check_mode:
        text = "check mode: nothing was sent" + ("; would send the commands below" if commands else "")
    elif change.get("changed"):
        text = "changed"
    else:
        text = "nothing changed: already as requested" if commands == [] else "not changed"
    return {"done": bool(change.get("changed")) and not check_mode, "text": text, "commands": commands,
            "msg": change.get("msg") or ""}


def model(data, directory=None, now=""):
    """data: {"audit": wlc_mic_audit's audit, "change": wlc_mic_ignore's result or None, "check_mode": bool}."""
    audit = data.get("audit") or {}
    if "aps" not in audit:
        raise ValueError("data.audit: expected the 'audit' value returned by pfne.netops.wlc_mic_audit")
    summary = audit.get("summary") or {}
    blocked = summary.get("blocked_by_verdict") or {}
    aps = [_ap_row(r) for r in audit["aps"]]
    counts = [{"verdict": v, "count": sum(1 for a in aps if a["verdict"] == v), "blocked": blocked.get(v, 0),
               "meaning": MEANING[v]} for v in VERDICT_ORDER if v in VERDICTS]
    as_of = audit.get("as_of") or now[:10]
    dec = audit.get("decision") or {}
    return {
        "title": "WLC certificate audit: %s" % (audit.get("controller") or "controller"),
        "controller": audit.get("controller") or "", "platform": audit.get("platform") or "",
        "version": audit.get("version") or "", "as_of": as_of, "warn_days": audit.get("warn_days"),
        "counts": counts, "total": len(aps), "not_joined": sum(1 for a in aps if a["join"] != "joined"),
        "timeline": month_bars([a["date"] for a in aps], as_of),
        "aps": aps,
        "certificates": [{"name": c.get("name") or "", "subject": c.get("subject") or "",
                          "valid_from": c.get("valid_from") or "", "valid_to": c.get("valid_to") or "",
                          "state": c.get("state") or ""} for c in audit.get("wlc_certificates") or []],
        "allowance": "enabled" if dec.get("ignore_enabled") else "disabled",
        "decision": {"fix_needed": bool(dec.get("fix_needed")), "reasons": list(dec.get("reasons") or [])},
        "change": _change(data.get("change"), bool(data.get("check_mode"))),
    }
