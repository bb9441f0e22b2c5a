import json

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import report as wlc_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import CAVEAT

AS_OF = "2026-01-31"
JOIN_V8 = """
Number of APs.............................................. 4

Base Mac             AP EthernetMac       AP Name                 IP Address         Status

00:3a:99:12:ab:c1    58:8d:09:03:12:31   AP-LOBBY-01   10.0.0.11   Joined
00:3a:99:12:ab:c2    58:8d:09:03:12:32   AP-STORE-02   10.0.0.12   Joined
00:3a:99:12:ab:c3    58:8d:09:03:12:33   AP-NEW-03     10.0.0.13   Joined
d4:6d:50:88:12:34    d4:6d:50:88:00:01   AP-OLD-04                 Not Joined
"""


def aireos_outputs(fixture_text, state_text=None, sysinfo_version="8.5.182.0"):
    return {
        "show sysinfo": fixture_text("aireos_show_sysinfo.txt").replace("7.4.110.0", sysinfo_version),
        "show ap inventory all": fixture_text("composed/aireos_show_ap_inventory_all.txt"),
        "show ap join stats summary all": JOIN_V8,
        "show msglog": fixture_text("composed/aireos_show_msglog.txt"),
        "show certificate all": fixture_text("aireos_show_certificate_all.txt"),
        "show run-config commands": state_text if state_text is not None else "sysname TEST-WLC\n",
    }


def runner(outputs, sent=None):
    def run(command):
        if sent is not None:
            sent.append(command)
        if command not in outputs:
            raise AssertionError("unexpected command %r" % command)
        return outputs[command]
    return run


KNOWN = [{"name": "AP-OLD-04", "serial": "FTX1241A0AA", "model": "AIR-LAP1242AG-E-K9"}]


def test_aireos_audit_verdicts(fixture_text):
    sent = []
    outs = aireos_outputs(fixture_text)
    # AP-LOBBY-01: FGL1831 = 2014 week 31 -> MIC 2024-07-30 expired but joined;
    # AP-STORE-02: FTX1616 -> 2022, expired, joined
    audit = wlc_collect.run_audit(runner(outs, sent), "aireos",
                                  {"as_of": AS_OF, "warn_days": 90, "known_aps": KNOWN})
    assert sent == ["show sysinfo", "show ap inventory all", "show ap join stats summary all", "show msglog",
                    "show certificate all", "show run-config commands"]
    by = dict((r["name"] or r["mac"], r) for r in audit["aps"])
    old = by["AP-OLD-04"]
    assert (old["verdict"], old["blocked"], old["mic_state"]) == ("ap-mic-expired", True, "expired")
    assert old["forecast_expiry"] == "2018-10-07" and old["expiry_source"] == "serial"
    assert old["mac"] == "d4:6d:50:88:12:34" and old["join_state"] == "not_joined"
    assert [e["kind"] for e in old["evidence"]] == ["dtls_handshake_failure"] * 3
    assert "cert-expiry-ignore mic enable" in old["action"]
    assert (by["AP-LOBBY-01"]["verdict"], by["AP-LOBBY-01"]["blocked"]) == ("ap-mic-expired", False)
    assert by["AP-NEW-03"]["verdict"] == "ok" and by["AP-NEW-03"]["forecast_expiry"] is None
    # the LWAPP payload error names a MAC the controller does not list: the controller refused that AP's
    # certificate, which is never the controller's own, even though the controller certificates expired
    assert by["00:11:22:33:44:55"]["verdict"] == "unknown"
    assert audit["summary"]["ap-mic-expired"] == 3 and audit["summary"]["blocked_by_verdict"]["ap-mic-expired"] == 1
    assert audit["summary"]["total"] == 5
    dec = audit["decision"]
    assert dec["fix_needed"] is True and dec["fix_cert_types"] == ["mic"] and dec["fix_required_change"] is True
    assert dec["reasons"] == ["1 AP(s) not joined with an expired MIC: AP-OLD-04"]
    assert audit["version"] == "8.5.182.0" and audit["controller"] == "TEST-WLC"
    assert audit["allowance_command"] == "cert-expiry-ignore" and audit["allowance_refused"] is None
    assert [c["state"] for c in audit["wlc_certificates"]] == ["expired", "expired"]


def test_records_are_sorted_by_verdict(fixture_text):
    audit = wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos",
                                  {"as_of": AS_OF, "known_aps": KNOWN})
    assert [(r["verdict"], r["blocked"]) for r in audit["aps"]] == [
        ("ap-mic-expired", True), ("ap-mic-expired", False), ("ap-mic-expired", False), ("unknown", True),
        ("ok", False)]


def test_expiring_mic_state(fixture_text):
    # FGL1831A0BC -> manufactured 2014-07-30, MIC to 2024-07-30: 60 days before that is expiring
    audit = wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos",
                                  {"as_of": "2024-06-01", "warn_days": 90})
    lobby = [r for r in audit["aps"] if r["name"] == "AP-LOBBY-01"][0]
    assert (lobby["verdict"], lobby["mic_state"], lobby["days_left"]) == ("ok", "expiring", 59)
    assert audit["summary"]["expiring"] == 1


def test_ignore_already_enabled(fixture_text):
    outs = aireos_outputs(fixture_text, fixture_text("aireos_grep_run_config_present.txt"))
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "known_aps": KNOWN,
                                                           "state_command": "show run-config commands"})
    assert audit["decision"]["ignore_enabled"] is True
    assert audit["decision"]["fix_required_change"] is False


def test_free_form_state_command_is_refused_before_any_command():
    sent = []
    with pytest.raises(wlc_collect.AuditInputError, match="state_command: expected one of"):
        wlc_collect.run_audit(runner({}, sent), "aireos", {"state_command": "config network telnet enable"})
    assert sent == []


def test_ap_login_evidence_replaces_forecast(fixture_text):
    outs = aireos_outputs(fixture_text)
    ap_out = {"AP-OLD-04": {"certificates": fixture_text("ap_show_crypto_pki_certificates_expired_mic.txt"),
                            "log": fixture_text("composed/ap_log_dtls_cert_unknown.txt")}}
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "ap_outputs": ap_out})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    # networkoc.net's AP: MIC valid to 10:19:50 UTC Sep 26 2016, 3413.57 days before AS_OF 00:00 (floor: -3414)
    assert old["actual_expiry"] == "2016-09-26T10:19:50Z" and old["expiry_source"] == "certificate"
    assert old["days_left"] == -3414 and old["verdict"] == "ap-mic-expired"
    kinds = [e["kind"] for e in old["evidence"]]
    assert kinds.count("cert_unknown_alert") == 2 and "mic" in kinds


def test_ap_rejecting_the_controller_certificate_is_not_an_ap_mic_case(fixture_text):
    """5353677's AP log on an AP whose MIC is valid: the controller's certificate, not fixed by the allowance."""
    outs = aireos_outputs(fixture_text)
    ap_out = {"AP-OLD-04": {"log": fixture_text("ap_log_pki_expired.txt")}}
    known = [{"name": "AP-OLD-04", "serial": "FCW2219A0AA"}]   # 2018: long-lived MIC
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "ap_outputs": ap_out,
                                                           "known_aps": known})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    assert old["verdict"] == "controller-cert-expired"
    assert "Peer certificate verification failed" in old["verdict_reason"]
    assert "cert-expiry-ignore mic enable also lets AP-COS" in old["action"]
    assert audit["decision"]["fix_needed"] is False and audit["decision"]["fix_cert_types"] == []
    assert audit["decision"]["not_fixed_by_allowance"]["controller-cert-expired"] == ["AP-OLD-04"]


def test_fn72524_log_wins_over_an_expired_forecast(fixture_text):
    """FN72524: an old IOS AP whose serial forecast says expired MIC, but whose console shows the image-signing
    certificate: image-signing-expired, never the allowance."""
    outs = aireos_outputs(fixture_text)
    ap_out = {"AP-OLD-04": {"log": fixture_text("ap_log_fn72524_image_signing.txt")}}
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "ap_outputs": ap_out,
                                                           "known_aps": KNOWN})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    assert old["verdict"] == "image-signing-expired" and "8.10.196.0" in old["action"]
    assert "unparsed" in [e["kind"] for e in old["evidence"]]   # the `extracting ...` lines are reported
    assert audit["decision"]["fix_needed"] is False


def test_forecast_expired_without_certificate_failure_is_unknown(fixture_text):
    outs = aireos_outputs(fixture_text)
    outs["show msglog"] = ""
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "known_aps": KNOWN})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    assert old["verdict"] == "unknown" and "FN72524" in old["verdict_reason"]
    assert audit["decision"]["needs_ap_login"] == ["AP-OLD-04"]
    assert audit["decision"]["fix_needed"] is False
    treat = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "known_aps": KNOWN,
                                                           "treat_cert_failures_as_expired": True})
    assert treat["decision"]["fix_needed"] is False   # no certificate failure at all: still nothing


def test_refused_release_is_named(fixture_text):
    outs = aireos_outputs(fixture_text, sysinfo_version="7.6.130.0")
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "known_aps": KNOWN})
    assert audit["allowance_command"] is None
    assert audit["allowance_refused"].startswith("AireOS 7.6.130.0 has neither")
    assert audit["decision"]["reasons"][-1] == audit["allowance_refused"]


def test_cert_blocking_without_date_needs_ap_login(fixture_text):
    audit = wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos", {"as_of": AS_OF})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    # DTLS failures, no serial, and both controller certificates expired: the controller's certificate
    assert old["verdict"] == "controller-cert-expired"
    assert "Cisco SHA1 device cert, Cisco SHA2 device cert" in old["verdict_reason"]
    assert audit["decision"]["fix_needed"] is False


def test_unknown_ap_names_fail_before_changes(fixture_text):
    with pytest.raises(wlc_collect.AuditInputError, match="unknown AP name.*AP-NOPE"):
        wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos", {"aps": ["AP-NOPE", "AP-NEW-03"]})


@pytest.mark.parametrize("opts,msg", [
    ({"warn_days": -5}, "warn_days: must be 0 or more"),
    ({"as_of": "yesterday"}, "as_of"),
    ({"aps": "AP1"}, "aps: expected a list"),
    ({"known_aps": [{"name": "x", "serial": "FCEDDCCBBAA"}]}, r"known_aps\[0\].serial: .*year code"),
    ({"known_aps": [{"name": "x"}]}, r"known_aps\[0\]: needs name and serial"),
    ({"colour": "red"}, "unknown option"),
    ({"aps": ["AP-1\n"]}, "aps: AP names are 1-64 characters"),
    ({"ap_outputs": {"AP\nX": {}}}, "ap_outputs: AP names"),
])
def test_bad_options_fail_before_any_command(opts, msg):
    sent = []
    with pytest.raises(wlc_collect.AuditInputError, match=msg):
        wlc_collect.run_audit(runner({}, sent), "aireos", opts)
    assert sent == []


def test_malformed_inventory_fails(fixture_text):
    outs = aireos_outputs(fixture_text)
    outs["show ap inventory all"] = "Incorrect usage. Use the '?' or <TAB> key to list commands.\n"
    with pytest.raises(ValueError, match="no 'Inventory for <AP>' block"):
        wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF})


def c9800_outputs(fixture_text, pki="c9800_run_section_crypto_pki_default.txt"):
    general = fixture_text("c9800_show_ap_config_general.txt")
    expired = (general.replace("my_ap_name", "AP-OLD-9").replace("KWC2904079X", "FTX1241A0AA")
               .replace("8c88.8118.8010", "00a7.42e8.c222").replace("08/09/2099 20:58:26", "10/13/2022 07:31:37")
               .replace("Registered", "Downloading"))
    join = ("Number of APs: 2\n\nBase MAC        Ethernet MAC    AP Name     IP Address    Status      "
            "Last Failure Phase    Last Disconnect Reason\n-----\n"
            "8c88.8118.8010  8c88.8118.0001  my_ap_name  10.99.84.67   Joined      Join                  "
            "Ap auth pending\n"
            "00a7.42e8.c222  00a7.42e8.4022  AP-OLD-9    10.99.84.70   Not Joined  Dtls-Handshake        "
            "DTLS cert-chain not available\n")
    return {
        "show version": "Cisco IOS XE Software, Version 17.09.04a\n",
    
        wlc_collect.C9800_AP_GENERAL: general + "\n" + expired,
        wlc_collect.C9800_JOIN: join,
        "show wireless management trustpoint": fixture_text("c9800_show_wireless_management_trustpoint.txt"),
        "show crypto pki certificates CISCO_IDEVID_SUDI":
            fixture_text("iosxe_show_crypto_pki_certificates_sudi_genie.txt"),
        "show running-config | section crypto pki": fixture_text(pki),
    }


def test_c9800_audit(fixture_text):
    sent = []
    audit = wlc_collect.run_audit(runner(c9800_outputs(fixture_text), sent), "c9800", {"as_of": AS_OF})
    assert sent == [c.replace("<trustpoint>", "CISCO_IDEVID_SUDI") for c in wlc_collect.COMMANDS["c9800"]]
    by = dict((r["name"], r) for r in audit["aps"])
    assert by["AP-OLD-9"]["verdict"] == "ap-mic-expired"
    assert by["AP-OLD-9"]["actual_expiry"] == "2022-10-13T07:31:37Z"
    assert by["AP-OLD-9"]["evidence"][0]["text"] == "Dtls-Handshake: DTLS cert-chain not available"
    assert by["my_ap_name"]["verdict"] == "ok"
    assert audit["decision"]["fix_needed"] is True and audit["decision"]["ignore_enabled"] is False
    assert audit["trustpoint"]["certificate_type"] == "MIC"
    # the genieparser SUDI sample ended Nov 20 2025: the controller's certificate is reported expired
    assert [(c["name"], c["valid_to"], c["state"]) for c in audit["wlc_certificates"]] == [
        ("CISCO_IDEVID_SUDI device cert", "2025-11-20T00:44:52Z", "expired")]


def test_c9800_allowance_already_configured(fixture_text):
    outs = c9800_outputs(fixture_text, "c9800_run_section_crypto_pki_allow_expired.txt")
    audit = wlc_collect.run_audit(runner(outs), "c9800", {"as_of": AS_OF})
    assert audit["decision"]["ignore_enabled"] is True and audit["decision"]["fix_required_change"] is False


def test_force_and_nothing_needed(fixture_text):
    outs = c9800_outputs(fixture_text)
    outs[wlc_collect.C9800_JOIN] = "Number of APs: 0\n"
    outs[wlc_collect.C9800_AP_GENERAL] = fixture_text("c9800_show_ap_config_general.txt")
    audit = wlc_collect.run_audit(runner(outs), "c9800", {"as_of": AS_OF})
    assert audit["decision"]["fix_needed"] is False
    assert audit["decision"]["reasons"] == ["no AP is blocked"]
    forced = wlc_collect.run_audit(runner(outs), "c9800", {"as_of": AS_OF, "force": True})
    assert forced["decision"]["fix_needed"] is True and forced["decision"]["reasons"] == ["forced by the user"]


@pytest.mark.parametrize("network_os,platform", [
    ("pfne.netops.aireos", "aireos"), ("cisco.ios.ios", "c9800"), ("ios", "c9800")])
def test_platform_from_network_os(network_os, platform):
    assert wlc_collect.platform_from_network_os(network_os) == platform


def test_platform_unknown():
    with pytest.raises(wlc_collect.AuditInputError, match="ansible_network_os"):
        wlc_collect.platform_from_network_os("community.routeros.routeros")


def test_reports(fixture_text):
    audit = wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos",
                                  {"as_of": AS_OF, "known_aps": KNOWN})
    data = json.loads(wlc_report.to_json(audit))
    assert data["decision"]["fix_needed"] is True and len(data["aps"]) == 5
    md = wlc_report.to_markdown(audit)
    lines = md.splitlines()
    assert lines[0] == "# WLC certificate audit: TEST-WLC"
    assert "- Fix needed: yes (1 AP(s) not joined with an expired MIC: AP-OLD-04)" in lines
    assert "- Controller certificate Cisco SHA2 device cert: ends 2025-10-04T05:15:04Z (expired)" in lines
    assert "> " + CAVEAT in lines
    assert "| ap-mic-expired | 3 | 1 |" in lines and "| total | 5 | 2 |" in lines
    header = [ln for ln in lines if ln.startswith("| AP |")][0]
    assert header == ("| AP | Model | Serial | MAC | Forecast MIC expiry | Actual MIC expiry | Days left | Join | "
                      "Verdict | Why | Evidence | Action |")
    row = [ln for ln in lines if ln.startswith("| AP-OLD-04 |")][0]
    assert row.startswith("| AP-OLD-04 | AIR-LAP1242AG-E-K9 | FTX1241A0AA | d4:6d:50:88:12:34 | 2018-10-07 | - | "
                          "-2673 | not_joined | ap-mic-expired | certificate ended 2018-10-07 (serial) | "
                          "wlc msglog: Aug 26 13:37:28.876 DTLS-3-HANDSHAKE_FAILURE: openssl_dtls.c:681 Failed to "
                          "complete DTLS handshake with peer for AP d4:6d:50:88:12:34; ")
    assert "(+0 more)" not in row and row.endswith("replace them |")
    flagged = wlc_report.to_markdown(audit, only_flagged=True)
    assert "| AP-NEW-03 |" not in flagged and "| AP-OLD-04 |" in flagged


def test_markdown_keeps_one_row_per_ap():
    audit = {"aps": [{"name": "AP-1\nevil", "verdict": "unknown", "evidence": [
        {"source": "ap log", "kind": "other", "text": "a\nb"}]}], "decision": {}}
    row = [ln for ln in wlc_report.to_markdown(audit).splitlines() if ln.startswith("| AP-1")]
    assert row == ["| AP-1 evil | - | - | - | - | - | - | - | unknown | - | ap log: a b | - |"]


def test_markdown_escapes_pipes():
    md = wlc_report.to_markdown({"aps": [{"name": "a|b", "verdict": "ok", "evidence": []}], "decision": {}})
    assert "| a\\|b |" in md


def test_expired_self_signed_certificate(fixture_text):
    """An AP whose own certificate is self-signed (no MIC block): ap-ssc-expired, fixed with the ssc allowance."""
    certs = fixture_text("composed/ap_show_crypto_pki_certificates_mic_between_cas.txt").replace(
        "\nCertificate\n", "\nRouter Self-Signed Certificate\n")
    outs = aireos_outputs(fixture_text)
    ap_out = {"AP-OLD-04": {"certificates": certs, "log": fixture_text("composed/ap_log_dtls_cert_unknown.txt")}}
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "ap_outputs": ap_out})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    assert (old["verdict"], old["certificate_type"]) == ("ap-ssc-expired", "ssc")
    assert "cert-expiry-ignore ssc enable" in old["action"]
    assert audit["decision"]["fix_cert_types"] == ["ssc"]
    c9800 = wlc_collect.run_audit(runner(c9800_outputs(fixture_text)), "c9800", {
        "as_of": AS_OF, "ap_outputs": {"AP-OLD-9": {"certificates": certs}}})
    old9 = [r for r in c9800["aps"] if r["name"] == "AP-OLD-9"][0]
    assert old9["verdict"] == "ap-ssc-expired" and c9800["decision"]["fix_cert_types"] == []
    assert c9800["decision"]["not_fixed_by_allowance"] == {"ap-ssc-expired": ["AP-OLD-9"]}
