"""role.validate as the mikrotik_ikev2_mobile role calls it: messages name the role variable the user set."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import role

PREFIX = "mikrotik_ikev2_mobile_"
SERVER = {"fqdn": "vpn.example.com", "pool": "192.168.77.0/24", "auth": "certificate"}


@pytest.mark.parametrize("server, users, field", [
    (SERVER, [{"name": "ann", "os": ["symbian"]}], "mikrotik_ikev2_mobile_users[0].os[0]: "),
    (SERVER, [{"name": "ann"}, {"name": "bo", "pasphrase": "bo-secret-phrase-1"}],
     "mikrotik_ikev2_mobile_users[1].pasphrase: "),
    (dict(SERVER, ike={"dh_group": 99}), [], "mikrotik_ikev2_mobile_ike.dh_group: "),
    (dict(SERVER, pool="192.168.77.0/33"), [], "mikrotik_ikev2_mobile_pool: "),
    (SERVER, "ann", "mikrotik_ikev2_mobile_users: "),
])
def test_errors_name_the_role_variable(server, users, field):
    errors = role.validate(server, users, var_prefix=PREFIX)["errors"]
    assert len(errors) == 1 and errors[0].startswith(field), errors
    assert "bo-secret-phrase-1" not in errors[0]


def test_without_a_prefix_the_model_field_is_named():
    errors = role.validate(SERVER, [{"name": "ann", "os": ["symbian"]}])["errors"]
    assert errors[0].startswith("users[0].os[0]: ")


def test_the_l2tp_pool_overlap_names_the_pool_variable():
    errors = role.validate(SERVER, [], {"start": "192.168.77.10", "end": "192.168.77.20"}, var_prefix=PREFIX)["errors"]
    assert errors[0].startswith("mikrotik_ikev2_mobile_pool: 192.168.77.0/24 overlaps the L2TP role's pool")


def test_role_field_leaves_fields_outside_server_and_users_alone():
    assert role.role_field("radius_secret", PREFIX) == "radius_secret"
    assert role.role_field("server", PREFIX) == "server"
