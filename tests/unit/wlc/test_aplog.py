import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_aplog import parse_capwap_log


def test_dtls_certificate_unknown_story(fixture_text):
    ev = parse_capwap_log(fixture_text("ap_log_dtls_cert_unknown.txt"))
    assert [(e["mnemonic"], e["kind"], e["peer"]) for e in ev] == [
        ("DOT11-7-AUTH_FAILED", "other", None),
        ("CAPWAP-5-DTLSREQSEND", "dtls_request", "10.2.10.10"),
        ("DTLS-5-ALERT", "cert_unknown_alert", "10.2.10.10"),
        ("DTLS-5-SEND_ALERT", "close_notify", "10.2.10.10"),
        ("CAPWAP-5-DTLSREQSEND", "dtls_request", "10.2.10.10"),
        ("DTLS-5-ALERT", "cert_unknown_alert", "10.2.10.10"),
        ("CAPWAP-3-ERRORLOG", "other", None),
        ("DTLS-5-SEND_ALERT", "close_notify", "10.2.10.10"),
    ]
    assert ev[1]["timestamp"] == "Oct 17 19:54:56.000"
    assert ev[2]["text"] == "Received FATAL : Certificate unknown alert from 10.2.10.10"


def test_pki_expired_line(fixture_text):
    ev = parse_capwap_log(fixture_text("ap_log_pki_expired.txt"))
    expired = [e for e in ev if e["kind"] == "cert_expired"]
    assert len(expired) == 1
    assert expired[0]["expired_on"] == "2023-05-10T03:08:22Z"
    assert expired[0]["certificate_serial"] == "1C2C8A5900000009D45D"
    assert ev[0]["peer"] == "10.111.4.4"   # peer_ip: of DTLSREQSEND
    # "AP has SHA2 MIC certificate" and DTLS_CLIENT_ERROR lines carry no %MNEMONIC: skipped
    assert len(ev) == 4


def test_cos_error_10(fixture_text):
    ev = parse_capwap_log(fixture_text("ap_log_cos_cert_error10.txt"))
    assert ev == [{"timestamp": "12/12/2035 12:34:50.0099", "mnemonic": None, "peer": None,
                   "kind": "cert_expired", "expired_on": None,
                   "text": "Cert Verification FAILED with error 10 (certificate has expired) at 0 depth..."}]


def test_write_up_lines_without_peer_address():
    text = ("*Oct 6 12:04:00.588: %DTLS-5-ALERT: Received FATAL : Certificate unknown alert from \n"
            "*Oct 6 12:04:00.588: %DTLS-5-SEND_ALERT: Send FATAL : Close notify Alert to \n")
    ev = parse_capwap_log(text)
    assert [(e["kind"], e["peer"]) for e in ev] == [("cert_unknown_alert", None), ("close_notify", None)]


def test_not_text():
    with pytest.raises(ValueError, match="expected log text"):
        parse_capwap_log(None)
