"""Bad inputs refused before any device contact, each naming its field (issue 22, item 5):
the WLC role's inputs, overlapping remote subnets between tunnels of one site, and bounds on
ASA capture match specs and NAT pairs."""
import copy

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import (
    MAX_MATCHES, MAX_NAT_PAIRS, AsaCaptureError, validate_capture)
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import (
    MAX_TUNNELS, IpsecValidationError, normalize_all)
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import role_input
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.role_input import MAX_AP_HOSTS, MAX_APS, check

GOOD = {  # the role defaults (roles/wlc_mic_ignore/defaults/main.yml)
    "state": "enabled", "force": False, "cert_types": ["mic"], "warn_days": 90, "verify_retries": 10,
    "verify_delay": 2, "map_name": "PFNE_EXPIRED_MIC", "as_of": "", "aps": [], "known_aps": [], "ap_outputs": {},
    "ap_hosts": [], "ap_names": {},
}
SERIAL = "FGL1540A0AB"   # the lab AP's serial (inventories/lab/hosts.yml)


def _wlc(**over):
    values = copy.deepcopy(GOOD)
    values.update(over)
    return check(values)


def test_the_defaults_pass():
    assert _wlc() == []
    assert _wlc(aps=["ap-lobby"], known_aps=[{"name": "ap-lobby", "serial": SERIAL}], ap_hosts=["ap-lobby"],
                ap_names={"ap-lobby": "AP lobby 1"}, as_of="2026-01-31", cert_types=["mic", "ssc"]) == []


@pytest.mark.parametrize("name", ["PFNE\nMAP", 'PFNE"MAP', "PFNE'MAP", "PFNE MAP", "", "M" * 65, None])
def test_map_name_with_a_newline_or_a_quote_is_refused(name):
    errors = _wlc(map_name=name)
    assert len(errors) == 1 and errors[0].startswith("wlc_mic_ignore_map_name: 1-64 letters"), errors
    assert "\n" not in errors[0]


@pytest.mark.parametrize("field,value,expected", [
    ("aps", ["ap-lobby\nEVIL"], "wlc_mic_ignore_aps: AP names are 1-64"),
    ("known_aps", [{"name": "ap\nEVIL", "serial": SERIAL}], "wlc_mic_ignore_known_aps[0].name: 1-64 characters"),
    ("ap_outputs", {"ap\r1": {"certificates": "", "log": ""}}, "wlc_mic_ignore_ap_outputs: AP names are 1-64"),
    ("ap_names", {"ap-lobby": "lobby\nEVIL"}, "wlc_ap_name of AP host 'ap-lobby': AP names are 1-64"),
])
def test_an_ap_name_with_a_line_break_is_refused(field, value, expected):
    errors = _wlc(**{field: value})
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert "\n" not in errors[0] and "\r" not in errors[0]


def test_the_three_cross_field_errors_each_have_their_own_message():
    assert _wlc(warn_days=-1) == ["wlc_mic_ignore_warn_days: must be 0 to 3650, got -1"]
    assert _wlc(verify_retries=0) == ["wlc_mic_ignore_verify_retries: must be 1 to 100, got 0"]
    assert _wlc(force=True, state="disabled") == [
        "wlc_mic_ignore_force: true cannot be combined with wlc_mic_ignore_state: disabled (force only enables "
        "the allowance; disabled always reverts it)"]
    assert _wlc(cert_types=[]) == ["wlc_mic_ignore_cert_types: must list at least one of mic, ssc"]
    assert len(_wlc(warn_days=-1, verify_retries=0, force=True, state="disabled")) == 3


@pytest.mark.parametrize("field,value,limit", [
    ("aps", ["ap%d" % i for i in range(MAX_APS + 1)], MAX_APS),
    ("known_aps", [{"name": "ap%d" % i, "serial": SERIAL} for i in range(MAX_APS + 1)], MAX_APS),
    ("ap_hosts", ["ap%d" % i for i in range(MAX_AP_HOSTS + 1)], MAX_AP_HOSTS),
])
def test_list_sizes_are_bounded_with_the_limit_in_the_message(field, value, limit):
    assert _wlc(**{field: value}) == ["wlc_mic_ignore_%s: %d entries; at most %d" % (field, limit + 1, limit)]
    assert _wlc(**{field: value[:limit]}) == []


@pytest.mark.parametrize("field,value,message", [
    ("warn_days", "ninety", "wlc_mic_ignore_warn_days: expected a whole number, got 'ninety'"),
    ("verify_delay", 601, "wlc_mic_ignore_verify_delay: must be 0 to 600, got 601"),
    ("as_of", "31/01/2026", "wlc_mic_ignore_as_of: expected an ISO 8601 date such as 2026-01-31, got '31/01/2026'"),
    ("known_aps", [{"name": "ap1"}], "wlc_mic_ignore_known_aps[0]: needs name and serial"),
])
def test_other_fields_are_named(field, value, message):
    assert _wlc(**{field: value}) == [message]


def test_the_audit_action_refuses_a_known_ap_name_with_a_line_break():
    with pytest.raises(wlc_collect.AuditInputError, match=r"known_aps\[0\]\.name: AP names"):
        wlc_collect.check_options({"known_aps": [{"name": "ap\nEVIL", "serial": SERIAL}]})
    assert role_input.AP_NAME_RULE in "AP names are 1-64 characters without control characters or line breaks"


# ---------------------------------------------------------------- IPsec: tunnels of one site

def _tunnel(name, branch, subnets, address):
    return {"name": name, "psk": "LabOnly-Not-A-Secret-1", "endpoints": {
        "hq": {"platform": "ios", "public_address": "198.51.100.1", "subnets": ["10.10.1.0/24"],
               "ios": {"interface": "GigabitEthernet0/0"}},
        branch: {"platform": "routeros", "public_address": address, "subnets": subnets}}}


def test_a_slash23_containing_another_tunnels_slash24_is_refused_naming_both_tunnels():
    tunnels = [_tunnel("hq-a", "a", ["192.168.88.0/24"], "203.0.113.2"),
               _tunnel("hq-b", "b", ["192.168.88.0/23"], "203.0.113.3")]
    with pytest.raises(IpsecValidationError) as err:
        normalize_all(tunnels)
    assert err.value.field == "pfne_ipsec_tunnels[hq-a].endpoints.a.subnets[0]"
    assert "192.168.88.0/24 overlaps 192.168.88.0/23 of tunnel hq-b" in str(err.value)
    assert "site hq" in str(err.value)


def test_disjoint_tunnels_and_the_same_local_lan_pass():
    tunnels = [_tunnel("hq-a", "a", ["192.168.88.0/24"], "203.0.113.2"),
               _tunnel("hq-b", "b", ["192.168.89.0/24", "10.20.0.0/16"], "203.0.113.3")]
    assert len(normalize_all(tunnels)[0]) == 2     # both share hq's 10.10.1.0/24: normal for a hub
    tunnels[1]["state"] = "absent"                 # one being removed does not clash
    tunnels[1]["endpoints"]["b"]["subnets"] = ["192.168.88.0/23"]
    assert len(normalize_all(tunnels)[0]) == 2


def test_an_overlap_far_apart_in_the_list_is_found():
    tunnels = [_tunnel("t%d" % i, "s%d" % i, ["172.%d.0.0/16" % (16 + i)], "203.0.%d.%d" % (i // 200, i % 200 + 1))
               for i in range(1, 200)]
    tunnels.append(_tunnel("late", "late", ["172.21.7.0/24"], "203.0.113.250"))
    with pytest.raises(IpsecValidationError, match=r"172\.21\.7\.0/24 overlaps 172\.21\.0\.0/16 of tunnel t5"):
        normalize_all(tunnels)


def test_the_number_of_tunnels_is_bounded():
    with pytest.raises(IpsecValidationError) as err:
        normalize_all([{}] * (MAX_TUNNELS + 1))
    assert str(err.value) == "pfne_ipsec_tunnels: %d tunnels; at most %d in one run (split the inventory)" % (
        MAX_TUNNELS + 1, MAX_TUNNELS)


# ---------------------------------------------------------------- ASA capture bounds

def _capture(**over):
    args = {"name": "CAPIN", "interface": "inside", "matches": [{"host": "192.168.100.1", "peer": "192.168.200.1"}]}
    args.update(over)
    return validate_capture(args)


def test_400_match_specs_are_refused_with_the_limit():
    matches = [{"host": "10.0.%d.%d" % (i // 250, i % 250 + 1)} for i in range(400)]
    with pytest.raises(AsaCaptureError) as err:
        _capture(matches=matches)
    assert err.value.field == "matches"
    assert str(err.value).startswith("matches: 400 match specs; at most %d" % MAX_MATCHES)
    assert len(_capture(matches=matches[:MAX_MATCHES])["matches"]) == MAX_MATCHES


def test_nat_pairs_are_bounded():
    pairs = [{"real": "10.0.0.%d" % i, "mapped": "192.0.2.%d" % i} for i in range(1, MAX_NAT_PAIRS + 2)]
    with pytest.raises(AsaCaptureError, match=r"^nat: %d pairs; at most %d$" % (MAX_NAT_PAIRS + 1, MAX_NAT_PAIRS)):
        _capture(nat=pairs, egress_interface="outside")
