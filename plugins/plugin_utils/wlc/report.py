# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit report writers: JSON and a Markdown table."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import wording
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.audit import VERDICTS, wrap_note
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import CAVEAT

COLUMNS = (
    ("AP", "name"), ("Model", "model"), ("Serial", "serial"), ("MAC", "mac"),
    ("Forecast MIC expiry", "forecast_expiry"), ("Actual MIC expiry", "actual_expiry"),
    ("Days left", "days_left"), ("Join", "join_state"), ("Verdict", "verdict"),
    ("Why", "verdict_reason"), ("Evidence", "evidence"), ("Action", "action"),
)
EVIDENCE_SHOWN = 3


def to_json(audit):
    """The audit as pretty JSON text (stable key order)."""
    return json.dumps(audit, indent=2, sort_keys=True, default=str)


def _evidence(items):
    shown = ["%s: %s%s" % (e.get("source"), e.get("text"),
                           " [%s certificate]" % e["cert_owner"] if e.get("cert_owner") else "")
             for e in items[:EVIDENCE_SHOWN]]
    if len(items) > EVIDENCE_SHOWN:
        shown.append("(+%d more)" % (len(items) - EVIDENCE_SHOWN))
    return "; ".join(shown) or "-"


def _cell(value):
    if value is None or value == "":
        return "-"
    if isinstance(value, list):
        value = _evidence(value)
    if isinstance(value, str) and "T" in value and value.endswith("Z") and len(value) == 20:
        value = value[:10]
    # one table row per AP whatever the text holds (names and log lines come from devices)
    return " ".join(str(value).replace("|", "\\|").split())


def _expiring_section(audit):
    """'## Expiring within N days' with one row per AP whose MIC expires soon (joined APs included)."""
    lines = ["## Expiring within %s days" % audit.get("warn_days"), ""]
    recs = wording.expiring(audit)
    if not recs:
        return lines + ["None.", ""]
    lines += ["| AP | MIC expiry | Days left | Join | Verdict |", "|---|---|---|---|---|"]
    for r in recs:
        cells = (r.get("name"), r.get("actual_expiry") or r.get("forecast_expiry"), r.get("days_left"),
                 r.get("join_state"), r.get("verdict"))
        lines.append("| %s |" % " | ".join(_cell(c) for c in cells))
    return lines + [""]


def to_markdown(audit, only_flagged=False):
    """Markdown: heading, decision, counts per verdict, then one table row per AP."""
    dec = audit.get("decision", {})
    lines = [
        "# WLC certificate audit: %s" % _cell(audit.get("controller") or "controller"),
        "",
        "- Platform: %s %s" % (audit.get("platform"), audit.get("version") or ""),
        "- As of: %s, warn when fewer than %s days left" % (audit.get("as_of"), audit.get("warn_days")),
        "- Expired-certificate allowance on the controller: %s"
        % ("enabled" if dec.get("ignore_enabled") else "disabled"),
        "- Fix needed: %s (%s)" % ("yes" if dec.get("fix_needed") else "no", "; ".join(dec.get("reasons", []))),
    ]
    lines += ["- %s" % _cell(line) for line in wording.not_joined_lines(audit)]
    for cert in audit.get("wlc_certificates") or []:
        wrapped = "; %s" % wrap_note(cert["valid_to_printed"]) if cert.get("valid_to_wrapped") else ""
        lines.append("- Controller certificate %s: ends %s (%s%s)" % (cert.get("name"), cert.get("valid_to"),
                                                                      cert.get("state"), wrapped))
    wrapped_aps = [r for r in audit.get("aps", []) if r.get("expiry_wrapped")]
    if wrapped_aps:
        named = ["%s ends %s, printed %s" % (r.get("name") or r.get("mac"), r["actual_expiry"][:10],
                                             r["expiry_printed"][:10]) for r in wrapped_aps[:20]]
        lines.append("- Certificate end dates printed wrapped by a 32-bit clock (the audit uses the real date): %s"
                     % _cell(", ".join(named)))
    for command, skipped in sorted((audit.get("unparsed") or {}).items()):
        lines.append("- Not understood in `%s` (the audit may miss what it holds): %d line(s), first: %s"
                     % (_cell(command), len(skipped), _cell(skipped[0])))
    lines += ["", "> " + CAVEAT, ""]
    counts = audit.get("summary", {})
    if counts:
        blocked = counts.get("blocked_by_verdict", {})
        lines += ["| Verdict | APs | Not joined |", "|---|---|---|"]
        lines += ["| %s | %s | %s |" % (v, counts[v], blocked.get(v, 0)) for v in VERDICTS if v in counts]
        lines += ["| total | %s | %s |" % (counts.get("total"), counts.get("blocked")), ""]
    lines += _expiring_section(audit)
    lines.append("| " + " | ".join(h for h, _k in COLUMNS) + " |")
    lines.append("|" + "---|" * len(COLUMNS))
    for rec in audit.get("aps", []):
        if only_flagged and rec.get("verdict") == "ok" and rec.get("mic_state") != "expiring":
            continue
        lines.append("| " + " | ".join(_cell(rec.get(k)) for _h, k in COLUMNS) + " |")
    return "\n".join(lines) + "\n"
