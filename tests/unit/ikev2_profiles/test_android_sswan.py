"""The .sswan profile checked against the strongSwan app's own import code (VpnProfileImportActivity.java
and VpnType.java, copies in tests/unit/fixtures/ikev2_profiles/strongswan, see SOURCES.md): the keys the
parser reads, the ones it requires (getString/getJSONObject throw when missing), the type identifiers,
the proposal keywords of strongSwan's proposal parser (proposal_keywords_static.txt); plus the native
Android settings text."""
import base64
import json
import re
import uuid

from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.render import render_profiles

from .conftest import FIXTURES, PASSPHRASE, make_model

SRC = FIXTURES / "strongswan"
READ = re.compile(r'(obj|remote|local|split|revocation|proxy)\.(get|opt)\w*\("([^"]+)"'
                  r'|get(?:Integer|Proposal|Subnets|AddressList)\((obj|remote|split), "([^"]+)"')
PREFIX = {"obj": "", "remote": "remote.", "local": "local.", "split": "split-tunneling.",
          "revocation": "remote.revocation.", "proxy": "proxy."}


def parser_keys():
    """(every key the app reads, the keys it requires) from parseProfile()."""
    text = (SRC / "VpnProfileImportActivity.java").read_text()
    body = text[text.index("private ParsedVpnProfile parseProfile"):]
    body = body[:body.index("\n\t}\n")]
    known, required = set(), set()
    for obj, kind, key, obj2, key2 in READ.findall(body):
        path = PREFIX[obj or obj2] + (key or key2)
        known.add(path)
        if kind == "get":
            required.add(path)
    return known, required


def vpn_types():
    return re.findall(r'\("(ikev2-[a-z-]+)", EnumSet', (SRC / "VpnType.java").read_text())


def keywords():
    lines = (SRC / "proposal_keywords_static.txt").read_text().split("%%")[1].strip().splitlines()
    return {line.split(",")[0].strip(): line.split(",")[1].strip() for line in lines if "," in line}


def flatten(obj, prefix=""):
    out = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            out.update(flatten(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def proposal_errors(text, ike):
    """The app validates proposals with strongSwan's parser (Utils.isProposalValid); the keyword check here."""
    kinds = [keywords().get(word) for word in text.split("-")]
    errors = ["unknown keyword %r" % w for w, k in zip(text.split("-"), kinds) if k is None]
    if ike and "PSEUDO_RANDOM_FUNCTION" not in kinds and "INTEGRITY_ALGORITHM" not in kinds:
        errors.append("IKE proposal without integrity/PRF")
    if ike and "KEY_EXCHANGE_METHOD" not in kinds:  # named DIFFIE_HELLMAN_GROUP before strongSwan 6
        errors.append("IKE proposal without DH group")
    return errors


def sswan_errors(profile):
    known, required = parser_keys()
    flat = flatten(profile)
    errors = ["%s: not read by the app" % k for k in sorted(set(flat) - known - {"split-tunneling.subnets"})]
    errors += ["%s: required" % k for k in sorted(required - set(flat) - {"remote"})]
    if profile.get("type") not in vpn_types():
        errors.append("type %r unknown" % profile.get("type"))
    uuid.UUID(profile["uuid"])
    errors += proposal_errors(profile["ike-proposal"], True) + proposal_errors(profile["esp-proposal"], False)
    return errors


def test_parser_reading_and_checks_can_fail():
    known, required = parser_keys()
    assert required == {"uuid", "name", "type", "remote", "remote.addr"}
    assert {"remote.id", "remote.cert", "local.id", "local.p12", "local.eap_id", "ike-proposal",
            "esp-proposal", "split-tunneling.subnets"} <= known
    assert vpn_types() == ["ikev2-eap", "ikev2-cert", "ikev2-cert-eap", "ikev2-eap-tls", "ikev2-byod-eap"]
    bad = {"uuid": str(uuid.uuid4()), "name": "x", "type": "ikev2-psk", "remote": {"port": 500},
           "ike-proposal": "aes256-sha256", "esp-proposal": "aes257-sha256", "local": {"password": "x"}}
    assert sswan_errors(bad) == ["local.password: not read by the app", "remote.addr: required",
                                 "type 'ikev2-psk' unknown", "IKE proposal without DH group",
                                 "unknown keyword 'aes257'"]


def test_certificate_sswan(pki, cert_model):
    cert, key = pki["alice"]
    files = render_profiles(cert_model, cert_model["users"][0], pki["ca"], cert, key, PASSPHRASE)
    profile = json.loads(files["alice.sswan"])
    assert sswan_errors(profile) == []
    assert profile["type"] == "ikev2-cert"
    assert profile["remote"]["addr"] == "vpn.lab.example" and profile["remote"]["id"] == "vpn.lab.example"
    assert (profile["ike-proposal"], profile["esp-proposal"]) == ("aes256-sha256-modp2048", "aes256-sha256-modp2048")
    assert profile["local"]["id"] == "alice@vpn.lab.example"
    p12_key, p12_cert, extra = pkcs12.load_key_and_certificates(base64.b64decode(profile["local"]["p12"]),
                                                                PASSPHRASE.encode())
    assert p12_cert.subject.rfc4514_string() == "CN=alice" and len(extra) == 1
    assert base64.b64decode(profile["remote"]["cert"]) == extra[0].public_bytes(Encoding.DER)
    assert PASSPHRASE.encode() not in files["alice.sswan"]


def test_eap_sswan_gcm_split(pki):
    model = make_model(auth="eap-mschapv2", ike={"encryption": "aes-256-gcm", "integrity": "sha384", "dh_group": 20},
                       esp={"encryption": "aes-128-gcm", "pfs_group": 19}, split_include=["10.10.0.0/16"])
    files = render_profiles(model, model["users"][0], pki["ca"])
    profile = json.loads(files["alice.sswan"])
    assert sswan_errors(profile) == []
    assert profile["type"] == "ikev2-eap" and profile["local"] == {"eap_id": "alice"}
    assert profile["ike-proposal"] == "aes256gcm16-prfsha384-ecp384"
    assert profile["esp-proposal"] == "aes128gcm16-ecp256"
    assert profile["split-tunneling"] == {"subnets": ["10.10.0.0/16"]}
    assert b"alice-lab-pass-1" not in files["alice.sswan"]


def test_native_settings_per_auth(pki, cert_model):
    cert, key = pki["alice"]
    text = render_profiles(cert_model, cert_model["users"][0], pki["ca"], cert, key,
                           PASSPHRASE)["alice-android.txt"].decode()
    assert "Type: IKEv2/IPSec RSA" in text and "IPSec identifier: alice@vpn.lab.example" in text
    assert "IPSec user certificate: alice.p12" in text and "IPSec CA certificate: alice-ca.crt" in text
    psk = make_model(auth="psk")
    files = render_profiles(psk, psk["users"][0], pki["ca"])
    assert "alice.sswan" not in files  # the app has no PSK type (VpnType.java)
    native = files["alice-android.txt"].decode()
    assert "Type: IKEv2/IPSec PSK" in native and "lab-only-psk" not in native
