"""IKEv2 PKI: what Apple/Windows/RouterOS need in the certificates, file modes, reuse, revocation."""
import datetime
import os
import stat

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import pki
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize

IKE = ObjectIdentifier("1.3.6.1.5.5.8.2.2")
SERVER = {"fqdn": "vpn.lab.example", "address": "203.0.113.2", "pool": "192.168.90.0/24"}


def _model(users, **server):
    return normalize(dict(SERVER, **server), users)


def _cert(pem):
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def test_server_certificate_fits_apple_and_ike(tmp_path):
    out = pki.ensure(str(tmp_path), _model([{"name": "alice"}]))
    cert = _cert(out["server"]["cert_pem"])
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["vpn.lab.example"]
    assert [str(a) for a in san.get_values_for_type(x509.IPAddress)] == ["203.0.113.2"]
    eku = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert eku == [ExtendedKeyUsageOID.SERVER_AUTH, IKE]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc <= datetime.timedelta(days=825, minutes=5)
    cert.verify_directly_issued_by(_cert(out["ca_pem"]))
    client = _cert(out["users"]["alice"]["cert_pem"])
    assert list(client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.CLIENT_AUTH, IKE]
    client.verify_directly_issued_by(_cert(out["ca_pem"]))


def test_files_are_private(tmp_path):
    base = tmp_path / "pki"
    pki.ensure(str(base), _model([{"name": "alice"}]))
    for root, dirs, files in os.walk(str(base)):
        assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
        for name in files:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o600, name
    assert (base / "users" / "alice.passphrase").exists()


def test_second_run_reuses_everything(tmp_path):
    model = _model([{"name": "alice"}, {"name": "bob", "passphrase": "bob-given-pass"}])
    first = pki.ensure(str(tmp_path), model)
    second = pki.ensure(str(tmp_path), model)
    assert second["changed"] == []
    assert second["ca_pem"] == first["ca_pem"]
    assert second["server"] == first["server"]
    assert second["users"] == first["users"]
    assert second["users"]["bob"]["passphrase"] == "bob-given-pass"
    assert not (tmp_path / "users" / "bob.passphrase").exists()


def test_new_name_reissues_server_only(tmp_path):
    first = pki.ensure(str(tmp_path), _model([{"name": "alice"}]))
    second = pki.ensure(str(tmp_path), _model([{"name": "alice"}], fqdn="vpn2.lab.example"))
    assert second["server"]["fingerprint"] != first["server"]["fingerprint"]
    assert second["users"]["alice"] == first["users"]["alice"]
    assert [r["reason"] for r in second["revoked"]] == ["superseded"]


def test_revoke_records_and_comeback_gets_new_key(tmp_path):
    first = pki.ensure(str(tmp_path), _model([{"name": "alice"}]))
    revoked = pki.ensure(str(tmp_path), _model([{"name": "alice", "state": "revoked"}]))
    serial = first["users"]["alice"]["serial"]
    assert "alice" not in revoked["users"]
    assert [(r["name"], r["serial"]) for r in revoked["revoked"]] == [("alice", serial)]
    crl = x509.load_pem_x509_crl(revoked["crl_pem"].encode("ascii"))
    assert crl.get_revoked_certificate_by_serial_number(int(serial, 16)) is not None
    assert not (tmp_path / "users" / "alice.key.pem").exists()
    assert (tmp_path / "users" / "alice.crt.pem").exists()
    again = pki.ensure(str(tmp_path), _model([{"name": "alice", "state": "revoked"}]))
    assert again["changed"] == []
    back = pki.ensure(str(tmp_path), _model([{"name": "alice"}]))
    assert back["users"]["alice"]["serial"] != serial
    assert back["users"]["alice"]["key_pem"] != first["users"]["alice"]["key_pem"]


def test_absent_user_files_removed(tmp_path):
    pki.ensure(str(tmp_path), _model([{"name": "alice"}, {"name": "bob"}]))
    out = pki.ensure(str(tmp_path), _model([{"name": "alice"}, {"name": "bob", "state": "absent"}]))
    assert sorted(os.listdir(str(tmp_path / "users"))) == ["alice.crt.pem", "alice.key.pem", "alice.passphrase"]
    assert [r["name"] for r in out["revoked"]] == ["bob"]


def test_fingerprint_is_sha256_of_der(tmp_path):
    out = pki.ensure(str(tmp_path), _model([]))
    assert len(out["server"]["fingerprint"]) == 64
    assert out["server"]["fingerprint"] == pki.fingerprint(out["server"]["cert_pem"])
