# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client identity as PKCS#12 in the legacy form iOS imports, and what the profiles read from PEMs.

iOS and macOS refuse .p12 files protected the modern way (PBES2 / PBKDF2 / AES-256-CBC with a
SHA-256 MAC, OpenSSL 3's default) with "wrong password"; the same key re-exported with
``openssl pkcs12 -export -legacy`` (3DES PBE, SHA-1 MAC) imports (hwdsl2/setup-ipsec-vpn issue
1580, chris2511/xca issue 474, 7ritn/VaulTLS issue 176).  cryptography builds that form with
``PrivateFormat.PKCS12.encryption_builder()``: key_cert_algorithm PBESv1SHA1And3KeyTripleDESCBC,
hmac_hash SHA1 (cryptography "Key Serialization" docs).  Windows and Android import it too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - ansible-core depends on cryptography
    HAS_CRYPTOGRAPHY = False

KDF_ROUNDS = 2048  # OpenSSL's PKCS12_DEFAULT_ITER, what `openssl pkcs12 -export -legacy` uses


def _need():
    if not HAS_CRYPTOGRAPHY:
        raise FieldError("profiles", "the Python package 'cryptography' is required to build client profiles")


def load_cert(pem, field):
    _need()
    try:
        return x509.load_pem_x509_certificate(pem.encode() if isinstance(pem, str) else pem)
    except (ValueError, TypeError, AttributeError):
        raise FieldError(field, "not a PEM certificate")


def load_key(pem, field):
    _need()
    try:
        return serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    except (ValueError, TypeError, AttributeError):
        raise FieldError(field, "not an unencrypted PEM private key (value not shown)")


def common_name(cert):
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return names[0].value if names else cert.subject.rfc4514_string()


def identity(cert):
    """The IKE identity a certificate proves: first e-mail or DNS SAN, else the subject CN."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        san = None
    if san is not None:
        for kind in (x509.RFC822Name, x509.DNSName):
            values = san.get_values_for_type(kind)
            if values:
                return values[0]
    return common_name(cert)


def key_kind(key):
    """Apple CertificateType of a private key: RSA or ECDSA256/384/521."""
    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA"
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size in (256, 384, 521):
        return "ECDSA%d" % key.curve.key_size
    raise FieldError("client_key_pem", "unsupported key %s: Apple takes RSA or ECDSA P-256/P-384/P-521"
                     % getattr(getattr(key, "curve", None), "name", type(key).__name__))


def der(cert):
    return cert.public_bytes(serialization.Encoding.DER)


def legacy_p12(name, cert_pem, key_pem, ca_pem, passphrase):
    """PKCS#12 (3DES PBE for key and certificates, SHA-1 MAC) protected by passphrase."""
    _need()
    if not isinstance(passphrase, str) or len(passphrase) < 8:
        raise FieldError("passphrase", "a passphrase of at least 8 characters protects the .p12 (value not shown)")
    cert = load_cert(cert_pem, "client_cert_pem")
    key = load_key(key_pem, "client_key_pem")
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise FieldError("client_key_pem", "does not belong to client_cert_pem")
    ca = load_cert(ca_pem, "ca_pem")
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder()
                  .kdf_rounds(KDF_ROUNDS)
                  .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
                  .hmac_hash(hashes.SHA1())
                  .build(passphrase.encode()))
    return pkcs12.serialize_key_and_certificates(name.encode(), key, cert, [ca], encryption)
