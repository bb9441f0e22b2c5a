"""Parsers against real-format RouterOS output (sources: tests/unit/fixtures/l2tp/SOURCES.md)."""
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.verify import parse_active, parse_secrets, \
    parse_server, parse_version, verify

from .conftest import fixture_text


def test_server_v6_wiki():
    assert parse_server(fixture_text("server_print_v6_wiki.txt")) == {
        "enabled": "yes", "max-mtu": "1450", "max-mru": "1450", "mrru": "disabled",
        "authentication": ["pap", "chap", "mschap1", "mschap2"], "default-profile": "default-encryption"}


def test_server_v7_lists_one_per_line_and_hidden_secret():
    parsed = parse_server(fixture_text("server_print_v7_hidden_secret.txt"))
    assert parsed["authentication"] == ["mschap1", "mschap2"]
    assert parsed["use-ipsec"] == "yes" and parsed["default-profile"] == "vpn_profile"
    assert "ipsec-secret" not in parsed and parsed["l2tpv3-circuit-id"] == ""


def test_server_v7_defaults_trailing_padding():
    parsed = parse_server(fixture_text("server_print_v7_defaults.txt"))
    assert parsed["authentication"] == ["pap", "chap", "mschap1", "mschap2"]
    assert parsed["default-profile"] == "default-encryption" and parsed["accept-proto-version"] == "all"


def test_server_secret_dropped():
    parsed = parse_server(fixture_text("composed/server_print_v6_configured.txt"))
    assert "ipsec-secret" not in parsed and "lab-only" not in repr(parsed)


def test_secrets_v6_table_drops_password():
    rows = parse_secrets(fixture_text("secrets_table_v6.txt"))
    assert rows == [{"name": "ex", "service": "pptp", "caller-id": "", "profile": "ex",
                     "remote-address": "0.0.0.0", "disabled": False, "has_password": True}]
    assert "lkjrht" not in repr(rows)


def test_secrets_v7_table_comments_and_wide_index():
    rows = parse_secrets(fixture_text("secrets_table_v7.txt"))
    assert [r["name"] for r in rows] == ["vpner", "vpngate", "guest_1", "Lizberg", "Makarov_2", "Gorelova", "Brednev"]
    assert rows[0]["remote-address"] == "192.168.199.251" and rows[1]["remote-address"] == ""
    assert rows[3]["comment"] == "Lizberg" and rows[5]["comment"] == "C3EEF0E5EBEEE2E0"
    assert "comment" not in rows[4]


def test_secrets_detail_and_terse_agree():
    for name in ("composed/secrets_detail_v6.txt", "composed/secrets_terse_v6.txt"):
        rows = parse_secrets(fixture_text(name))
        assert [(r["name"], r.get("comment"), r["disabled"], r["remote-address"]) for r in rows] == [
            ("alice", "pfne:l2tp:user", False, "0.0.0.0"),
            ("bob", "pfne:l2tp:user", True, "192.168.89.200"),
            ("branch-router", None, False, "0.0.0.0")]
        assert "lab-pass" not in repr(rows) and "not-ours" not in repr(rows)


def test_active_v7_and_v6():
    assert parse_active(fixture_text("active_v7_docs.txt"))[1] == {
        "name": "customer1", "service": "pppoe", "caller-id": "BC:24:11:3A:89:9D", "address": "100.64.0.19",
        "uptime": "5h47m35s"}
    assert parse_active(fixture_text("active_v6_lns.txt")) == [{
        "name": "good_worker@mt.lv", "service": "l2tp", "caller-id": "10.155.101.216", "address": "192.168.99.2",
        "uptime": "6h15m57s", "encoding": ""}]


def test_versions():
    assert parse_version(fixture_text("system_resource_v6.txt")) == "6.48.6"
    assert parse_version(fixture_text("system_resource_v7.txt")) == "7.12.2"


def test_verify_flags_drift(config):
    model = normalize(config)[0]
    result = verify(model, "6.44-6.49", fixture_text("composed/server_print_v6_configured.txt"),
                    fixture_text("composed/secrets_detail_v6.txt"), fixture_text("active_v6_lns.txt"))
    assert result["ok"], result["problems"]
    assert result["sessions"][0]["name"] == "good_worker@mt.lv"
    bad = verify(model, "7.x", fixture_text("composed/server_print_v6_configured.txt"), fixture_text("secrets_table_v7.txt"))
    assert "l2tp-server use-ipsec is 'yes', expected 'required'" in bad["problems"]
    assert "ppp secret alice is missing" in bad["problems"]
