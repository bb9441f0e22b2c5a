import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import aireos as a


def test_sysinfo_version(fixture_text):
    assert a.parse_sysinfo(fixture_text("aireos_show_sysinfo.txt")) == {
        "version": "7.4.110.0", "system_name": "TEST-WLC", "product_name": "Cisco Controller"}


def test_sysinfo_without_version():
    with pytest.raises(a.WlcParseError, match="Product Version"):
        a.parse_sysinfo("Incorrect usage. Use the '?' or <TAB> key to list commands.\n")


def test_ap_inventory(fixture_text):
    aps = a.parse_ap_inventory(fixture_text("composed/aireos_show_ap_inventory_all.txt"))
    assert [(x["name"], x["pid"], x["vid"], x["serial"]) for x in aps] == [
        ("AP-LOBBY-01", "AIR-CAP2702I-E-K9", "V01", "FGL1831A0BC"),
        ("AP-STORE-02", "AIR-CAP3602I-E-K9", "V04", "FTX1616Q1XY"),
        ("AP-NEW-03", "C9120AXI-E", "V01", "FJC2331M0QZ"),
    ]
    assert aps[0]["descr"] == "Cisco Aironet 2700 Series (IEEE 802.11ac) Access Point"


def test_ap_inventory_block_without_pid_line_fails():
    with pytest.raises(a.WlcParseError, match="AP 'X' has no 'PID"):
        a.parse_ap_inventory("Inventory for X\n\nNAME: \"AP\"    , DESCR: \"d\"\n")


def test_ap_inventory_empty_vid():
    aps = a.parse_ap_inventory("Inventory for X\nPID: AIR-LAP1242AG-E-K9,  VID: ,  SN: FTX1122A0BC\n")
    assert aps[0]["vid"] is None and aps[0]["serial"] == "FTX1122A0BC"


def test_ap_config_general(fixture_text):
    assert a.parse_ap_config_general(fixture_text("aireos_show_ap_config_general.txt")) == {
        "name": "AP_test_01", "mac": "00:62:ec:01:02:03", "ip": "10.1.1.1", "model": "AIR-CAP2702E-E-K9",
        "serial": "FCEDDCCBBAA", "certificate_type": "Manufacture Installed", "operation_state": "REGISTERED",
        "software": "8.2.164.0"}


def test_ap_config_general_not_found():
    with pytest.raises(a.WlcParseError, match="Cisco AP Name"):
        a.parse_ap_config_general("Cisco AP AP9 not found.\n")


def test_join_stats_old_layout(fixture_text):
    rows = a.parse_join_stats(fixture_text("aireos_show_ap_join_stats_summary_all_v4.txt"))
    assert [(r["base_mac"], r["joined"]) for r in rows] == [
        ("00:0b:85:1b:7c:b0", True), ("00:12:44:bb:25:d0", True), ("00:13:19:31:9c:e0", False)]
    assert rows[0]["name"] is None


def test_join_stats_table_layout(fixture_text):
    rows = a.parse_join_stats(fixture_text("aireos_show_ap_join_stats_summary_all_v8.txt"))
    assert rows == [{"base_mac": "00:3a:99:12:ab:cd", "ethernet_mac": "58:8d:09:03:12:34", "name": "ap01",
                     "ip": None, "joined": False}]


def test_join_stats_table_with_ip():
    rows = a.parse_join_stats("Number of APs.... 1\n\n00:3a:99:12:ab:cd    58:8d:09:03:12:34   ap01   "
                              "10.1.2.3   Joined\n")
    assert rows[0]["ip"] == "10.1.2.3" and rows[0]["joined"] is True


def test_join_stats_garbage_fails():
    with pytest.raises(a.WlcParseError, match="Number of APs"):
        a.parse_join_stats("Incorrect usage.\n")


def test_msglog_certificate_events(fixture_text):
    ev = a.parse_msglog(fixture_text("composed/aireos_show_msglog.txt"))
    assert [(e["mnemonic"], e["ap_mac"], e["kind"]) for e in ev] == [
        ("DTLS-3-HANDSHAKE_FAILURE", "d4:6d:50:88:12:34", "dtls_handshake_failure")] * 3 + [
        ("LWAPP-3-PAYLOAD_ERR", "00:11:22:33:44:55", "invalid_cert_payload")]
    assert ev[0]["timestamp"] == "Aug 26 13:37:28.876"
    assert ev[3]["timestamp"] == "Jul 10 16:13:52.443"


def test_msglog_drops_unrelated_lines():
    # synthetic line in the msglog shape (not from a source): an unrelated 802.1X message
    text = ("*dot1xMsgTask: Jul 10 16:13:50.101: #DOT1X-3-ABORT_AUTH: 1x_bauth_sm.c:447 Authentication "
            "Aborted for client 00:21:5c:aa:bb:cc\nrandom text\n")
    assert a.parse_msglog(text) == []


def test_msglog_expired_kind():
    # synthetic line (no public sample names the expiry in the WLC msglog): checks the kind mapping only
    text = ("*sshpmPkiApiTask: Oct 06 12:04:00.588: #SSHPM-3-GENERIC_CERT_ERROR: sshpmpkiapi.c:100 "
            "Certificate has expired - AP 00:11:22:33:44:55\n")
    assert a.parse_msglog(text)[0]["kind"] == "cert_expired"


def test_state_from_grep_absent(fixture_text):
    assert a.parse_cert_ignore_state(fixture_text("aireos_grep_run_config_absent.txt")) == {
        "mic": False, "ssc": None, "command": None, "lines": []}


def test_state_from_grep_present(fixture_text):
    assert a.parse_cert_ignore_state(fixture_text("aireos_grep_run_config_present.txt")) == {
        "mic": True, "ssc": None, "command": "cert-expiry-ignore",
        "lines": ["ap cert-expiry-ignore mic enable"]}


def test_state_from_full_run_config():
    text = "wlan create 1 corp corp\nap cert-expiry-ignore mic enable\nap cert-expiry-ignore ssc disable\n"
    st = a.parse_cert_ignore_state(text)
    assert (st["mic"], st["ssc"]) == (True, False)


def test_state_full_run_config_without_lines_is_disabled():
    st = a.parse_cert_ignore_state("wlan create 1 corp corp\nsysname WLC1\n")
    assert (st["mic"], st["ssc"], st["command"]) == (False, False, None)


def test_state_lifetime_check_and_generic_grep():
    text = " ap lifetime-check mic enable\n\nThere are 1 lines matching the pattern ap lifetime-check \n"
    st = a.parse_cert_ignore_state(text)
    assert (st["mic"], st["ssc"], st["command"]) == (True, False, "lifetime-check")


@pytest.mark.parametrize("text,expected", [("8.5.182.0", (8, 5, 182, 0)), ("7.4", (7, 4, 0, 0))])
def test_version_tuple(text, expected):
    assert a.version_tuple(text) == expected


def test_version_tuple_bad():
    with pytest.raises(a.WlcParseError, match="not an AireOS release"):
        a.version_tuple("17.9.4a")


def test_norm_mac():
    assert a.norm_mac("00A7.42E8.4011") == "00:a7:42:e8:40:11"
    with pytest.raises(a.WlcParseError):
        a.norm_mac("00a7.42e8")


@pytest.mark.parametrize("module,name,parser", [
    ("wlc.aireos", "aireos_show_sysinfo.txt", "parse_sysinfo"),
    ("wlc.aireos", "composed/aireos_show_ap_inventory_all.txt", "parse_ap_inventory"),
    ("wlc.aireos", "aireos_show_ap_join_stats_summary_all_v8.txt", "parse_join_stats"),
    ("wlc.aireos", "composed/aireos_show_msglog.txt", "parse_msglog"),
    ("wlc.aireos", "aireos_show_ap_config_general.txt", "parse_ap_config_general"),
    ("wlc.c9800", "c9800_run_section_crypto_pki_allow_expired.txt", "parse_pki_allow_expired"),
    ("wlc.c9800", "c9800_show_ap_config_general.txt", "parse_ap_config_general"),
    ("wlc.c9800", "c9800_show_wireless_management_trustpoint.txt", "parse_management_trustpoint"),
    ("wlc.c9800", "c9800_show_wireless_stats_ap_join_summary.txt", "parse_join_summary"),
])
def test_indented_paste_parses_the_same(fixture_text, module, name, parser):
    """Output pasted from logs, mail or another tool is indented as a whole (AireOS and 9800)."""
    import importlib
    func = getattr(importlib.import_module("ansible_collections.pfne.netops.plugins.plugin_utils." + module), parser)
    text = fixture_text(name)
    indented = "\n".join(("    " + ln) if ln.strip() else ln for ln in text.splitlines())
    assert func(indented) == func(text) and func(text)


def test_aireos_certificates_indented_and_headerless(fixture_text):
    from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import CertParseError, parse_wlc_certificates
    text = fixture_text("aireos_show_certificate_all.txt")
    assert parse_wlc_certificates("\n".join("   " + ln for ln in text.splitlines())) == parse_wlc_certificates(text)
    with pytest.raises(CertParseError, match="no 'Certificate Name:' line"):
        parse_wlc_certificates(text.replace("Certificate Name:", "Name:"))
