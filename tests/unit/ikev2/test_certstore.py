"""Certificate step: the plan from a store print, masking of keys, the import counters as refusals."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import certstore

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAlab\n-----END RSA PRIVATE KEY-----\n"
FP = "ab" * 32
# the v6 legend and detail layout of lab/devices/routeros_pki_sim.py (MikroTik wiki "Manual:System/Certificates")
STORE = """Flags: K - private-key, D - dsa, L - crl, C - smart-card-key, A - authority, I - issued, R - revoked, E - expired, T - trusted
 0     A   T name=old-name common-name="pfne IKEv2 CA" subject-alt-name="" key-size=2048
             days-valid=3650 trusted=yes serial-number=45 fingerprint=%s invalid-before=dec/07/2026 06:56:42 invalid-after=dec/04/2036 07:01:42

 1 K         name=pfne-ikev2-server-0a0a0a0a common-name=vpn.lab.example key-size=2048
             fingerprint=%s

 2           name=pfne-ikev2-u-bob-0b0b0b0b common-name=bob key-size=2048
""" % (FP, "cd" * 32)


def test_parse_store():
    store = certstore.parse_store(STORE)
    assert [(s["name"], s["flags"]) for s in store] == [
        ("old-name", "AT"), ("pfne-ikev2-server-0a0a0a0a", "K"), ("pfne-ikev2-u-bob-0b0b0b0b", "")]
    assert store[0]["fingerprint"] == FP


def test_plan_renames_a_known_fingerprint_and_imports_the_rest():
    store = certstore.parse_store(STORE)
    wanted = [{"name": "pfne-ikev2-ca-abababab", "pem": PEM, "fingerprint": FP, "trusted": True},
              {"name": "pfne-ikev2-server-0a0a0a0a", "pem": PEM, "key_pem": KEY, "fingerprint": "cd" * 32},
              {"name": "pfne-ikev2-u-eve-0e0e0e0e", "pem": PEM, "key_pem": KEY, "fingerprint": "ef" * 32}]
    steps = certstore.plan_import(wanted, store)
    assert steps[0] == ('/certificate set [find where name="old-name"] name=pfne-ikev2-ca-abababab',) * 2
    real = [r for r, _s in steps[1:]]
    shown = [s for _r, s in steps[1:]]
    assert real[0] == "/file print file=pfne-ikev2-u-eve-0e0e0e0e"
    assert any("BEGIN RSA PRIVATE KEY" in r for r in real)
    assert not any("PRIVATE KEY" in s for s in shown)
    assert "/file set pfne-ikev2-u-eve-0e0e0e0e.txt contents=********" in shown
    assert shown[-1] == ('/certificate set [find where name="pfne-ikev2-u-eve-0e0e0e0e.txt_0"] '
                         'name=pfne-ikev2-u-eve-0e0e0e0e trusted=no')


def test_prune_only_the_collections_names_users_first():
    store = certstore.parse_store(STORE) + [{"name": "pfne-ikev2-ca-12345678", "fingerprint": "", "flags": ""}]
    steps = certstore.plan_prune("pfne-ikev2", {"pfne-ikev2-server-0a0a0a0a"}, store)
    assert [s[0] for s in steps] == ['/certificate remove [find where name="pfne-ikev2-u-bob-0b0b0b0b"]',
                                     '/certificate remove [find where name="pfne-ikev2-ca-12345678"]']


@pytest.mark.parametrize("output, refused", [
    ("  certificates-imported: 1\n  private-keys-imported: 0\n  files-imported: 1\n  decryption-failures: 0\n", None),
    ("  certificates-imported: 0\n  private-keys-imported: 0\n  files-imported: 1\n  decryption-failures: 0\n",
     "certificates-imported: 0 private-keys-imported: 0"),
    ("  certificates-imported: 0\n  private-keys-imported: 0\n  files-imported: 1\n  decryption-failures: 1\n",
     "decryption-failures: 1"),
])
def test_import_counters(output, refused):
    assert certstore.import_refused(output) == refused


def test_bad_input_names_the_field_without_the_key():
    with pytest.raises(certstore.CertStoreError) as info:
        certstore.check([{"name": "x", "pem": PEM, "key_pem": "secret-not-pem", "fingerprint": FP}])
    assert str(info.value).startswith("certificates[0].key_pem:") and "secret-not-pem" not in str(info.value)
    with pytest.raises(certstore.CertStoreError, match="over the 4095"):
        certstore.check([{"name": "x", "pem": PEM.replace("MIIB", "A" * 5000), "fingerprint": FP}])


def test_run_sends_nothing_in_check_mode_and_masks():
    sent = []

    def send(line):
        sent.append(line)
        return STORE if line == certstore.READ_COMMAND else ""
    out = certstore.run(send, [{"name": "n1", "pem": PEM, "key_pem": KEY, "fingerprint": "ef" * 32}], check_mode=True)
    assert sent == [certstore.READ_COMMAND] and out["changed"] is True
    assert not any("PRIVATE" in c for c in out["commands"])
