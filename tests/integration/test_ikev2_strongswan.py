"""A real IKEv2 negotiation between the generated client profiles and the router's proposals.

strongSwan's charon (Debian packages, installed by `make setup`) plays both ends on the loopback of a
network namespace of its own (tests/integration/strongswan_pair.py): the responder carries the router's
configuration - the RouterOS profile/proposal algorithms the model gives the router, translated from
RouterOS words to strongSwan's, its server certificate from ikev2/pki.py, the client pool; the
initiator carries what a generated profile says - the .sswan's proposals, identities, CA and PKCS#12
(the legacy .p12 charon must decrypt with the passphrase), the Apple profile's SA parameters, the
Windows script's Set-VpnConnectionIPsecConfiguration values. The tests read charon's own words:
"selected proposal", "IKE_SA ... established", "CHILD_SA ... established" (ESP SAs installed through
kernel-libipsec), NO_PROPOSAL_CHOSEN for proposals like Windows' weak built-in ones, AUTHENTICATION_FAILED
for a user pki.py revoked (the router holds the CRL), and the client refusing a server certificate
whose SAN lacks the name it dials.
"""
import base64
import json
import plistlib
import re
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import routeros as ikev2_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.pki import ensure
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.render import render_profiles

from tests.integration.strongswan_pair import PACKAGES, Pair, missing
from tests.unit.ikev2_profiles.certs import IKE_INTERMEDIATE, make_leaf

SERVER = {"fqdn": "vpn.lab.example", "pool": "192.168.90.0/24", "dns": ["192.168.88.1"]}
EAP_PASSWORD = "alice-lab-pass-1"
ROUTEROS_VERSION = "7.16"

# RouterOS words (MikroTik manual "IPsec": /ip ipsec profile enc-algorithm, hash-algorithm, dh-group;
# /ip ipsec proposal enc-algorithms, auth-algorithms, pfs-group) -> strongSwan proposal keywords.
ROS_ENC = {"aes-128": "aes128", "aes-256": "aes256", "aes-128-cbc": "aes128", "aes-256-cbc": "aes256",
           "aes-128-gcm": "aes128gcm16", "aes-256-gcm": "aes256gcm16"}
ROS_DH = {"modp1024": "modp1024", "modp2048": "modp2048", "modp3072": "modp3072", "modp4096": "modp4096",
          "ecp256": "ecp256", "ecp384": "ecp384", "ecp521": "ecp521"}
DH_NAMES = {2: "modp1024", 14: "modp2048", 15: "modp3072", 16: "modp4096", 19: "ecp256", 20: "ecp384", 21: "ecp521"}
# Apple SecurityAssociationParameters / Windows CustomPolicy words -> strongSwan keywords
APPLE = {"AES-128": "aes128", "AES-256": "aes256", "AES-128-GCM": "aes128gcm16", "AES-256-GCM": "aes256gcm16",
         "SHA2-256": "sha256", "SHA2-384": "sha384", "SHA2-512": "sha512", "SHA1-96": "sha1"}
WINDOWS = {"AES128": "aes128", "AES256": "aes256", "GCMAES128": "aes128gcm16", "GCMAES256": "aes256gcm16",
           "SHA256": "sha256", "SHA384": "sha384", "SHA1": "sha1", "SHA256128": "sha256", "SHA196": "sha1",
           "Group14": "modp2048", "ECP256": "ecp256", "ECP384": "ecp384", "Group2": "modp1024",
           "PFS2048": "modp2048", "PFS2": "modp1024"}
# Windows' built-in IKEv2 offers when no custom policy is set: 3DES / SHA-1 / DH group 2 among them
# (docs.strongswan.org "Windows Clients": Windows proposes only modp1024 by default); the weak ones only.
WINDOWS_DEFAULT_LIKE = ("3des-sha1-modp1024", "3des-sha1")


def routeros_side(model, pki):
    """The router's /ip ipsec profile and /ip ipsec proposal properties, from the RouterOS renderer."""
    radius = "lab-only-radius-1" if model["server"]["auth"] == "eap-mschapv2" else None
    entries = ikev2_routeros.render(model, ROUTEROS_VERSION, pki, radius)["entries"]
    profile, = [e["properties"] for e in entries if e["path"] == "/ip ipsec profile"]
    proposal, = [e["properties"] for e in entries if e["path"] == "/ip ipsec proposal"]
    return profile, proposal


def routeros_to_strongswan(profile, proposal):
    enc = ROS_ENC[profile["enc-algorithm"]]
    mac = ("prf" if "gcm" in enc else "") + profile["hash-algorithm"]
    ike = "-".join((enc, mac, ROS_DH[profile["dh-group"]]))
    esp_enc = ROS_ENC[proposal["enc-algorithms"]]
    parts = [esp_enc] + ([] if "gcm" in esp_enc else [proposal["auth-algorithms"]])
    parts += [] if proposal["pfs-group"] == "none" else [ROS_DH[proposal["pfs-group"]]]
    return ike, "-".join(parts)


def apple_to_strongswan(data):
    ike = [p for p in plistlib.loads(data)["PayloadContent"] if p["PayloadType"] == "com.apple.vpn.managed"][0]["IKEv2"]

    def words(params, ike_sa, pfs):
        enc = APPLE[params["EncryptionAlgorithm"]]
        parts = [enc]
        if "IntegrityAlgorithm" in params:
            parts.append(("prf" if "gcm" in enc else "") + APPLE[params["IntegrityAlgorithm"]])
        if ike_sa or pfs:
            parts.append(DH_NAMES[params["DiffieHellmanGroup"]])
        return "-".join(parts)
    return (words(ike["IKESecurityAssociationParameters"], True, False),
            words(ike["ChildSecurityAssociationParameters"], False, ike["EnablePFS"] == 1))


def windows_to_strongswan(script):
    line = [x for x in script.splitlines() if x.startswith("Set-VpnConnectionIPsecConfiguration")][0]
    args = dict(re.findall(r"-(\w+) (\S+)", line))
    enc = WINDOWS[args["EncryptionMethod"]]
    ike = "-".join((enc, ("prf" if "gcm" in enc else "") + WINDOWS[args["IntegrityCheckMethod"]],
                    WINDOWS[args["DHGroup"]]))
    cipher = WINDOWS[args["CipherTransformConstants"]]
    esp = [cipher] + ([] if "gcm" in cipher else [WINDOWS[args["AuthenticationTransformConstants"]]])
    esp += [] if args["PfsGroup"] == "None" else [WINDOWS[args["PfsGroup"]]]
    return ike, "-".join(esp)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    gaps = missing()
    assert not gaps, "needs %s (Debian packages %s; `make setup` installs them)" % (gaps, " ".join(PACKAGES))
    running = Pair(tmp_path_factory.mktemp("ike"))
    try:
        running.start()
        yield running
    finally:
        running.close()


def _pem(der):
    return ssl.DER_cert_to_PEM_cert(der)


def build(tmp_path, auth="certificate", systems=("apple", "windows", "android"), **server):
    cfg = dict(SERVER, auth=auth, **server)
    users = [{"name": "alice", "os": list(systems)}]
    if auth == "eap-mschapv2":
        users[0]["password"] = EAP_PASSWORD
    model = normalize(cfg, users)
    pki = ensure(str(tmp_path / "pki"), model)
    user = pki["users"].get("alice", {})
    files = render_profiles(model, model["users"][0], pki["ca_pem"], user.get("cert_pem"), user.get("key_pem"),
                            user.get("passphrase"))
    return model, pki, files


def load_responder(pair, model, pki, crl_pem=None, server=None):
    """The router: server certificate, client CA (and CRL), pool, the RouterOS algorithms in strongSwan words."""
    base = pair.responder.base
    cert_pem, key_pem = server or (pki["server"]["cert_pem"], pki["server"]["key_pem"])
    (base / "x509" / "server.pem").write_text(cert_pem)
    (base / "private" / "server.pem").write_text(key_pem)
    (base / "x509ca" / "ca.pem").write_text(pki["ca_pem"])
    for old in (base / "x509crl").iterdir():
        old.unlink()
    if crl_pem:
        (base / "x509crl" / "crl.pem").write_text(crl_pem)
    ike, esp = routeros_to_strongswan(*routeros_side(model, pki))
    auth = model["server"]["auth"]
    local, remote, secrets = RESPONDER_AUTH[auth]
    secret = EAP_PASSWORD if auth == "eap-mschapv2" else model["server"].get("psk")
    pair.responder.load(RESPONDER % {"ike": ike, "esp": esp, "local": local, "remote": remote,
                                     "secrets": secrets % {"secret": secret, "id": model["server"]["remote_id"]},
                                     "id": model["server"]["remote_id"], "pool": model["server"]["pool"]})
    return ike, esp


RESPONDER_AUTH = {
    "certificate": ("auth = pubkey\n      certs = server.pem", "auth = pubkey\n      cacerts = ca.pem", ""),
    "eap-mschapv2": ("auth = pubkey\n      certs = server.pem", "auth = eap-mschapv2\n      eap_id = %any",
                     'eap-alice {\n    id = alice\n    secret = "%(secret)s"\n  }'),
    "psk": ("auth = psk", "auth = psk",
            'ike-all {\n    id-1 = %(id)s\n    id-2 = alice\n    secret = "%(secret)s"\n  }'),
}
RESPONDER = """connections {
  rw {
    version = 2
    local_addrs = 127.0.0.1
    proposals = %(ike)s
    pools = rw-pool
    send_cert = always
    local {
      %(local)s
      id = %(id)s
    }
    remote {
      %(remote)s
    }
    children {
      rw {
        local_ts = 0.0.0.0/0
        esp_proposals = %(esp)s
      }
    }
  }
}
pools {
  rw-pool {
    addrs = %(pool)s
  }
}
secrets {
  %(secrets)s
}
"""

# The phone asks for an address (vips = 0.0.0.0: mode-config); charon cannot put the address it gets on
# the namespace's loopback, so its side of the traffic selectors is the pool, which the router's answer
# (the one address it assigned) narrows. Its other side is a LAN behind the router (as a split-include
# gives): a 0.0.0.0/0 route through the TUN device would need an exclude route for the peer, which
# the loopback cannot carry.
INITIATOR = """connections {
  phone {
    version = 2
    local_addrs = 127.0.0.2
    remote_addrs = 127.0.0.1
    vips = 0.0.0.0
    proposals = %(ike)s
    local {
      %(local)s
    }
    remote {
      %(remote)s
      id = %(remote_id)s
    }
    children {
      phone {
        local_ts = %(pool)s
        remote_ts = 192.168.88.0/24
        esp_proposals = %(esp)s
      }
      pfs {
        local_ts = %(pool)s
        remote_ts = 192.168.89.0/24
        esp_proposals = %(esp)s
      }
    }
  }
}
secrets {
  %(secrets)s
}
"""


def load_initiator(pair, ike, esp, profile, secret, pool=SERVER["pool"]):
    """The phone: identities, CA and credential of a profile in .sswan form, the given proposals.

    profile: {"remote": {"id", "cert" (base64 CA)}, "local": {"id", "p12"} | {"eap_id"} | {"id", "psk"}};
    secret: the .p12 passphrase, or None."""
    base = pair.initiator.base
    for old in (base / "pkcs12").iterdir():
        old.unlink()
    remote = "auth = pubkey\n      cacerts = ca.pem"
    if profile["remote"].get("cert"):
        (base / "x509ca" / "ca.pem").write_text(_pem(base64.b64decode(profile["remote"]["cert"])))
    local = profile["local"]
    if "p12" in local:
        (base / "pkcs12" / "alice.p12").write_bytes(base64.b64decode(local["p12"]))
        auth = "auth = pubkey\n      id = %s" % local["id"]
        secrets = 'pkcs12-alice {\n    file = alice.p12\n    secret = "%s"\n  }' % secret
    elif "psk" in local:
        auth, remote = "auth = psk\n      id = %s" % local["id"], "auth = psk"
        secrets = 'ike-all {\n    id-1 = %s\n    id-2 = %s\n    secret = "%s"\n  }' % (
            local["id"], profile["remote"]["id"], local["psk"])
    else:
        auth = "auth = eap-mschapv2\n      eap_id = %s" % local["eap_id"]
        secrets = 'eap-alice {\n    id = %s\n    secret = "%s"\n  }' % (local["eap_id"], EAP_PASSWORD)
    pair.initiator.load(INITIATOR % {"ike": ike, "esp": esp, "local": auth, "secrets": secrets, "remote": remote,
                                     "remote_id": profile["remote"]["id"], "pool": pool})


def negotiate(pair, child="phone"):
    code, out = pair.initiator.swanctl("--initiate", "--child", child, "--timeout", "30", "--loglevel", "1")
    return code, out


def terminate(pair):
    pair.initiator.swanctl("--terminate", "--ike", "phone", "--timeout", "10")


def selected(text):
    return re.findall(r"selected proposal: (\S+)", text)


def test_sswan_certificate_profile_negotiates_with_the_router(pair, tmp_path):
    model, pki, files = build(tmp_path)
    sswan = json.loads(files["alice.sswan"])
    router = load_responder(pair, model, pki)
    assert router == (sswan["ike-proposal"], sswan["esp-proposal"]) == ("aes256-sha256-modp2048",) * 2
    load_initiator(pair, sswan["ike-proposal"], sswan["esp-proposal"], sswan, pki["users"]["alice"]["passphrase"])
    try:
        code, out = negotiate(pair)
        assert code == 0, out
        assert selected(out) == ["IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
                                 "ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ"]
        assert re.search(r"IKE_SA phone\[\d+\] established between 127\.0\.0\.2\[alice\]\.\.\."
                         r"127\.0\.0\.1\[vpn\.lab\.example\]", out), out
        assert re.search(r"CHILD_SA phone\{\d+\} established with SPIs \w+_i \w+_o and TS 192\.168\.90\.\d+/32 "
                         r"=== 192\.168\.88\.0/24", out), out
        assert re.search(r"CHILD_SA phone\{\d+\} established", out), out
        # a second CHILD_SA goes through CREATE_CHILD_SA with a key exchange: the PFS group is chosen there
        code, out = negotiate(pair, "pfs")
        assert code == 0, out
        assert selected(out) == ["ESP:AES_CBC_256/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ"]
    finally:
        terminate(pair)
    responder = pair.responder.read_log()
    assert "authentication of 'alice' with RSA" in responder and "PKCS#12" not in responder


def test_apple_profile_sha512_ecp_gcm_parameters_negotiate(pair, tmp_path):
    """RouterOS IKE profiles have no GCM (the renderer refuses it); ESP may use it."""
    model, pki, files = build(tmp_path, systems=("apple", "android"),   # Windows has no SHA-512
                              ike={"encryption": "aes-128-cbc", "integrity": "sha512", "dh_group": 20},
                              esp={"encryption": "aes-128-gcm", "pfs_group": 19})
    ike, esp = apple_to_strongswan(files["alice.mobileconfig"])
    assert load_responder(pair, model, pki) == (ike, esp) == ("aes128-sha512-ecp384", "aes128gcm16-ecp256")
    load_initiator(pair, ike, esp, json.loads(files["alice.sswan"]), pki["users"]["alice"]["passphrase"])
    try:
        code, out = negotiate(pair)
        assert code == 0, out
        assert selected(out) == ["IKE:AES_CBC_128/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_384",
                                 "ESP:AES_GCM_16_128/NO_EXT_SEQ"]
        code, out = negotiate(pair, "pfs")
        assert selected(out) == ["ESP:AES_GCM_16_128/ECP_256/NO_EXT_SEQ"], out
    finally:
        terminate(pair)


def test_windows_custom_policy_and_eap_mschapv2(pair, tmp_path):
    model, pki, files = build(tmp_path, auth="eap-mschapv2")
    ike, esp = windows_to_strongswan(files["alice-windows.ps1"].decode())
    assert load_responder(pair, model, pki) == (ike, esp)
    load_initiator(pair, ike, esp, json.loads(files["alice.sswan"]), None)
    try:
        code, out = negotiate(pair)
        assert code == 0, out
        assert selected(out) == ["IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
                                 "ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ"]
        assert "EAP method EAP_MSCHAPV2 succeeded" in out, out
    finally:
        terminate(pair)


def test_windows_default_like_proposals_get_no_proposal_chosen(pair, tmp_path):
    model, pki, files = build(tmp_path)
    load_responder(pair, model, pki)
    load_initiator(pair, WINDOWS_DEFAULT_LIKE[0], WINDOWS_DEFAULT_LIKE[1], json.loads(files["alice.sswan"]),
                   pki["users"]["alice"]["passphrase"])
    code, out = negotiate(pair)
    assert code != 0
    assert "received NO_PROPOSAL_CHOSEN notify error" in out, out
    assert "established" not in out
    responder = pair.responder.read_log()
    assert "received proposals: IKE:3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024" in responder
    assert "received proposals unacceptable" in responder


def test_apple_psk_profile_negotiates(pair, tmp_path):
    """PSK mode (with its warning): the Apple profile's identifiers and SharedSecret authenticate."""
    model, pki, files = build(tmp_path, auth="psk", psk="lab-only-psk-0123456789abc")
    assert "alice-WARNING.txt" in files
    ike = [p for p in plistlib.loads(files["alice.mobileconfig"])["PayloadContent"]
           if p["PayloadType"] == "com.apple.vpn.managed"][0]["IKEv2"]
    proposals = apple_to_strongswan(files["alice.mobileconfig"])
    assert load_responder(pair, model, pki) == proposals
    profile = {"remote": {"id": ike["RemoteIdentifier"]},
               "local": {"id": ike["LocalIdentifier"], "psk": ike["SharedSecret"]}}
    load_initiator(pair, proposals[0], proposals[1], profile, None)
    try:
        code, out = negotiate(pair)
        assert code == 0, out
        assert "authentication of 'vpn.lab.example' with pre-shared key successful" in out, out
        assert re.search(r"CHILD_SA phone\{\d+\} established", out), out
    finally:
        terminate(pair)


def test_revoked_user_profile_is_refused_by_the_crl(pair, tmp_path):
    """pki.py revokes alice's certificate; the router holding its CRL refuses her old profile."""
    model, pki, files = build(tmp_path)
    sswan = json.loads(files["alice.sswan"])
    passphrase = pki["users"]["alice"]["passphrase"]
    revoked = normalize(dict(SERVER), [{"name": "alice", "state": "revoked"}])
    after = ensure(str(tmp_path / "pki"), revoked)
    assert after["ca_pem"] == pki["ca_pem"] and pki["users"]["alice"]["serial"] in [r["serial"] for r in after["revoked"]]
    load_responder(pair, model, pki, crl_pem=after["crl_pem"])
    load_initiator(pair, sswan["ike-proposal"], sswan["esp-proposal"], sswan, passphrase)
    code, out = negotiate(pair)
    terminate(pair)
    assert code != 0
    assert "received AUTHENTICATION_FAILED notify error" in out, out
    responder = pair.responder.read_log()
    assert 'certificate was revoked on' in responder, responder[-3000:]


def test_server_certificate_without_the_dialled_name_in_its_san_is_refused(pair, tmp_path):
    """The client checks the name it dials against the server certificate's SAN (a CN alone is not enough)."""
    model, pki, files = build(tmp_path)
    ca_cert = x509.load_pem_x509_certificate(pki["ca_pem"].encode())
    ca_key = serialization.load_pem_private_key((tmp_path / "pki" / "ca.key.pem").read_bytes(), None)
    wrong = make_leaf((ca_cert, ca_key), "vpn.lab.example", [x509.DNSName("router.lab.example")],
                      [ExtendedKeyUsageOID.SERVER_AUTH, IKE_INTERMEDIATE])
    load_responder(pair, model, pki, server=wrong)
    sswan = json.loads(files["alice.sswan"])
    load_initiator(pair, sswan["ike-proposal"], sswan["esp-proposal"], sswan, pki["users"]["alice"]["passphrase"])
    code, out = negotiate(pair)
    terminate(pair)
    assert code != 0
    assert "no trusted RSA public key found for 'vpn.lab.example'" in out, out
