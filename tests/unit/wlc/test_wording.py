"""WLC wording: APs out for an unknown reason are counted and named, MICs expiring soon get their own
section, and after a fix the message says how many of the blocked APs joined."""
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import audit as wlc_audit
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import report as wlc_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import wording
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import CAVEAT


def ap(name, verdict, blocked, mic_state="valid", days_left=None, expiry=None):
    return {"name": name, "mac": None, "verdict": verdict, "blocked": blocked, "mic_state": mic_state,
            "days_left": days_left, "forecast_expiry": expiry, "actual_expiry": None, "evidence": [],
            "join_state": "not_joined" if blocked else "joined"}


def audit_of(records, warn_days=90):
    return {"aps": records, "warn_days": warn_days, "summary": wlc_audit.summarize(records),
            "decision": wlc_audit.decide(records, "aireos", {"mic": False})}


UNKNOWN_FIVE = [ap("AP-U%d" % i, "unknown", True) for i in range(1, 6)]
EXPIRING = [ap("AP-SOON", "ok", False, "expiring", 24, "2026-12-31T00:00:00Z"),
            ap("AP-LATER", "ok", False, "expiring", 45, "2027-01-21T00:00:00Z")]


def test_unknown_blocked_aps_are_counted_and_never_called_not_blocked():
    audit = audit_of(UNKNOWN_FIVE + [ap("AP-OK", "ok", False)])
    msg = wording.audit_message(audit, CAVEAT)
    assert "no AP is blocked" not in msg and "no workaround needed" not in msg
    assert "5 AP(s) are not joined for another or an unknown reason" in msg
    assert "5 AP(s) not joined with verdict unknown" in msg and "AP-U1, AP-U2, AP-U3, AP-U4, AP-U5" in msg
    assert audit["summary"]["unknown"] == 5 and audit["summary"]["blocked"] == 5


def test_nothing_blocked_says_so():
    audit = audit_of([ap("AP-OK", "ok", False)])
    assert wording.audit_message(audit, CAVEAT) == "no AP is blocked; no workaround needed"


def test_expiring_aps_are_listed_soonest_first_in_message_and_report():
    audit = audit_of(list(reversed(EXPIRING)) + [ap("AP-OK", "ok", False)])
    msg = wording.audit_message(audit, CAVEAT)
    assert "2 AP(s) with a MIC expiring within 90 days: AP-SOON (24 days), AP-LATER (45 days)" in msg
    report = wlc_report.to_markdown(dict(audit, platform="aireos", as_of="2026-12-07"))
    section = report.split("## Expiring within 90 days", 1)[1]
    assert section.index("| AP-SOON | 2026-12-31 | 24 | joined | ok |") < section.index("| AP-LATER |")
    empty = wlc_report.to_markdown(dict(audit_of([ap("AP-OK", "ok", False)]), platform="aireos"))
    assert "## Expiring within 90 days\n\nNone." in empty


def test_report_names_unknown_aps_with_what_to_do():
    report = wlc_report.to_markdown(dict(audit_of(UNKNOWN_FIVE), platform="aireos"))
    assert "- 5 AP(s) not joined with verdict unknown (the cause is not known from the controller" in report


def test_fix_needed_keeps_the_caveat():
    audit = audit_of([ap("AP-OLD", "ap-mic-expired", True, "expired")] + UNKNOWN_FIVE[:1])
    msg = wording.audit_message(audit, CAVEAT)
    assert msg.startswith("1 AP(s) not joined with an expired MIC: AP-OLD")
    assert "1 AP(s) not joined with verdict unknown" in msg and msg.endswith(CAVEAT)


def test_n_of_m_blocked_aps_joined():
    before = audit_of([ap("A", "ap-mic-expired", True), ap("B", "ap-mic-expired", True), ap("C", "unknown", True),
                       ap("D", "ok", False)])
    after = audit_of([ap("A", "ok", False), ap("B", "ok", False), ap("C", "unknown", True), ap("D", "ok", False)])
    out = wording.joined_after(before, after)
    assert out["msg"] == "2 of 3 blocked AP(s) joined; still not joined: C (unknown)"
    assert out["joined"] == ["A", "B"] and out["still_out"] == ["C"]
    gone = wording.joined_after(before, audit_of([ap("A", "ok", False)]))
    assert gone["msg"] == "1 of 3 blocked AP(s) joined; still not joined: B (not listed), C (not listed)"
