"""Issue 24: tunnel ends discovered from real IOS running-config excerpts (tests/unit/fixtures/ipsec/SOURCES.md)
and from RouterOS prints (composed, tests/unit/fixtures/doctor_config/composed/SOURCES.md)."""
import json
import os

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import discover, reads

IPSEC = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ipsec")
DOCTOR = os.path.join(os.path.dirname(__file__), "..", "fixtures", "doctor_config", "composed")
SALT = b"unit-test-salt"


def text(folder, name):
    with open(os.path.join(folder, name)) as handle:
        return handle.read()


def ios_ends(name):
    return discover.ends("ios", {"show running-config": text(IPSEC, name)}, SALT)


def test_ikev2_crypto_map_of_a_real_iosxe_router():
    ends, unparsed = ios_ends("iosxe_ikev2_crypto_map_strongswan.txt")
    assert len(ends) == 1
    end = ends[0]
    assert (end["local_address"], end["peer_address"], end["ike_version"], end["bound"]) == (
        "192.168.0.29", "168.62.164.80", 2, True)
    assert end["ike"] == [{"encryption": "aes-256", "integrity": "sha256", "dh_group": 14, "lifetime": 86400}]
    assert end["esp"] == [{"encryption": "aes-256", "integrity": "sha256"}] and end["pfs"] == "none"
    assert end["selectors"] == [["192.168.200.0/24", "10.250.1.0/24"], ["192.168.200.0/24", "10.250.2.0/24"]]
    assert end["identity"]["local"] == {"type": "address", "value": "192.168.0.29"}
    assert end["psk_state"] == "set" and len(end["psk_fingerprint"]) == 16    # the keyring peer 0.0.0.0 0.0.0.0
    # the identity line is read by the doctor; what neither reads is still reported
    assert unparsed == ["reverse-route static"]


def test_the_key_of_a_real_ios15_config_never_leaves_discovery():
    raw = text(IPSEC, "ios15_running_config_crypto.txt")
    ends, unparsed = discover.ends("ios", {"show running-config": raw}, SALT)
    assert ends == []            # an isakmp key and a transform-set, but no crypto map: no site-to-site end
    assert "crypto ipsec df-bit clear" in unparsed
    assert "ghjdthrfcdzpb" in raw and "ghjdthrfcdzpb" not in json.dumps([ends, unparsed])


def test_c8000v_nat_pool_rule_catches_nothing_the_crypto_acl_protects():
    ends, _unparsed = ios_ends("iosxe17_c8000v_running_config_crypto_map.txt")
    assert [e["peer_address"] for e in ends] == ["20.91.130.234"]
    assert ends[0]["selectors"] == [["10.0.0.0/16", "10.10.0.0/16"], ["40.40.40.1/32", "10.10.0.0/16"]]
    assert ends[0]["identity"]["remote"] == {"type": "address", "value": "10.10.0.4/32"}


def _ros(prefix, version):
    outputs = {}
    for menu in reads.menus(version):
        name = "%s_%s.txt" % (prefix, menu.split()[-1])
        path = os.path.join(DOCTOR, name)
        outputs[menu] = text(DOCTOR, name) if os.path.exists(path) else ""
    return discover.ends("routeros", outputs, SALT, version)


def test_routeros_menus_follow_the_syntax_family():
    assert reads.menus("6.42.7") == ["/ip ipsec peer", "/ip ipsec proposal", "/ip ipsec policy",
                                                 "/ip firewall filter", "/ip firewall nat", "/ip address"]
    assert reads.menus("6.43.16")[1] == "/ip ipsec peer profile"
    assert reads.menus("7.16.2")[:3] == ["/ip ipsec peer", "/ip ipsec profile", "/ip ipsec identity"]
    assert reads.peer_state_command("6.42.7") == "/ip ipsec remote-peers print"
    assert reads.peer_state_command("7.16.2") == "/ip ipsec active-peers print detail"


def test_routeros7_end_from_profile_identity_proposal_policy():
    ends, unparsed = _ros("branch_ros7", "7.16.2")
    assert unparsed == [] and len(ends) == 1
    end = ends[0]
    assert (end["local_address"], end["peer_address"], end["ike_version"]) == ("203.0.113.4", "198.51.100.1", 1)
    assert end["ike"] == [{"encryption": "aes-256", "integrity": "sha256", "dh_group": 14, "lifetime": 86400}]
    assert (end["esp"], end["pfs"], end["esp_lifetime"]) == ([{"encryption": "aes-256", "integrity": "sha256"}], 14, 3600)
    assert end["selectors"] == [["192.168.90.0/24", "10.10.1.0/24"]] and end["policy_flags"] == []
    assert end["nat_rules_catching"] == [] and end["firewall_drops"] == []     # defconf with the tunnel's accepts
    assert end["addresses"] == ["192.168.90.1", "203.0.113.4"]
    assert all("doctor-fixture-key-1" not in line for line in end["source"])
    assert any('secret=********' in line for line in end["source"])


def test_routeros642_end_shows_each_typed_fault():
    ends, _unparsed = _ros("branch_ros642", "6.42.7")
    end = ends[0]
    assert end["ike"] == [{"encryption": "aes-256", "integrity": "sha1", "dh_group": 2, "lifetime": 86400}]
    assert end["policy_flags"] == ["X (disabled): 192.168.88.0/24 -> 10.10.1.0/24"]
    assert end["local_address"] == "203.0.113.2" and end["psk_state"] == "set"
    caught = end["nat_rules_catching"]
    assert len(caught) == 2 and "masquerade" in caught[0] and "fasttracked" in caught[1]
    assert end["firewall_drops"] == [
        "udp/500 from 198.51.100.1 dropped by /ip firewall filter: chain=input action=drop in-interface=ether1 "
        "comment=defconf: drop all from WAN",
        "udp/4500 from 198.51.100.1 dropped by /ip firewall filter: chain=input action=drop in-interface=ether1 "
        "comment=defconf: drop all from WAN",
        "ipsec-esp from 198.51.100.1 dropped by /ip firewall filter: chain=input action=drop in-interface=ether1 "
        "comment=defconf: drop all from WAN"]


def test_road_warrior_responders_are_no_site_to_site_end():
    # the IKEv2 road-warrior peer (passive, no address: what mikrotik_ikev2_mobile adds) and a ::/0 responder
    # beside the branch's one site-to-site peer; before the fix the first became a tunnel "branch:? <-> "
    outputs = {}
    for menu in reads.menus("7.16.2"):
        name = "branch_ros7_%s.txt" % menu.split()[-1]
        outputs[menu] = text(DOCTOR, name) if os.path.exists(os.path.join(DOCTOR, name)) else ""
    outputs["/ip ipsec peer"] += (
        ' 1     name="ikev2-rw" passive=yes profile=ikev2-rw exchange-mode=ike2 send-initial-contact=no \n'
        ' 2     name="rw6" address=::/0 passive=yes profile=default exchange-mode=ike2 send-initial-contact=no \n')
    ends, unparsed = discover.ends("routeros", outputs, SALT, "7.16.2")
    assert unparsed == []
    assert [end["peer_address"] for end in ends] == ["198.51.100.1"]
