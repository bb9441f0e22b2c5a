"""IKEv2 model: the contract's shape, defaults every OS accepts, field-named errors, no secret echoed."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import check, normalize

SERVER = {"fqdn": "vpn.lab.example", "pool": "192.168.90.0/24", "dns": ["192.168.88.1"]}


def test_shape_and_defaults():
    model = normalize(SERVER, [{"name": "alice"}, {"name": "bob", "state": "revoked", "os": ["apple"]}])
    server = model["server"]
    assert server["remote_id"] == "vpn.lab.example"
    assert server["auth"] == "certificate"
    assert server["ike"] == {"encryption": "aes-256-cbc", "integrity": "sha256", "dh_group": 14, "lifetime": 86400}
    assert server["esp"] == {"encryption": "aes-256-cbc", "integrity": "sha256", "pfs_group": 14, "lifetime": 3600}
    assert server["split_include"] == [] and server["dns"] == ["192.168.88.1"]
    assert model["users"][0]["os"] == ["apple", "windows", "android"]
    assert model["users"][1]["state"] == "revoked"
    assert model["warnings"] == []


def test_address_is_remote_id_without_fqdn():
    model = normalize({"address": "203.0.113.7", "pool": "10.9.0.0/24"}, [])
    assert model["server"]["remote_id"] == "203.0.113.7"


@pytest.mark.parametrize("server, users, field", [
    ({"pool": "10.9.0.0/24"}, [], "server.fqdn"),
    ({"fqdn": "vpn", "pool": "10.9.0.0/24"}, [], "server.fqdn"),
    ({"fqdn": "vpn.lab.example"}, [], "server.pool"),
    ({"fqdn": "vpn.lab.example", "pool": "10.9.0.0/33"}, [], "server.pool"),
    (dict(SERVER, split_include=["192.168.90.0/25"]), [], "server.split_include[0]"),
    (dict(SERVER, ike={"encryption": "3des"}), [], "server.ike.encryption"),
    (dict(SERVER, esp={"integrity": "md5"}), [], "server.esp.integrity"),
    (dict(SERVER, esp={"pfs_group": 5}), [], "server.esp.pfs_group"),
    (dict(SERVER, ike={"dhgroup": 14}), [], "server.ike.dhgroup"),
    (dict(SERVER, cert_days=3650), [], "server.cert_days"),
    (dict(SERVER, auth="xauth"), [], "server.auth"),
    (dict(SERVER, colour="red"), [], "server.colour"),
    (SERVER, [{"name": "bad name"}], "users[0].name"),
    (SERVER, [{"name": "a"}, {"name": "A"}], "users[1].name"),
    (SERVER, [{"name": "a", "os": ["symbian"]}], "users[0].os[0]"),
    (SERVER, [{"name": "a", "state": "gone"}], "users[0].state"),
    (dict(SERVER, auth="eap-mschapv2"), [{"name": "a"}], "users[0].password"),
])
def test_errors_name_the_field(server, users, field):
    with pytest.raises(FieldError) as info:
        normalize(server, users)
    assert info.value.field == field
    assert str(info.value).startswith(field + ": ")


def test_secrets_never_echoed():
    secret = 'short"key'
    for server, users in ((dict(SERVER, auth="psk", psk=secret), []),
                          (dict(SERVER, auth="eap-mschapv2"), [{"name": "a", "password": secret}]),
                          (SERVER, [{"name": "a", "passphrase": secret}])):
        result = check(server, users)
        assert result["errors"] and secret not in result["errors"][0]


def test_psk_warns_and_eap_keeps_password():
    model = normalize(dict(SERVER, auth="psk", psk="a-long-shared-key-0123456"), [{"name": "a"}])
    assert any("server.auth psk" in w for w in model["warnings"])
    model = normalize(dict(SERVER, auth="eap-mschapv2"), [{"name": "a", "password": "alice-pass-1"},
                                                          {"name": "b", "state": "absent"}])
    assert model["users"][0]["password"] == "alice-pass-1"
    assert model["users"][1]["password"] is None


def test_weak_choices_warn():
    model = normalize(dict(SERVER, ike={"dh_group": 2, "integrity": "sha1"}, esp={"pfs_group": None}), [])
    text = " ".join(model["warnings"])
    assert "server.ike.dh_group 2" in text and "server.ike.integrity sha1" in text
    assert "server.esp.pfs_group is none" in text
    assert model["server"]["esp"]["pfs_group"] is None
