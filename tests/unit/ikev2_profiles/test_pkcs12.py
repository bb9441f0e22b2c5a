"""The client .p12 loads with its passphrase (and not without), and is in the legacy form iOS imports:
3DES PBE for the key and the certificates and a SHA-1 MAC, as `openssl pkcs12 -info -legacy` reports it.
The same check reports PBES2/AES-256 for a .p12 made the modern way, so it can tell them apart."""
import subprocess

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import pkcs12 as p12

from .conftest import PASSPHRASE


def openssl_info(data, tmp_path, passphrase=PASSPHRASE):
    path = tmp_path / "id.p12"
    path.write_bytes(data)
    done = subprocess.run(["openssl", "pkcs12", "-info", "-noout", "-legacy", "-in", str(path),
                           "-passin", "env:P12PASS"], env={"P12PASS": passphrase, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, check=False)
    return done.returncode, done.stderr + done.stdout


def test_legacy_algorithms_and_passphrase(pki, tmp_path):
    cert, key = pki["alice"]
    data = p12.legacy_p12("alice", cert, key, pki["ca"], PASSPHRASE)
    loaded_key, loaded_cert, extra = pkcs12.load_key_and_certificates(data, PASSPHRASE.encode())
    assert loaded_cert.subject.rfc4514_string() == "CN=alice" and extra[0].subject.rfc4514_string() == "CN=pfne lab CA"
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(data, b"wrong-passphrase")
    code, info = openssl_info(data, tmp_path)
    assert code == 0, info
    assert "MAC: sha1, Iteration 2048" in info
    assert "PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC" in info
    assert "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC" in info
    assert "PBES2" not in info and "AES" not in info


def test_check_tells_modern_p12_apart(pki, tmp_path):
    cert, key = pki["alice"]
    modern = pkcs12.serialize_key_and_certificates(
        b"alice", p12.load_key(key, "k"), p12.load_cert(cert, "c"), None, BestAvailableEncryption(PASSPHRASE.encode()))
    code, info = openssl_info(modern, tmp_path)
    assert code == 0 and "PBES2, PBKDF2, AES-256-CBC" in info and "MAC: sha256" in info


def test_refusals_name_the_field(pki):
    cert, key = pki["alice"]
    with pytest.raises(FieldError) as err:
        p12.legacy_p12("alice", cert, key, pki["ca"], "short")
    assert err.value.field == "passphrase" and "short" not in str(err.value)
    with pytest.raises(FieldError) as err:
        p12.legacy_p12("alice", cert, pki["bob"][1], pki["ca"], PASSPHRASE)
    assert err.value.field == "client_key_pem"
    with pytest.raises(FieldError) as err:
        p12.legacy_p12("alice", "not a cert", key, pki["ca"], PASSPHRASE)
    assert err.value.field == "client_cert_pem"
