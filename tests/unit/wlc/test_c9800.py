import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import c9800 as c
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aireos import WlcParseError


def test_join_summary_pages_and_reasons(fixture_text):
    rows = c.parse_join_summary(fixture_text("c9800_show_wireless_stats_ap_join_summary.txt"))
    assert len(rows) == 7
    assert rows[0] == {"base_mac": "70:6d:05:ff:08:59", "ethernet_mac": "70:6d:05:ff:9b:b8",
                       "name": "AP706d.05ff.9bb8", "ip": "10.10.116.22", "joined": False,
                       "failure_phase": "Join", "disconnect_reason": "Ap auth pending"}
    dtls = [r for r in rows if r["disconnect_reason"] == "DTLS close alert from peer"]
    assert dtls[0]["failure_phase"] == "Image-Download" and dtls[0]["joined"] is False
    assert [r["joined"] for r in rows].count(True) == 3


def test_join_summary_dtls_handshake_row():
    text = ("Number of APs: 1\n\nBase MAC        Ethernet MAC    AP Name   IP Address   Status      "
            "Last Failure Phase    Last Disconnect Reason\n---\n"
            "00a7.42e8.b111  00a7.42e8.4011  AP-OLD-1  10.0.0.5     Not Joined  Dtls-Handshake        "
            "DTLS cert-chain not available\n")
    row = c.parse_join_summary(text)[0]
    assert (row["failure_phase"], row["disconnect_reason"]) == ("Dtls-Handshake", "DTLS cert-chain not available")


def test_join_summary_error_output():
    with pytest.raises(WlcParseError, match="Number of APs"):
        c.parse_join_summary("% Invalid input detected at '^' marker.\n")


def test_ap_summary(fixture_text):
    aps = c.parse_ap_summary(fixture_text("c9800_show_ap_summary.txt"))
    assert aps == [
        {"name": "CISCO-WAP01", "model": "3802I", "ethernet_mac": "00:a7:42:e8:40:11",
         "radio_mac": "00:a7:42:e8:b1:11", "location": "default location", "country": "NL",
         "ip": "11.11.11.11", "state": "Registered"},
        {"name": "CISCO-WAP02", "model": "3802I", "ethernet_mac": "00:a7:42:f2:86:22",
         "radio_mac": "00:a7:42:f3:cb:22", "location": "default location", "country": "NL",
         "ip": "22.22.22.22", "state": "Registered"}]


def test_ap_config_general_blocks(fixture_text):
    text = fixture_text("c9800_show_ap_config_general.txt")
    second = text.replace("my_ap_name", "ap2").replace("KWC2904079X", "FTX1616Q1XY").replace(
        "8c88.8118.8010", "8c88.8118.9020").replace("08/09/2099 20:58:26", "04/15/2022 10:00:00")
    aps = c.parse_ap_config_general(text + "\n" + second)
    assert [(a["name"], a["serial"], a["mac"], a["certificate_expiry"]) for a in aps] == [
        ("my_ap_name", "KWC2904079X", "8c:88:81:18:80:10", "2099-08-09T20:58:26Z"),
        ("ap2", "FTX1616Q1XY", "8c:88:81:18:90:20", "2022-04-15T10:00:00Z")]
    assert aps[0]["certificate_issuer"] == "High Assurance SUDI CA"
    assert aps[0]["model"] == "CW9166I-E" and aps[0]["operation_state"] == "Registered"


def test_trustpoint(fixture_text):
    assert c.parse_management_trustpoint(fixture_text("c9800_show_wireless_management_trustpoint.txt")) == {
        "trustpoint_name": "CISCO_IDEVID_SUDI", "certificate_info": "Available", "certificate_type": "MIC",
        "private_key_info": "Available", "fips_suitability": "Not Applicable"}


def test_pki_allow_expired(fixture_text):
    st = c.parse_pki_allow_expired(fixture_text("c9800_run_section_crypto_pki_allow_expired.txt"))
    assert st == {"maps": {"ALLOW_EXPIRED": [{"seq": 10, "issuer_contains": ["cisco manufacturing ca"]},
                                             {"seq": 20, "issuer_contains": ["act2 sudi ca"]}]},
                  "trustpool_allow_expired": ["ALLOW_EXPIRED"],
                  "allowed_issuers": ["cisco manufacturing ca", "act2 sudi ca"]}


def test_pki_default_has_no_allowance(fixture_text):
    st = c.parse_pki_allow_expired(fixture_text("c9800_run_section_crypto_pki_default.txt"))
    assert st == {"maps": {}, "trustpool_allow_expired": [], "allowed_issuers": []}


def test_pki_map_not_referenced_allows_nothing():
    st = c.parse_pki_allow_expired("crypto pki certificate map M 1\n issuer-name co Cisco Manufacturing CA\n")
    assert st["allowed_issuers"] == [] and st["maps"]["M"][0]["issuer_contains"] == ["cisco manufacturing ca"]


def test_show_version():
    text = "Cisco IOS XE Software, Version 17.09.04a\nCisco IOS Software [Cupertino], ...\n"
    assert c.parse_show_version(text) == {"version": "17.09.04a"}

