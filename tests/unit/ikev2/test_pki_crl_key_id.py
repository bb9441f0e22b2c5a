"""The CRL names its issuer's key (authorityKeyIdentifier = the CA's subjectKeyIdentifier).

RFC 5280 5.2.1 requires it in every CRL, and strongSwan finds a loaded CRL only through it
(revocation_validator.c check_crl looks CRLs up by the issuer's subjectKeyIdentifier): without it a
revoked client certificate still authenticated (tests/integration/test_ikev2_strongswan.py,
test_revoked_user_profile_is_refused_by_the_crl, failed before the CRL carried it)."""
from cryptography import x509

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.pki import ensure

SERVER = {"fqdn": "vpn.lab.example", "pool": "192.168.90.0/24"}


def test_crl_authority_key_identifier_is_the_ca_key(tmp_path):
    ensure(str(tmp_path), normalize(SERVER, [{"name": "alice"}]))
    result = ensure(str(tmp_path), normalize(SERVER, [{"name": "alice", "state": "revoked"}]))
    crl = x509.load_pem_x509_crl(result["crl_pem"].encode())
    ca = x509.load_pem_x509_certificate(result["ca_pem"].encode())
    aki = crl.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert len(list(crl)) == 1 and crl.is_signature_valid(ca.public_key())
