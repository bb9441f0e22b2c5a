"""Bounds on tunnel size (issue 14 item 9) and full-string names (item 8)."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import (
    MAX_PAIRS, MAX_SUBNETS, WARN_PAIRS, IpsecValidationError, normalize)

P = "pfne_ipsec_tunnels[hq-branch]"


def _subnets(count, second_octet):
    return ["10.%d.%d.0/24" % (second_octet, i) for i in range(count)]


def _sized(raw_tunnel, left, right):
    raw_tunnel["endpoints"]["hq"]["subnets"] = _subnets(left, 1)
    raw_tunnel["endpoints"]["branch"]["subnets"] = _subnets(right, 2)
    return raw_tunnel


def test_a_few_pairs_pass_quietly(raw_tunnel):
    _tun, warnings = normalize(_sized(raw_tunnel, 4, 4))   # 16 pairs
    assert warnings == []


def test_many_pairs_warn_with_the_count(raw_tunnel):
    _tun, warnings = normalize(_sized(raw_tunnel, 17, 1))
    assert warnings == [P + ".endpoints: 1 x 17 subnets = 17 selector pairs, each its own policy, ACL line "
                            "and SA pair; summarise subnets where you can"]
    assert WARN_PAIRS == 16


def test_40_by_40_is_refused_naming_the_field(raw_tunnel):
    with pytest.raises(IpsecValidationError) as err:
        normalize(_sized(raw_tunnel, 40, 40))
    assert err.value.field == P + ".endpoints"
    assert "1600 selector pairs" in str(err.value) and "at most %d" % MAX_PAIRS in str(err.value)


def test_the_bound_itself_passes(raw_tunnel):
    _tun, warnings = normalize(_sized(raw_tunnel, 16, 16))   # 256 pairs
    assert len(warnings) == 1


def test_too_many_subnets_on_one_side_refused_before_the_overlap_checks(raw_tunnel):
    raw_tunnel["endpoints"]["hq"]["subnets"] = ["10.%d.%d.0/24" % (i // 256, i % 256) for i in range(MAX_SUBNETS + 1)]
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    assert err.value.field == P + ".endpoints.hq.subnets"


@pytest.mark.parametrize("where, value, field", [
    ("name", "hq-branch\n", "pfne_ipsec_tunnels[?].name"),
    ("crypto_map", "PFNE-MAP\n", P + ".endpoints.branch.ios.crypto_map"),
    ("interface", "GigabitEthernet0/0\n", P + ".endpoints.branch.ios.interface"),
])
def test_a_trailing_newline_is_refused(raw_tunnel, where, value, field):
    if where == "name":
        raw_tunnel["name"] = value
    else:
        raw_tunnel["endpoints"]["branch"]["ios"][where] = value
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    assert err.value.field == field


def test_addresses_are_stripped_then_rebuilt(raw_tunnel):
    """Addresses are parsed, not passed through: a stray newline cannot reach a device."""
    raw_tunnel["endpoints"]["branch"]["public_address"] = "203.0.113.2\n"
    raw_tunnel["endpoints"]["branch"]["subnets"] = ["10.2.0.0/24\n"]
    tun, _warnings = normalize(raw_tunnel)
    assert tun["endpoints"]["branch"]["public_address"] == "203.0.113.2"
    assert tun["endpoints"]["branch"]["subnets"] == ["10.2.0.0/24"]
