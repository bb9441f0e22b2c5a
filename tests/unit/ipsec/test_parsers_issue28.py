"""Issue 28: IKEv2 SA lines without a PRF field, and every public IPsec parse filter returning the lines
it did not understand. Fixtures and sources: tests/unit/fixtures/ipsec/SOURCES.md."""
import pytest

from ansible_collections.pfne.netops.plugins.filter.ipsec_site import FilterModule
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verify as v

from .conftest import fixture_text

F = FilterModule().filters()


def test_ikev2_sa_without_prf_field():
    result = F["parse_ikev2_sa"](fixture_text("ios_show_crypto_ikev2_sa_noprf.txt"))
    assert result["unparsed"] == []
    (sa,) = result["sas"]
    assert sa == {"tunnel_id": 2, "local": "10.1.0.16", "local_port": 500, "remote": "10.1.0.13", "remote_port": 500,
                  "fvrf": "none", "ivrf": "none", "status": "READY", "ip_version": 4, "encryption": "AES-CBC",
                  "keysize": 128, "prf": None, "hash": "SHA256", "dh_group": 2, "auth_sign": "PSK",
                  "auth_verify": "PSK", "lifetime": 86400, "active_time": 5967}


def test_ikev2_sa_prf_form_unchanged():
    sas = F["parse_ikev2_sa"](fixture_text("iosxe_show_crypto_ikev2_sa.txt"))["sas"]
    assert sas and all(sa["prf"] and sa["keysize"] for sa in sas)


def test_ikev2_encr_line_without_keysize():
    """3DES prints no key size (genieparser's ShowCryptoIkev2Sa comment: `Encr: 3DES, Hash: SHA96, DH Grp:2, ...`)."""
    text = fixture_text("ios_show_crypto_ikev2_sa_noprf.txt").replace("AES-CBC, keysize: 128,", "3DES,")
    (sa,) = v.read_ikev2_sa(text)["sas"]
    assert (sa["encryption"], sa["keysize"], sa["prf"], sa["hash"], sa["dh_group"]) == ("3DES", None, None, "SHA256", 2)


def test_ipsec_sa_reads_every_line_of_the_genie_sample():
    result = F["parse_ios_crypto_ipsec_sa"](fixture_text("ios_show_crypto_ipsec_sa.txt"))
    assert result["unparsed"] == [] and len(result["flows"]) == 2
    assert result["flows"] == v.parse_ipsec_sa(fixture_text("ios_show_crypto_ipsec_sa.txt"))


FOREIGN = "this line is no part of the output"


@pytest.mark.parametrize("name,fixture,key", [
    ("parse_isakmp_sa", "ios_show_crypto_isakmp_sa.txt", "sas"),
    ("parse_ikev2_sa", "ios_show_crypto_ikev2_sa_noprf.txt", "sas"),
    ("parse_ios_crypto_ipsec_sa", "ios_show_crypto_ipsec_sa.txt", "flows"),
    ("parse_routeros_ipsec_sa", "routeros7_active_peers_print.txt", "rows"),
])
def test_every_ipsec_parse_filter_returns_what_it_did_not_understand(name, fixture, key):
    text = fixture_text(fixture)
    clean = F[name](text)
    assert set(clean) == {key, "unparsed"} and clean[key] and clean["unparsed"] == []
    lines = text.splitlines()
    dirty = F[name]("\n".join(lines + [FOREIGN]))
    assert dirty["unparsed"] == [FOREIGN]
    assert dirty[key] == clean[key]
