"""Names are checked over the whole string: a trailing newline is refused with the field named (issue 14 item 8)."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import L2tpConfigError, normalize


@pytest.mark.parametrize("field, value, named", [
    ("pool_name", "pfne-l2tp-pool\n", "pool_name"),
    ("profile_name", "pfne-l2tp\n", "profile_name"),
    ("wan_interface", "ether1\n", "wan_interface"),
])
def test_trailing_newline_in_a_name_is_refused(config, field, value, named):
    config[field] = value
    with pytest.raises(L2tpConfigError) as info:
        normalize(config)
    assert info.value.field == named


def test_trailing_newline_in_a_user_name_is_refused(config):
    config["users"][0]["name"] += "\n"
    with pytest.raises(L2tpConfigError) as info:
        normalize(config)
    assert info.value.field == "users[0].name"
