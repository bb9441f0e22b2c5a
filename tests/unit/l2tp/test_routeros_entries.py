"""Exact desired entries for each RouterOS syntax family."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.routeros import L2tpVersionError, render
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import plan

PSK = "lab-only-psk-0123456789"


def E(path, match, props, secret=(), before=None, state="present", singleton=False, holder=None):  # noqa: N802
    entry = {"path": path, "match": match, "properties": props, "secret": list(secret),
             "place_before": before, "state": state, "singleton": singleton}
    if holder:
        entry["fingerprint_in"] = holder
    return entry


DROP = {"chain": "input", "action": "drop"}
COMMON_HEAD = [
    E("/ip pool", {"name": "pfne-l2tp-pool"}, {"ranges": "192.168.89.10-192.168.89.99", "comment": "pfne:l2tp:psk"}),
    E("/ppp profile", {"name": "pfne-l2tp"}, {"local-address": "192.168.89.1", "remote-address": "pfne-l2tp-pool",
                                              "change-tcp-mss": "yes", "use-encryption": "required",
                                              "dns-server": "192.168.88.1"}),
]
IKE = {"hash-algorithm": "sha1", "enc-algorithm": "aes-256,aes-128", "dh-group": "modp2048,modp1024",
       "nat-traversal": "yes"}
PROPOSAL = {"auth-algorithms": "sha256,sha1", "enc-algorithms": "aes-256-cbc,aes-128-cbc", "pfs-group": "none"}


def server(use_ipsec):
    return E("/interface l2tp-server server", {}, {
        "enabled": "yes", "authentication": "mschap2", "default-profile": "pfne-l2tp", "max-mtu": "1460",
        "max-mru": "1460", "use-ipsec": use_ipsec, "ipsec-secret": PSK}, secret=["ipsec-secret"], singleton=True,
        holder={"path": "/ip pool", "match": {"name": "pfne-l2tp-pool"}})


COMMON_TAIL = [
    E("/ip firewall filter", {"comment": "pfne:l2tp:ike"}, {"chain": "input", "action": "accept", "protocol": "udp",
                                                            "dst-port": "500,4500", "in-interface": "ether1"}, before=DROP),
    E("/ip firewall filter", {"comment": "pfne:l2tp:esp"}, {"chain": "input", "action": "accept",
                                                            "protocol": "ipsec-esp", "in-interface": "ether1"}, before=DROP),
    E("/ip firewall filter", {"comment": "pfne:l2tp:l2tp"}, {"chain": "input", "action": "accept", "protocol": "udp",
                                                             "dst-port": "1701", "ipsec-policy": "in,ipsec",
                                                             "in-interface": "ether1"}, before=DROP),
    E("/ppp secret", {"name": "alice"}, {"password": "alice-lab-pass-1", "service": "l2tp", "profile": "pfne-l2tp",
                                         "disabled": "no", "comment": "pfne:l2tp:user"}, secret=["password"]),
    E("/ppp secret", {"name": "bob"}, {"password": "bob-lab-pass-2", "service": "l2tp", "profile": "pfne-l2tp",
                                       "disabled": "yes", "comment": "pfne:l2tp:user",
                                       "remote-address": "192.168.89.200"}, secret=["password"]),
]
def dynamic_peer(profile_path="/ip ipsec profile"):
    return [E(profile_path, {"name": "default"}, IKE)] + DYNAMIC_PEER[1:]


for _user in COMMON_TAIL[-2:]:
    _user["fingerprint_key"] = PSK   # PPP password fingerprints keyed by the PSK (one derivation per run)
DYNAMIC_PEER = [
    E("/ip ipsec profile", {"name": "default"}, IKE),
    E("/ip ipsec proposal", {"name": "default"}, PROPOSAL),
    E("/ip ipsec policy", {"comment": "pfne:l2tp:policy-v4"}, {}, state="absent"),
    E("/ip ipsec policy", {"comment": "pfne:l2tp:policy-v6"}, {}, state="absent"),
    E("/ip ipsec peer", {"comment": "pfne:l2tp:peer"}, {}, state="absent"),
    E("/ip ipsec proposal", {"name": "pfne-l2tp"}, {}, state="absent"),
]


@pytest.mark.parametrize("version", ["6.15", "6.16", "6.23", "5.26", "", "garbage"])
def test_unsupported_versions(config, version):
    with pytest.raises(L2tpVersionError):
        render(normalize(config)[0], version)


def test_v6_legacy_entries_follow_the_write_up(config):
    out = render(normalize(config)[0], "6.24")
    assert out["family"] == "6.24-6.42"
    peer = {"address": "0.0.0.0/0", "exchange-mode": "main-l2tp", "generate-policy": "port-override", "secret": PSK}
    peer.update(IKE)
    assert out["entries"] == COMMON_HEAD + [
        E("/ip ipsec proposal", {"name": "pfne-l2tp"}, PROPOSAL),
        E("/ip ipsec peer", {"comment": "pfne:l2tp:peer"}, peer, secret=["secret"]),
        E("/ip ipsec policy", {"comment": "pfne:l2tp:policy-v4"}, {
            "template": "yes", "src-address": "0.0.0.0/0", "dst-address": "0.0.0.0/0", "ipsec-protocols": "esp",
            "proposal": "pfne-l2tp"}),
        E("/ip ipsec policy", {"comment": "pfne:l2tp:policy-v6"}, {
            "template": "yes", "src-address": "::/0", "dst-address": "::/0", "ipsec-protocols": "esp",
            "proposal": "pfne-l2tp"}),
        server("yes"),
    ] + COMMON_TAIL


def test_v6_43_uses_the_dynamic_peer_and_adds_no_static_peer(config):
    out = render(normalize(config)[0], "6.49.10")
    assert out["family"] == "6.44-6.49"
    assert out["entries"] == COMMON_HEAD + DYNAMIC_PEER + [server("yes")] + COMMON_TAIL
    assert not [e for e in out["entries"] if e["path"] == "/ip ipsec peer" and e["state"] == "present"]


def test_v6_43_default_profile_is_the_peer_profile_menu(config):
    # RouterOS 6.43.x has /ip ipsec peer profile, not /ip ipsec profile (public 6.43.8 export)
    out = render(normalize(config)[0], "6.43.8")
    assert out["family"] == "6.43.x"
    assert out["entries"] == COMMON_HEAD + dynamic_peer("/ip ipsec peer profile") + [server("yes")] + COMMON_TAIL
    assert not [e for e in out["entries"] if e["path"] in ("/ip ipsec profile", "/ip ipsec identity")]


def test_v7_requires_ipsec(config):
    out = render(normalize(config)[0], "7.12.2")
    assert out["family"] == "7.x"
    assert out["entries"] == COMMON_HEAD + DYNAMIC_PEER + [server("required")] + COMMON_TAIL


def test_default_ipsec_untouched_when_disabled(config):
    config["manage_default_ipsec"] = False
    paths = [(e["path"], e["match"], e["state"]) for e in render(normalize(config)[0], "7.12")["entries"]]
    assert ("/ip ipsec profile", {"name": "default"}, "present") not in paths
    assert ("/ip ipsec peer", {"comment": "pfne:l2tp:peer"}, "absent") in paths


def test_no_firewall_and_no_wan_interface(config):
    config["wan_interface"] = ""
    entries = render(normalize(config)[0], "7.12")["entries"]
    rules = [e for e in entries if e["path"] == "/ip firewall filter"]
    assert [r["properties"].get("in-interface") for r in rules] == [None, None, None]
    config["manage_firewall"] = False
    assert not [e for e in render(normalize(config)[0], "7.12")["entries"] if e["path"] == "/ip firewall filter"]


def test_absent_user_matches_name_and_tag(config):
    config["users"].append({"name": "carol", "state": "absent"})
    last = render(normalize(config)[0], "7.12")["entries"][-1]
    assert last == E("/ppp secret", {"name": "carol", "comment": "pfne:l2tp:user"}, {}, state="absent")


def _items(path, rows):
    return {path: [{"index": i, "flags": "", "properties": dict(row)} for i, row in enumerate(rows)]}


def test_exclusive_removes_only_owned_unlisted_users_in_the_engine(config):
    config["exclusive"] = True
    entries = render(normalize(config)[0], "6.48.6")["entries"]
    assert entries[-1] == E("/ppp secret", {"comment": "pfne:l2tp:user"}, {}, state="exclusive")
    current = _items("/ppp secret", [
        {"name": "alice", "comment": "pfne:l2tp:user pfne-fp:0123456789abcdef"},
        {"name": "dave", "comment": "pfne:l2tp:user pfne-fp:0123456789abcdef"},   # ours, no longer listed
        {"name": "branch-router"},                                                # not ours
        {"name": "eve", "comment": "hand-made"},                                  # not ours
    ])
    removed = [c for c in plan(entries, current)["commands"] if " remove " in c]
    assert removed == ['/ppp secret remove [find where name="dave" and comment="pfne:l2tp:user pfne-fp:0123456789abcdef"]']


def test_exclusive_false_keeps_unlisted_users(config):
    entries = render(normalize(config)[0], "6.48.6")["entries"]
    assert not [e for e in entries if e["state"] != "present" and e["path"] == "/ppp secret"]
    current = _items("/ppp secret", [{"name": "dave", "comment": "pfne:l2tp:user"}])
    assert not [c for c in plan(entries, current)["commands"] if " remove " in c]


def test_every_secret_property_is_declared(config):
    for entry in render(normalize(config)[0], "6.24")["entries"]:
        for key in ("password", "secret", "ipsec-secret"):
            if key in entry["properties"]:
                assert key in entry["secret"], entry["path"]


def test_psk_fingerprint_in_the_pool_comment_decides_on_v7(config):
    """RouterOS 7 hides ipsec-secret: the engine keeps its fingerprint in the pool's comment,
    written by its own line right after the server set that carries the secret (issue 22)."""
    model = normalize(config)[0]
    entries = render(model, "7.12.2")["entries"]
    first = plan(entries, {})["commands"]
    pool_add = next(c for c in first if c.startswith("/ip pool add"))
    assert "pfne-fp:" not in pool_add     # not before the secret is on the device
    server_set = next(i for i, c in enumerate(first) if c.startswith("/interface l2tp-server server set"))
    assert "ipsec-secret=%s" % PSK in first[server_set]
    assert first[server_set + 1].startswith('/ip pool set [find where name="pfne-l2tp-pool"] '
                                            'comment="pfne:l2tp:psk pfne-fp:')
    fp = first[server_set + 1].split("pfne-fp:")[1][:16]
    # the device now shows the pool with the fingerprint and a server without an ipsec-secret line
    current = _items("/ip pool", [{"name": "pfne-l2tp-pool", "ranges": "192.168.89.10-192.168.89.99",
                                   "comment": "pfne:l2tp:psk pfne-fp:" + fp}])
    current["/interface l2tp-server server"] = [{"index": None, "flags": "", "properties": {"use-ipsec": "required"}}]
    again = [c for c in plan(entries, current)["commands"] if "ipsec-secret" in c or "pfne:l2tp:psk" in c]
    assert again == []
    config["ipsec_secret"] = "another-lab-psk-98765"
    changed = plan(render(normalize(config)[0], "7.12.2")["entries"], current)["commands"]
    at = next(i for i, c in enumerate(changed) if "ipsec-secret=another-lab-psk-98765" in c)
    assert changed[at + 1].startswith('/ip pool set [find where name="pfne-l2tp-pool"] comment="pfne:l2tp:psk pfne-fp:')
    assert fp not in changed[at + 1]
    # the pool's own line (if any) keeps the old fingerprint until the new secret is confirmed
    assert not any(c.startswith("/ip pool") and fp not in c for c in changed[:at])
