"""The .mobileconfig checked against Apple's own schema files (apple/device-management mdm/profiles,
copies in tests/unit/fixtures/ikev2_profiles/apple, see SOURCES.md): every key known, required keys
present, types and allowed values (rangelist, range) as the YAML states, cross-key rules the YAML's text
states (EAP-only, CertificateType -> ServerCertificateIssuerCommonName, PayloadCertificateUUID)."""
import copy
import plistlib

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.apple import mobileconfig
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.pkcs12 import key_kind
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.render import render_profiles

from .conftest import FIXTURES, PASSPHRASE, make_model

TYPES = {"<string>": str, "<integer>": int, "<data>": bytes, "<dictionary>": dict, "<array>": list,
         "<boolean>": bool, "<real>": float}


def _schema(name):
    return yaml.safe_load((FIXTURES / "apple" / ("%s.yaml" % name)).read_text())["payloadkeys"]


def _check_value(value, spec, path, errors):
    expected = TYPES[spec["type"]]
    if isinstance(value, bool) and expected is not bool or not isinstance(value, expected):
        errors.append("%s: %r is not %s" % (path, value, spec["type"]))
        return
    if "rangelist" in spec and value not in spec["rangelist"]:
        errors.append("%s: %r not in %r" % (path, value, spec["rangelist"]))
    if "range" in spec and not spec["range"].get("min", value) <= value <= spec["range"].get("max", value):
        errors.append("%s: %r outside %r" % (path, value, spec["range"]))
    if expected is dict and spec.get("subkeys") and spec["subkeys"][0]["key"] != "ANY":
        validate(value, spec["subkeys"], path, errors)


def validate(obj, keys, path="", errors=None):
    """Errors of dict obj against a list of schema keys (the YAML's payloadkeys/subkeys)."""
    errors = [] if errors is None else errors
    specs = {spec["key"]: spec for spec in keys}
    for key in sorted(set(obj) - set(specs)):
        errors.append("%s%s: key not in Apple's schema" % (path, key))
    for key, spec in specs.items():
        if key in obj:
            _check_value(obj[key], spec, path + key + ".", errors)
        elif spec.get("presence") == "required":
            errors.append("%s%s: required key missing" % (path, key))
    return errors


def profile_errors(profile):
    errors = validate({k: v for k, v in profile.items() if k != "PayloadContent"},
                      [s for s in _schema("TopLevel") if s["key"] != "PayloadContent"])
    common = _schema("CommonPayloadKeys")
    for index, payload in enumerate(profile["PayloadContent"]):
        own = _schema(payload["PayloadType"])
        own_names = {spec["key"] for spec in own}
        validate(payload, own + [s for s in common if s["key"] not in own_names], "[%d]." % index, errors)
    return errors


def _vpn(profile):
    return [p for p in profile["PayloadContent"] if p["PayloadType"] == "com.apple.vpn.managed"][0]


def _render(model, pki, user="alice"):
    cert, key = pki[user]
    return plistlib.loads(render_profiles(model, model["users"][0], pki["ca"], cert, key,
                                          PASSPHRASE)["%s.mobileconfig" % user])


def test_schema_check_itself_catches_wrong_values(pki, cert_model):
    profile = _render(cert_model, pki)
    assert profile_errors(profile) == []
    broken = copy.deepcopy(profile)
    ike = _vpn(broken)["IKEv2"]
    ike["IKESecurityAssociationParameters"]["EncryptionAlgorithm"] = "AES-192"
    ike["ChildSecurityAssociationParameters"]["LifeTimeInMinutes"] = 5
    ike["EnablePFS"] = True
    del ike["RemoteIdentifier"]
    ike["Bogus"] = 1
    assert sorted(profile_errors(broken)) == sorted([
        "[2].IKEv2.IKESecurityAssociationParameters.EncryptionAlgorithm.: 'AES-192' not in "
        "['DES', '3DES', 'AES-128', 'AES-256', 'AES-128-GCM', 'AES-256-GCM', 'ChaCha20Poly1305']",
        "[2].IKEv2.ChildSecurityAssociationParameters.LifeTimeInMinutes.: 5 outside {'min': 10, 'max': 1440}",
        "[2].IKEv2.EnablePFS.: True is not <integer>",
        "[2].IKEv2.RemoteIdentifier: required key missing",
        "[2].IKEv2.Bogus: key not in Apple's schema"])


def test_certificate_profile_payloads_and_sa_parameters(pki, cert_model):
    profile = _render(cert_model, pki)
    assert [p["PayloadType"] for p in profile["PayloadContent"]] == [
        "com.apple.security.root", "com.apple.security.pkcs12", "com.apple.vpn.managed"]
    root, identity, vpn = profile["PayloadContent"]
    assert b"lab-only-passphrase-1" not in plistlib.dumps(profile) and "Password" not in identity
    ike = vpn["IKEv2"]
    assert vpn["VPNType"] == "IKEv2"
    assert (ike["RemoteAddress"], ike["RemoteIdentifier"], ike["LocalIdentifier"]) == (
        "vpn.lab.example", "vpn.lab.example", "alice@vpn.lab.example")
    assert ike["AuthenticationMethod"] == "Certificate" and ike["CertificateType"] == "RSA"
    assert ike["PayloadCertificateUUID"] == identity["PayloadUUID"]
    assert ike["ServerCertificateIssuerCommonName"] == "pfne lab CA"
    assert ike["IKESecurityAssociationParameters"] == {
        "EncryptionAlgorithm": "AES-256", "IntegrityAlgorithm": "SHA2-256", "DiffieHellmanGroup": 14,
        "LifeTimeInMinutes": 1440}
    assert ike["ChildSecurityAssociationParameters"] == {
        "EncryptionAlgorithm": "AES-256", "IntegrityAlgorithm": "SHA2-256", "DiffieHellmanGroup": 14,
        "LifeTimeInMinutes": 60}
    assert ike["EnablePFS"] == 1 and vpn["IPv4"] == {"OverridePrimary": 1}


def test_eap_profile_is_eap_only_without_identity_payload(pki, eap_model):
    data = mobileconfig(eap_model, eap_model["users"][0], pki["ca"])
    profile = plistlib.loads(data)
    assert profile_errors(profile) == []
    assert [p["PayloadType"] for p in profile["PayloadContent"]] == ["com.apple.security.root",
                                                                     "com.apple.vpn.managed"]
    ike = _vpn(profile)["IKEv2"]
    # com.apple.vpn.managed.yaml, AuthenticationMethod: "To enable EAP-only authentication, set this to
    # 'None' and 'ExtendedAuthEnabled' to '1'"
    assert (ike["AuthenticationMethod"], ike["ExtendedAuthEnabled"], ike["AuthName"]) == ("None", 1, "alice")
    assert "AuthPassword" not in ike and b"alice-lab-pass-1" not in data


def test_gcm_child_without_pfs_and_split_tunnel(pki):
    model = make_model(esp={"encryption": "aes-256-gcm", "pfs_group": None, "lifetime": 28800},
                       ike={"dh_group": 19}, split_include=["10.10.0.0/16"])
    profile = _render(model, pki)
    assert profile_errors(profile) == []
    vpn = _vpn(profile)
    child = vpn["IKEv2"]["ChildSecurityAssociationParameters"]
    assert child == {"EncryptionAlgorithm": "AES-256-GCM", "DiffieHellmanGroup": 19, "LifeTimeInMinutes": 480}
    assert vpn["IKEv2"]["IKESecurityAssociationParameters"]["DiffieHellmanGroup"] == 19
    assert vpn["IKEv2"]["EnablePFS"] == 0 and vpn["IPv4"] == {"OverridePrimary": 0}


def test_psk_profile_carries_the_key_as_the_schema_types_it(pki):
    model = make_model(auth="psk")
    data = render_profiles(model, model["users"][0], pki["ca"])["alice.mobileconfig"]
    profile = plistlib.loads(data)
    assert profile_errors(profile) == []
    assert _vpn(profile)["IKEv2"]["SharedSecret"] == "lab-only-psk-0123456789abc"


@pytest.mark.parametrize("esp, field", [
    ({"lifetime": 90000}, "server.esp.lifetime"),     # 1500 minutes > 1440
    ({"lifetime": 3630}, "server.esp.lifetime"),      # not whole minutes
])
def test_lifetimes_apple_cannot_express_name_the_field(pki, esp, field):
    model = make_model(esp=esp)
    with pytest.raises(FieldError) as err:
        _render(model, pki)
    assert err.value.field == field


def test_schema_files_are_apples():
    vpn = yaml.safe_load((FIXTURES / "apple" / "com.apple.vpn.managed.yaml").read_text())
    assert vpn["payload"]["payloadtype"] == "com.apple.vpn.managed"
    ikev2 = [k for k in vpn["payloadkeys"] if k["key"] == "IKEv2"][0]
    assert {"RemoteAddress", "LocalIdentifier", "RemoteIdentifier", "AuthenticationMethod"} == {
        k["key"] for k in ikev2["subkeys"] if k.get("presence") == "required"}


def test_ecdsa_identity_sets_certificate_type(pki, cert_model):
    """CertificateType follows the client key (com.apple.vpn.managed.yaml: RSA, ECDSA256, ...)."""
    ca = x509.load_pem_x509_certificate(pki["ca"].encode())
    ca_key = serialization.load_pem_private_key(pki["ca_key"].encode(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "alice")]))
            .issuer_name(ca.subject).public_key(key.public_key()).serial_number(7)
            .not_valid_before(ca.not_valid_before_utc).not_valid_after(ca.not_valid_after_utc)
            .sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    profile = plistlib.loads(mobileconfig(cert_model, cert_model["users"][0], pki["ca"], cert_pem, key_pem, PASSPHRASE))
    assert profile_errors(profile) == []
    assert _vpn(profile)["IKEv2"]["CertificateType"] == "ECDSA256"
    assert _vpn(profile)["IKEv2"]["LocalIdentifier"] == "alice"   # no SAN: the subject CN
    small = ec.generate_private_key(ec.SECP224R1())
    with pytest.raises(FieldError) as err:
        key_kind(small)
    assert err.value.field == "client_key_pem" and "secp224r1" in str(err.value)
