import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import (
    IpsecValidationError, compare_definitions, mask_secrets, normalize, normalize_all, sides)

P = "pfne_ipsec_tunnels[hq-branch]"


def test_modern_defaults(raw_tunnel):
    tun, warnings = normalize(raw_tunnel)
    assert tun["ike"] == {"encryption": "aes-256", "integrity": "sha256", "dh_group": 14, "lifetime": 86400}
    assert tun["esp"] == {"encryption": "aes-256", "integrity": "sha256", "lifetime": 3600}
    assert tun["pfs"] == 14 and tun["ike_version"] == 1 and tun["ike_mode"] == "main"
    assert warnings == []


def test_legacy_write_up_values_warn(raw_tunnel):
    raw_tunnel["ike"] = {"integrity": "sha1", "dh_group": 2, "encryption": "3des"}
    raw_tunnel["esp"] = {"integrity": "sha1"}
    raw_tunnel["pfs"] = "none"
    tun, warnings = normalize(raw_tunnel)
    assert tun["ike"]["dh_group"] == 2 and tun["pfs"] == "none"
    assert warnings == [
        P + ".ike.encryption: 3des is a legacy algorithm; prefer aes-256",
        P + ".ike.integrity: sha1 is a legacy algorithm; prefer sha256",
        P + ".esp.integrity: sha1 is a legacy algorithm; prefer sha256",
        P + ".ike.dh_group: DH group 2 is legacy; prefer group 14 or higher",
        P + ".pfs: perfect forward secrecy is off",
    ]


@pytest.mark.parametrize("mutate,field,fragment", [
    (lambda t: t["endpoints"]["branch"].update(subnets=["10.1.0.128/25"]),
     P + ".endpoints.hq.subnets[0]", "overlaps"),
    (lambda t: t["endpoints"]["hq"].update(subnets=["10.1.0.0/24", "10.1.0.0/16"]),
     P + ".endpoints.hq.subnets[1]", "same side"),
    (lambda t: t["endpoints"]["hq"].update(subnets=["10.1.0.5/24"]),
     P + ".endpoints.hq.subnets[0]", "did you mean 10.1.0.0/24"),
    (lambda t: t["endpoints"]["hq"].update(subnets=["10.1.0.0"]),
     P + ".endpoints.hq.subnets[0]", "prefix length"),
    (lambda t: t["endpoints"]["hq"].update(subnets=["10.1.300.0/24"]),
     P + ".endpoints.hq.subnets[0]", "not an IPv4 network"),
    (lambda t: t["endpoints"]["hq"].update(public_address="198.51.100"),
     P + ".endpoints.hq.public_address", "not an IPv4 address"),
    (lambda t: t.pop("psk"), P + ".psk", "required"),
    (lambda t: t.update(psk="has space in it"), P + ".psk", "without spaces"),
    (lambda t: t.update(psk='quote"inside1'), P + ".psk", "quotes"),
    (lambda t: t.update(ike={"encryption": "blowfish"}), P + ".ike.encryption", "unsupported algorithm"),
    (lambda t: t.update(esp={"integrity": "md5"}), P + ".esp.integrity", "unsupported algorithm"),
    (lambda t: t.update(ike={"dh_group": 1}), P + ".ike.dh_group", "unsupported DH group"),
    (lambda t: t.update(ike={"dh_group": 24}), P + ".ike.dh_group", "RouterOS has no DH group 24"),
    (lambda t: t.update(esp={"integrity": "sha384"}), P + ".esp.integrity", "RouterOS cannot use sha384"),
    (lambda t: t.update(ike_version=3), P + ".ike_version", "1 or 2"),
    (lambda t: t.update(esp={"lifetime": 30}), P + ".esp.lifetime", "between 120 and 86400"),
    (lambda t: t["endpoints"]["branch"].update(ios={}), P + ".endpoints.branch.ios.interface", "required"),
    (lambda t: t["endpoints"]["branch"]["ios"].update(crypto_map="MY MAP"),
     P + ".endpoints.branch.ios.crypto_map", "not a safe name"),
    (lambda t: t["endpoints"]["branch"].update(public_address="198.51.100.1"),
     P + ".endpoints.hq.public_address", "same address"),
    (lambda t: t.update(colour="red"), P + ".colour", "unknown option"),
])
def test_bad_input_names_the_field(raw_tunnel, mutate, field, fragment):
    mutate(raw_tunnel)
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    assert err.value.field == field
    assert fragment in str(err.value)
    assert raw_tunnel.get("psk", "x") not in str(err.value) or raw_tunnel.get("psk") is None


@pytest.mark.parametrize("name", ["hq branch", "hq\nbranch", 'hq"branch', "hq;branch", "", "-x"])
def test_unsafe_names(raw_tunnel, name):
    raw_tunnel["name"] = name
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    assert err.value.field == "pfne_ipsec_tunnels[?].name"


def test_psk_never_in_error(raw_tunnel):
    raw_tunnel["psk"] = "short"
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    assert "short" not in str(err.value)


def test_duplicate_names(raw_tunnel):
    with pytest.raises(IpsecValidationError) as err:
        normalize_all([raw_tunnel, dict(raw_tunnel)])
    assert err.value.field == "pfne_ipsec_tunnels[1].name"


def test_sides_and_unknown_site(raw_tunnel):
    tun, _ = normalize(raw_tunnel)
    local, remote = sides(tun, "hq")
    assert (local["site"], remote["site"]) == ("hq", "branch")
    with pytest.raises(IpsecValidationError) as err:
        sides(tun, "paris")
    assert err.value.field == "pfne_ipsec_site"


def test_synonyms_and_units(raw_tunnel):
    raw_tunnel["ike"] = {"encryption": "AES256", "dh_group": "modp2048", "lifetime": "8h"}
    raw_tunnel["pfs"] = "group14"
    tun, _ = normalize(raw_tunnel)
    assert tun["ike"]["encryption"] == "aes-256" and tun["ike"]["dh_group"] == 14
    assert tun["ike"]["lifetime"] == 28800 and tun["pfs"] == 14


def test_compare_definitions(raw_tunnel):
    mine, _ = normalize(raw_tunnel)
    raw_tunnel["psk"] = "Another-Lab-Key-2"
    raw_tunnel["esp"] = {"encryption": "aes-128"}
    raw_tunnel["endpoints"]["branch"]["subnets"] = ["10.3.0.0/24"]
    theirs, _ = normalize(raw_tunnel)
    assert compare_definitions(mine, theirs) == ["psk", "esp.encryption", "endpoints.branch.subnets"]


def test_mask_secrets(raw_tunnel):
    assert mask_secrets("key LabOnly-Not-A-Secret-1 x", [raw_tunnel]) == "key ******** x"
