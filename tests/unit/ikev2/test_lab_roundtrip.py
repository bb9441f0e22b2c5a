"""The IKEv2 renderer, the certificate step and the RouterOS engine against the lab, in process (no SSH).

Per family: 6.44-6.49 and 7.x converge and a second run sends nothing; a client with the
profile's parameters connects (lab_ikev2_connect) and shows in active-peers; revocation stops it.
"""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import certstore, pki
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import routeros as ikev2_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.apply import apply
from lab.devices.routeros import RouterOSDevice, RouterOSSession

SERVER = {"fqdn": "vpn.lab.example", "pool": "192.168.77.0/24", "dns": ["192.168.88.1"]}
VERSIONS = {"6.44-6.49": "6.49.10", "7.x": "7.16.2"}


def _session(version, **spec):
    device = RouterOSDevice("r1", dict({"lab_version": version, "username": "admin", "password": "admin"}, **spec))
    session = RouterOSSession(device, lambda text: None, lambda: None, 0)
    return device, session


def _wanted(model, data):
    names = ikev2_routeros.cert_names(model, data)
    wanted = [{"name": names["ca"], "pem": data["ca_pem"], "fingerprint": data["ca_fingerprint"], "trusted": True},
              {"name": names["server"], "pem": data["server"]["cert_pem"], "key_pem": data["server"]["key_pem"],
               "fingerprint": data["server"]["fingerprint"]}]
    wanted += [{"name": names["users"][u], "pem": d["cert_pem"], "fingerprint": d["fingerprint"]}
               for u, d in sorted(data["users"].items())]
    return wanted, names


def converge(session, model, data, version, radius_secret=None):
    """One role run: certificates in, entries applied, stale certificates pruned; the lines sent."""
    wanted, names = _wanted(model, data)
    keep = [w["name"] for w in wanted]
    first = certstore.run(session.execute, wanted)
    assert not first["failed"], first
    plan = ikev2_routeros.render(model, version, data, radius_secret)
    out = apply(plan["entries"], session.execute)
    prune = certstore.run(session.execute, prune_prefix=model["server"]["name"], keep=keep)
    assert not prune["failed"], prune
    return first["commands"] + out["commands"] + prune["commands"]


def _client(model, data, user):
    server = model["server"]
    return {"user": user, "remote_id": server["remote_id"], "ike": server["ike"], "esp": server["esp"],
            "ca_pem": data["ca_pem"], "cert_pem": data["users"][user]["cert_pem"]}


@pytest.mark.parametrize("fam", sorted(VERSIONS))
def test_converge_idempotent_connect_revoke(tmp_path, fam):
    version = VERSIONS[fam]
    device, session = _session(version, lab_fasttrack=True)
    model = normalize(SERVER, [{"name": "alice"}, {"name": "bob"}])
    data = pki.ensure(str(tmp_path), model)
    sent = converge(session, model, data, version)
    assert any(line.startswith("/certificate import") for line in sent)
    assert converge(session, model, data, version) == []
    client = _client(model, data, "alice")
    assert device.lab_ikev2_connect(**client) == {"ok": True, "address": "192.168.77.1"}
    peers = session.execute("/ip ipsec active-peers print detail")
    assert "198.51.100.40" in peers and "side=responder" in peers
    # the key went in, and no private key text was shown
    assert not any("PRIVATE KEY" in line for line in sent)
    revoked = normalize(SERVER, [{"name": "alice", "state": "revoked"}, {"name": "bob"}])
    data2 = pki.ensure(str(tmp_path), revoked)
    sent = converge(session, revoked, data2, version)
    assert any(l.startswith("/ip ipsec identity remove") for l in sent)
    assert any(l.startswith("/certificate remove") and "-u-alice-" in l for l in sent)
    assert "198.51.100.40" not in session.execute("/ip ipsec active-peers print detail")
    assert device.lab_ikev2_connect(**client)["ok"] is False
    assert device.lab_ikev2_connect(**_client(revoked, data2, "bob"))["ok"] is True
    assert converge(session, revoked, data2, version) == []


def test_wrong_proposal_is_refused_by_the_lab(tmp_path):
    device, session = _session("7.16.2")
    model = normalize(SERVER, [{"name": "alice"}])
    data = pki.ensure(str(tmp_path), model)
    converge(session, model, data, "7.16.2")
    client = _client(model, data, "alice")
    client["ike"] = dict(client["ike"], dh_group=2)     # Windows' default DH group 2
    assert device.lab_ikev2_connect(**client) == {"ok": False, "reason": "no suitable proposal found"}
    client = _client(model, data, "alice")
    client["remote_id"] = "other.lab.example"
    assert device.lab_ikev2_connect(**client)["ok"] is False


def test_eap_on_7(tmp_path):
    device, session = _session("7.16.2")
    server = dict(SERVER, auth="eap-mschapv2")
    model = normalize(server, [{"name": "carol@lab.example", "password": "carol-pass-1"}])
    data = pki.ensure(str(tmp_path), model)
    sent = converge(session, model, data, "7.16.2", radius_secret="lab-radius-secret-0123")
    assert not any("carol-pass-1" in line or "lab-radius-secret-0123" in line for line in sent)
    assert converge(session, model, data, "7.16.2", radius_secret="lab-radius-secret-0123") == []
    client = {"user": "carol@lab.example", "remote_id": "vpn.lab.example", "ike": model["server"]["ike"],
              "esp": model["server"]["esp"], "ca_pem": data["ca_pem"], "eap_user": "carol@lab.example",
              "eap_password": "carol-pass-1"}
    assert device.lab_ikev2_connect(**client)["ok"] is True
    assert device.lab_ikev2_connect(**dict(client, eap_password="wrong-pass"))["ok"] is False
    revoked = normalize(server, [{"name": "carol@lab.example", "state": "revoked"}])
    converge(session, revoked, data, "7.16.2", radius_secret="lab-radius-secret-0123")
    assert device.lab_ikev2_connect(**client)["ok"] is False
