"""Issue 11: the IOS crypto model read from real IOS 15 / IOS-XE 17 running-configs, compared by
meaning (padded keys, numbered ACL entries, type 6 keys), update_password, NAT exemption, and the
per-train IKEv1 DH groups."""
import copy

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ios import crypto_template as tmpl
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import normalize, normalize_all

from .conftest import fixture_text

HQ = {
    "name": "hq-branch6", "psk": "lab-only-psk-branch6-NOT-SECRET", "ike_version": 1,
    "ike": {"encryption": "aes-256", "integrity": "sha1", "dh_group": 2}, "esp": {"integrity": "sha1"}, "pfs": "none",
    "endpoints": {
        "hq": {"platform": "ios", "public_address": "198.51.100.1", "subnets": ["10.10.1.0/24"],
               "ios": {"interface": "GigabitEthernet0/0/0", "crypto_map": "PFNE-MAP"}},
        "branch6": {"platform": "routeros", "public_address": "203.0.113.2", "subnets": ["192.168.88.0/24"]},
    },
}
V2 = {
    "name": "hq-branch7", "psk": "lab-only-psk-branch7-NOT-SECRET", "ike_version": 2,
    "endpoints": {
        "hq": {"platform": "ios", "public_address": "198.51.100.1", "subnets": ["10.10.1.0/24"],
               "ios": {"interface": "GigabitEthernet0/0/0", "crypto_map": "PFNE-MAP"}},
        "branch7": {"platform": "routeros", "public_address": "203.0.113.4", "subnets": ["192.168.90.0/24"]},
    },
}


def _tunnels(*raw):
    return normalize_all([copy.deepcopy(t) for t in raw])[0]


def _plain(out):
    return [(b["parents"], b["lines"]) for b in out["blocks"]]


def test_ios15_real_running_config_model():
    model = ios.read_model(fixture_text("ios15_running_config_crypto.txt"))
    assert model["version"] == "15.2"
    # padded before no-xauth, mask dropped: read as one key for 0.0.0.0
    assert model["isakmp_keys"] == {"0.0.0.0": {"key": "ghjdthrfcdzpb", "encrypted": False, "mask": "",
                                                "no_xauth": True}}
    assert model["acls"]["For_Nat"]["entries"] == [
        (10, "deny ip 10.46.2.0 0.0.0.255 192.168.0.0 0.0.255.255"), (20, "permit ip 10.46.1.0 0.0.0.255 any")]
    assert model["nat"] == {"list": {"For_Nat": "on"}}
    assert model["transform_sets"] == {"AES-SHA": {"transforms": "esp-aes esp-sha-hmac", "mode": "tunnel"}}
    # crypto lines outside the model are reported, not dropped
    assert model["unparsed"] == ["crypto ipsec df-bit clear", "crypto ipsec profile VPN-DMVPN",
                                 "set transform-set AES-SHA"]


def test_iosxe17_model_numbered_acl_and_type6_keys():
    model = ios.read_model(fixture_text("composed/iosxe17_running_config_crypto.txt"))
    assert model["password_encryption_aes"] is True
    assert model["acls"]["NAT"]["entries"] == [(10, "deny ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255"),
                                               (20, "permit ip 10.10.1.0 0.0.0.255 any")]
    assert model["isakmp_keys"]["203.0.113.2"] == {"key": "_Hg[^^ECgLGGPF^RXTQfDDWQ][YAAB", "encrypted": True,
                                                   "mask": "", "no_xauth": True}
    assert model["ikev2_keyrings"]["PFNE-hq-branch7"]["peers"]["branch7"] == {
        "address": "203.0.113.4", "mask": "", "key": "bYFO_YDbRcXQfOJ`ZeWVGbTDBNgLdRAAB", "encrypted": True}
    assert model["ikev2_profiles"]["PFNE-hq-branch7"]["match_remote"] == {"203.0.113.4 255.255.255.255": "on"}
    assert model["crypto_maps"]["PFNE-MAP"][30]["ikev2_profile"] == "PFNE-hq-branch7"
    assert model["unparsed"] == []


def test_iosxe17_converged_config_needs_nothing_with_on_create():
    running = fixture_text("composed/iosxe17_running_config_crypto.txt")
    hq6 = copy.deepcopy(HQ)
    hq6["endpoints"]["hq"]["ios"]["nat_exempt"] = True
    out = ios.plan_site(_tunnels(hq6, V2), "hq", running)
    assert out["blocks"] == []
    assert out["notes"] == [
        "crypto isakmp key for 203.0.113.2 is stored encrypted (type 6) and cannot be compared; left as is "
        "(update_password: on_create)",
        "crypto ikev2 keyring PFNE-hq-branch7 peer branch7 pre-shared-key is stored encrypted (type 6) and cannot "
        "be compared; left as is (update_password: on_create)"]
    always = ios.plan_site(_tunnels(hq6, V2), "hq", running, update_password="always")
    assert _plain(always) == [
        ([], ["crypto isakmp key lab-only-psk-branch6-NOT-SECRET address 203.0.113.2 no-xauth"]),
        (["crypto ikev2 keyring PFNE-hq-branch7", "peer branch7"], ["pre-shared-key lab-only-psk-branch7-NOT-SECRET"])]
    assert [b["secret"] for b in always["blocks"]] == [True, True]
    assert "re-sent (update_password: always)" in always["notes"][0]
    assert "lab-only" not in str(always["masked_blocks"])
    with pytest.raises(ios.IosPlanError) as err:
        ios.plan_site(_tunnels(HQ), "hq", running, update_password="sometimes")
    assert err.value.field == "update_password"


def test_padded_plain_key_and_padded_deny_are_equal_by_meaning():
    running = ("version 15.4\ninterface GigabitEthernet0/0/0\n ip address 198.51.100.1 255.255.255.0\n crypto map PFNE-MAP\n"
               "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n group 2\n"
               "crypto isakmp key lab-only-psk-branch6-NOT-SECRET address 203.0.113.2         no-xauth\n"
               "crypto ipsec transform-set PFNE-hq-branch6 esp-aes 256 esp-sha-hmac\n mode tunnel\n"
               "crypto map PFNE-MAP 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set PFNE-hq-branch6\n"
               " match address PFNE-hq-branch6\n"
               "ip access-list extended PFNE-hq-branch6\n permit ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255\n")
    assert ios.plan_site(_tunnels(HQ), "hq", running)["blocks"] == []
    # another key for that peer is corrected (a plain key can be read back)
    other = running.replace("key lab-only-psk-branch6-NOT-SECRET", "key some-older-key")
    assert _plain(ios.plan_site(_tunnels(HQ), "hq", other)) == [
        ([], ["crypto isakmp key lab-only-psk-branch6-NOT-SECRET address 203.0.113.2 no-xauth"])]
    # a stale ACL entry is removed by its text, which works with and without sequence numbers
    stale = running + " permit ip 10.10.9.0 0.0.0.255 192.168.88.0 0.0.0.255\n"
    assert _plain(ios.plan_site(_tunnels(HQ), "hq", stale)) == [
        (["ip access-list extended PFNE-hq-branch6"], ["no permit ip 10.10.9.0 0.0.0.255 192.168.88.0 0.0.0.255"])]


def test_changed_ikev2_proposal_replaces_the_old_words():
    running = fixture_text("composed/iosxe17_running_config_crypto.txt")
    v2 = copy.deepcopy(V2)
    v2["ike"] = {"integrity": "sha512"}
    out = ios.plan_site(_tunnels(v2), "hq", running)
    assert _plain(out) == [(["crypto ikev2 proposal PFNE-hq-branch7"], ["no integrity sha256", "integrity sha512"])]


def test_nat_exemption_goes_before_the_first_permit():
    running = fixture_text("composed/iosxe17_running_config_crypto.txt")
    v2 = copy.deepcopy(V2)
    v2["endpoints"]["hq"]["ios"]["nat_exempt"] = True
    v2["endpoints"]["branch7"]["subnets"] = ["192.168.90.0/24", "192.168.91.0/24"]
    out = ios.plan_site(_tunnels(v2), "hq", running)
    assert (["ip access-list extended NAT"], ["11 deny ip 10.10.1.0 0.0.0.255 192.168.90.0 0.0.0.255",
                                              "12 deny ip 10.10.1.0 0.0.0.255 192.168.91.0 0.0.0.255"]) in _plain(out)
    # the IOS 15 NAT ACL prints no numbers: IOS's implicit 10, 20, ... are used
    ios15 = fixture_text("ios15_running_config_crypto.txt").replace("GigabitEthernet0/1", "GigabitEthernet0/0/0")
    hq = copy.deepcopy(HQ)
    hq["endpoints"]["hq"]["ios"]["nat_exempt"] = True
    hq["endpoints"]["hq"]["subnets"] = ["10.46.1.0/24"]
    out = ios.plan_site(_tunnels(hq), "hq", ios15)
    assert (["ip access-list extended For_Nat"], ["11 deny ip 10.46.1.0 0.0.0.255 192.168.88.0 0.0.0.255"]) in _plain(out)
    # absent: the deny lines go too
    hq["state"] = "absent"
    done = ios15.replace(" permit ip 10.46.1.0", " deny   ip 10.46.1.0 0.0.0.255 192.168.88.0 0.0.0.255\n permit ip 10.46.1.0")
    assert (["ip access-list extended For_Nat"], ["no deny ip 10.46.1.0 0.0.0.255 192.168.88.0 0.0.0.255"]) in \
        _plain(ios.plan_site(_tunnels(hq), "hq", done))


def test_nat_exemption_without_room_names_the_field():
    running = ("interface GigabitEthernet0/0/0\n ip address 198.51.100.1 255.255.255.0\n"
               "ip nat inside source list NAT interface GigabitEthernet0/0/0 overload\n"
               "ip access-list extended NAT\n 1 permit ip 10.10.1.0 0.0.0.255 any\n")
    hq = copy.deepcopy(HQ)
    hq["endpoints"]["hq"]["ios"]["nat_exempt"] = True
    with pytest.raises(ios.IosPlanError) as err:
        ios.plan_site(_tunnels(hq), "hq", running)
    assert err.value.field == "pfne_ipsec_tunnels[hq-branch6].endpoints.hq.ios.nat_exempt"
    assert "ip access-list resequence NAT 10 10" in str(err.value)


@pytest.mark.parametrize("version,group,ok", [("15.4", 21, False), ("15.4", 19, True), ("17.9", 21, True),
                                              ("16.12", 2, True)])
def test_isakmp_dh_groups_per_train(version, group, ok):
    hq = copy.deepcopy(HQ)
    hq["ike"]["dh_group"] = group
    running = "version %s\ninterface GigabitEthernet0/0/0\n" % version
    if ok:
        assert ios.plan_site(_tunnels(hq), "hq", running)["tunnels"][0]["isakmp_priority"] == 10
    else:
        with pytest.raises(vocab.UnsupportedError) as err:
            ios.plan_site(_tunnels(hq), "hq", running)
        assert err.value.field == "pfne_ipsec_tunnels[hq-branch6].ike.dh_group"
        assert "IOS 15.4 offers IKEv1 (isakmp) DH groups 1, 2, 5, 14, 15, 16, 19, 20, 24, not 21" in str(err.value)


@pytest.mark.parametrize("line", [
    "crypto isakmp key ghjdthrfcdzpb address 0.0.0.0 no-xauth",
    "crypto isakmp key 6 _Hg[^^ECgLGGPF^RXTQfDDWQ][YAAB address 10.2.3.4",
    "crypto isakmp key 0x12345678 address 192.0.2.1 255.255.255.0",
])
def test_one_table_parses_and_renders_the_same_line(line):
    model = tmpl.parse(line)
    (address, key), = model["isakmp_keys"].items()
    assert isinstance(key["key"], str)       # never a number, even for 0x12345678
    assert tmpl.render("isakmp_key", address=address, **key) == line


# the identity and NAT-T lines the tunnel doctor's fixes use; syntax from Cisco's "Configuring Internet Key
# Exchange Version 2" (match identity remote fqdn domain, identity local fqdn), "Configuring Internet Key
# Exchange for IPsec VPNs" (crypto isakmp identity hostname) and "IPsec NAT Transparency" (the `no` form)
def test_identity_and_nat_t_lines_parse_and_render_back():
    running = ("crypto isakmp identity hostname\nno crypto ipsec nat-transparency udp-encapsulation\n"
               "crypto ikev2 profile P\n match identity remote fqdn domain example.com\n"
               " match identity remote email ops@example.com\n identity local fqdn router2.example.com\n"
               "crypto ikev2 profile Q\n identity local address\n")
    model = tmpl.parse(running)
    assert model["unparsed"] == []
    assert (model["isakmp_identity"], model["nat_transparency"]) == ("hostname", False)
    assert model["ikev2_profiles"] == {
        "P": {"match_identity": {"fqdn domain example.com": "on", "email ops@example.com": "on"},
              "identity_local": "fqdn router2.example.com"},
        "Q": {"identity_local": "address"}}
    assert tmpl.render("isakmp_identity", kind="hostname") == "crypto isakmp identity hostname"
    assert tmpl.render("nat_transparency", negate=True) == "no crypto ipsec nat-transparency udp-encapsulation"
    assert tmpl.render("ikev2_profile_match_identity", kind="fqdn", domain=True, value="example.com") == \
        "match identity remote fqdn domain example.com"
    assert tmpl.render("ikev2_profile_identity_local", kind="fqdn", value="router2.example.com") == \
        "identity local fqdn router2.example.com"
    assert tmpl.render("ikev2_profile_identity_local", kind="address") == "identity local address"


@pytest.mark.parametrize("path,value", [("name", "hq-branch6\n"), ("interface", "GigabitEthernet0/0/0\n"),
                                        ("crypto_map", "PFNE-MAP\n")])
def test_names_and_addresses_are_validated_over_the_full_string(path, value):
    """A trailing newline would end an IOS line early and start another one."""
    from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import IpsecValidationError
    hq = copy.deepcopy(HQ)
    target = hq if path == "name" else hq["endpoints"]["hq"]["ios"]
    target[path] = value
    with pytest.raises(IpsecValidationError):
        normalize(hq)


def test_interrupted_map_entry_is_recognised_completed_or_removed():
    """A run cut off after `set peer` / `set transform-set` left an entry without `match address`."""
    running = ("version 17.9\ninterface GigabitEthernet0/0/0\n ip address 198.51.100.1 255.255.255.0\n"
               "crypto map PFNE-MAP 10 ipsec-isakmp\n set peer 192.0.2.50\n set transform-set OTHER\n match address OTHER\n"
               "crypto map PFNE-MAP 20 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set PFNE-hq-branch6\n")
    out = ios.plan_site(_tunnels(HQ), "hq", running)
    assert out["tunnels"][0]["map_seq"] == 20
    assert (["crypto map PFNE-MAP 20 ipsec-isakmp"], ["match address PFNE-hq-branch6"]) in _plain(out)
    hq = copy.deepcopy(HQ)
    hq["state"] = "absent"
    assert ([], ["no crypto map PFNE-MAP 20"]) in _plain(ios.plan_site(_tunnels(hq), "hq", running))
    # cut off right after `set peer`: the entry holds nothing but our peer
    bare = running.replace(" set transform-set PFNE-hq-branch6\n", "")
    out = ios.plan_site(_tunnels(HQ), "hq", bare)
    assert (["crypto map PFNE-MAP 20 ipsec-isakmp"], ["set transform-set PFNE-hq-branch6", "match address PFNE-hq-branch6"]) \
        in _plain(out)


def test_encrypted_key_sample_from_the_cisco_guide():
    model = ios.read_model(fixture_text("composed/ios_encrypted_key_lines.txt"))
    assert model["password_encryption_aes"] is True
    assert model["isakmp_keys"] == {"10.2.3.4": {"key": "_Hg[^^ECgLGGPF^RXTQfDDWQ][YAAB", "encrypted": True, "mask": "",
                                                 "no_xauth": False}}


def test_running_config_handed_to_ios_config_has_every_key_masked():
    # ios_config's arguments (running_config included) are printed at -vvv: ours and others' keys are masked
    running = ("version 15.4\ninterface GigabitEthernet0/0/0\n ip address 198.51.100.1 255.255.255.0\n"
               "crypto isakmp key some-older-key address 203.0.113.2         no-xauth\n"
               "crypto isakmp key 6 FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB address 192.0.2.77\n"
               "crypto isakmp policy 10\n encr aes 256\n")
    masked = ios.plan_site(_tunnels(HQ), "hq", running)["running_config_masked"]
    assert "some-older-key" not in masked and "FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB" not in masked
    assert "crypto isakmp key ******** address 203.0.113.2         no-xauth" in masked
    assert " encr aes 256" in masked
