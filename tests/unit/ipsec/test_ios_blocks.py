import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import normalize

import os

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ipsec")


def fixture_text(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()

RUNNING_BLANK = """!
interface GigabitEthernet0/0
 ip address 203.0.113.2 255.255.255.0
!
interface GigabitEthernet0/1
 ip address 10.2.0.1 255.255.255.0
!
end
"""


def _plain(plan):
    return [(b["parents"], b["lines"]) for b in plan["blocks"]]


def _plan(tun, running, **kw):
    """The one-tunnel plan with the numbers chosen for it (map, map_seq, isakmp_priority, ...)."""
    out = ios.plan_site([tun], "branch", running, **kw)
    return dict(out, **out["tunnels"][0]) if out["tunnels"] else out


FIELD = "pfne_ipsec_tunnels[hq-branch].endpoints.branch.ios."


def test_ikev1_blank_router_exact(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    plan = _plan(tun, RUNNING_BLANK)
    assert (plan["map"], plan["map_seq"], plan["isakmp_priority"]) == ("PFNE-MAP", 10, 10)
    assert _plain(plan) == [
        (["ip access-list extended PFNE-hq-branch"],
         ["permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255", "permit ip 10.2.0.0 0.0.0.255 10.11.0.0 0.0.0.255"]),
        (["crypto ipsec transform-set PFNE-hq-branch esp-aes 256 esp-sha256-hmac"], ["mode tunnel"]),
        (["crypto isakmp policy 10"], ["encr aes 256", "hash sha256", "authentication pre-share", "group 14"]),
        ([], ["crypto isakmp key LabOnly-Not-A-Secret-1 address 198.51.100.1 no-xauth"]),
        (["crypto map PFNE-MAP 10 ipsec-isakmp"],
         ["set peer 198.51.100.1", "set transform-set PFNE-hq-branch", "set pfs group14", "match address PFNE-hq-branch"]),
        (["interface GigabitEthernet0/0"], ["crypto map PFNE-MAP"]),
    ]
    assert [b["secret"] for b in plan["blocks"]] == [False, False, False, True, False, False]


def test_write_up_legacy_values_and_defaults_omitted(raw_tunnel):
    raw_tunnel["ike"] = {"integrity": "sha1", "dh_group": 2, "lifetime": 28800}
    raw_tunnel["esp"] = {"integrity": "sha1", "lifetime": 7200}
    raw_tunnel["pfs"] = "none"
    tun, _ = normalize(raw_tunnel)
    plan = _plan(tun, RUNNING_BLANK)
    blocks = dict((tuple(b["parents"]), b["lines"]) for b in plan["blocks"])
    assert blocks[("crypto ipsec transform-set PFNE-hq-branch esp-aes 256 esp-sha-hmac",)] == ["mode tunnel"]
    assert blocks[("crypto isakmp policy 10",)] == ["encr aes 256", "authentication pre-share", "group 2", "lifetime 28800"]
    assert blocks[("crypto map PFNE-MAP 10 ipsec-isakmp",)] == [
        "set peer 198.51.100.1", "set security-association lifetime seconds 7200",
        "set transform-set PFNE-hq-branch", "match address PFNE-hq-branch"]


def test_ikev2_exact(raw_tunnel):
    raw_tunnel["ike_version"] = 2
    tun, _ = normalize(raw_tunnel)
    plan = _plan(tun, RUNNING_BLANK)
    assert plan["isakmp_priority"] is None
    assert _plain(plan)[2:] == [
        (["crypto ikev2 proposal PFNE-hq-branch"], ["encryption aes-cbc-256", "integrity sha256", "group 14"]),
        (["crypto ikev2 policy PFNE-hq-branch"], ["proposal PFNE-hq-branch"]),
        (["crypto ikev2 keyring PFNE-hq-branch", "peer hq"],
         ["address 198.51.100.1", "pre-shared-key LabOnly-Not-A-Secret-1"]),
        (["crypto ikev2 profile PFNE-hq-branch"],
         ["match identity remote address 198.51.100.1 255.255.255.255", "authentication remote pre-share",
          "authentication local pre-share", "keyring local PFNE-hq-branch"]),
        (["crypto map PFNE-MAP 10 ipsec-isakmp"],
         ["set peer 198.51.100.1", "set transform-set PFNE-hq-branch", "set pfs group14",
          "set ikev2-profile PFNE-hq-branch", "match address PFNE-hq-branch"]),
        (["interface GigabitEthernet0/0"], ["crypto map PFNE-MAP"]),
    ]


def test_existing_map_gets_lowest_free_seq_and_policy(raw_tunnel):
    raw_tunnel["endpoints"]["branch"]["ios"]["crypto_map"] = "VPNMAP"
    tun, _ = normalize(raw_tunnel)
    plan = _plan(tun, fixture_text("composed/ios_running_config_existing_map.txt"))
    assert plan["map_seq"] == 30          # 10 and 20 belong to other tunnels
    assert plan["isakmp_priority"] == 20  # policy 10 has other settings
    parents = [b["parents"] for b in plan["blocks"]]
    assert ["crypto map VPNMAP 10 ipsec-isakmp"] not in parents and ["crypto map VPNMAP 20 ipsec-isakmp"] not in parents


def test_reuse_own_seq_on_second_run(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    running = RUNNING_BLANK + "crypto map PFNE-MAP 10 ipsec-isakmp\n set peer 192.0.2.9\n match address OTHER\n" \
                              "crypto map PFNE-MAP 40 ipsec-isakmp\n set peer 198.51.100.1\n match address PFNE-hq-branch\n"
    assert _plan(tun, running)["map_seq"] == 40


def test_identical_isakmp_policy_reused(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    running = RUNNING_BLANK + "crypto isakmp policy 5\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n"
    assert _plan(tun, running)["isakmp_priority"] == 5


def test_honour_given_seq_or_refuse_clobber(raw_tunnel):
    raw_tunnel["endpoints"]["branch"]["ios"].update(crypto_map="VPNMAP", map_seq=25)
    tun, _ = normalize(raw_tunnel)
    running = fixture_text("composed/ios_running_config_existing_map.txt")
    assert _plan(tun, running)["map_seq"] == 25
    raw_tunnel["endpoints"]["branch"]["ios"]["map_seq"] = 20
    tun, _ = normalize(raw_tunnel)
    with pytest.raises(ios.IosPlanError) as err:
        _plan(tun, running)
    assert err.value.field == FIELD + "map_seq" and "VPNMAP 20 is already used (match address OTHER-ACL2)" in str(err.value)


def test_given_isakmp_priority_conflict(raw_tunnel):
    raw_tunnel["endpoints"]["branch"]["ios"].update(crypto_map="VPNMAP", isakmp_priority=10)
    tun, _ = normalize(raw_tunnel)
    with pytest.raises(ios.IosPlanError) as err:
        _plan(tun, fixture_text("composed/ios_running_config_existing_map.txt"))
    assert err.value.field == FIELD + "isakmp_priority"


def test_interface_with_other_map_is_refused(raw_tunnel):
    tun, _ = normalize(raw_tunnel)  # default map PFNE-MAP, interface carries VPNMAP
    with pytest.raises(ios.IosPlanError) as err:
        _plan(tun, fixture_text("composed/ios_running_config_existing_map.txt"))
    assert err.value.field == FIELD + "interface"
    assert "already carries crypto map VPNMAP" in str(err.value)


def test_missing_interface(raw_tunnel):
    raw_tunnel["endpoints"]["branch"]["ios"]["interface"] = "GigabitEthernet0/9"
    tun, _ = normalize(raw_tunnel)
    with pytest.raises(ios.IosPlanError) as err:
        _plan(tun, RUNNING_BLANK)
    assert err.value.field == FIELD + "interface"


def test_read_model_existing_map():
    model = ios.read_model(fixture_text("composed/ios_running_config_existing_map.txt"))
    assert sorted(model["crypto_maps"]["VPNMAP"]) == [10, 20]
    assert model["crypto_maps"]["VPNMAP"][20]["match_address"] == "OTHER-ACL2"
    assert model["interfaces"]["GigabitEthernet0/0"]["crypto_map"] == "VPNMAP"
    assert "crypto_map" not in model["interfaces"]["GigabitEthernet0/1"]
    # hidden IOS defaults filled in: compared by meaning
    assert model["isakmp_policies"] == {10: {"encryption": "3des", "hash": "sha", "authentication": "pre-share",
                                             "group": 2, "lifetime": 86400}}
    assert model["unparsed"] == []


def test_wildcards():
    assert ios.wildcard("10.0.0.0/8") == "10.0.0.0 0.255.255.255"
    assert ios.wildcard("192.0.2.7/32") == "host 192.0.2.7"


def test_absent_removes_what_exists(raw_tunnel):
    raw_tunnel["state"] = "absent"
    tun, _ = normalize(raw_tunnel)
    running = RUNNING_BLANK.replace(" ip address 203.0.113.2 255.255.255.0\n",
                                    " ip address 203.0.113.2 255.255.255.0\n crypto map PFNE-MAP\n") + (
        "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n"
        "crypto isakmp key LabOnly-Not-A-Secret-1 address 198.51.100.1 no-xauth\n"
        "crypto ipsec transform-set PFNE-hq-branch esp-aes 256 esp-sha256-hmac\n mode tunnel\n"
        "crypto map PFNE-MAP 10 ipsec-isakmp\n set peer 198.51.100.1\n match address PFNE-hq-branch\n"
        "ip access-list extended PFNE-hq-branch\n permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255\n")
    plan = _plan(tun, running)
    assert _plain(plan) == [
        (["interface GigabitEthernet0/0"], ["no crypto map PFNE-MAP"]),   # the map empties: unbound first
        ([], ["no crypto map PFNE-MAP 10", "no ip access-list extended PFNE-hq-branch",
              "no crypto ipsec transform-set PFNE-hq-branch",
              "no crypto isakmp policy 10"]),    # nothing on the device can use it any more
        ([], ["no crypto isakmp key LabOnly-Not-A-Secret-1 address 198.51.100.1"]),
    ]
    assert [b["secret"] for b in plan["blocks"]] == [False, False, True]
    # another crypto map entry still there: the binding and the isakmp policy stay
    other = running + "crypto map PFNE-MAP 20 ipsec-isakmp\n set peer 192.0.2.9\n match address OTHER\n"
    assert _plain(_plan(tun, other)) == [
        ([], ["no crypto map PFNE-MAP 10", "no ip access-list extended PFNE-hq-branch",
              "no crypto ipsec transform-set PFNE-hq-branch"]),
        ([], ["no crypto isakmp key LabOnly-Not-A-Secret-1 address 198.51.100.1"])]


def test_absent_removes_an_encrypted_key_too(raw_tunnel):
    raw_tunnel["state"] = "absent"
    tun, _ = normalize(raw_tunnel)
    running = RUNNING_BLANK + "password encryption aes\n" \
        "crypto isakmp key 6 _Hg[^^ECgLGGPF^RXTQfDDWQ][YAAB address 198.51.100.1         no-xauth\n"
    plan = _plan(tun, running)
    assert _plain(plan) == [([], ["no crypto isakmp key 6 _Hg[^^ECgLGGPF^RXTQfDDWQ][YAAB address 198.51.100.1"])]
    assert plan["masked_blocks"][0]["lines"] == ["no crypto isakmp key 6 ******** address 198.51.100.1"]


def test_safety_net_and_masking(raw_tunnel):
    assert ios.safety_net(5) == {"archive": {"parents": ["archive"], "lines": ["path flash:pfne-rollback"]},
                                 "start": "configure terminal revert timer 5", "confirm": "configure confirm"}
    with pytest.raises(ios.IosPlanError):
        ios.safety_net(0)
    tun, _ = normalize(raw_tunnel)
    masked = _plan(tun, RUNNING_BLANK)["masked_blocks"]
    assert masked[3]["lines"] == ["crypto isakmp key ******** address 198.51.100.1 no-xauth"]
