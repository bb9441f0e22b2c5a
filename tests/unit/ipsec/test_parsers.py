from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verify as v
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import parse_print

import os

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ipsec")


def fixture_text(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


def test_isakmp_sa_genie_sample():
    rows = v.parse_isakmp_sa(fixture_text("ios_show_crypto_isakmp_sa.txt"))
    assert len(rows) == 6
    assert rows[0] == {"dst": "100.0.10.2", "src": "100.13.220.2", "state": "QM_IDLE", "conn_id": 29609,
                       "slot": None, "status": "ACTIVE", "ip_version": 4}
    assert rows[1]["state"] == "MM_NO_STATE" and rows[1]["status"] == "ACTIVE (deleted)"
    assert rows[3]["ip_version"] == 6 and rows[3]["dst"] == "100.0.10::2"


def test_isakmp_sa_slot_and_empty():
    rows = v.parse_isakmp_sa(fixture_text("ios_show_crypto_isakmp_sa_slot.txt"))
    assert rows == [{"dst": "200.0.0.2", "src": "100.0.0.1", "state": "QM_IDLE", "conn_id": 1, "slot": 0,
                     "status": "ACTIVE", "ip_version": 4}]
    assert v.parse_isakmp_sa(fixture_text("composed/ios_show_crypto_isakmp_sa_empty.txt")) == []


def test_ipsec_sa():
    flows = v.parse_ipsec_sa(fixture_text("ios_show_crypto_ipsec_sa.txt"))
    assert len(flows) == 2
    first = flows[0]
    assert first["interface"] == "GigabitEthernet3" and first["crypto_map"] == "vpn-crypto-map"
    assert first["local_addr"] == "1.1.1.2" and first["current_peer"] == "1.1.1.1"
    assert first["local_ident"] == {"network": "20.20.20.0/24", "protocol": 0, "port": 0}
    assert first["remote_ident"]["network"] == "10.10.10.0/24"
    assert (first["pkts_encaps"], first["pkts_decaps"], first["send_errors"]) == (4, 4, 0)
    assert first["inbound_esp_sas"] == [{"spi": "0x658F7C11", "transform": "esp-256-aes esp-sha256-hmac", "status": "ACTIVE(ACTIVE)"}]
    assert first["outbound_esp_sas"][0]["spi"] == "0x397C36EE"
    assert first["pfs"] is False and first["dh_group"] == "none"
    assert flows[1]["inbound_esp_sas"] == [] and flows[1]["current_outbound_spi"] == "0x0"


def test_ipsec_sa_unindented_genie_layout():
    text = "\n".join(l.strip() for l in fixture_text("ios_show_crypto_ipsec_sa.txt").splitlines())
    assert v.parse_ipsec_sa(text) == v.parse_ipsec_sa(fixture_text("ios_show_crypto_ipsec_sa.txt"))


# RouterOS print forms are parsed by the engine's one parser (tests/unit/routeros/test_routeros_parse.py
# covers the forms); here: the IPsec samples the verify step reads.
def test_routeros7_active_peers_table():
    rows = parse_print(fixture_text("routeros7_active_peers_print.txt"))
    assert rows == [{"flags": "R", "id": "spoke1", "state": "established", "uptime": "3h8m2s",
                     "ph2-total": "3", "remote-address": "150.0.0.150", "dynamic-address": "172.16.0.2"}]


def test_routeros7_active_peers_detail():
    (row,) = parse_print(fixture_text("routeros7_active_peers_print_detail.txt"))
    assert row["flags"] == "R" and row["id"] == "spoke1" and row["state"] == "established"
    assert row["remote-address"] == "150.0.0.150" and row["ph2-total"] == "3" and row["uptime"] == "5h9m14s"


def test_routeros6_remote_peers():
    assert parse_print(fixture_text("routeros6_remote_peers_print.txt")) == [{
        "flags": "", "local-address": "1.1.1.1", "remote-address": "2.2.2.2",
        "state": "established", "side": "initiator", "established": "7h17m10s"}]


def test_routeros7_installed_sa_wrapped_keys():
    rows = parse_print(fixture_text("routeros7_installed_sa_print_detail.txt"))
    assert [(r["flags"], r["spi"], r["src-address"], r["dst-address"], r["state"]) for r in rows] == [
        ("E", "0xE841441", "150.0.0.150", "50.0.0.50", "mature"),
        ("E", "0xE2829EA", "50.0.0.50", "150.0.0.150", "mature")]
    assert rows[0]["auth-key"] == "61a63f8976fa4d3fae084cb927cc835b0a0c74a1b1d2fc6630198d1f15019903"
    assert rows[0]["add-lifetime"] == "24m23s/30m29s" and rows[1]["replay"] == "128"


def test_routeros2_installed_sa_layout():
    rows = parse_print(fixture_text("routeros2_installed_sa_print.txt"))
    assert rows[0]["flags"] == "E" and rows[0]["direction"] == "in" and rows[0]["state"] == "mature"


def test_ios_state_summaries():
    isakmp = v.parse_isakmp_sa(fixture_text("ios_show_crypto_isakmp_sa.txt"))
    flows = v.parse_ipsec_sa(fixture_text("ios_show_crypto_ipsec_sa.txt"))
    down = v.ios_tunnel_state(isakmp, flows, "100.12.82.2")
    assert down["up"] is False and down["phase1"] == "MM_NO_STATE" and "phase 1 failed" in down["reason"]
    assert "no proposal accepted" in down["reason"] and "ike.dh_group" in down["reason"]
    none = v.ios_tunnel_state([], [], "192.0.2.1")
    assert none["up"] is False and "phase 1 never started" in none["reason"]
    up = v.ios_tunnel_state([{"dst": "1.1.1.1", "src": "1.1.1.2", "state": "QM_IDLE", "conn_id": 1, "slot": None,
                              "status": "ACTIVE", "ip_version": 4}], flows, "1.1.1.1")
    assert up["up"] is True and up["flows"] == 1 and up["pkts_encaps"] == 4
    ph2 = v.ios_tunnel_state([{"dst": "1.1.1.1", "src": "1.1.1.2", "state": "QM_IDLE", "conn_id": 1, "slot": None,
                               "status": "ACTIVE", "ip_version": 4}], flows[1:], "1.1.1.1")
    assert ph2["up"] is False and "phase 2 failed" in ph2["reason"]


def test_routeros_state_summaries():
    peers = parse_print(fixture_text("routeros7_active_peers_print_detail.txt"))
    sas = parse_print(fixture_text("routeros7_installed_sa_print_detail.txt"))
    up = v.routeros_tunnel_state(peers, sas, "150.0.0.150", "50.0.0.50")
    assert up["up"] is True and up["installed_sa"] == 2
    no_sa = v.routeros_tunnel_state(peers, [], "150.0.0.150")
    assert no_sa["up"] is False and "phase 2 failed" in no_sa["reason"]
    nothing = v.routeros_tunnel_state([], [], "192.0.2.1")
    assert "phase 1 never started" in nothing["reason"]
    legacy = parse_print(fixture_text("routeros6_remote_peers_print.txt"))
    assert v.routeros_tunnel_state(legacy, [], "2.2.2.2")["phase1"] == "established"


def test_ios_state_key_exchange_names_the_psk():
    """MM_KEY_EXCH: proposal agreed, authentication failed (Cisco Press, Complete Cisco VPN Configuration
    Guide, table 16-1); the reason points at the pre-shared key, not the algorithms."""
    rows = v.parse_isakmp_sa("IPv4 Crypto ISAKMP SA\n"
                             "dst             src             state          conn-id status\n"
                             "203.0.113.3     198.51.100.1    MM_KEY_EXCH       1002 ACTIVE\n\n"
                             "IPv6 Crypto ISAKMP SA\n\n")
    assert rows[0]["state"] == "MM_KEY_EXCH" and rows[0]["conn_id"] == 1002
    down = v.ios_tunnel_state(rows, [], "203.0.113.3")
    assert down["up"] is False and down["phase1"] == "MM_KEY_EXCH"
    assert down["reason"] == ("ISAKMP SA with 203.0.113.3 is MM_KEY_EXCH: phase 1 failed "
                              "(proposal agreed, authentication failed: check psk and both public addresses)")


# ---- issue 11: IPv6 ISAKMP three-line form, `show crypto ikev2 sa [detail]`, phase/state reasons
def test_isakmp_sa_ipv6_three_line_form():
    out = v.read_isakmp_sa(fixture_text("ios15_show_crypto_isakmp_sa_ipv6.txt"))
    assert out["unparsed"] == []
    assert [r["ip_version"] for r in out["sas"]] == [4, 4, 6]
    assert out["sas"][2] == {"dst": "2000:61:128:1::1", "src": "2000:202:100:1::1", "state": "QM_IDLE",
                             "conn_id": 1005, "slot": None, "status": "ACTIVE", "ip_version": 6}
    assert v.parse_isakmp_sa(fixture_text("ios15_show_crypto_isakmp_sa_ipv6.txt"))[2]["dst"] == "2000:61:128:1::1"
    # a line the parser does not know is reported, not dropped
    odd = v.read_isakmp_sa("IPv4 Crypto ISAKMP SA\nsomething new here\n")
    assert odd == {"sas": [], "unparsed": ["something new here"]}


def test_ikev2_sa_ipv4_and_ipv6_rows():
    sas = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa.txt"))
    assert sas["unparsed"] == []
    assert sas["sas"] == [{
        "tunnel_id": 1, "local": "66.66.66.1", "local_port": 500, "remote": "66.66.66.2", "remote_port": 500,
        "fvrf": "none", "ivrf": "none", "status": "READY", "ip_version": 4, "encryption": "AES-CBC", "keysize": 128,
        "prf": "SHA1", "hash": "SHA96", "dh_group": 16, "auth_sign": "PSK", "auth_verify": "PSK",
        "lifetime": 86400, "active_time": 735}]
    six = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa_ipv6.txt"))
    assert six["unparsed"] == []
    assert [(s["tunnel_id"], s["local"], s["remote"], s["remote_port"], s["ip_version"], s["dh_group"],
             s["pqc_key_exchange"]) for s in six["sas"]] == [
        (1, "2001:DB8:1101::131", "2001:DB8:1201::122", 500, 6, 21, "ML-KEM-1024"),
        (2, "2001:DB8:1101::131", "2001:DB8:1202::123", 500, 6, 21, "ML-KEM-1024")]


def test_ikev2_sa_detail_forms():
    detail = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa_detail.txt"))
    assert detail["unparsed"] == []
    first, second = detail["sas"]
    assert (first["tunnel_id"], first["ivrf"], first["local_id"], first["remote_id"], first["status_description"]) == (
        973, "121", "user2621@cisco.com", "22.1.1.2", "Negotiation done")
    assert (second["remote_port"], second["encryption"], second["hash"], second["dh_group"]) == (4500, "AES-GCM", "None", 20)
    flat = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa_detail_flat.txt"))
    assert flat["unparsed"] == [] and flat["sas"][0]["auth_verify"] == "PSK" and flat["sas"][0]["local_spi"] == "4924FD2741CC90FD"


def test_ios_state_ikev2_phase_and_state():
    flows = v.parse_ipsec_sa(fixture_text("ios_show_crypto_ipsec_sa.txt"))
    ikev2 = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa.txt"))
    none = v.ios_tunnel_state([], flows, "192.0.2.9", ike_version=2, ikev2=ikev2)
    assert none["up"] is False and none["phase1"] is None
    assert none["reason"].startswith("no IKEv2 SA with 192.0.2.9: IKEv2 phase 1 failed (IKE_SA_INIT/IKE_AUTH: check "
                                     "ike.encryption, ike.integrity, ike.dh_group (proposal), psk")
    neg = v.read_ikev2_sa(fixture_text("iosxe_show_crypto_ikev2_sa.txt").replace("READY", "IN-NEG"))
    state = v.ios_tunnel_state([], flows, "66.66.66.2", ike_version=2, ikev2=neg)
    assert state["phase1"] == "IN-NEG" and "IKEv2 SA with 66.66.66.2 is IN-NEG" in state["reason"]
    ready = v.ios_tunnel_state([], flows, "66.66.66.2", ike_version=2, ikev2=ikev2)
    assert ready["phase1"] == "READY" and "phase 2 failed" in ready["reason"]     # no flow with that peer
    key = v.ios_tunnel_state([{"dst": "192.0.2.1", "src": "192.0.2.2", "state": "MM_KEY_EXCH", "conn_id": 1,
                               "slot": None, "status": "ACTIVE", "ip_version": 4}], [], "192.0.2.1")
    assert "MM_KEY_EXCH: phase 1 failed (proposal agreed, authentication failed: check psk" in key["reason"]
