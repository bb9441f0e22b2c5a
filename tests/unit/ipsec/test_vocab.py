import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab as v


@pytest.mark.parametrize("kind,canonical,routeros", [
    ("ike_encryption", "aes-256", "aes-256"),
    ("ike_integrity", "sha256", "sha256"),
    ("ike_integrity", "sha1", "sha1"),
    ("esp_encryption", "aes-256", "aes-256-cbc"),
    ("esp_encryption", "3des", "3des"),
    ("esp_integrity", "sha256", "sha256"),
    ("dh", 14, "modp2048"),
    ("dh", 2, "modp1024"),
    ("dh", 19, "ecp256"),
    ("pfs", "none", "none"),
    ("pfs", 14, "modp2048"),
])
def test_routeros_both_ways(kind, canonical, routeros):
    assert v.to_routeros(kind, canonical) == routeros
    assert v.from_routeros(kind, routeros) == canonical


@pytest.mark.parametrize("kind,canonical,ios,version", [
    ("ike_encryption", "aes-256", "aes 256", 1),
    ("ike_encryption", "aes-128", "aes", 1),
    ("ike_encryption", "aes-256", "aes-cbc-256", 2),
    ("ike_integrity", "sha256", "sha256", 1),
    ("ike_integrity", "sha1", "sha", 1),
    ("ike_integrity", "sha1", "sha1", 2),
    ("esp_encryption", "aes-256", "esp-aes 256", 1),
    ("esp_integrity", "sha1", "esp-sha-hmac", 1),
    ("esp_integrity", "sha256", "esp-sha256-hmac", 1),
    ("dh", 14, "14", 1),
    ("pfs", 14, "group14", 1),
])
def test_ios_both_ways(kind, canonical, ios, version):
    assert v.to_ios(kind, canonical, ike_version=version) == ios
    assert v.from_ios(kind, ios, ike_version=version) == canonical


def test_ios_pfs_none():
    assert v.to_ios("pfs", "none") is None
    assert v.from_ios("pfs", None) == "none"


@pytest.mark.parametrize("seconds,text", [(86400, "1d"), (28800, "8h"), (3600, "1h"), (1800, "30m"),
                                          (5400, "1h30m"), (90061, "1d1h1m1s"),
                                          (604800, "1w"), (1209600 + 3600, "2w1h")])
def test_lifetimes_both_ways(seconds, text):
    assert v.seconds_to_routeros(seconds) == text
    assert v.routeros_to_seconds(text) == seconds


def test_routeros_time_other_forms():
    assert v.routeros_to_seconds("00:30:00") == 1800
    assert v.routeros_to_seconds("1w") == 604800
    with pytest.raises(ValueError):
        v.routeros_to_seconds("1x")


def test_refusals_name_the_field():
    with pytest.raises(v.UnsupportedError) as err:
        v.to_routeros("dh", 24, "tunnel.ike.dh_group")
    assert err.value.field == "tunnel.ike.dh_group"
    with pytest.raises(v.UnsupportedError) as err:
        v.to_routeros("esp_integrity", "sha384", "tunnel.esp.integrity")
    assert "RouterOS cannot use sha384" in str(err.value)
    assert v.to_ios("dh", 24) == "24"


@pytest.mark.parametrize("version,family", [
    ("6.24", "6.24-6.42"), ("6.42.12", "6.24-6.42"), ("6.43", "6.43.x"), ("6.43.8", "6.43.x"),
    ("6.44", "6.44-6.49"), ("6.49.10 (long-term)", "6.44-6.49"),
    ("7.15.3 (stable)", "7.x"), ("v7.1", "7.x")])
def test_routeros_syntax(version, family):
    assert v.routeros_syntax(version) == family


def test_routeros_too_old():
    with pytest.raises(v.UnsupportedError) as err:
        v.routeros_syntax("6.23")
    assert err.value.field == "routeros_version"
