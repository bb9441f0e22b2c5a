"""Parser tests on real RouterOS samples (see tests/unit/fixtures/routeros/SOURCES.md)."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_parse import (
    RouterOSParseError,
    parse_print_settings,
    parse_print_terse,
    parse_version,
    syntax_family,
)


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
    items = parse_print_terse(fixture_text("firewall_filter_print_terse.raw"))
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


@pytest.mark.parametrize("version,family", [
    ("6.24", "6.24"), ("6.42.7", "6.24"), ("6.42.12", "6.24"),
    ("6.43", "6.43"), ("6.43.16", "6.43"), ("6.49.10", "6.43"), ("6.48.6 (long-term)", "6.43"),
    ("7.1rc4", "7"), ("7.16.2", "7"), ("7.14.3", "7"),
])
def test_syntax_family(version, family):
    assert syntax_family(version) == family


@pytest.mark.parametrize("version", ["6.23", "6.0", "5.26", "3.30"])
def test_syntax_family_too_old(version):
    with pytest.raises(RouterOSParseError, match="older than 6.24"):
        syntax_family(version)


@pytest.mark.parametrize("version", ["", "abc", "v7"])
def test_syntax_family_garbage(version):
    with pytest.raises(RouterOSParseError):
        syntax_family(version)
