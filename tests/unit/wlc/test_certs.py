import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import (
    CertParseError,
    aireos_date,
    cert_expiry,
    find_mic,
    ios_date,
    parse_pki_certificates,
    parse_wlc_certificates,
)


def test_expired_mic_as_the_ap_printed_it(fixture_text):
    """networkoc.net's AP (C1130, MIC Sep 2006 - Sep 2016): no serial line, `Name:` and `ea=` in the subject."""
    (mic,) = parse_pki_certificates(fixture_text("ap_show_crypto_pki_certificates_expired_mic.txt"))
    assert mic == {
        "kind": "certificate", "status": "Available", "serial_number": None, "usage": "General Purpose",
        "issuer": {"cn": "Cisco Manufacturing CA", "o": "Cisco Systems"},
        "subject": {"name": "C1130-001122aabbcc", "ea": "support@cisco.com", "cn": "C1130-001122aabbcc",
                    "o": "Cisco Systems", "l": "San Jose", "st": "California", "c": "US"},
        "crl_distribution_points": ["http://www.cisco.com/security/crl/cmca.crl"],
        "valid_from": "2006-09-26T10:09:50Z", "valid_to": "2016-09-26T10:19:50Z",
        "valid_from_wrapped": False, "valid_to_wrapped": False,
        "trustpoints": ["Cisco_IOS_MIC_cert"], "storage": None,
    }


def test_ap_output_with_trustpool_and_empty_storage(fixture_text):
    """Composed (fixtures/wlc/composed/SOURCES.md): the MIC between two CA blocks, a two-name trustpoint list."""
    certs = parse_pki_certificates(fixture_text("composed/ap_show_crypto_pki_certificates_mic_between_cas.txt"))
    assert [c["kind"] for c in certs] == ["ca_certificate", "certificate", "ca_certificate"]
    root, mic, cmca = certs
    assert root["trustpoints"] == ["Trustpool", "cisco-m2-root-cert"]
    assert root["storage"] is None and mic["storage"] is None
    assert root["issuer"] == {"cn": "Cisco Root CA M2", "o": "Cisco"}
    assert mic == {
        "kind": "certificate", "status": "Available", "serial_number": "1C2C8A5900000009D45D",
        "usage": "General Purpose",
        "issuer": {"cn": "Cisco Manufacturing CA", "o": "Cisco Systems"},
        "subject": {"name": "C3600-f8c288a1b2c3", "ea": "support@cisco.com", "cn": "C3600-f8c288a1b2c3",
                    "o": "Cisco Systems", "l": "San Jose", "st": "California", "c": "US"},
        "crl_distribution_points": ["http://www.cisco.com/security/pki/crl/cmca.crl"],
        "valid_from": "2012-10-13T07:21:37Z", "valid_to": "2022-10-13T07:31:37Z",
        "valid_from_wrapped": False, "valid_to_wrapped": False,
        "trustpoints": ["Cisco_IOS_MIC_cert"], "storage": None,
    }
    assert cmca["subject"]["cn"] == "Cisco Manufacturing CA"
    assert find_mic(certs) is mic


def test_ntc_templates_ios_sample(fixture_text):
    certs = parse_pki_certificates(fixture_text("ios_show_crypto_pki_certificates_ntc1.txt"))
    assert len(certs) == 3
    dev = certs[0]
    assert dev["subject"]["name"] == "ROUTERNAME.domain.com"
    assert dev["subject"]["serial_number"] == "1234ABCD"
    assert dev["subject"]["serialnumber"] == "1234ABCD"
    assert dev["renew_date"] == "2023-04-10T09:19:52Z"
    assert dev["trustpoints"] == ["caserver.domain.com"]
    assert dev["storage"] == "nvram:certfile.cer"
    assert certs[1]["issuer"]["cn"] == "one two three"   # values with spaces
    assert certs[2]["valid_to"] == "2038-11-05T00:00:00Z"
    assert certs[2]["crl_distribution_points"] == []
    assert find_mic(certs) is None  # not issued by a Cisco manufacturing CA


def test_old_ap_output_without_hex_and_one_space_indent(fixture_text):
    certs = parse_pki_certificates(fixture_text("ap_show_crypto_pki_certificates_layer77.txt"))
    assert len(certs) == 1  # the prompt line is ignored
    assert certs[0]["serial_number"] == "00"
    assert certs[0]["issuer"]["o"] == "airespace Inc"
    assert certs[0]["valid_to"] == "2012-11-11T23:38:55Z"


def test_router_self_signed_block():
    text = ("Router Self-Signed Certificate\n  Status: Available\n  Certificate Serial Number (hex): 01\n"
            "  Certificate Usage: General Purpose\n  Issuer: \n    cn=IOS-Self-Signed-Certificate-1\n"
            "  Subject:\n    Name: IOS-Self-Signed-Certificate-1\n    cn=IOS-Self-Signed-Certificate-1\n"
            "  Validity Date: \n    start date: 00:00:00 UTC Jan 1 2020\n    end   date: 00:00:00 UTC Jan 1 2030\n"
            "  Associated Trustpoints: TP-self-signed-1 \n")
    cert = parse_pki_certificates(text)[0]
    assert cert["kind"] == "router_self_signed_certificate" and cert["valid_to"] == "2030-01-01T00:00:00Z"


def test_block_without_end_date_fails():
    with pytest.raises(CertParseError, match="no 'end date'"):
        parse_pki_certificates("Certificate\n  Status: Available\n")


def test_empty_output_is_empty_list():
    assert parse_pki_certificates("") == []


def test_bad_date_fails():
    with pytest.raises(CertParseError, match="unreadable IOS"):
        ios_date("10:09:50 UTC Foo 26 2006")


def test_dates():
    assert ios_date("10:09:50 UTC Sep 26 2006") == "2006-09-26T10:09:50Z"
    assert aireos_date("Oct  4 05:05:04 2015 GMT") == "2015-10-04T05:05:04Z"
    assert aireos_date("Jul 10 14:38:08 2019") == "2019-07-10T14:38:08Z"


def test_aireos_show_certificate_all(fixture_text):
    certs = parse_wlc_certificates(fixture_text("aireos_show_certificate_all.txt"))
    assert certs == [
        {"name": "Cisco SHA1 device cert",
         "subject": "C=US, ST=California, L=San Jose, O=Cisco Systems, CN=AIR-CT5508-K9-d0c282e0afc0, "
                    "emailAddress=support@cisco.com",
         "issuer": "O=Cisco Systems, CN=Cisco Manufacturing CA", "serial_number": "1D6A7E6B000000082A5C",
         "valid_from": "2009-07-10T14:28:08Z", "valid_to": "2019-07-10T14:38:08Z",
         "valid_from_wrapped": False, "valid_to_wrapped": False,
         "signature_algorithm": "sha1WithRSAEncryption"},
        {"name": "Cisco SHA2 device cert",
         "subject": "C=US, ST=California, L=San Jose, O=Cisco Systems, CN=AIR-CT2504-K9-d0c282e0afc0, "
                    "emailAddress=support@cisco.com",
         "issuer": "O=Cisco, CN=Cisco Manufacturing CA SHA2", "serial_number": "31C55E8D000000012E77",
         "valid_from": "2015-10-04T05:05:04Z", "valid_to": "2025-10-04T05:15:04Z",
         "valid_from_wrapped": False, "valid_to_wrapped": False,
         "signature_algorithm": "sha256WithRSAEncryption"},
    ]


def test_aireos_values_on_the_label_line():
    text = ("Certificate Name: Cisco SHA2 device cert\nSubject Name : CN=x\nIssuer Name : CN=y\n"
            "Validity :\nStart : Oct  4 05:05:04 2015 GMT\nEnd : Oct  4 05:15:04 2025 GMT\n")
    cert = parse_wlc_certificates(text)[0]
    assert (cert["subject"], cert["issuer"], cert["valid_to"]) == ("CN=x", "CN=y", "2025-10-04T05:15:04Z")


def test_aireos_missing_end_fails():
    with pytest.raises(CertParseError, match="has no 'End :'"):
        parse_wlc_certificates("Certificate Name: X\nValidity :\nStart : Oct  4 05:05:04 2015 GMT\n")


def test_cert_expiry_states():
    certs = [{"valid_to": "2022-10-13T07:31:37Z"}, {"valid_to": "2026-03-01T00:00:00Z"},
             {"valid_to": "2037-11-12T13:00:18Z"}, {"valid_to": "2026-01-31T00:00:00Z"}]
    out = cert_expiry(certs, "2026-01-31", 90)
    assert [(c["days_left"], c["state"]) for c in out] == [
        (-1206, "expired"), (29, "expiring"), (4303, "valid"), (0, "expired")]
    assert "state" not in certs[0]  # input untouched


def test_cert_expiry_one_hour_past_is_minus_one_day():
    out = cert_expiry([{"valid_to": "2026-01-30T23:00:00Z"}], "2026-01-31T00:00:00Z", 0)
    assert out[0]["days_left"] == -1 and out[0]["state"] == "expired"


@pytest.mark.parametrize("kwargs,msg", [
    ({"warn_days": -1}, "warn_days: must be 0 or more"),
    ({"warn_days": "soon"}, "warn_days: expected a whole number"),
    ({"as_of": "31/01/2026"}, "as_of: expected an ISO 8601 date"),
])
def test_cert_expiry_bad_input(kwargs, msg):
    with pytest.raises(ValueError, match=msg):
        cert_expiry([{"valid_to": "2022-10-13T07:31:37Z"}], **kwargs)


def test_cert_expiry_item_without_date():
    with pytest.raises(ValueError, match="item 0 has no valid_to"):
        cert_expiry([{"name": "x"}], "2026-01-01")


def test_indented_paste_parses_like_the_device_output(fixture_text):
    """genieparser's 3850 SUDI sample is indented as a whole (pasted from another tool)."""
    certs = parse_pki_certificates(fixture_text("iosxe_show_crypto_pki_certificates_sudi_genie.txt"))
    assert [c["kind"] for c in certs] == ["certificate", "ca_certificate"]
    assert certs[0]["valid_to"] == "2025-11-20T00:44:52Z"
    assert certs[0]["subject"]["cn"] == "WS-C3850-24P-0057D21BC800"
    assert certs[0]["trustpoints"] == ["CISCO_IDEVID_SUDI"]
    assert certs[1]["trustpoints"] == ["CISCO_IDEVID_SUDI", "Trustpool"]
    plain = fixture_text("ap_show_crypto_pki_certificates_expired_mic.txt")
    indented = "\n".join("\t  " + ln for ln in plain.splitlines())
    assert parse_pki_certificates(indented) == parse_pki_certificates(plain)


def test_flush_left_forum_copy(fixture_text):
    certs = parse_pki_certificates(fixture_text("ap_show_crypto_pki_certificates_flat_5033673.txt"))
    assert [c["subject"]["cn"] for c in certs] == ["Cisco Root CA M2", "Cisco Manufacturing CA SHA2"]
    assert certs[1]["crl_distribution_points"] == ["http://www.cisco.com/security/pki/crl/crcam2.crl"]
    assert certs[1]["valid_to"] == "2037-11-12T13:00:17Z"


def test_certificate_fields_without_a_header_raise(fixture_text):
    body = fixture_text("ap_show_crypto_pki_certificates_expired_mic.txt").replace("CA Certificate\n", "").replace(
        "Certificate\n", "")
    with pytest.raises(CertParseError, match="holds certificate fields but no 'Certificate'"):
        parse_pki_certificates(body)
    assert parse_pki_certificates("AP#show crypto pki certificates\n% No certificates\n") == []
