# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side certificate authority for IKEv2 road warriors (the ``cryptography`` library).

``ensure(base_dir, model)`` creates or reuses, under ``base_dir`` (the role passes
``<pfne_artifacts_dir>/ikev2/<router>/pki``; directories 0700, files 0600):

- ``ca.key.pem`` / ``ca.crt.pem``: a self-signed RSA 2048 CA (10 years; basicConstraints CA,
  keyCertSign + cRLSign);
- ``server.key.pem`` / ``server.crt.pem``: CN and subjectAltName = what clients dial
  (``server.remote_id``: DNS name for an FQDN, IP address for an address, both when both are set),
  extendedKeyUsage serverAuth + 1.3.6.1.5.5.8.2.2 (IKE intermediate, RFC 4945 3.1.3.12; macOS
  and Windows look for it), validity ``server.cert_days`` (at most 825 days: Apple "Requirements
  for trusted certificates in iOS 13 and macOS 10.15", HT210176);
- ``users/<name>.key.pem`` / ``users/<name>.crt.pem``: one client certificate per present user
  (CN = user name, SAN = the name, EKU clientAuth + IKE intermediate) and
  ``users/<name>.passphrase``: the passphrase of the user's profiles/PKCS#12 (given, or random);
- ``revoked.json`` + ``crl.pem``: every certificate revoked (user state revoked or absent, or a
  certificate replaced), signed by the CA.

Reuse: an existing key or certificate is kept while it still fits (same SAN, not within
RENEW_DAYS of expiry, not revoked); a revoked user who comes back gets a new certificate (new
serial, new key).  Nothing here is printed; the caller gets PEM strings and file paths.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import ipaddress
import json
import os
import secrets

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError

# Guarded as in profiles/pkcs12.py: ansible-test's import sanity and ansible-doc load the plugins that
# import this module in environments without cryptography (ansible-core itself depends on it).
try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
    IKE_INTERMEDIATE = ObjectIdentifier("1.3.6.1.5.5.8.2.2")
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover
    HAS_CRYPTOGRAPHY = False

CA_DAYS = 3650
RENEW_DAYS = 30
KEY_SIZE = 2048


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def _write(path, data):
    """Write bytes/str to ``path`` with mode 0600 (created so, never world-readable in between)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    os.chmod(os.path.dirname(path), 0o700)
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def fingerprint(pem):
    """SHA-256 of the certificate's DER, lower-case hex (what RouterOS prints as fingerprint)."""
    cert = x509.load_pem_x509_certificate(pem.encode("ascii") if isinstance(pem, str) else pem)
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _load_or_new_key(path):
    data = _read(path)
    if data:
        return serialization.load_pem_private_key(data, password=None), False
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    _write(path, _key_pem(key))
    return key, True


def _san(identity):
    try:
        return x509.IPAddress(ipaddress.ip_address(identity))
    except ValueError:
        pass
    if "@" in identity:
        return x509.RFC822Name(identity)
    return x509.DNSName(identity)


def _builder(subject, issuer, public_key, days, now):
    if not isinstance(subject, x509.Name):
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _new_ca(key, now):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pfne IKEv2 CA"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pfne.netops")])
    builder = _builder(name, name, key.public_key(), CA_DAYS, now)
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
    builder = builder.add_extension(x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
        critical=True)
    return builder.sign(key, hashes.SHA256())


def _leaf(ca_cert, ca_key, key, cn, names, eku, days, now):
    builder = _builder(cn, ca_cert.subject, key.public_key(), days, now)
    builder = builder.add_extension(x509.SubjectAlternativeName([_san(n) for n in names]), critical=False)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=True, data_encipherment=False,
        key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
        critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage([eku, IKE_INTERMEDIATE]), critical=False)
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def _still_fits(cert, names, now, revoked_serials):
    if cert is None or cert.serial_number in revoked_serials:
        return False
    if cert.not_valid_after_utc - now < datetime.timedelta(days=RENEW_DAYS):
        return False
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return sorted(str(g.value) for g in san) == sorted(str(_san(n).value) for n in names)


def _load_cert(path):
    data = _read(path)
    return x509.load_pem_x509_certificate(data) if data else None


def _signed_by(cert, ca_cert):
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (InvalidSignature, ValueError, TypeError):   # another issuer, or another key type
        return False
    return True


class Store(object):
    """The files of one router's CA under ``base``; every write goes through _write (0600)."""

    def __init__(self, base, now=None):
        self.base = base
        self.now = now or _now()
        self.changed = []
        os.makedirs(base, mode=0o700, exist_ok=True)
        os.chmod(base, 0o700)
        self.revoked = json.loads((_read(self.path("revoked.json")) or b"[]").decode("utf-8"))
        self._revoked_before = len(self.revoked)

    def path(self, *parts):
        return os.path.join(self.base, *parts)

    def revoked_serials(self):
        return set(int(r["serial"], 16) for r in self.revoked)

    def revoke(self, name, cert, reason):
        """Record ``cert`` revoked (once)."""
        if cert is None or cert.serial_number in self.revoked_serials():
            return
        self.revoked.append({"name": name, "serial": "%x" % cert.serial_number, "reason": reason,
                             "fingerprint": hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
                             "date": self.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
        self.changed.append("revoked %s certificate serial %x (%s)" % (name, cert.serial_number, reason))

    def ca(self):
        key, new_key = _load_or_new_key(self.path("ca.key.pem"))
        cert = _load_cert(self.path("ca.crt.pem"))
        fits = (cert is not None and not new_key and cert.public_key().public_numbers() == key.public_key().public_numbers()
                and cert.not_valid_after_utc - self.now > datetime.timedelta(days=RENEW_DAYS))
        if not fits:
            cert = _new_ca(key, self.now)
            _write(self.path("ca.crt.pem"), cert_pem(cert))
            self.changed.append("created the CA")
        return key, cert

    def leaf(self, stem, owner, names, eku, days, ca):
        """Reuse or (re)issue ``<stem>.crt.pem``; a replaced certificate is recorded revoked."""
        ca_key, ca_cert = ca
        key_path, cert_path = self.path(stem + ".key.pem"), self.path(stem + ".crt.pem")
        cert = _load_cert(cert_path)
        key_data = _read(key_path)
        if cert is not None and key_data and _signed_by(cert, ca_cert) and \
                _still_fits(cert, names, self.now, self.revoked_serials()):
            return serialization.load_pem_private_key(key_data, password=None), cert
        if cert is not None and cert.serial_number not in self.revoked_serials() and _signed_by(cert, ca_cert):
            self.revoke(owner, cert, "superseded")
        if cert is not None and cert.serial_number in self.revoked_serials() and os.path.exists(key_path):
            os.remove(key_path)   # a revoked certificate's key is never used again
        key, _new = _load_or_new_key(key_path)
        cert = _leaf(ca_cert, ca_key, key, names[0], names, eku, days, self.now)
        _write(cert_path, cert_pem(cert))
        self.changed.append("issued %s certificate serial %x" % (owner, cert.serial_number))
        return key, cert

    def retire(self, name, remove_cert):
        """Revoke a user's certificate; drop the key and passphrase (and the certificate for absent)."""
        cert = _load_cert(self.path("users", name + ".crt.pem"))
        self.revoke(name, cert, "cessationOfOperation")
        for part in ("key.pem", "passphrase") + (("crt.pem",) if remove_cert else ()):
            target = self.path("users", "%s.%s" % (name, part))
            if os.path.exists(target):
                os.remove(target)
                self.changed.append("deleted users/%s.%s" % (name, part))

    def passphrase(self, user):
        if user.get("passphrase"):
            return user["passphrase"]
        target = self.path("users", user["name"] + ".passphrase")
        stored = _read(target)
        if stored:
            return stored.decode("utf-8").strip()
        value = secrets.token_urlsafe(18)
        _write(target, value + "\n")
        return value

    def crl(self, ca):
        """crl.pem from revoked.json, rewritten only when the list changed (or the file is missing)."""
        ca_key, ca_cert = ca
        if len(self.revoked) != self._revoked_before or not os.path.exists(self.path("crl.pem")):
            _write(self.path("revoked.json"), json.dumps(self.revoked, indent=1, sort_keys=True) + "\n")
            builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
                       .last_update(self.now).next_update(self.now + datetime.timedelta(days=30))
                       .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                                      critical=False))
            for item in self.revoked:
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder().serial_number(int(item["serial"], 16))
                    .revocation_date(self.now).build())
            crl = builder.sign(ca_key, hashes.SHA256())
            _write(self.path("crl.pem"), crl.public_bytes(serialization.Encoding.PEM))
        return (_read(self.path("crl.pem")) or b"").decode("ascii")


def server_names(server):
    """SAN entries of the server certificate: remote_id first, then the other of fqdn/address."""
    names = [server["remote_id"]]
    for other in (server.get("fqdn"), server.get("address")):
        if other and other not in names:
            names.append(other)
    return names


def ensure(base_dir, model):
    """Create or reuse the CA, server and user certificates for a normalized model (see module doc).

    Returns {"ca_pem", "server": {"cert_pem", "key_pem", "fingerprint"}, "users": {name: {...}},
    "revoked": [...], "crl_pem", "changed": [...], "dir"}; PEM keys are secrets: never print them.
    """
    if not HAS_CRYPTOGRAPHY:
        raise FieldError("pki", "the Python package 'cryptography' is required to issue certificates")
    store = Store(base_dir)
    ca = store.ca()
    server = model["server"]
    days = server.get("cert_days", 825)
    skey, scert = store.leaf("server", "server", server_names(server), ExtendedKeyUsageOID.SERVER_AUTH, days, ca)
    users = {}
    for user in model["users"]:
        if user["state"] != "present":
            store.retire(user["name"], remove_cert=user["state"] == "absent")
            continue
        if server["auth"] != "certificate":
            continue
        ukey, ucert = store.leaf(os.path.join("users", user["name"]), user["name"], [user["name"]],
                                 ExtendedKeyUsageOID.CLIENT_AUTH, days, ca)
        pem = cert_pem(ucert)
        users[user["name"]] = {"cert_pem": pem, "key_pem": _key_pem(ukey).decode("ascii"),
                               "fingerprint": fingerprint(pem), "serial": "%x" % ucert.serial_number,
                               "passphrase": store.passphrase(user)}
    crl = store.crl(ca)
    spem = cert_pem(scert)
    return {"dir": base_dir, "ca_pem": cert_pem(ca[1]), "ca_fingerprint": fingerprint(cert_pem(ca[1])),
            "server": {"cert_pem": spem, "key_pem": _key_pem(skey).decode("ascii"), "fingerprint": fingerprint(spem)},
            "users": users, "revoked": list(store.revoked), "crl_pem": crl, "changed": store.changed}


def user_passphrase(base_dir, user):
    """The passphrase for a user's profiles (given, stored, or newly generated and stored 0600)."""
    return Store(base_dir).passphrase(user)
