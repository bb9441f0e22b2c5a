"""Exact RouterOS output for the three syntax families (entries -> commands via the shared core)."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import routeros as r
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import diff as core
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.vocab import UnsupportedError

FW = [
    "/ip firewall filter add comment=pfne:ipsec:hq-branch:ike chain=input action=accept src-address=203.0.113.2 protocol=udp dst-port=500",
    "/ip firewall filter add comment=pfne:ipsec:hq-branch:nat-t chain=input action=accept src-address=203.0.113.2 protocol=udp dst-port=4500",
    "/ip firewall filter add comment=pfne:ipsec:hq-branch:esp chain=input action=accept src-address=203.0.113.2 protocol=ipsec-esp",
    "/ip firewall filter add comment=pfne:ipsec:hq-branch:ah chain=input action=accept src-address=203.0.113.2 protocol=ipsec-ah",
    "/ip firewall nat add comment=pfne:ipsec:hq-branch:nat-bypass-1 chain=srcnat action=accept src-address=10.1.0.0/24 dst-address=10.2.0.0/24",
    "/ip firewall nat add comment=pfne:ipsec:hq-branch:nat-bypass-2 chain=srcnat action=accept src-address=10.11.0.0/24 dst-address=10.2.0.0/24",
]
PROPOSAL = ("/ip ipsec proposal add name=pfne-hq-branch auth-algorithms=sha256 enc-algorithms=aes-256-cbc "
            "lifetime=1h pfs-group=modp2048")
LEGACY = [
    PROPOSAL,
    "/ip ipsec peer add comment=\"pfne:ipsec:hq-branch:peer pfne-fp:FP\" address=203.0.113.2/32 "
    "local-address=198.51.100.1 auth-method=pre-shared-key secret=******** exchange-mode=main generate-policy=no "
    "hash-algorithm=sha256 enc-algorithm=aes-256 dh-group=modp2048 lifetime=1d nat-traversal=yes",
    "/ip ipsec policy add comment=pfne:ipsec:hq-branch:policy-1 src-address=10.1.0.0/24 dst-address=10.2.0.0/24 "
    "tunnel=yes action=encrypt level=require proposal=pfne-hq-branch sa-src-address=198.51.100.1 sa-dst-address=203.0.113.2",
    "/ip ipsec policy add comment=pfne:ipsec:hq-branch:policy-2 src-address=10.11.0.0/24 dst-address=10.2.0.0/24 "
    "tunnel=yes action=encrypt level=require proposal=pfne-hq-branch sa-src-address=198.51.100.1 sa-dst-address=203.0.113.2",
] + FW
SPLIT = [
    "/ip ipsec profile add name=pfne-hq-branch hash-algorithm=sha256 enc-algorithm=aes-256 dh-group=modp2048 "
    "lifetime=1d nat-traversal=yes",
    PROPOSAL,
    "/ip ipsec peer add name=pfne-hq-branch address=203.0.113.2/32 local-address=198.51.100.1 "
    "profile=pfne-hq-branch exchange-mode=main",
    "/ip ipsec identity add comment=\"pfne:ipsec:hq-branch:identity pfne-fp:FP\" peer=pfne-hq-branch "
    "auth-method=pre-shared-key secret=******** generate-policy=no",
    "/ip ipsec policy add comment=pfne:ipsec:hq-branch:policy-1 src-address=10.1.0.0/24 dst-address=10.2.0.0/24 "
    "tunnel=yes action=encrypt level=require proposal=pfne-hq-branch peer=pfne-hq-branch",
    "/ip ipsec policy add comment=pfne:ipsec:hq-branch:policy-2 src-address=10.11.0.0/24 dst-address=10.2.0.0/24 "
    "tunnel=yes action=encrypt level=require proposal=pfne-hq-branch peer=pfne-hq-branch",
] + FW
# 6.43.x: phase 1 on /ip ipsec peer profile, the PSK and modes still on the unnamed peer, policies sa-*
# (ripleymj/routerlab Router-B3.rsc, a RouterOS 6.43.8 export; 2018-11 "OSPF over GRE with IPsec" post)
PEER_PROFILE = [
    "/ip ipsec peer profile add name=pfne-hq-branch hash-algorithm=sha256 enc-algorithm=aes-256 dh-group=modp2048 "
    "lifetime=1d nat-traversal=yes",
    PROPOSAL,
    "/ip ipsec peer add comment=\"pfne:ipsec:hq-branch:peer pfne-fp:FP\" address=203.0.113.2/32 "
    "local-address=198.51.100.1 auth-method=pre-shared-key secret=******** exchange-mode=main generate-policy=no "
    "profile=pfne-hq-branch",
] + LEGACY[2:]


def _commands(entries, current=None):
    import re
    result = core.plan(entries, current or {})
    return [re.sub(r"pfne-fp:[0-9a-f]{16}", "pfne-fp:FP", c) for c in result["masked_commands"]], result


@pytest.mark.parametrize("syntax,expected", [("6.24-6.42", LEGACY), ("6.43.x", PEER_PROFILE),
                                                 ("6.44-6.49", SPLIT), ("7.x", SPLIT)])
def test_blank_device_exact_commands(raw_tunnel, syntax, expected):
    tun, _ = normalize(raw_tunnel)
    commands, result = _commands(r.routeros_entries(tun, "hq", syntax))
    assert commands == expected
    assert all(raw_tunnel["psk"] not in c for c in commands)
    assert any(raw_tunnel["psk"] in c for c in result["commands"])  # real commands carry it, masked ones not


def test_legacy_peer_entry_is_exact(raw_tunnel):
    raw_tunnel["ike"] = {"integrity": "sha1", "dh_group": 2}
    raw_tunnel["esp"] = {"integrity": "sha1"}
    raw_tunnel["pfs"] = "none"
    tun, _ = normalize(raw_tunnel)
    entries = r.routeros_entries(tun, "hq", "6.24-6.42")
    assert entries[0] == {
        "path": "/ip ipsec proposal", "match": {"name": "pfne-hq-branch"},
        "properties": {"auth-algorithms": "sha1", "enc-algorithms": "aes-256-cbc", "lifetime": "1h", "pfs-group": "none"},
        "secret": [], "place_before": None, "state": "present", "singleton": False}
    assert entries[1] == {
        "path": "/ip ipsec peer", "match": {"comment": "pfne:ipsec:hq-branch:peer"},
        "properties": {"address": "203.0.113.2/32", "local-address": "198.51.100.1", "auth-method": "pre-shared-key",
                       "secret": raw_tunnel["psk"], "exchange-mode": "main", "generate-policy": "no",
                       "hash-algorithm": "sha1", "enc-algorithm": "aes-256", "dh-group": "modp1024",
                       "lifetime": "1d", "nat-traversal": "yes"},
        "secret": ["secret"], "place_before": None, "state": "present", "singleton": False}


def test_ikev2_exchange_mode(raw_tunnel):
    raw_tunnel["ike_version"] = 2
    tun, _ = normalize(raw_tunnel)
    peer = [e for e in r.routeros_entries(tun, "hq", "7.x") if e["path"] == "/ip ipsec peer"][0]
    assert peer["properties"]["exchange-mode"] == "ike2"


def test_firewall_and_nat_placement(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    entries = r.routeros_entries(tun, "hq", "7.x")
    fw = [e for e in entries if e["path"] == "/ip firewall filter"]
    nat = [e for e in entries if e["path"] == "/ip firewall nat"]
    assert [e["place_before"] for e in fw] == [{"chain": "input", "action": "drop"}] * 4
    assert [e["place_before"] for e in nat] == [{"chain": "srcnat", "action": "masquerade"}] * 2


def test_place_before_existing_drop_and_masquerade(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    entries = [e for e in r.routeros_entries(tun, "hq", "7.x") if e["path"].startswith("/ip firewall")]
    current = {
        "/ip firewall filter": [
            {"index": 0, "flags": "", "properties": {"chain": "input", "action": "accept", "connection-state": "established,related"}},
            {"index": 1, "flags": "", "properties": {"chain": "input", "action": "drop", "in-interface": "ether1"}},
        ],
        "/ip firewall nat": [
            {"index": 0, "flags": "", "properties": {"chain": "srcnat", "action": "masquerade", "out-interface": "ether1"}},
        ],
    }
    commands, _ = _commands(entries, current)
    assert [c.endswith("place-before=1") for c in commands[:4]] == [True] * 4
    assert [c.endswith("place-before=0") for c in commands[4:]] == [True] * 2


def test_absent_removes_everything_owned(raw_tunnel):
    raw_tunnel["state"] = "absent"
    tun, _ = normalize(raw_tunnel)
    entries = r.routeros_entries(tun, "hq", "7.x")
    assert {e["state"] for e in entries} == {"absent"}
    assert [e["path"] for e in entries][:4] == ["/ip ipsec profile", "/ip ipsec proposal", "/ip ipsec peer", "/ip ipsec identity"]


def test_wrong_platform_or_syntax(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    with pytest.raises(UnsupportedError) as err:
        r.routeros_entries(tun, "branch", "7.x")
    assert err.value.field == "pfne_ipsec_site"
    with pytest.raises(UnsupportedError) as err:
        r.routeros_entries(tun, "hq", "5.x")
    assert err.value.field == "syntax"


def test_entries_pass_the_core_contract(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    for syntax in ("6.24-6.42", "6.43.x", "6.44-6.49", "7.x"):
        assert core.validate_entries(r.routeros_entries(tun, "hq", syntax))


def test_verify_commands():
    assert r.verify_commands("6.24-6.42") == ["/ip ipsec remote-peers print", "/ip ipsec active-peers print detail",
                                              "/ip ipsec installed-sa print detail"]
    assert r.verify_commands("6.43.8") == ["/ip ipsec active-peers print detail", "/ip ipsec remote-peers print",
                                           "/ip ipsec installed-sa print detail"]
    assert r.verify_commands("7.x")[0] == "/ip ipsec active-peers print detail"


def test_sha384_ike_hash_only_on_routeros_7(raw_tunnel):
    raw_tunnel["ike"] = dict(raw_tunnel.get("ike") or {}, integrity="sha384")
    tun, _ = normalize(raw_tunnel)
    profile = [e for e in r.routeros_entries(tun, "hq", "7.x") if e["path"] == "/ip ipsec profile"][0]
    assert profile["properties"]["hash-algorithm"] == "sha384"
    for syntax in ("6.24-6.42", "6.43.x", "6.44-6.49"):
        with pytest.raises(UnsupportedError) as err:
            r.routeros_entries(tun, "hq", syntax)
        assert err.value.field == "ike.integrity" and "only 7.x" in str(err.value)
