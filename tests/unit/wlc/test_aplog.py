import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aplog import capwap_log_report, parse_capwap_log


def test_dtls_certificate_unknown_story(fixture_text):
    ev = parse_capwap_log(fixture_text("composed/ap_log_dtls_cert_unknown.txt"))
    assert [(e["mnemonic"], e["kind"], e["peer"]) for e in ev] == [
        ("DOT11-7-AUTH_FAILED", "other", None),
        ("CAPWAP-5-DTLSREQSEND", "dtls_request", "10.2.10.10"),
        ("DTLS-5-ALERT", "cert_unknown_alert", "10.2.10.10"),
        ("DTLS-5-SEND_ALERT", "close_notify", "10.2.10.10"),
        ("CAPWAP-5-DTLSREQSEND", "dtls_request", "10.2.10.10"),
        ("DTLS-5-ALERT", "cert_unknown_alert", "10.2.10.10"),
        ("CAPWAP-3-ERRORLOG", "cert_alert_received", None),
        ("DTLS-5-SEND_ALERT", "close_notify", "10.2.10.10"),
    ]
    assert ev[1]["timestamp"] == "Oct 17 19:54:56.000"
    assert ev[2]["text"] == "Received FATAL : Certificate unknown alert from 10.2.10.10"
    assert not [e for e in ev if e["kind"] == "cert_expired"]  # the AP's own MIC: no expiry line on the AP


def test_expired_mic_write_up_has_no_expiry_line(fixture_text):
    ev = parse_capwap_log(fixture_text("ap_log_networkoc_cert_unknown.txt"))
    assert [e["kind"] for e in ev] == ["cert_unknown_alert", "cert_alert_received", "close_notify", "other"]


def test_ap_rejecting_the_controller_certificate(fixture_text):
    """community.cisco.com 5353677: the AP's PKI-3 expiry line is the controller's certificate."""
    ev = parse_capwap_log(fixture_text("ap_log_pki_expired.txt"))
    expired = [e for e in ev if e["kind"] == "cert_expired"]
    assert len(expired) == 1
    assert expired[0]["cert_owner"] == "controller"
    assert expired[0]["owner_reason"] == "own line: Peer certificate verification failed"
    assert expired[0]["expired_on"] == "2023-05-10T03:08:22Z"
    assert expired[0]["certificate_serial"] == "1C2C8A5900000009D45D"
    assert ev[2]["peer"] == "10.111.4.4"   # peer_ip: of DTLSREQSEND
    assert [e["kind"] for e in ev] == ["other", "other", "dtls_request", "cert_expired", "peer_verify_failed",
                                       "bad_cert_alert_sent", "close_notify"]


def test_controller_owner_from_following_lines():
    text = ("*Dec 2 16:33:46.235: %PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed. "
            "The certificate (SN: 1C2C8A5900000009D45D) has expired. Validity period ended on 03:08:22 UTC May 10 2023\n"
            "*Dec 2 16:33:46.235: DTLS_CLIENT_ERROR: ../capwap/base_capwap/capwap/base_capwap_wtp_dtls.c:508 "
            "Certificate verified failed!\n")   # the 5353677 lines with the run-together tail cut off
    ev = parse_capwap_log(text)
    assert ev[0]["cert_owner"] == "controller" and ev[0]["owner_reason"].startswith("followed by: DTLS_CLIENT_ERROR")


@pytest.mark.parametrize("name", ["ap_log_fn72524_image_signing.txt", "ap_log_fn72524_flattened.txt"])
def test_fn72524_image_signing(fixture_text, name):
    rep = capwap_log_report(fixture_text(name))
    expired = [e for e in rep["events"] if e["kind"] == "cert_expired"]
    assert len(expired) == 1
    assert expired[0]["cert_owner"] == "image_signing"
    assert (expired[0]["expired_on"], expired[0]["certificate_serial"]) == ("2022-12-04T21:43:46Z",
                                                                           "4E78A210000000000007")
    assert "image_signing_failed" in [e["kind"] for e in rep["events"]]


def test_fn72524_context_without_the_known_serial(fixture_text):
    text = fixture_text("ap_log_fn72524_image_signing.txt").replace("4E78A210000000000007", "0A0B0C").replace(
        "21:43:46 UTC Dec 4 2022", "21:43:46 UTC Dec 4 2032")
    ev = [e for e in parse_capwap_log(text) if e["kind"] == "cert_expired"][0]
    assert ev["cert_owner"] == "image_signing" and ev["owner_reason"].startswith("next to: Image signing")


def test_flattened_lines_are_split(fixture_text):
    rep = capwap_log_report(fixture_text("ap_log_fn72524_flattened.txt"))
    assert len(rep["events"]) == 7 and rep["unparsed"] == []
    assert rep["events"][1]["text"].startswith("DTLS_CLIENT_ERROR:")


def test_lines_without_timestamp_are_kept(fixture_text):
    rep = capwap_log_report(fixture_text("ap_log_fn72524_image_signing.txt"))
    assert rep["unparsed"] == ["extracting ap1g2-k9w8-mx.153-3.JD16/img_sign_rel.cert (1375 bytes)",
                               "extracting info.ver (291 bytes)!"]
    integrity = [e for e in rep["events"] if e["text"] == "AP image integrity check FAILED"][0]
    assert integrity["detail"] == ["Aborting Image Download"]


def test_cos_error_10_names_the_controller(fixture_text):
    ev = parse_capwap_log(fixture_text("ap_log_cos_cert_error10.txt"))
    assert len(ev) == 1
    assert ev[0]["kind"] == "cert_expired" and ev[0]["mnemonic"] is None
    assert ev[0]["timestamp"] == "12/12/2035 12:34:50.0099" and ev[0]["expired_on"] is None
    assert ev[0]["subject"].endswith("CN=AIR-CT5508-K9-00211bfe58c0/emailAddress=support@cisco.com")
    assert ev[0]["cert_owner"] == "controller"


def test_expiry_line_alone_is_unknown():
    ev = parse_capwap_log("*Dec 2 16:33:46.235: %PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation "
                          "has failed. The certificate (SN: 0A) has expired. Validity period ended on 03:08:22 UTC "
                          "May 10 2023\n")
    assert ev[0]["cert_owner"] == "unknown"


def test_indented_log(fixture_text):
    text = "\n".join("    " + ln for ln in fixture_text("ap_log_pki_expired.txt").splitlines())
    assert [e["kind"] for e in parse_capwap_log(text)] == [
        e["kind"] for e in parse_capwap_log(fixture_text("ap_log_pki_expired.txt"))]


def test_write_up_lines_without_peer_address():
    text = ("*Oct 6 12:04:00.588: %DTLS-5-ALERT: Received FATAL : Certificate unknown alert from \n"
            "*Oct 6 12:04:00.588: %DTLS-5-SEND_ALERT: Send FATAL : Close notify Alert to \n")
    ev = parse_capwap_log(text)
    assert [(e["kind"], e["peer"]) for e in ev] == [("cert_unknown_alert", None), ("close_notify", None)]


def test_not_text():
    with pytest.raises(ValueError, match="expected log text"):
        parse_capwap_log(None)


# The header of IOS `show logging` as genieparser's ios ShowLogging golden_output_3_output.txt prints it
# (wrapped `filtering disabled`, syslog host blocks), then one buffered line.
_IOS_LOGGING_HEADER = """
Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.


    Console logging: disabled
    Monitor logging: level debugging, 13 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, 1566 messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)

No active filter modules.

    Trap logging: level informational, 1570 message lines logged
        Logging to 192.168.1.3  (tcp port 1514, audit disabled,
              link down),
              787 message lines logged,
              xml disabled, sequence number disabled
              filtering disabled

Log Buffer (4096 bytes):

"""


def test_the_real_show_logging_header_is_not_reported_as_unparsed():
    line = "*Dec 2 16:33:46.000: %CAPWAP-5-DTLSREQSEND: DTLS connection request sent peer_ip: 10.1.1.1 peer_port: 5246"
    rep = capwap_log_report(_IOS_LOGGING_HEADER + "stray line\n" + line + "\n")
    assert rep["unparsed"] == ["stray line"]       # the buffer is still read line by line
    assert [e["mnemonic"] for e in rep["events"]] == ["CAPWAP-5-DTLSREQSEND"]
