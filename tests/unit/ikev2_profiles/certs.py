"""Test certificates (made with cryptography, as ikev2/pki.py makes them): a CA, a server certificate
whose SAN carries the name clients dial, client certificates with the user's e-mail style SAN.

Shared by the unit tests and tests/integration/test_ikev2_strongswan.py; keys are RSA 2048, the
key type every client (Windows machine certificates, Android, Apple) takes.
"""
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

IKE_INTERMEDIATE = x509.ObjectIdentifier("1.3.6.1.5.5.8.2.2")


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _builder(subject, issuer, key, days):
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=days)))


def make_ca(cn="pfne lab CA"):
    key = _key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    cert = (_builder(name, name, key, 825)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def make_leaf(ca, cn, san, eku, days=825):
    ca_cert, ca_key = ca
    key = _key()
    cert = (_builder(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]), ca_cert.subject, key, days)
            .add_extension(x509.SubjectAlternativeName(san), critical=False)
            .add_extension(x509.ExtendedKeyUsage(eku), critical=False)
            .add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode(), _pem_key(key)


def lab_pki(server_name="vpn.lab.example", users=("alice",)):
    """{'ca': pem, 'ca_key': pem, 'server': (pem, key), users...: (pem, key)}"""
    ca = make_ca()
    result = {"ca": ca[0].public_bytes(serialization.Encoding.PEM).decode(), "ca_key": _pem_key(ca[1]),
              "server": make_leaf(ca, server_name, [x509.DNSName(server_name)],
                                  [ExtendedKeyUsageOID.SERVER_AUTH, IKE_INTERMEDIATE])}
    for user in users:
        result[user] = make_leaf(ca, user, [x509.RFC822Name("%s@%s" % (user, server_name))],
                                 [ExtendedKeyUsageOID.CLIENT_AUTH])
    return result
