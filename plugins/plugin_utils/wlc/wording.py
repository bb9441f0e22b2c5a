# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the WLC audit and fix say to a person: counts that do not hide APs out for an unknown reason,
the APs whose MIC expires soon, what check mode would do, and how many blocked APs joined after a fix."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

SHOWN = 20


def _label(rec):
    return rec.get("name") or rec.get("mac") or "?"


def _names(recs):
    names = [_label(r) for r in recs]
    more = " (+%d more)" % (len(names) - SHOWN) if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def expiring(audit):
    """Records whose MIC expires within the warn days (verdict ok or not), soonest first."""
    recs = [r for r in audit.get("aps") or [] if r.get("mic_state") == "expiring"]
    return sorted(recs, key=lambda r: (r.get("days_left") is None, r.get("days_left"), _label(r)))


def expiring_line(audit):
    """'N AP(s) with a MIC expiring within D days: AP (d days), ...' or ''."""
    recs = expiring(audit)
    if not recs:
        return ""
    shown = ", ".join("%s (%s days)" % (_label(r), r.get("days_left")) for r in recs[:SHOWN])
    return "%d AP(s) with a MIC expiring within %s days: %s" % (len(recs), audit.get("warn_days"), shown)


def not_joined_lines(audit):
    """One line per verdict of the APs that are not joined and that the allowance does not fix."""
    lines = []
    for verdict, names in sorted(((audit.get("decision") or {}).get("not_fixed_by_allowance") or {}).items()):
        why = ("the cause is not known from the controller: log in to the AP (wlc_mic_ignore_ap_hosts) "
               "or give its output (wlc_mic_ignore_ap_outputs)" if verdict == "unknown"
               else "the expired-certificate allowance does not fix it")
        shown = ", ".join(names[:SHOWN]) + (" (+%d more)" % (len(names) - SHOWN) if len(names) > SHOWN else "")
        lines.append("%d AP(s) not joined with verdict %s (%s): %s" % (len(names), verdict, why, shown))
    return lines


def audit_message(audit, caveat):
    """The audit's one-paragraph message: decision, APs out for other reasons, expiring MICs."""
    dec = audit.get("decision") or {}
    parts = list(dec.get("reasons") or [])
    parts += not_joined_lines(audit)
    line = expiring_line(audit)
    if line:
        parts.append(line)
    if dec.get("fix_needed"):
        parts.append(caveat)
    elif any(r.get("blocked") for r in audit.get("aps") or []):
        parts.append("the allowance would not help the APs above: nothing to apply")
    else:
        parts.append("no workaround needed")
    return "; ".join(parts)


def joined_after(before, after):
    """{'blocked', 'joined', 'still_out', 'msg'}: of the APs not joined in ``before``, which joined in ``after``."""
    now = dict((_label(r), r) for r in (after or {}).get("aps") or [])
    blocked = [_label(r) for r in (before or {}).get("aps") or [] if r.get("blocked")]
    joined = [n for n in blocked if n in now and not now[n].get("blocked")]
    still = [n for n in blocked if n not in joined]
    msg = "%d of %d blocked AP(s) joined" % (len(joined), len(blocked))
    if still:
        msg += "; still not joined: %s" % ", ".join(
            "%s (%s)" % (n, now[n].get("verdict") if n in now else "not listed") for n in still[:SHOWN])
    return {"blocked": blocked, "joined": joined, "still_out": still, "msg": msg}
