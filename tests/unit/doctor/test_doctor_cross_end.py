"""Issue 24: what the doctor can only tell from both ends together (the tunnel doctor matrix, MATRIX-FINDINGS).

* RouterOS `my-id=auto` (no local-address on the peer) sends the address the other end dials: an IKEv2 IOS
  profile that only accepts an FQDN refuses it, and the IOS end is the one to fix;
* IKE / ESP dropped by the inbound ACL of the IOS interface carrying the crypto map is `unreachable` on IOS;
* ESP lost on its way into one end shows only when the other end's counters prove it sent and received;
* NAT-T off on one end with ESP lost is `nat` on that end; the fix turns NAT-T on.
"""
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import compare, discover_ios, fix, report
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.end import end_skeleton

HOSTS = {"left": "ios-a", "right": "ros-b"}


def _ends():
    ios, ros = end_skeleton("ios"), end_skeleton("routeros")
    ios.update(local_address="192.0.2.1", peer_address="198.51.100.2", ike_version=2, ikev2_profile="P",
               identity={"local": {"type": "address", "value": "192.0.2.1"},
                         "remote": {"type": "fqdn", "value": "peer.example.net"}})
    ros.update(local_address=None, peer_address="192.0.2.1", ike_version=2,
               identity={"local": {"type": "address", "value": None}, "remote": {"type": "any", "value": None}})
    return ios, ros


def test_routeros_auto_identity_is_the_address_the_ios_end_dials_and_the_ios_match_is_at_fault():
    ios, ros = _ends()
    assert compare.sent_identity(ros, ios) == {"type": "address", "value": "198.51.100.2"}
    found = [c for c in compare.config_causes(ios, ros) if c["cause"] == "identity"]
    assert found and found[0]["side"] == "left", found
    assert found[0]["evidence"] == [("left", "identity: right sends address 198.51.100.2; left accepts fqdn peer.example.net")]
    rows = dict((r["field"], r["match"]) for r in compare.rows(ios, ros))
    assert rows["identity accepted"] is False and rows["identity sent"] is True
    lines = fix.ios_lines("identity", ios, ros)
    assert " match identity remote address 198.51.100.2 255.255.255.255" in lines, lines


CONFIG = """hostname edge
interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
 ip access-group WAN-IN in
 crypto map VPN
ip access-list extended VPN-ACL
 10 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255
ip access-list extended WAN-IN
 10 permit tcp any any eq 22
 20 deny   udp any any eq isakmp
 30 permit udp any any eq non500-isakmp
 40 permit ip host 198.51.100.9 any
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
crypto isakmp key unit-key-1 address 198.51.100.2
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto map VPN 10 ipsec-isakmp
 set peer 198.51.100.2
 set transform-set TS
 match address VPN-ACL
"""


def test_ike_and_esp_dropped_by_the_inbound_acl_of_the_crypto_interface():
    ends, _unparsed = discover_ios.ends(CONFIG, b"salt")
    end = ends[0]
    assert end["firewall_drops"] == [
        "udp/500 from 198.51.100.2 dropped by ip access-group WAN-IN in: `deny udp any any eq isakmp`",
        "esp from 198.51.100.2 dropped by ip access-group WAN-IN in: no entry permits it (implicit deny)"]
    assert fix.ios_lines("unreachable", end, None) == [
        "ip access-list extended WAN-IN", " 19 permit udp host 198.51.100.2 host 192.0.2.1 eq isakmp",
        " permit esp host 198.51.100.2 host 192.0.2.1"]
    found = compare.config_causes(end, None)
    assert found[0]["cause"] == "unreachable" and found[0]["side"] == "left"


def test_an_acl_entry_the_doctor_cannot_evaluate_is_a_warning_not_a_guess():
    config = CONFIG.replace(" 10 permit tcp any any eq 22", " 10 deny udp any range 400 600 any")
    end = discover_ios.ends(config, b"salt")[0][0]
    assert end["firewall_drops"] == []
    assert any("not checked" in w and "range 400 600" in w for w in end["warnings"]), end["warnings"]


def _found(cause, side="unknown", traffic=None, line="counters"):
    out = {"cause": cause, "side": side, "evidence": [line], "also": []}
    if traffic is not None:
        out["traffic"] = traffic
    return out


def _ends_natt(left_natt=True, right_natt=True):
    left, right = end_skeleton("ios"), end_skeleton("routeros")
    left["nat_t"], right["nat_t"] = left_natt, right_natt
    return left, right


def test_esp_lost_into_the_end_that_receives_nothing_when_the_other_end_proves_both_ways():
    runtime = [("left", _found("one-way", "remote")), ("right", _found("up", traffic=True))]
    verdict, cause, side, also, evidence = report._decide([], runtime, [], HOSTS, _ends_natt())
    assert (verdict, side) == ("down: one-way", "left") and "routing" in also
    assert {e["host"] for e in evidence} == {"ios-a", "ros-b"}


def test_without_the_other_ends_traffic_the_far_side_stays_the_likelier():
    # the other end's SA is up but it prints no traffic (RouterOS 6.x): the one-sided reading stands
    runtime = [("left", _found("one-way", "remote")), ("right", _found("up", traffic=False))]
    assert report._decide([], runtime, [], HOSTS, _ends_natt())[:3] == ("down: one-way", "one-way", "right")


def test_nat_t_off_on_one_end_with_esp_lost_is_nat_on_that_end():
    runtime = [("left", _found("one-way", "remote")), ("right", _found("one-way", "remote"))]
    verdict, cause, side, also, evidence = report._decide([], runtime, [], HOSTS, _ends_natt(right_natt=False))
    assert (verdict, side, also) == ("down: nat", "right", ["one-way", "routing"])
    assert any("NAT-T is off here" in e["line"] and e["host"] == "ros-b" for e in evidence)
    # ESP that crossed toward one end rules NAT-T out: the one-way reading stands
    crossed = [("left", _found("one-way", "remote")), ("right", _found("one-way", "local"))]
    assert report._decide([], crossed, [], HOSTS, _ends_natt(right_natt=False))[1] == "one-way"


def test_the_fix_for_nat_t_off_turns_it_on_not_a_nat_exemption():
    ios, ros = _ends_natt(False, False)
    assert fix.ios_lines("nat", ios, None) == ["crypto ipsec nat-transparency udp-encapsulation"]
    ros.update(family="7.x", profile="pfne-prof", selectors=[["10.2.2.0/24", "10.1.1.0/24"]])
    assert fix.routeros_lines("nat", ros, None) == ['/ip ipsec profile set [find where name="pfne-prof"] nat-traversal=yes']
