"""Parser tests on real RouterOS samples (see tests/unit/fixtures/routeros/SOURCES.md)."""
import os

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    RouterOSParseError,
    parse_print_settings,
    parse_print_terse,
    parse_duration,
    format_duration,
    parse_print,
    parse_print_report,
    parse_version,
    same_value,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.family import (
    RouterOSVersionError,
    family,
)

_FIX = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures")


def load_l2tp(name):
    with open(os.path.join(_FIX, "l2tp", name)) as handle:
        return handle.read()


def load_ipsec(name):
    with open(os.path.join(_FIX, "ipsec", name)) as handle:
        return handle.read()


def test_interface_flags_and_values_with_spaces(fixture_text):
    items = parse_print_terse(fixture_text("interface_print_terse_1.raw"))
    assert [i["index"] for i in items] == list(range(11))
    assert [i["flags"] for i in items] == ["D", "DR", "", "R", "X", "S", "S", "RS", "DS", "DXS", "R"]
    first = items[0]["properties"]
    assert first["name"] == "ether1"
    assert first["last-link-up-time"] == "aug/16/1970 13:05:43"
    assert first["link-downs"] == "0"
    assert items[10]["properties"]["fast-path"] == "yes"
    assert items[10]["properties"]["last-link-down-time"] == "sep/08/2023 01:07:00"


def test_unquoted_comment_with_spaces(fixture_text):
    items = parse_print_terse(fixture_text("interface_print_terse_2.raw"))
    assert items[0]["properties"]["comment"] == "this is a comment"
    assert items[0]["properties"]["name"] == "ether1"
    assert "comment" not in items[2]["properties"]
    assert items[2]["properties"]["vrf"] == "myvrf"
    assert len(items) == 9


def test_flush_left_numbers(fixture_text):
    items = parse_print_terse(fixture_text("interface_print_terse_3.raw"))
    assert [(i["index"], i["flags"]) for i in items[:5]] == [(0, "S"), (1, "S"), (2, "S"), (3, ""), (4, "R")]
    assert items[3]["properties"]["comment"] == "temp uplink to peer"
    assert items[4]["properties"]["comment"] == "uplink to internet"
    assert items[7]["properties"]["name"] == "lan_bridge"


def test_trailing_spaces_and_missing_flag_column(fixture_text):
    items = parse_print_terse(fixture_text("address_list_print_terse.raw"))
    assert [(i["index"], i["flags"]) for i in items] == [(0, ""), (1, ""), (5, ""), (13, "X"), (14, "D"), (15, "")]
    assert items[0]["properties"] == {
        "list": "Eqinoxe", "address": "185.48.253.0/27", "creation-time": "jan/01/2002 01:00:25"}
    assert items[4]["properties"]["timeout"] == "4m52s"
    assert items[5]["properties"]["list"] == "snmp-monitoring-address-list"


def test_lowercase_flags_and_double_spaces_in_values(fixture_text):
    items = parse_print_terse(fixture_text("ip_route_print_terse.raw"))
    assert [i["flags"] for i in items] == ["AS", "Db", "ADC", "AS"]
    assert items[0]["properties"]["gateway-status"] == "23.90.232.243 reachable via  pppoe-out1"
    assert items[3]["properties"]["gateway-status"] == (
        "185.138.116.222 unreachable,185.138.116.223 reachable via  pppoe-out1")
    assert items[1]["properties"]["received-from"] == "23.90.232.243-peer"


def test_empty_values_quoted_and_bare(fixture_text):
    items = parse_print_terse(fixture_text("dhcp_lease_print_terse.raw"))
    assert items[0]["properties"]["address-lists"] == ""
    assert items[0]["properties"]["dhcp-option"] == "unifi"
    assert items[1]["properties"]["address-lists"] == ""
    assert items[1]["properties"]["dhcp-option"] == ""
    assert items[1]["properties"]["server"] == "Clients"
    assert items[0]["properties"]["host-name"] == "Unifi3B"


def test_quoted_values_are_unquoted(fixture_text):
    items = parse_print_terse(fixture_text("ospf_interface_print_terse.raw"))
    assert items[0]["properties"]["authentication-key"] == "foo"
    assert items[1]["properties"]["authentication-key"] == "bar"
    assert items[1]["properties"]["comment"] == "ospf comment"
    assert items[1]["properties"]["interface"] == "vlan906@bond1"
    assert items[2]["properties"]["authentication-key"] == ""
    assert items[2]["flags"] == "DP"


def test_default_flag_and_secret_in_clear(fixture_text):
    (item,) = parse_print_terse(fixture_text("wireless_security_profiles_print_terse.raw"))
    assert item["flags"] == "*"
    assert item["properties"]["wpa2-pre-shared-key"] == "ExamplePsk123!"
    assert item["properties"]["wpa-pre-shared-key"] == ""
    assert item["properties"]["management-protection-key"] == ""
    assert item["properties"]["radius-mac-format"] == "XX:XX:XX:XX:XX:XX"


def test_log_lines_interleaved_are_skipped(fixture_text):
    items = parse_print_terse(fixture_text("composed/firewall_filter_print_terse.raw"))
    assert [i["index"] for i in items] == [0, 1, 2, 3, 4, 5, 6, 10, 13, 15, 21]
    assert items[1]["properties"]["comment"] == "defconf: drop invalid"
    assert items[5]["properties"]["log-prefix"] == "Acces VPN"
    assert items[7]["properties"]["in-interface-list"] == "!LAN"
    assert items[8]["flags"] == "X"


def test_quoted_value_with_escapes_and_spaces():
    text = ' 0    comment="a \\"b\\" c=d" name=x\n'
    (item,) = parse_print_terse(text)
    assert item["properties"] == {"comment": 'a "b" c=d', "name": "x"}


def test_empty_output():
    assert parse_print_terse("") == []
    assert parse_print_terse("\r\n\r\n") == []


def test_crlf_line_endings():
    (item,) = parse_print_terse(" 0   name=a mtu=1500\r\n")
    assert item["properties"] == {"name": "a", "mtu": "1500"}


def test_bad_flags_column_is_an_error():
    with pytest.raises(RouterOSParseError):
        parse_print_terse(" 0 ?? name=a\n")


def test_settings_print(fixture_text):
    props = parse_print_settings(fixture_text("system_resource_print_6.txt"))
    assert props["version"] == "6.48.6 (long-term)"
    assert props["board-name"] == "hEX PoE lite"
    assert props["write-sect-since-reboot"] == "44663"


def test_settings_print_quoted_and_empty():
    text = "          enabled: yes\n     ipsec-secret: \n   default-profile: \"default encryption\"\n"
    assert parse_print_settings(text) == {
        "enabled": "yes", "ipsec-secret": "", "default-profile": "default encryption"}


@pytest.mark.parametrize("name,version", [
    ("system_resource_print_6.txt", "6.48.6"),
    ("system_resource_print_7.txt", "7.14.3"),
])
def test_version_from_real_samples(fixture_text, name, version):
    assert parse_version(fixture_text(name)) == version


@pytest.mark.parametrize("line,version", [
    ("                  version: 6.42.7 (long-term)", "6.42.7"),
    ("                  version: 7.16.2 (stable)", "7.16.2"),
    ("                  version: 7.1rc4 (testing)", "7.1rc4"),
    ("                  version: 6.43 (stable)", "6.43"),
])
def test_version_forms(line, version):
    assert parse_version(line + "\n") == version


def test_version_missing():
    with pytest.raises(RouterOSParseError):
        parse_version("bad command name resource (line 1 column 9)")


@pytest.mark.parametrize("version,fam", [
    ("6.24", "6.24-6.42"), ("6.42.7", "6.24-6.42"), ("6.42.12", "6.24-6.42"),
    ("6.43", "6.43.x"), ("6.43.16", "6.43.x"), ("6.43.8 (long-term)", "6.43.x"),
    ("6.44", "6.44-6.49"), ("6.49.10", "6.44-6.49"), ("6.48.6 (long-term)", "6.44-6.49"),
    ("7.1rc4", "7.x"), ("7.16.2", "7.x"), ("7.14.3", "7.x"), ("7.x", "7.x"),
])
def test_family_table(version, fam):
    assert family(version) == fam


@pytest.mark.parametrize("version", ["6.23", "6.16", "5.26", "3.30"])
def test_family_too_old(version):
    with pytest.raises(RouterOSVersionError, match="older than 6.24"):
        family(version)


@pytest.mark.parametrize("version", ["", "abc", "v7", "8.1"])
def test_family_garbage(version):
    with pytest.raises(RouterOSVersionError):
        family(version)


# ---------------------------------------------------------------- the public parser, every form

def test_settings_v7_continuation_lines_become_lists():
    # public RouterOS 7 audit transcript (tests/unit/fixtures/l2tp/SOURCES.md), prompt lines included
    text = load_l2tp("server_print_v7_hidden_secret.txt")
    result, skipped = parse_print_report(text)
    assert skipped == []
    assert result["authentication"] == ["mschap1", "mschap2"]
    assert result["use-ipsec"] == "yes" and "ipsec-secret" not in result
    assert result["l2tpv3-circuit-id"] == ""


def test_settings_v7_defaults_with_trailing_padding():
    result = parse_print(load_l2tp("server_print_v7_defaults.txt"))
    assert result["authentication"] == ["pap", "chap", "mschap1", "mschap2"]
    assert result["default-profile"] == "default-encryption" and result["ipsec-secret"] == ""


def test_settings_first_line_stripped_by_the_connection():
    # community.routeros.command returns the output with the first line's indentation stripped
    text = load_l2tp("server_print_v7_defaults.txt").split("\n", 1)[1].lstrip()
    result = parse_print(text)
    assert result["enabled"] == "yes" and result["max-mtu"] == "1450"
    assert result["authentication"] == ["pap", "chap", "mschap1", "mschap2"]


def test_settings_v6_comma_joined_stays_a_string():
    result = parse_print(load_l2tp("server_print_v6_wiki.txt"))
    assert isinstance(result["authentication"], str) and "," in result["authentication"]


def test_table_v7_columns_flags_and_lower_case_keys():
    rows = parse_print(load_ipsec("routeros7_active_peers_print.txt"))
    assert rows == [{"flags": "R", "id": "spoke1", "state": "established", "uptime": "3h8m2s", "ph2-total": "3",
                     "remote-address": "150.0.0.150", "dynamic-address": "172.16.0.2"}]


def test_table_v7_comment_rows_and_wide_index():
    rows = parse_print(load_l2tp("secrets_table_v7.txt"))
    assert [r["name"] for r in rows] == ["vpner", "vpngate", "guest_1", "Lizberg", "Makarov_2", "Gorelova", "Brednev"]
    assert rows[3]["comment"] == "Lizberg" and rows[5]["comment"] == "C3EEF0E5EBEEE2E0"
    assert "comment" not in rows[4] and rows[0]["remote-address"] == "192.168.199.251"
    assert all(r["flags"] == "" for r in rows)


def test_table_v6_empty_cells():
    rows = parse_print(load_ipsec("routeros6_active_peers_print.txt"))
    assert rows == [{"flags": "", "id": "", "state": "established", "uptime": "5m17s", "ph2-total": "1",
                     "remote-address": "1.2.3.4"}]


def test_detail_wrapped_quoted_values_and_comment_line():
    sas = parse_print(load_ipsec("routeros7_installed_sa_print_detail.txt"))
    assert sas[0]["flags"] == "E" and sas[0]["auth-key"].endswith("15019903")
    secrets = parse_print(load_l2tp("composed/secrets_detail_v6.txt"))
    assert [(r["flags"], r["name"], r.get("comment")) for r in secrets] == [
        ("", "alice", "pfne:l2tp:user"), ("X", "bob", "pfne:l2tp:user"), ("", "branch-router", None)]
    assert secrets[0]["last-logged-out"] == "jan/01/1970 00:00:00"


def test_terse_rows_have_flags_and_properties(fixture_text):
    rows = parse_print(fixture_text("interface_print_terse_1.raw"))
    assert rows[1]["flags"] == "DR" and rows[0]["name"] == "ether1"


def test_lines_not_understood_are_reported(fixture_text):
    _rows, skipped = parse_print_report(fixture_text("composed/firewall_filter_print_terse.raw"))
    assert len(skipped) == 1 and "login failure" in skipped[0]


@pytest.mark.parametrize("text,seconds", [("1w", 604800), ("1w2d", 777600), ("1h30m", 5400), ("00:30:00", 1800),
                                          ("1d02:00:00", 93600), ("3600", 3600), ("0s", 0)])
def test_durations_both_ways(text, seconds):
    assert parse_duration(text) == seconds
    assert parse_duration(format_duration(seconds)) == seconds


def test_format_duration_prints_weeks_as_routeros_does():
    assert format_duration(604800) == "1w" and format_duration(86400) == "1d" and format_duration(5400) == "1h30m"


def test_same_value_sets_and_durations():
    assert same_value("auth-algorithms", "sha1,sha256", "sha256,sha1")
    assert same_value("authentication", ["mschap1", "mschap2"], "mschap2,mschap1")
    assert not same_value("authentication", ["mschap1"], "mschap2,mschap1")
    assert same_value("lifetime", "1w", "7d") and not same_value("lifetime", "1w", "6d")
    assert not same_value("dns-server", "10.0.0.2,10.0.0.1", "10.0.0.1,10.0.0.2")   # order matters there


# ---------------------------------------------------------------- the public filter

def _filter():
    from ansible_collections.pfne.netops.plugins.filter.parse_routeros_print import FilterModule
    return FilterModule().filters()["parse_routeros_print"]


def test_filter_returns_lists_for_multi_line_settings_and_flags_for_rows(fixture_text):
    parse = _filter()
    assert parse([load_l2tp("server_print_v7_hidden_secret.txt")])["authentication"] == ["mschap1", "mschap2"]
    rows = parse(load_ipsec("routeros7_active_peers_print.txt"))
    assert rows[0]["flags"] == "R" and rows[0]["remote-address"] == "150.0.0.150"


def test_filter_fails_on_lines_it_does_not_understand_unless_told(fixture_text):
    from ansible.errors import AnsibleFilterError
    parse = _filter()
    text = fixture_text("composed/firewall_filter_print_terse.raw")
    with pytest.raises(AnsibleFilterError, match=r"1 line\(s\) are not RouterOS print output"):
        parse(text)
    assert len(parse(text, strict=False)) == 11
    with pytest.raises(AnsibleFilterError, match="one output"):
        parse(["a", "b"])
