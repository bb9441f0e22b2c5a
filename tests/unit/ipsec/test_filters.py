import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.filter.ipsec_site import FilterModule

F = FilterModule().filters()


def test_validate_reports_field_without_psk(raw_tunnel):
    raw_tunnel["endpoints"]["branch"]["subnets"] = ["10.1.0.0/16"]
    out = F["ipsec_validate"]([raw_tunnel], site="hq", platform="routeros")
    assert out["errors"] and out["errors"][0].startswith("pfne_ipsec_tunnels[hq-branch].endpoints.")
    assert raw_tunnel["psk"] not in repr(out)


def test_validate_platform_mismatch(raw_tunnel):
    out = F["ipsec_validate"]([raw_tunnel], site="hq", platform="ios")
    assert out["errors"] == ["pfne_ipsec_tunnels[hq-branch].endpoints.hq.platform: is routeros but this host is ios"]


def test_validate_ok_and_warnings(raw_tunnel):
    raw_tunnel["ike"] = {"integrity": "sha1"}
    out = F["ipsec_validate"]([raw_tunnel], site="branch", platform="ios")
    assert out["errors"] == [] and out["tunnels"] == ["hq-branch"] and len(out["warnings"]) == 1


def test_entries_and_syntax(raw_tunnel):
    entries = F["ipsec_routeros_entries"]([raw_tunnel], "hq", "6.42.12")
    assert entries[1]["path"] == "/ip ipsec peer" and entries[1]["match"] == {"comment": "pfne:ipsec:hq-branch:peer"}
    assert F["ipsec_routeros_syntax"]("7.16") == "7.x"
    with pytest.raises(AnsibleFilterError):
        F["ipsec_routeros_entries"]([raw_tunnel], "hq", "6.10")


def test_ios_lines_masks(raw_tunnel):
    out = F["ipsec_ios_lines"]([raw_tunnel], "branch", "interface GigabitEthernet0/0\n ip address 203.0.113.2 255.255.255.0\n")
    assert out["tunnels"][0]["map_seq"] == 10
    assert raw_tunnel["psk"] not in repr(out["masked_blocks"])
    assert raw_tunnel["psk"] in repr(out["blocks"])


def test_ios_lines_error_is_returned_masked(raw_tunnel):
    """Returned, not raised: the role's plan task is not logged (it holds keys), its assert shows this."""
    out = F["ipsec_ios_lines"]([raw_tunnel], "branch", "interface GigabitEthernet0/0\n crypto map OTHER\n")
    assert "endpoints.branch.ios.interface" in out["error"] and raw_tunnel["psk"] not in out["error"]
    assert out["blocks"] == []
    raw_tunnel["ike"] = {"dh_group": 21}
    raw_tunnel["psk"] = "has-21-in-it-not-shown"
    out = F["ipsec_ios_lines"]([raw_tunnel], "branch", "version 15.4\ninterface GigabitEthernet0/0\n")
    assert out["error"] == ("ipsec_ios_lines: pfne_ipsec_tunnels[hq-branch].ike.dh_group: IOS 15.4 offers IKEv1 "
                            "(isakmp) DH groups 1, 2, 5, 14, 15, 16, 19, 20, 24, not 21")


def test_compare(raw_tunnel):
    import copy
    other = copy.deepcopy(raw_tunnel)
    other["psk"] = "Different-Lab-Key-9"
    assert F["ipsec_compare"]([raw_tunnel], [other], "hq-branch") == ["psk"]


def test_endpoints(raw_tunnel):
    assert F["ipsec_endpoints"]([raw_tunnel], "hq") == [{
        "name": "hq-branch", "state": "present", "ike_version": 1, "local_site": "hq", "remote_site": "branch",
        "platform": "routeros", "local_address": "198.51.100.1", "remote_address": "203.0.113.2",
        "local_subnets": ["10.1.0.0/24", "10.11.0.0/24"], "remote_subnets": ["10.2.0.0/24"]}]


def test_several_tunnels_on_one_ios_get_distinct_numbers(raw_tunnel):
    import copy
    second = copy.deepcopy(raw_tunnel)
    second["name"] = "hq-branch2"
    second["ike"] = {"integrity": "sha1", "dh_group": 2}
    second["endpoints"]["hq"]["public_address"] = "198.51.100.9"
    second["endpoints"]["hq"]["subnets"] = ["10.9.0.0/24"]
    second["endpoints"]["hq2"] = second["endpoints"].pop("hq")   # another device: its own site name
    third = copy.deepcopy(raw_tunnel)
    third["name"] = "hq-branch3"
    third["endpoints"]["hq"]["public_address"] = "198.51.100.10"
    third["endpoints"]["hq"]["subnets"] = ["10.8.0.0/24"]
    third["endpoints"]["hq3"] = third["endpoints"].pop("hq")
    out = F["ipsec_ios_lines"]([raw_tunnel, second, third], "branch", "interface GigabitEthernet0/0\n")
    assert [(t["map_seq"], t["isakmp_priority"]) for t in out["tunnels"]] == [(10, 10), (20, 20), (30, 10)]


def test_ios_lines_shared_blocks_once_and_converged_blocks_left_out(raw_tunnel):
    import copy
    second = copy.deepcopy(raw_tunnel)
    second["name"] = "hq-branch2"
    second["endpoints"]["hq"]["public_address"] = "198.51.100.9"
    second["endpoints"]["hq"]["subnets"] = ["10.9.0.0/24"]
    second["endpoints"]["hq2"] = second["endpoints"].pop("hq")   # another device: its own site name
    blank = "interface GigabitEthernet0/0\n ip address 203.0.113.2 255.255.255.0\n!\n"
    out = F["ipsec_ios_lines"]([raw_tunnel, second], "branch", blank)
    heads = [tuple(b["parents"]) for b in out["blocks"]]
    # same algorithms: one isakmp policy, one interface binding for both tunnels
    assert heads.count(("interface GigabitEthernet0/0",)) == 1
    assert heads.count(("crypto isakmp policy 10",)) == 1
    # a running-config holding every line: nothing left to send
    text = blank
    for block in out["blocks"]:
        indent = ""
        for parent in block["parents"]:
            text += indent + parent + "\n"
            indent += " "
        text += "".join(indent + line + "\n" for line in block["lines"]) + "!\n"
    done = F["ipsec_ios_lines"]([raw_tunnel, second], "branch", text)
    assert done["blocks"] == [] and done["masked_blocks"] == [] and done["unparsed"] == []
    assert [(t["map_seq"], t["isakmp_priority"]) for t in done["tunnels"]] == [(10, 10), (20, 10)]
    # one line missing under its parent: only that block is sent again
    partial = text.replace(" set transform-set PFNE-hq-branch2\n", "")
    again = F["ipsec_ios_lines"]([raw_tunnel, second], "branch", partial)
    assert [(b["parents"], b["lines"]) for b in again["blocks"]] == [
        (["crypto map PFNE-MAP 20 ipsec-isakmp"], ["set transform-set PFNE-hq-branch2"])]


def test_tunnel_state_reads_ikev2_from_the_third_output():
    import os
    here = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ipsec")
    ikev2 = open(os.path.join(here, "iosxe_show_crypto_ikev2_sa.txt")).read()
    state = F["ipsec_tunnel_state"](["", "", ikev2], "ios", "66.66.66.2", ike_version=2)
    assert state["phase1"] == "READY" and "phase 2 failed" in state["reason"] and state["unparsed"] == 0
    state = F["ipsec_tunnel_state"](["", "", ""], "ios", "66.66.66.2", ike_version=2)
    assert state["reason"].startswith("no IKEv2 SA with 66.66.66.2: IKEv2 phase 1 failed")
