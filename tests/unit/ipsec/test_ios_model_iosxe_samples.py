"""Issue 11: the IOS crypto model against running-config excerpts published from IOS-XE devices
(Catalyst 8000V 17.15 and an IOS-XE lab router; sources in tests/unit/fixtures/ipsec/SOURCES.md):
trailing spaces after names, numbered ACL entries, plain IKEv2 keys, crypto lines the model does
not know."""
import copy

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import normalize_all

from .conftest import fixture_text

C8K = "iosxe17_c8000v_running_config_crypto_map.txt"
LAB = "iosxe_ikev2_crypto_map_strongswan.txt"

# a second IKEv2 tunnel on the C8000V, added to its crypto map cmap
TUN = {
    "name": "c8k-branch9", "psk": "lab-only-psk-branch9-NOT-SECRET", "ike_version": 2,
    "endpoints": {
        "c8k": {"platform": "ios", "public_address": "198.51.100.7", "subnets": ["10.0.2.0/24"],
                "ios": {"interface": "GigabitEthernet1", "crypto_map": "cmap", "nat_exempt": True}},
        "branch9": {"platform": "routeros", "public_address": "203.0.113.9", "subnets": ["192.168.99.0/24"]},
    },
}


def _plan(running, **changes):
    tun = copy.deepcopy(TUN)
    tun.update(changes)
    return ios.plan_site(normalize_all([tun])[0], "c8k", running)


def _as_config(blocks):
    """The planned blocks as running-config text (parents, then their lines indented)."""
    text = []
    for block in blocks:
        depth = len(block["parents"])
        text += [" " * i + p for i, p in enumerate(block["parents"])] + [" " * depth + line for line in block["lines"]]
        text.append("!")
    return "\n".join(text) + "\n"


def test_c8000v_sample_every_crypto_line_is_modelled_or_reported():
    model = ios.read_model(fixture_text(C8K))
    # names printed with a trailing space (`crypto ikev2 proposal NAME `) read without it
    assert model["ikev2_proposals"] == {"IKEv2-PROPOSAL-TNTAZ": {"encryption": "aes-cbc-256", "integrity": "sha256",
                                                                 "group": "14"}}
    assert model["ikev2_policies"] == {"IKEv2-POLICY-TNTAZ": {"proposals": {"IKEv2-PROPOSAL-TNTAZ": "on"}}}
    assert model["ikev2_keyrings"] == {"IKEv2-KEYRING-TNTAZ": {"peers": {"TNTAZ": {
        "address": "20.91.130.234", "mask": "", "key": "abc123", "encrypted": False}}}}
    assert model["ikev2_profiles"] == {"IKEv2-PROFILE-TNTAZ": {
        "match_remote": {"10.10.0.4 255.255.255.255": "on"}, "auth_remote": "pre-share", "auth_local": "pre-share",
        "keyring": "IKEv2-KEYRING-TNTAZ"}}
    assert model["transform_sets"] == {"IPSEC-TRANSFORM-TNTAZ": {"transforms": "esp-aes 256 esp-sha256-hmac",
                                                                 "mode": "tunnel"}}
    assert model["crypto_maps"] == {"cmap": {1: {
        "kind": "ipsec-isakmp", "dynamic": "", "peers": {"20.91.130.234": "on"},
        "transform_set": "IPSEC-TRANSFORM-TNTAZ", "ikev2_profile": "IKEv2-PROFILE-TNTAZ", "match_address": "tntazlist"}}}
    assert model["interfaces"] == {"GigabitEthernet1": {"crypto_map": "cmap"}, "GigabitEthernet2": {}}
    assert model["nat"] == {"list": {"snat-inside": "on"}}
    assert model["isakmp_keys"] == {} and model["isakmp_policies"] == {}
    # the IPsec profile is not modelled: the header and each of its lines are reported
    assert model["unparsed"] == ["crypto ipsec profile IPSEC-PROFILE-TNTAZ", "set transform-set IPSEC-TRANSFORM-TNTAZ",
                                 "set pfs group14"]


def test_numbered_acl_entries_equal_our_lines_by_meaning():
    model = ios.read_model(fixture_text(C8K))
    local, remote = {"subnets": ["10.0.0.0/16", "40.40.40.1/32"]}, {"subnets": ["10.10.0.0/16"]}
    ours = [ios._entry("permit", p) for p in ios._pairs(local, remote)]
    assert model["acls"]["tntazlist"]["entries"] == [(10, ours[0]), (20, ours[1])]
    assert model["acls"]["snat-inside"]["entries"] == [(10, "permit ip 10.0.2.0 0.0.0.255 any"), (20, "deny ip any any")]


def test_c8000v_sample_new_tunnel_joins_the_map_and_converges():
    running = fixture_text(C8K)
    out = _plan(running)
    blocks = dict((tuple(b["parents"]), b["lines"]) for b in out["blocks"])
    # the existing entry 1 and the interface binding are left alone; the next free entry is 10
    assert out["tunnels"][0]["map_seq"] == 10
    assert blocks[("crypto map cmap 10 ipsec-isakmp",)] == [
        "set peer 203.0.113.9", "set transform-set PFNE-c8k-branch9", "set pfs group14",
        "set ikev2-profile PFNE-c8k-branch9", "match address PFNE-c8k-branch9"]
    assert not any(p and p[0].startswith("interface ") for p in blocks)
    # NAT exemption before the first permit of the real numbered NAT ACL (its first entry is 10)
    assert blocks[("ip access-list extended snat-inside",)] == ["1 deny ip 10.0.2.0 0.0.0.255 192.168.99.0 0.0.0.255"]
    assert out["unparsed"][0] == "crypto ipsec profile IPSEC-PROFILE-TNTAZ"
    # the device now holds those lines: a second run plans nothing
    again = _plan(running + _as_config(out["blocks"]))
    assert again["blocks"] == []


def test_strongswan_lab_sample_model_and_unknown_lines():
    model = ios.read_model(fixture_text(LAB))
    assert model["ikev2_keyrings"] == {"keys": {"peers": {"azure": {
        "address": "0.0.0.0", "mask": "0.0.0.0", "key": "MY-KEY", "encrypted": False}}}}
    # a remote address printed without a mask is a host
    assert model["ikev2_profiles"]["profile-azure"]["match_remote"] == {"168.62.164.80 255.255.255.255": "on"}
    assert model["crypto_maps"]["map-2"][10]["match_address"] == "azure"
    assert model["acls"]["azure"]["entries"] == [(10, "permit ip 192.168.200.0 0.0.0.255 10.250.1.0 0.0.0.255"),
                                                 (20, "permit ip 192.168.200.0 0.0.0.255 10.250.2.0 0.0.0.255")]
    assert model["interfaces"] == {"Ethernet0/1": {"crypto_map": "map-2"}}
    assert model["ikev2_profiles"]["profile-azure"]["identity_local"] == "address 192.168.0.29"
    # lines of known sections that the model does not know are reported, not dropped
    assert model["unparsed"] == ["reverse-route static"]


def test_pki_sections_are_reported_by_their_header_only():
    running = ("crypto pki certificate chain SLA-TrustPoint\n certificate ca 01\n  30820321 30820209 A0030201 02020101\n"
               "  \tquit\ncrypto ipsec profile P\n set pfs group14\n")
    assert ios.read_model(running)["unparsed"] == ["crypto pki certificate chain SLA-TrustPoint",
                                                   "crypto ipsec profile P", "set pfs group14"]
