"""Paste classifier behaviour beyond single fixtures: unknown lines, peers, mixed pastes, errors."""
import os

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.classify import DiagnoseError, diagnose, mask

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures")


def read(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


def test_a_paste_with_nothing_known_is_unknown_and_every_line_is_unparsed():
    # real IOS-XE running-config lines: configuration, not state, so no cause may be claimed
    text = read("ipsec/iosxe_ikev2_crypto_map_strongswan.txt")
    result = diagnose(text, "ios")
    assert (result["cause"], result["side"], result["evidence"], result["also"]) == ("unknown", "unknown", [], [])
    # every line is returned unparsed except the `!` separators (read as noise, like ping's `!!!!!`);
    # the key of `pre-shared-key MY-KEY` comes back masked
    expected = [mask(line.strip()) for line in text.splitlines() if line.strip() not in ("", "!")]
    assert result["unparsed"] == expected
    assert "pre-shared-key <masked>" in expected
    assert result["peers"] == {}


def test_unknown_routeros_lines_are_kept_in_order():
    text = "\n".join(["17:00:01 ipsec,error something nobody documented", "", "hello world",
                      "17:00:02 ipsec,info another unknown line"])
    result = diagnose(text, "routeros")
    assert result["cause"] == "unknown"
    assert result["unparsed"] == ["17:00:01 ipsec,error something nobody documented", "hello world",
                                  "17:00:02 ipsec,info another unknown line"]


def test_unknown_lines_stay_beside_a_known_cause():
    text = read("doctor/real/ios/psk-3.txt") + "%CRYPTO-5-SOMETHING_NEW: a message we never saw\n"
    result = diagnose(text, "ios")
    assert result["cause"] == "psk"
    assert result["unparsed"] == ["%CRYPTO-5-SOMETHING_NEW: a message we never saw"]


@pytest.mark.parametrize("text", ["", None, "\n\n   \n", []])
def test_empty_paste(text):
    assert diagnose(text, "routeros") == {"cause": "unknown", "side": "unknown", "evidence": [],
                                          "unparsed": [], "also": [], "peers": {}}


def test_mixed_ios_paste_names_the_first_cause_and_splits_per_peer():
    text = "\n".join(read("doctor/real/ios/" + n) for n in ("up-1.txt", "dpd-lifetime-2.txt", "psk-3.txt"))
    result = diagnose(text, "ios")
    assert (result["cause"], result["side"]) == ("psk", "both")
    assert result["evidence"] == ["*Mar  1 00:42:09.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from "
                                  "192.1.20.2 failed its sanity check or is malformed"]
    assert "dpd-lifetime" in result["also"] and "up" not in result["also"]
    peers = dict((p, v["cause"]) for p, v in result["peers"].items())
    assert peers == {"203.0.113.10": "up", "161.132.38.201": "dpd-lifetime", "192.1.20.2": "psk"}
    assert result["peers"]["203.0.113.10"]["side"] == "unknown"


def test_mixed_routeros_paste_splits_per_peer():
    text = read("doctor/real/routeros/up-1.txt") + read("doctor/real/routeros/ike-proposal-1.txt")
    result = diagnose(text, "routeros")
    assert result["cause"] == "ike-proposal"
    assert dict((p, v["cause"]) for p, v in result["peers"].items()) == {
        "150.0.0.150": "up", "10.5.107.112": "ike-proposal"}
    assert result["peers"]["10.5.107.112"]["evidence"][0].endswith("10.5.107.112 failed to get valid proposal.")


def test_lines_naming_no_peer_count_for_the_only_peer():
    # psk-5 names no address; pasted with psk-2 the single peer takes both lines as its evidence
    text = read("doctor/real/ios/psk-5.txt") + read("doctor/real/ios/psk-2.txt")
    peer = diagnose(text, "ios")["peers"]["192.0.2.1"]
    assert peer["cause"] == "psk" and len(peer["evidence"]) == 2


def test_lines_naming_no_peer_are_not_given_to_one_of_several_peers():
    text = read("doctor/real/ios/psk-5.txt") + read("doctor/real/ios/up-4.txt") + read("doctor/real/ios/psk-2.txt")
    result = diagnose(text, "ios")
    assert result["peers"]["66.66.66.2"]["cause"] == "up"
    assert "ISAKMP:(1002): retransmitting phase 1 MM_KEY_EXCH..." not in result["peers"]["192.0.2.1"]["evidence"]


def test_own_address_is_not_a_peer():
    # the flow's `local addr` / `local crypto endpt.` name this device: never reported as a peer
    result = diagnose(read("doctor/real/ios/one-way-1.txt"), "ios")
    assert set(result["peers"]) == {"203.0.113.1"}


def test_a_rejected_policy_then_an_accepted_one_is_no_proposal_failure():
    # IOS checks each local policy in turn; `atts are not acceptable` for the first is not a failure
    lines = read("doctor/real/ios/pfs-1.txt").splitlines()
    until_accepted = "\n".join(lines[:36])
    assert "atts are acceptable" in lines[35]
    result = diagnose(until_accepted, "ios")
    assert result["cause"] == "unknown" and "ike-proposal" not in result["also"]
    rejected_only = "\n".join(lines[19:28])
    result = diagnose(rejected_only, "ios")
    assert (result["cause"], result["side"]) == ("ike-proposal", "both")
    assert result["evidence"][-1] == "ISAKMP:(0):atts are not acceptable. Next payload is 0"


def test_ikev2_no_proposal_chosen_depends_on_the_exchange():
    text = read("doctor/real/ios/ipsec-proposal-1.txt")
    assert diagnose(text, "ios")["cause"] == "ipsec-proposal"
    alone = diagnose("Payload contents: \n VID IDr AUTH NOTIFY(NO_PROPOSAL_CHOSEN) \n", "ios")
    assert alone["cause"] == "ike-proposal" and "ipsec-proposal" in alone["also"]


def test_routeros_policy_flags():
    result = diagnose(read("doctor/composed/routeros/policy-invalid-1.txt"), "routeros")
    assert result["evidence"][0] == "1 X D  peer=to-spokes tunnel=yes src-address=172.16.0.1/32 src-port=any"
    assert result["peers"]["150.0.0.150"]["cause"] == "policy-invalid"


def test_secrets_are_masked_in_every_returned_line():
    ios = diagnose("crypto isakmp key cisco123  address 203.0.113.1", "ios")
    ros = diagnose(' 0   peer=hq auth-method=pre-shared-key secret="LabOnly-Not-A-Secret-1"', "routeros")
    assert "cisco123" not in str(ios) and "LabOnly-Not-A-Secret-1" not in str(ros)
    assert ios["unparsed"] == ["crypto isakmp key <masked>  address 203.0.113.1"]
    assert ros["unparsed"] == ["0   peer=hq auth-method=pre-shared-key secret=<masked>"]
    assert mask(" pre-shared-key local 6 Xy1") == " pre-shared-key local 6 <masked>"


def test_list_of_outputs_is_read_as_one_paste():
    outputs = [read("doctor/real/routeros/up-1.txt"), read("doctor/real/routeros/psk-1.txt")]
    assert diagnose(outputs, "RouterOS")["cause"] == "psk"


@pytest.mark.parametrize("platform", ["junos", "", None, 5, "ios-xr"])
def test_bad_platform_names_the_argument(platform):
    with pytest.raises(DiagnoseError, match=r"^platform: must be one of ios, routeros, got "):
        diagnose("x", platform)


@pytest.mark.parametrize("text", [5, {"a": 1}, ["ok", 3]])
def test_bad_text_names_the_argument(text):
    with pytest.raises(DiagnoseError, match=r"^text: "):
        diagnose(text, "ios")


def test_routeros_proposal_lines_take_their_phase_from_the_pre_process_line():
    # `no suitable proposal found` is printed for both phases; the next pre-process line names it
    phase2 = diagnose(read("doctor/real/routeros/ipsec-proposal-1.txt"), "routeros")
    assert phase2["cause"] == "ipsec-proposal" and "ike-proposal" not in phase2["also"]
    assert phase2["evidence"] == ["no suitable proposal found", "192.168.1.15 failed to pre-process ph2 packet"]
    phase1 = diagnose(read("doctor/real/routeros/ike-proposal-1.txt"), "routeros")
    assert phase1["cause"] == "ike-proposal" and "ipsec-proposal" not in phase1["also"]


def test_noise_and_headers_are_understood_not_unparsed():
    text = read("doctor/real/ios/up-2.txt") + read("doctor/real/routeros/up-4.txt")
    assert diagnose(read("doctor/real/ios/up-2.txt"), "ios")["unparsed"] == []
    assert diagnose(read("doctor/real/routeros/up-4.txt"), "routeros")["unparsed"] == []
    # the same RouterOS print read as IOS is not understood: nothing is silently accepted
    assert diagnose(read("doctor/real/routeros/up-4.txt"), "ios")["cause"] == "unknown"
    assert len(diagnose(text, "ios")["unparsed"]) > 10


def test_a_line_naming_no_peer_field_goes_to_the_peer_address_it_spells_out():
    # RECVD_PKT_NOT_IPSEC names addresses but no peer field; with two peers in the paste the line goes
    # to the peer whose address it contains, and 62.25.122.1 (a prefix of .11 / .10) does not match
    text = read("doctor/real/ios/up-4.txt").replace("66.66.66.2/500", "62.25.122.11/500") \
        + read("doctor/real/ios/psk-2.txt") + read("doctor/real/ios/not-protected-1.txt")
    peers = diagnose(text, "ios")["peers"]
    assert peers["62.25.122.11"]["cause"] == "not-protected" and peers["192.0.2.1"]["cause"] == "psk"
    other = read("doctor/real/ios/psk-2.txt").replace("192.0.2.1", "62.25.122.1") \
        + read("doctor/real/ios/psk-3.txt") + read("doctor/real/ios/not-protected-1.txt")
    peers = diagnose(other, "ios")["peers"]
    assert set(peers) == {"62.25.122.1", "192.1.20.2"}
    assert "not-protected" not in [p["cause"] for p in peers.values()]


def test_crypto_map_of_a_vti_profile_is_not_called_unbound():
    # IOS prints an empty interface list for the `Tunnel0-head-0` profile instance of a VTI
    text = ('Crypto Map IPv4 "Tunnel0-head-0" 65537 ipsec-isakmp\n      Map is a PROFILE INSTANCE\n'
            '      peer = 25.2.2.2\n      Interfaces using crypto map Tunnel0-head-0\n\n')
    assert diagnose(text, "ios")["cause"] == "unknown"
    unbound = read("doctor/composed/ios/not-bound-1.txt")
    assert diagnose(unbound + "R1#\n", "ios")["cause"] == "not-bound"
