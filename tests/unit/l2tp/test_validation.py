"""l2tp_mobile.normalize: every bad input fails with the field named and no secret shown."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import L2tpConfigError, check, normalize


def _error(cfg):
    with pytest.raises(L2tpConfigError) as info:
        normalize(cfg)
    return info.value


def test_defaults_are_modern_and_warning_free(config):
    model, warnings = normalize(config)
    assert warnings == []
    assert model["encryption"] == ["aes-256-cbc", "aes-128-cbc"]
    assert model["integrity"] == ["sha256", "sha1"]
    assert model["dh_groups"] == ["modp2048", "modp1024"]
    assert model["ike_hash"] == "sha1"
    assert model["authentication"] == ["mschap2"]
    assert (model["mtu"], model["mru"]) == (1460, 1460)
    assert model["pool_start"] == "192.168.89.10" and model["pool_end"] == "192.168.89.99"


def test_pool_as_string(config):
    config["pool"] = "192.168.89.10-192.168.89.20"
    assert normalize(config)[0]["pool_end"] == "192.168.89.20"


def test_pool_reversed_names_pool_end(config):
    config["pool"] = {"start": "192.168.89.99", "end": "192.168.89.10"}
    err = _error(config)
    assert err.field == "pool.end" and "reversed" in str(err)


def test_pool_overlapping_lan_names_pool(config):
    config["pool"] = {"start": "192.168.88.200", "end": "192.168.88.250"}
    err = _error(config)
    assert err.field == "pool" and "192.168.88.0/24" in str(err)


def test_local_address_inside_pool(config):
    config["local_address"] = "192.168.89.50"
    assert _error(config).field == "local_address"


def test_bad_pool_address(config):
    config["pool"] = {"start": "192.168.89.300", "end": "192.168.89.10"}
    assert _error(config).field == "pool.start"


@pytest.mark.parametrize("field,value", [("mtu", 1501), ("mtu", 575), ("mru", 9000), ("mru", "abc")])
def test_mtu_mru_out_of_range(config, field, value):
    config[field] = value
    err = _error(config)
    assert err.field == field


def test_mtu_above_advised_warns(config):
    config["mtu"] = 1500
    assert any("mtu 1500" in w for w in normalize(config)[1])


def test_duplicate_usernames(config):
    config["users"].append({"name": "Alice", "password": "other-pass-123"})
    err = _error(config)
    assert err.field == "users[2].name" and "duplicate" in str(err)


@pytest.mark.parametrize("name", ["", "bad name", "x;y", 'q"t', "-lead", "a" * 65, None])
def test_username_rejected(config, name):
    config["users"][0]["name"] = name
    assert _error(config).field == "users[0].name"


@pytest.mark.parametrize("password", ['pa"ss-secret-1', "pa$s-secret-2", "what?-secret-3", "semi;colon-4",
                                      "brack[et]-5", "back\\slash-6", " lead-space-7", "tab\there-8", "", "ünïcode-9"])
def test_password_rejected_without_echo(config, password):
    config["users"][1]["password"] = password
    err = _error(config)
    assert err.field == "users[1].password"
    assert "value not shown" in str(err)
    if password.strip():
        assert password not in str(err)
        assert password.strip() not in str(err)


def test_check_never_contains_secret(config):
    config["ipsec_secret"] = "short$psk-zz"
    result = check(config)
    assert result["errors"] and result["errors"][0].startswith("ipsec_secret:")
    assert "short$psk-zz" not in repr(result)


def test_ipsec_secret_too_short(config):
    config["ipsec_secret"] = "1234567"
    assert _error(config).field == "ipsec_secret"


def test_static_address_inside_pool(config):
    config["users"][1]["address"] = "192.168.89.20"
    assert _error(config).field == "users[1].address"


def test_authentication_needs_mschap2(config):
    config["authentication"] = ["chap"]
    assert _error(config).field == "authentication"


def test_authentication_unknown(config):
    config["authentication"] = ["mschap2", "eap"]
    assert _error(config).field == "authentication"


def test_legacy_algorithms_warn(config):
    config.update({"encryption": ["3des"], "integrity": ["sha1"], "dh_groups": ["modp1024"]})
    warnings = normalize(config)[1]
    assert any("3des" in w for w in warnings)
    assert any("SHA-1 only" in w for w in warnings)
    assert any("modp1024 only" in w for w in warnings)


@pytest.mark.parametrize("field,value", [("encryption", ["des"]), ("integrity", ["md5"]), ("dh_groups", ["modp768"]),
                                         ("ike_hash", "md5"), ("encryption", [])])
def test_unsupported_algorithms(config, field, value):
    config[field] = value
    assert _error(config).field == field


def test_lan_subnet_invalid(config):
    config["lan_subnets"] = ["192.168.88.0/24", "nonsense"]
    assert _error(config).field == "lan_subnets[1]"


def test_too_many_dns(config):
    config["dns_servers"] = ["1.1.1.1", "8.8.8.8", "9.9.9.9"]
    assert _error(config).field == "dns_servers"


def test_wan_interface_invalid(config):
    config["wan_interface"] = "ether1 extra"
    assert _error(config).field == "wan_interface"


def test_absent_user_needs_no_password(config):
    config["users"].append({"name": "carol", "state": "absent"})
    users = normalize(config)[0]["users"]
    assert users[2] == {"name": "carol", "state": "absent", "enabled": True}


def test_exclusive_without_a_present_user_is_refused_naming_the_users_variable(config):
    """exclusive with an empty (or typo'd, so undefined) user list would remove every pfne-made user."""
    for users in ([], None, [{"name": "carol", "state": "absent"}]):
        config.update(exclusive=True, users=users)
        err = _error(config)
        assert err.field == "exclusive" and "mikrotik_l2tp_mobile_users" in str(err)
    config.update(exclusive=False, users=[])
    assert normalize(config)[0]["users"] == []
