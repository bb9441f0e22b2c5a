"""Issue 24: the tunnel doctor's discovery, pairing, configuration causes, verdicts and fix lines.

The healthy pair is hq-rtr (IOS-XE, IKEv1 crypto map) and branch-ros7 (RouterOS 7), composed in
tests/unit/fixtures/doctor_config/composed (SOURCES.md there); each cause is injected by editing one line of
one side, as an engineer would have mistyped it, and the doctor must name that cause and that side.
"""
import json
import os

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import reads, report, run

FIX = os.path.join(os.path.dirname(__file__), "..", "fixtures", "doctor_config", "composed")
SALT = b"unit-test-salt"
ROS7 = "7.16.2"
KEYS = ["doctor-fixture-key-1", "doctor-fixture-key-2", "another-typed-key"]
MENU_FILES = {"/ip ipsec peer": "peer", "/ip ipsec profile": "profile", "/ip ipsec identity": "identity",
              "/ip ipsec proposal": "proposal", "/ip ipsec policy": "policy", "/ip firewall filter": "filter",
              "/ip firewall nat": "nat", "/ip address": "address"}


def text(name):
    with open(os.path.join(FIX, name)) as handle:
        return handle.read()


def ros(prefix="branch_ros7", version=ROS7, edit=None):
    outputs = {}
    for menu in reads.menus(version):
        name = "%s_%s.txt" % (prefix, MENU_FILES[menu])
        outputs[menu] = text(name) if os.path.exists(os.path.join(FIX, name)) else ""
    for menu, old, new in edit or []:
        assert old in outputs[menu], (menu, old)
        outputs[menu] = outputs[menu].replace(old, new)
    commands = [m + reads.PRINT for m in outputs]
    return {"platform": "routeros", "version": version, "commands": commands, "stdout": list(outputs.values())}


def ios(edit=None):
    config = text("hq_ios_ikev1.txt")
    for old, new in edit or []:
        assert old in config, old
        config = config.replace(old, new)
    return {"platform": "ios", "commands": ["show running-config"], "stdout": [config]}


def doctor(hq=None, branch=None, **kwargs):
    hosts = {"hq-rtr": hq or ios(), "branch-ros7": branch or ros()}
    return run.doctor(dict((h, d) for h, d in hosts.items() if d != "absent"), SALT, **kwargs)


def only(doc):
    assert len(doc["tunnels"]) == 1, [t["id"] for t in doc["tunnels"]]
    return doc["tunnels"][0]


def test_healthy_pair_every_row_matches_and_no_cause_is_claimed_without_state():
    doc = doctor()
    tun = only(doc)
    assert tun["id"] == "branch-ros7:203.0.113.4 <-> hq-rtr:198.51.100.1"
    assert (tun["left"], tun["right"]) == ({"host": "branch-ros7", "platform": "routeros", "address": "203.0.113.4"},
                                           {"host": "hq-rtr", "platform": "ios", "address": "198.51.100.1"})
    assert [r["field"] for r in tun["rows"] if r["match"] is not True] == []
    rows = dict((r["field"], (r["left"], r["right"])) for r in tun["rows"])
    assert rows["IKE proposals"] == ("aes-256/sha256/14", "aes-256/sha256/14")
    assert rows["traffic selectors"] == ("192.168.90.0/24 -> 10.10.1.0/24", "10.10.1.0/24 -> 192.168.90.0/24")
    assert rows["PFS"] == ("group 14", "group 14")
    # no SA state was read: the doctor says so instead of claiming `up`
    assert tun["verdict"] == "unknown: no SA state read" and tun["cause"] == "unknown"
    assert doc["summary"] == {"up": 0, "down": 0, "degraded": 0, "unknown": 1, "by_cause": {"unknown": 1}}


# (name, hq edit, branch edit, cause, side, a word the evidence must hold)
CASES = [
    ("ike proposal", None, [("/ip ipsec profile", 'name="hq" hash-algorithm=sha256', 'name="hq" hash-algorithm=sha1')],
     "ike-proposal", "both", "aes-256/sha1/14"),
    ("ike version", None, [("/ip ipsec peer", "exchange-mode=main", "exchange-mode=ike2")], "ike-version", "both", "IKEv2"),
    ("psk differs", None, [("/ip ipsec identity", 'secret="doctor-fixture-key-1"', 'secret="another-typed-key"')],
     "psk", "both", "fingerprint"),
    ("psk missing on IOS", [("crypto isakmp key doctor-fixture-key-1 address 203.0.113.4     no-xauth\n", "")], None,
     "psk", "right", "no pre-shared key for peer 203.0.113.4"),
    ("pfs on one side", None, [("/ip ipsec proposal", "pfs-group=modp2048", "pfs-group=none")], "pfs", "both", "PFS none"),
    ("esp proposal", None, [("/ip ipsec proposal", 'name="hq" auth-algorithms=sha256 enc-algorithms=aes-256-cbc',
                             'name="hq" auth-algorithms=sha256 enc-algorithms=aes-128-cbc')],
     "ipsec-proposal", "both", "aes-128/sha256"),
    ("missing pair on RouterOS", [(" 10 permit ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n",
                                   " 10 permit ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n"
                                   " 20 permit ip 10.10.2.0 0.0.0.255 192.168.90.0 0.0.0.255\n")], None,
     "traffic-selectors", "left", "missing pair"),
    ("host bits on RouterOS", None, [("/ip ipsec policy", "src-address=192.168.90.0/24", "src-address=192.168.90.1/24")],
     "traffic-selectors", "left", "host bits"),
    ("host instead of subnet", None, [("/ip ipsec policy", "dst-address=10.10.1.0/24", "dst-address=10.10.1.5/32")],
     "traffic-selectors", "both", "prefix differs"),
    ("identity fqdn on RouterOS", None, [("/ip ipsec identity", "my-id=auto", "my-id=fqdn:branch7.example.net")],
     "identity", "left", "fqdn branch7.example.net"),
    ("IOS NAT without the deny", [(" 10 deny   ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n", "")], None,
     "nat", "right", "permit ip 10.10.1.0 0.0.0.255 any"),
    ("RouterOS masquerade first", None, [("/ip firewall nat", "ipsec-policy=out,none", "")], None, None, None),
    ("IKE dropped by the RouterOS firewall", None,
     [("/ip firewall filter", "chain=input action=accept protocol=udp src-address=198.51.100.1 dst-port=500,4500",
       "chain=input action=accept protocol=udp src-address=198.51.100.99 dst-port=500,4500")],
     "unreachable", "left", "udp/500 from 198.51.100.1 dropped"),
    ("crypto map not on the interface", [(" ip nat outside\n crypto map VPN\n", " ip nat outside\n")], None,
     "not-bound", "right", "crypto map VPN is applied to no interface"),
    ("policy disabled", None, [("/ip ipsec policy", " 1   A  peer=hq", " 1  X   peer=hq")], "policy-invalid", "left",
     "X (disabled)"),
]


@pytest.mark.parametrize("name,hq_edit,branch_edit,cause,side,word", [c for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]])
def test_each_cause_is_named_with_its_side_and_evidence(name, hq_edit, branch_edit, cause, side, word):
    tun = only(doctor(ios(hq_edit), ros(edit=branch_edit)))
    assert (tun["verdict"], tun["cause"], tun["side"]) == ("down: " + cause, cause, side), (tun["evidence"], tun["also"])
    hosts = {"left": ["branch-ros7"], "right": ["hq-rtr"], "both": ["branch-ros7", "hq-rtr"]}[side]
    assert sorted(tun["at_fault"]) == hosts
    assert any(word in e["line"] for e in tun["evidence"]), tun["evidence"]
    assert tun["fix"], "no fix lines for %s" % cause
    assert set(tun["fix"]) <= set(hosts + ["hq-rtr"])


def test_masquerade_before_the_tunnel_accept_is_nat_on_routeros():
    """The defconf masquerade (no ipsec-policy=out,none) moved above the accept catches the tunnel traffic."""
    nat = ("Flags: X - disabled, I - invalid, D - dynamic \n 0    ;;; defconf: masquerade\n"
           "      chain=srcnat action=masquerade out-interface-list=WAN \n\n"
           " 1    chain=srcnat action=accept src-address=192.168.90.0/24 dst-address=10.10.1.0/24 \n")
    branch = ros()
    branch["stdout"][branch["commands"].index("/ip firewall nat" + reads.PRINT)] = nat
    tun = only(doctor(branch=branch))
    assert (tun["cause"], tun["side"], tun["at_fault"]) == ("nat", "left", ["branch-ros7"])
    assert tun["fix"]["branch-ros7"] == [
        '/ip firewall nat add chain=srcnat action=accept src-address=192.168.90.0/24 dst-address=10.10.1.0/24 place-before=0']


def test_negotiation_order_first_cause_wins_others_are_also():
    """Proposal and key both wrong: IKE proposal is met first; the key is kept in `also`."""
    tun = only(doctor(branch=ros(edit=[("/ip ipsec profile", 'name="hq" hash-algorithm=sha256', 'name="hq" hash-algorithm=sha1'),
                                       ("/ip ipsec identity", 'secret="doctor-fixture-key-1"', 'secret="another-typed-key"')])))
    assert tun["cause"] == "ike-proposal" and tun["also"] == ["psk"]


def test_keys_are_compared_as_salted_fingerprints_never_shown():
    doc = doctor(branch=ros(edit=[("/ip ipsec identity", 'secret="doctor-fixture-key-1"', 'secret="another-typed-key"')]))
    blob = json.dumps(doc) + "\n".join(report.text(doc))
    for key in KEYS:
        assert key not in blob
    row = next(r for r in only(doc)["rows"] if r["field"] == "pre-shared key")
    assert row["match"] is False and row["left"].startswith("set (fingerprint ")
    # the same key gives the same fingerprint within a run, another salt another one
    same = next(r for r in only(doctor())["rows"] if r["field"] == "pre-shared key")
    other = next(r for r in only(run.doctor({"hq-rtr": ios(), "branch-ros7": ros()}, b"other-salt"))["rows"]
                 if r["field"] == "pre-shared key")
    assert same["left"] == same["right"] and other["left"] != same["left"]


def test_fix_lines_render_with_the_collection_vocabulary_keys_masked():
    tun = only(doctor(branch=ros(edit=[("/ip ipsec identity", 'secret="doctor-fixture-key-1"', 'secret="another-typed-key"')])))
    assert tun["fix"] == {"branch-ros7": ['/ip ipsec identity set [find where peer="hq"] secret=********'],
                          "hq-rtr": ["crypto isakmp key ******** address 203.0.113.4 no-xauth"]}
    pfs = only(doctor(branch=ros(edit=[("/ip ipsec proposal", "pfs-group=modp2048", "pfs-group=none")])))
    assert pfs["fix"] == {"hq-rtr": ["crypto map VPN 10 ipsec-isakmp", " no set pfs group14"]}
    ike = only(doctor(branch=ros(edit=[("/ip ipsec profile", 'name="hq" hash-algorithm=sha256', 'name="hq" hash-algorithm=sha1')])))
    assert ike["fix"] == {"hq-rtr": ["crypto isakmp policy 5", " encr aes 256", " hash sha", " authentication pre-share",
                                     " group 14", " lifetime 86400"]}
    pair = only(doctor(ios([(" 10 permit ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n",
                             " 10 permit ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n"
                             " 20 permit ip 10.10.2.0 0.0.0.255 192.168.90.0 0.0.0.255\n")])))
    assert pair["fix"] == {"branch-ros7": [
        '/ip ipsec policy add src-address=192.168.90.0/24 dst-address=10.10.2.0/24 tunnel=yes action=encrypt proposal=hq peer=hq']}
    nat = only(doctor(ios([(" 10 deny   ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255\n", "")])))
    assert nat["fix"] == {"hq-rtr": ["ip access-list extended NAT", " 19 deny ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255"]}


def test_peer_outside_the_inventory_is_diagnosed_from_one_side():
    doc = run.doctor({"branch-ros7": ros()}, SALT)
    tun = only(doc)
    assert tun["right"] == {"host": None, "platform": None, "address": "198.51.100.1"}
    assert all(r["match"] is None and r["right"] == "(not in the inventory)" for r in tun["rows"])
    assert tun["verdict"] == "unknown: no SA state read"
    broken = only(run.doctor({"branch-ros7": ros(edit=[("/ip ipsec policy", " 1   A  peer=hq", " 1  X   peer=hq")])}, SALT))
    assert (broken["cause"], broken["side"], broken["at_fault"]) == ("policy-invalid", "left", ["branch-ros7"])


def test_inventory_device_without_crypto_for_the_peer_is_not_protected():
    hq = ios([(" crypto map VPN\n", ""), ("crypto map VPN 10 ipsec-isakmp \n set peer 203.0.113.4\n", "crypto map VPN 10 ipsec-isakmp \n")])
    tun = only(doctor(hq))
    assert (tun["verdict"], tun["side"], tun["at_fault"]) == ("down: not-protected", "right", ["hq-rtr"])
    assert "hq-rtr holds 198.51.100.1 but has no crypto map entry / IPsec peer for 203.0.113.4" in tun["evidence"][0]["line"]


def test_defined_tunnel_without_crypto_is_not_protected_on_that_end():
    tunnels = [{"name": "hq-branch9", "psk": "lab-only-psk-branch9-NOT-SECRET", "endpoints": {
        "hq": {"platform": "ios", "public_address": "198.51.100.1", "subnets": ["10.10.1.0/24"],
               "ios": {"interface": "GigabitEthernet0/0/0"}},
        "branch9": {"platform": "routeros", "public_address": "203.0.113.9", "subnets": ["192.168.99.0/24"]}}}]
    doc = doctor(tunnels=tunnels, sites={"hq-rtr": "hq"})
    tun = next(t for t in doc["tunnels"] if t["id"] == "hq-branch9")
    assert (tun["verdict"], tun["side"], tun["at_fault"]) == ("down: not-protected", "left", ["hq-rtr"])
    assert tun["right"] == {"host": None, "platform": "routeros", "address": "203.0.113.9"}
    assert "lab-only-psk-branch9-NOT-SECRET" not in json.dumps(doc)


def test_a_device_that_could_not_be_read_gets_unknown():
    doc = run.doctor({"hq-rtr": {"platform": "ios", "error": "hq-rtr could not be read: ssh connect failed"}}, SALT)
    assert [(t["verdict"], t["cause"]) for t in doc["tunnels"]] == [
        ("unknown: hq-rtr could not be read: ssh connect failed", "unknown")]


def test_bad_read_input_names_the_field():
    with pytest.raises(reads.DoctorInputError, match=r"^hq-rtr.stdout: 0 outputs for 1 commands"):
        run.doctor({"hq-rtr": {"platform": "ios", "commands": ["show running-config"], "stdout": []}}, SALT)
    with pytest.raises(reads.DoctorInputError, match=r"^x.platform: must be ios or routeros"):
        run.doctor({"x": {"platform": "junos"}}, SALT)
