"""Issue 28: certificate subjects with Name/IP Address lines, dates printed wrapped by a 32-bit clock,
AP PKI messages without timestamps, and every public WLC parse filter returning what it did not
understand. Fixtures and their sources: tests/unit/fixtures/wlc/SOURCES.md."""
import pytest

from ansible_collections.pfne.netops.plugins.filter.wlc_mic import FilterModule
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import report as wlc_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aplog import capwap_log_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import (
    cert_expiry,
    parse_pki_certificates,
    parse_wlc_certificates,
    unwrap_date,
)

from .test_audit import AS_OF, aireos_outputs, c9800_outputs, runner

F = FilterModule().filters()


def test_subject_keeps_name_ip_address_and_every_rdn(fixture_text):
    certs = parse_pki_certificates(fixture_text("ios_show_crypto_pki_certificates_subject_ip.txt"))
    assert certs[0]["subject"] == {"name": "R14", "ip_address": "50.50.1.30", "hostname": "R14",
                                   "ipaddress": "50.50.1.30", "cn": "R14", "ou": "VPN", "o": "LAB", "c": "RU"}
    assert certs[0]["trustpoints"] == ["VPN"] and certs[0]["storage"] == "nvram:CA#6.cer"
    assert certs[1]["subject"] == {"cn": "CA"} and certs[1]["valid_to"] == "2026-09-26T18:15:37Z"


def test_sudi_subject_serial_number_line_and_rdn(fixture_text):
    cert = parse_pki_certificates(fixture_text("iosxe_show_crypto_pki_certificates_3850_wrapped.txt"))[0]
    assert cert["subject"] == {"name": "WS-C3850-24P-706BB9D88000",
                               "serial_number": "PID:WS-C3850-24P SN:FOC2126L1BE",
                               "cn": "WS-C3850-24P-706BB9D88000",
                               "serialnumber": "PID:WS-C3850-24P SN:FOC2126L1BE"}


def test_dates_printed_wrapped_by_a_32_bit_clock(fixture_text):
    unparsed = []
    certs = parse_pki_certificates(fixture_text("iosxe_show_crypto_pki_certificates_3850_wrapped.txt"), unparsed)
    by_cn = dict((c["subject"]["cn"], c) for c in certs if c["kind"] == "ca_certificate")
    root = by_cn["Cisco Root CA M2"]
    assert (root["valid_to"], root["valid_to_wrapped"], root["valid_to_printed"]) == (
        "2037-11-12T13:00:18Z", True, "1901-10-07T06:32:02Z")   # Cisco Root CA M2 really ends Nov 12 2037
    assert by_cn["Cisco Manufacturing CA SHA2"]["valid_to"] == "2037-11-12T13:00:17Z"
    assert root["valid_from_wrapped"] is False and "valid_from_printed" not in root
    legacy = by_cn["Cisco Root CA 2048"]
    assert (legacy["valid_to"], legacy["valid_to_wrapped"]) == ("2029-05-14T20:25:42Z", False)
    assert [c["state"] for c in cert_expiry([root], "2026-01-31")] == ["valid"]
    # the log line the switch printed into the command's output is reported, not dropped
    assert unparsed == ["*Aug 31 05:31:47.015: %SSH-5-ENABLED: SSH 1.99 has been enabledshow crypto pki cert"]


def test_unwrap_date_rule():
    assert unwrap_date("1901-10-07T06:32:02Z") == ("2037-11-12T13:00:18Z", True)
    assert unwrap_date("1969-12-31T23:59:59Z") == ("2106-02-07T06:28:15Z", True)
    assert unwrap_date("1970-01-01T00:00:00Z") == ("1970-01-01T00:00:00Z", False)
    assert unwrap_date("2029-05-14T20:25:42Z") == ("2029-05-14T20:25:42Z", False)


def test_aireos_certificate_printed_wrapped(fixture_text):
    """AireOS prints dates as `Mon DD HH:MM:SS YYYY GMT`; the same wrap rule applies (variant composed
    in the test from the real sample: its SHA2 end date moved to the 32-bit printing of 2045-11-20)."""
    text = fixture_text("aireos_show_certificate_all.txt").replace("Oct  4 05:15:04 2025 GMT",
                                                                   "Oct 14 18:16:36 1909 GMT")
    cert = parse_wlc_certificates(text)[1]
    assert (cert["valid_to"], cert["valid_to_wrapped"], cert["valid_to_printed"]) == (
        "2045-11-20T00:44:52Z", True, "1909-10-14T18:16:36Z")


def test_pki_expiry_message_without_timestamp_over_three_lines(fixture_text):
    rep = capwap_log_report(fixture_text("ap_log_pki_expired_no_timestamp.txt"))
    assert rep["unparsed"] == []
    (ev,) = rep["events"]
    assert (ev["timestamp"], ev["mnemonic"], ev["kind"]) == (None, "PKI-3-CERTIFICATE_INVALID_EXPIRED", "cert_expired")
    assert ev["certificate_serial"] == "1DF9761C0000001C9621"
    assert (ev["expired_on"], ev["expired_on_wrapped"]) == ("2025-06-01T11:53:58Z", False)
    assert ev["detail"] == ["The certificate (SN: 1DF9761C0000001C9621) has expired.",
                            "Validity period ended on 11:53:58 UTC Jun 1 2025"]
    assert ev["message"] == ("Certificate chain validation has failed. The certificate (SN: 1DF9761C0000001C9621) "
                             "has expired. Validity period ended on 11:53:58 UTC Jun 1 2025")
    assert (ev["cert_owner"], ev["owner_reason"]) == ("unknown", "no verification context around the line")


def test_messages_without_timestamp_are_events(fixture_text):
    rep = capwap_log_report(fixture_text("ap_log_dtls_no_timestamp.txt"))
    assert rep["unparsed"] == []
    assert [(e["timestamp"], e["mnemonic"]) for e in rep["events"]] == [
        (None, "DTLS-3-HANDSHAKE_FAILURE"), (None, "DTLS-6-RECORD_IGNORED")]


def test_untimestamped_expiry_followed_by_peer_verification_names_the_controller(fixture_text):
    text = fixture_text("ap_log_pki_expired_no_timestamp.txt") + "Peer certificate verification failed 001A\n"
    (ev,) = capwap_log_report(text)["events"]
    assert (ev["cert_owner"], ev["owner_reason"]) == ("controller", "own line: Peer certificate verification failed")


def test_audit_matches_the_untimestamped_expiry_to_the_controller_certificate(fixture_text):
    """The AP's message names the serial of the controller's certificate: the audit says so."""
    outs = aireos_outputs(fixture_text)
    outs["show certificate all"] = outs["show certificate all"].replace("31C55E8D000000012E77", "1DF9761C0000001C9621")
    ap_out = {"AP-OLD-04": {"log": fixture_text("ap_log_pki_expired_no_timestamp.txt")}}
    audit = wlc_collect.run_audit(runner(outs), "aireos", {"as_of": AS_OF, "ap_outputs": ap_out,
                                                           "known_aps": [{"name": "AP-OLD-04", "serial": "FCW2219A0AA"}]})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    item = [e for e in old["evidence"] if e["kind"] == "cert_expired"][0]
    assert item["matches"] == "controller certificate Cisco SHA2 device cert" and item["cert_owner"] == "controller"
    assert old["verdict"] == "controller-cert-expired"


# Composed in the test from composed/ap_show_crypto_pki_certificates_mic_between_cas.txt: the MIC's end
# date replaced by how a 32-bit clock prints 2099-10-13 07:31:37 (that instant minus 2**32 seconds).
WRAPPED_MIC_END = ("07:31:37 UTC Oct 13 2022", "01:03:21 UTC Sep 7 1963")


def test_audit_uses_the_real_date_of_a_wrapped_ap_certificate_and_says_so(fixture_text):
    certs = fixture_text("composed/ap_show_crypto_pki_certificates_mic_between_cas.txt").replace(*WRAPPED_MIC_END)
    ap_out = {"AP-OLD-04": {"certificates": certs}}
    audit = wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos",
                                  {"as_of": AS_OF, "ap_outputs": ap_out})
    old = [r for r in audit["aps"] if r["name"] == "AP-OLD-04"][0]
    assert (old["actual_expiry"], old["expiry_wrapped"], old["expiry_printed"]) == (
        "2099-10-13T07:31:37Z", True, "1963-09-07T01:03:21Z")
    assert old["mic_state"] == "valid" and old["days_left"] > 26000
    assert old["verdict"] != "ap-mic-expired"
    mic = [e for e in old["evidence"] if e["kind"] == "mic"][0]
    assert mic["text"].endswith("(the device printed 1963-09-07, a 32-bit clock wrap; the real date is used)")
    markdown = wlc_report.to_markdown(audit)
    assert ("- Certificate end dates printed wrapped by a 32-bit clock (the audit uses the real date): "
            "AP-OLD-04 ends 2099-10-13, printed 1963-09-07") in markdown


def test_c9800_controller_certificate_printed_wrapped(fixture_text):
    outs = c9800_outputs(fixture_text)
    key = "show crypto pki certificates CISCO_IDEVID_SUDI"
    outs[key] = outs[key].replace("00:44:52 UTC Nov 20 2025", "18:16:36 UTC Oct 14 1909")   # 2045-11-20, wrapped
    audit = wlc_collect.run_audit(runner(outs), "c9800", {"as_of": AS_OF})
    assert [(c["valid_to"], c["state"], c["valid_to_wrapped"]) for c in audit["wlc_certificates"]] == [
        ("2045-11-20T00:44:52Z", "valid", True)]
    assert ("- Controller certificate CISCO_IDEVID_SUDI device cert: ends 2045-11-20T00:44:52Z (valid; the device "
            "printed 1909-10-14, a 32-bit clock wrap; the real date is used)") in wlc_report.to_markdown(audit)


FOREIGN = "this line is no part of the output"


@pytest.mark.parametrize("name,fixture,key", [
    ("parse_wlc_ap_inventory", "composed/aireos_show_ap_inventory_all.txt", "aps"),
    ("parse_wlc_join_stats", "aireos_show_ap_join_stats_summary_all_v8.txt", "aps"),
    ("parse_wlc_certificates", "aireos_show_certificate_all.txt", "certificates"),
    ("parse_pki_certificates", "ap_show_crypto_pki_certificates_expired_mic.txt", "certificates"),
    ("parse_ap_pki_certificates", "ios_show_crypto_pki_certificates_subject_ip.txt", "certificates"),
    ("parse_c9800_join_summary", "c9800_show_wireless_stats_ap_join_summary.txt", "aps"),
    ("parse_capwap_log", "ap_log_pki_expired.txt", "events"),
])
def test_every_wlc_parse_filter_returns_what_it_did_not_understand(fixture_text, name, fixture, key):
    clean = F[name](fixture_text(fixture))
    assert set(clean) == {key, "unparsed"} and clean[key] and clean["unparsed"] == []
    lines = fixture_text(fixture).splitlines()
    middle = len(lines) // 2
    dirty = F[name]("\n".join([FOREIGN + " (top)"] + lines[:middle] + ["    " + FOREIGN] + lines[middle:]))
    if name == "parse_capwap_log":    # a line inside the log continues the message before it
        assert dirty["unparsed"] == [FOREIGN + " (top)"]
        assert any(FOREIGN in e["detail"] for e in dirty["events"])
    else:
        assert dirty["unparsed"] == [FOREIGN + " (top)", FOREIGN]
    assert len(dirty[key]) == len(clean[key])


def test_cert_expiry_takes_the_whole_parse_result(fixture_text):
    parsed = F["parse_pki_certificates"](fixture_text("composed/ap_show_crypto_pki_certificates_mic_between_cas.txt"))
    assert [c["state"] for c in F["cert_expiry"](parsed, "2026-01-31", 90)] == ["valid", "expired", "valid"]


def test_expiry_message_with_a_wrapped_end_date(fixture_text):
    """The real three-line message with its end date printed the way a 32-bit clock prints Nov 12 2037
    (composed in the test: the date of Cisco Root CA M2 as the 3850 sample prints it)."""
    text = fixture_text("ap_log_pki_expired_no_timestamp.txt").replace("11:53:58 UTC Jun 1 2025",
                                                                       "06:32:02 UTC Oct 7 1901")
    (ev,) = capwap_log_report(text)["events"]
    assert (ev["expired_on"], ev["expired_on_wrapped"], ev["expired_on_printed"]) == (
        "2037-11-12T13:00:18Z", True, "1901-10-07T06:32:02Z")


def test_audit_reports_lines_its_parsers_did_not_understand(fixture_text):
    """The 9800 runs IOS-XE: its CISCO_IDEVID_SUDI trustpoint read as the real 3850 printed it, with a log
    line inside the output. The audit keeps the certificate and names the line it could not read."""
    outs = c9800_outputs(fixture_text)
    key = "show crypto pki certificates CISCO_IDEVID_SUDI"
    outs[key] = fixture_text("iosxe_show_crypto_pki_certificates_3850_wrapped.txt")
    audit = wlc_collect.run_audit(runner(outs), "c9800", {"as_of": AS_OF})
    assert [(c["valid_to"], c["state"]) for c in audit["wlc_certificates"]] == [("2027-08-31T05:22:50Z", "valid")]
    line = "*Aug 31 05:31:47.015: %SSH-5-ENABLED: SSH 1.99 has been enabledshow crypto pki cert"
    assert audit["unparsed"] == {key: [line]}
    assert ("- Not understood in `%s` (the audit may miss what it holds): 1 line(s), first: %s" % (key, line)
            in wlc_report.to_markdown(audit))


def test_audit_of_clean_outputs_has_nothing_unparsed(fixture_text):
    assert wlc_collect.run_audit(runner(aireos_outputs(fixture_text)), "aireos", {"as_of": AS_OF})["unparsed"] == {}
    assert wlc_collect.run_audit(runner(c9800_outputs(fixture_text)), "c9800", {"as_of": AS_OF})["unparsed"] == {}
