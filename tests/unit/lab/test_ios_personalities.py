"""Issue 11: the lab router prints keys, ACLs and versions as IOS 15 and IOS-XE 17 do, and the model
of the collection reads both back as the same meaning."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios as ipsec_ios

from .test_device_cli import Terminal

TYPED = ["crypto isakmp key lab-only-psk-1234 address 203.0.113.2 no-xauth",
         "ip access-list extended PFNE-t", "permit ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255",
         "deny ip any any", "exit",
         "crypto ikev2 keyring PFNE-t", "peer b7", "address 203.0.113.4", "pre-shared-key lab-only-psk-5678", "end"]


def _configured(version, aes=False):
    spec = {"ansible_become_password": "en", "lab_version": version}
    if aes:
        spec["lab_password_encryption"] = "aes"
    term = Terminal("ios", **spec)
    term.type("enable")
    term.type("en")
    term.type("terminal length 0")
    term.type("configure terminal")
    for line in TYPED:
        out = term.type(line)
        assert "%" not in out, (line, out)
    return term


@pytest.mark.parametrize("version,aes", [("15.4(3)M3", False), ("17.09.04a", False), ("15.4(3)M3", True),
                                         ("17.09.04a", True)])
def test_keys_acls_and_version_as_each_release_prints_them(version, aes):
    term = _configured(version, aes)
    config = term.type("show running-config")
    xe = version.startswith("17")
    assert ("version 17.9" if xe else "version 15.4") in config
    assert ("interface GigabitEthernet0/0/0" if xe else "interface GigabitEthernet0/0\n") in config
    lines = config.split("\n")
    at = lines.index("ip access-list extended PFNE-t")
    entries = lines[at + 1:at + 3]
    assert entries == ([" 10 permit ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255", " 20 deny   ip any any"] if xe else
                       [" permit ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255", " deny   ip any any"])
    key = next(l for l in config.split("\n") if l.startswith("crypto isakmp key"))
    psk = next(l for l in config.split("\n") if "pre-shared-key" in l)
    if aes:
        assert "password encryption aes" in config
        assert key.startswith("crypto isakmp key 6 ") and "lab-only" not in config
        assert key.endswith(" address 203.0.113.2     no-xauth")   # padded to 15 columns, as 0.0.0.0 + 9 spaces in the IOS 15.2 sample
        assert psk.startswith("  pre-shared-key 6 ")
    else:
        assert key == "crypto isakmp key lab-only-psk-1234 address 203.0.113.2     no-xauth"
        assert psk == "  pre-shared-key lab-only-psk-5678"
    model = ipsec_ios.read_model(config)
    assert model["isakmp_keys"]["203.0.113.2"]["encrypted"] is aes
    assert model["acls"]["PFNE-t"]["entries"] == [(10, "permit ip 10.10.1.0 0.0.0.255 192.168.88.0 0.0.0.255"),
                                                  (20, "deny ip any any")]
    assert term.type("show version").split("\n")[1].startswith("Cisco IOS XE Software, Version 17.09.04a" if xe else
                                                               "Cisco IOS Software, C2900 Software")
    # removal by the printed form: an encrypted key goes with its type 6 text, an entry by number or text
    term.type("configure terminal")
    removal = key.split(" address")[0].replace("crypto", "no crypto", 1) + " address 203.0.113.2"
    assert "%" not in term.type(removal)
    term.type("ip access-list extended PFNE-t")
    term.type("no 20" if xe else "no deny ip any any")
    term.type("end")
    config = term.type("show running-config")
    assert "crypto isakmp key" not in config and "any any" not in config


def test_ikev2_sa_printed_like_the_real_one():
    from lab.fabric_ipsec import ios_ikev2_sa
    term = Terminal("ios", ansible_become_password="en", lab_version="17.09.04a")
    out = ios_ikev2_sa(term.session, None)
    assert out == "IPv4 Crypto IKEv2 SA \n\n\n IPv6 Crypto IKEv2 SA \n\n"


def test_ipv6_isakmp_sas_print_over_three_lines_and_parse_back():
    from lab.fabric_ipsec import ios_isakmp_sa
    from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verify as ipsec_verify
    term = Terminal("ios", ansible_become_password="en",
                    lab_ipv6_isakmp_sas=[{"dst": "2001:db8::1", "src": "2001:db8::2"}])
    out = ios_isakmp_sa(term.session, None)
    assert out.split("\n")[-5:] == [" dst: 2001:db8::1", " src: 2001:db8::2",
                                    " state: QM_IDLE         conn-id:   1001 status: ACTIVE", "", ""]
    parsed = ipsec_verify.read_isakmp_sa(out)
    assert parsed["unparsed"] == [] and parsed["sas"][0]["ip_version"] == 6 and parsed["sas"][0]["conn_id"] == 1001


def test_key_without_no_xauth_keeps_the_padding_as_trailing_spaces():
    term = Terminal("ios", ansible_become_password="en")
    for line in ("enable", "en", "terminal length 0", "configure terminal",
                 "crypto isakmp key cisco12345 address 10.0.0.2", "end"):
        term.type(line)
    config = term.type("show running-config")
    assert "crypto isakmp key cisco12345 address 10.0.0.2       \n" in config
    assert ipsec_ios.read_model(config)["isakmp_keys"]["10.0.0.2"] == {
        "key": "cisco12345", "encrypted": False, "mask": "", "no_xauth": False}


def test_a_port_the_release_does_not_have_is_refused():
    term = Terminal("ios", ansible_become_password="en", lab_version="17.09.04a")
    for line in ("enable", "en", "configure terminal"):
        term.type(line)
    assert "% Invalid input detected" in term.type("interface GigabitEthernet0/0")   # IOS 15's port name
    assert term.type("interface GigabitEthernet0/0/0").endswith("(config-if)#")
    assert term.type("interface Loopback0").endswith("(config-if)#")               # logical: created
