# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit report writers: JSON and a Markdown table."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_fix import CAVEAT

COLUMNS = (
    ("AP", "name"), ("Model", "model"), ("Serial", "serial"), ("MAC", "mac"),
    ("Forecast MIC expiry", "forecast_expiry"), ("Actual MIC expiry", "actual_expiry"),
    ("Days left", "days_left"), ("Join", "join_state"), ("Verdict", "verdict"),
    ("Evidence", "evidence"),
)


def to_json(audit):
    """The audit as pretty JSON text (stable key order)."""
    return json.dumps(audit, indent=2, sort_keys=True, default=str)


def _cell(value):
    if value is None or value == "":
        return "-"
    if isinstance(value, list):
        value = "; ".join("%s: %s" % (e.get("source"), e.get("kind")) if isinstance(e, dict) else str(e)
                          for e in value) or "-"
    if isinstance(value, str) and "T" in value and value.endswith("Z") and len(value) == 20:
        value = value[:10]
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(audit, only_flagged=False):
    """Markdown: heading, decision, counts, then one table row per AP."""
    dec = audit.get("decision", {})
    lines = [
        "# WLC MIC audit: %s" % (audit.get("controller") or "controller"),
        "",
        "- Platform: %s %s" % (audit.get("platform"), audit.get("version") or ""),
        "- As of: %s, warn when fewer than %s days left" % (audit.get("as_of"), audit.get("warn_days")),
        "- Expired-certificate allowance on the controller: %s"
        % ("enabled" if dec.get("ignore_enabled") else "disabled"),
        "- Fix needed: %s (%s)" % ("yes" if dec.get("fix_needed") else "no", "; ".join(dec.get("reasons", []))),
        "",
        "> " + CAVEAT,
        "",
    ]
    counts = audit.get("summary", {})
    if counts:
        lines.append("| " + " | ".join(k for k in counts) + " |")
        lines.append("|" + "---|" * len(counts))
        lines.append("| " + " | ".join(str(v) for v in counts.values()) + " |")
        lines.append("")
    lines.append("| " + " | ".join(h for h, _k in COLUMNS) + " |")
    lines.append("|" + "---|" * len(COLUMNS))
    for rec in audit.get("aps", []):
        if only_flagged and rec.get("verdict") == "ok":
            continue
        lines.append("| " + " | ".join(_cell(rec.get(k)) for _h, k in COLUMNS) + " |")
    return "\n".join(lines) + "\n"
