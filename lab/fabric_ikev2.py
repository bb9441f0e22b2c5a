"""IKEv2 road-warrior clients against a lab RouterOS (6.44+): does a client with these settings get in?

A test calls the control hook ``lab_ikev2_connect(user=..., remote_id=..., ike={...}, esp={...},
cert_pem=..., ca_pem=..., eap_user=..., eap_password=..., psk=...)`` with the values it read from the
generated client profile; the router's configuration decides, step by step as a RouterOS responder
(help.mikrotik.com "IPsec": peers, identities, mode configs, policy templates; "Road Warrior setup
using IKEv2 with RSA authentication" and "... EAP-MSCHAPv2 ... User Manager (RouterOS v7)"):

1. an enabled passive peer with ``exchange-mode=ike2``;
2. its profile offers the client's IKE cipher, hash and DH group;
3. an identity takes the client: certificate - an enabled identity ``match-by=certificate`` whose
   ``remote-certificate`` is the client's certificate ("identity not found" otherwise); eap-mschapv2 -
   an ``eap-radius`` identity, a ``/radius`` entry for service ipsec whose secret is the User Manager
   router's shared secret, User Manager enabled, the user enabled with that password; psk - the
   identity's secret;
4. the client trusts the server: that identity's ``certificate`` holds a private key (K), chains to
   the client's CA and carries the dialled name in its subjectAltName;
5. the identity's mode-config gives an address from its pool;
6. the template policy of the identity's policy-template-group names a proposal that offers the
   client's ESP cipher, integrity and PFS group.
Connected clients are kept and re-checked at every print, so a revoked client disappears from
``active-peers`` / ``installed-sa`` (printed by lab/fabric_ipsec.py) and cannot connect again.
"""
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from lab.devices.routeros_pki_sim import store_entry

CLIENT_ADDRESS = "198.51.100.40"    # RFC 5737 documentation address
DH = {2: "modp1024", 14: "modp2048", 15: "modp3072", 16: "modp4096", 19: "ecp256", 20: "ecp384", 21: "ecp521"}
IKE_ENC = {"aes-256-cbc": "aes-256", "aes-128-cbc": "aes-128"}


def _rows(device, path):
    return [e for e in device.tables.get(path, []) if "X" not in e["flags"]]


def _named(device, path, name):
    return next((e["props"] for e in device.tables.get(path, []) if e["props"].get("name") == name), None)


def _listed(value, item):
    return item in (value or "").split(",")


def _ike_ok(device, peer, ike):
    profile = _named(device, "/ip ipsec profile", peer.get("profile", "default")) or {}
    return (_listed(profile.get("enc-algorithm", "aes-128,3des"), IKE_ENC.get(ike["encryption"]))
            and _listed(profile.get("hash-algorithm", "sha1"), ike["integrity"])
            and _listed(profile.get("dh-group", "modp2048,modp1024"), DH.get(ike["dh_group"])))


def _server_trusted(device, identity, remote_id, ca_pem):
    entry = store_entry(device, identity.get("certificate", ""))
    if entry is None or "K" not in entry["flags"] or not ca_pem:
        return False
    ca = x509.load_pem_x509_certificate(ca_pem.encode("ascii"))
    try:
        entry["cert"].verify_directly_issued_by(ca)
    except Exception:   # another issuer: the client refuses the server
        return False
    return remote_id in [s.split(":", 1)[1] for s in entry["props"]["subject-alt-name"].split(",") if s]


def _client_authenticated(device, identity, creds):
    method = identity.get("auth-method", "pre-shared-key")
    if method == "digital-signature" and creds.get("cert_pem"):
        entry = store_entry(device, identity.get("remote-certificate", ""))
        client = x509.load_pem_x509_certificate(creds["cert_pem"].encode("ascii"))
        return (identity.get("match-by") == "certificate" and entry is not None
                and entry["cert"].public_bytes(serialization.Encoding.DER)
                == client.public_bytes(serialization.Encoding.DER))
    if method == "eap-radius" and creds.get("eap_user"):
        return _user_manager_accepts(device, creds["eap_user"], creds.get("eap_password"))
    if method == "pre-shared-key" and creds.get("psk"):
        return identity.get("secret") == creds["psk"]
    return False


def _user_manager_accepts(device, user, password):
    if device.family != "7" or device.singleton("/user-manager").get("enabled") != "yes":
        return False
    shared = {r["props"].get("address"): r["props"].get("shared-secret") for r in _rows(device, "/user-manager router")}
    radius = [r["props"] for r in _rows(device, "/radius") if _listed(r["props"].get("service"), "ipsec")]
    if not any(shared.get(r.get("address")) == r.get("secret") and r.get("address") == "127.0.0.1" for r in radius):
        return False
    found = [u["props"] for u in _rows(device, "/user-manager user") if u["props"].get("name") == user]
    return bool(found) and found[0].get("password") == password


def _esp_ok(device, group, esp):
    for policy in _rows(device, "/ip ipsec policy"):
        props = policy["props"]
        if props.get("template") == "yes" and props.get("group", "default") == group:
            proposal = _named(device, "/ip ipsec proposal", props.get("proposal", "default")) or {}
            pfs = DH.get(esp.get("pfs_group")) if esp.get("pfs_group") else "none"
            return (_listed(proposal.get("enc-algorithms", "aes-256-cbc,aes-192-cbc,aes-128-cbc"), esp["encryption"])
                    and _listed(proposal.get("auth-algorithms", "sha1"), esp["integrity"])
                    and proposal.get("pfs-group", "modp1024") == pfs)
    return False


def _pool_address(device, mode_config, index):
    pool = _named(device, "/ip pool", (mode_config or {}).get("address-pool", ""))
    if not pool or not pool.get("ranges"):
        return None
    start, end = (ipaddress.ip_address(a) for a in pool["ranges"].split(",")[0].split("-"))
    address = start + index
    return str(address) if address <= end else None


def check(device, params, index=0):
    """(address, None) when the client gets in, else (None, the reason RouterOS would log)."""
    peers = [p["props"] for p in _rows(device, "/ip ipsec peer")
             if p["props"].get("exchange-mode") == "ike2" and p["props"].get("passive") == "yes"]
    if not peers:
        return None, "no ike2 peer"
    peer = next((p for p in peers if _ike_ok(device, p, params["ike"])), None)
    if peer is None:
        return None, "no suitable proposal found"
    identities = [i["props"] for i in _rows(device, "/ip ipsec identity") if i["props"].get("peer") == peer.get("name")]
    # the responder picks the identity for what the client sent, then proves itself with its certificate
    identity = next((i for i in identities if _client_authenticated(device, i, params)), None)
    if identity is None:
        return None, "identity not found" if params.get("cert_pem") else "authentication failed"
    if (params.get("cert_pem") or params.get("eap_user")) and \
            not _server_trusted(device, identity, params["remote_id"], params.get("ca_pem")):
        return None, "client: server certificate not trusted or name mismatch"
    address = _pool_address(device, _named(device, "/ip ipsec mode-config", identity.get("mode-config")), index)
    if address is None:
        return None, "no address from mode-config"
    if not _esp_ok(device, identity.get("policy-template-group", "default"), params["esp"]):
        return None, "no suitable proposal found (child SA)"
    return address, None


def connect(device, **params):
    """The control hook: try the client; on success it stays connected (re-checked at each print)."""
    if device.family not in ("6.44", "7"):
        return {"ok": False, "reason": "no ike2 road-warrior support in this lab family"}
    clients = getattr(device, "ikev2_clients", [])
    clients = [c for c in clients if c["user"] != params.get("user")]
    address, reason = check(device, params, len(clients))
    if address is None:
        device.ikev2_clients = clients
        return {"ok": False, "reason": reason}
    clients.append(dict(params, address=address, remote=params.get("client_address") or CLIENT_ADDRESS))
    device.ikev2_clients = clients
    return {"ok": True, "address": address}


def sessions(device):
    """Connected clients still allowed by the configuration, as fabric_ipsec's established rows."""
    rows, local = [], device.tables["/ip address"][0]["props"]["address"].split("/")[0]
    for index, client in enumerate(getattr(device, "ikev2_clients", [])):
        address, _reason = check(device, client, index)
        if address is None:
            continue
        enc = IKE_ENC.get(client["esp"]["encryption"], client["esp"]["encryption"])
        offer = {"local": local, "remote": client["remote"], "esp": (enc, client["esp"]["integrity"]),
                 "side": "responder"}
        rows.append((offer, {"kind": "client"}, [("0.0.0.0/0", address + "/32")]))
    return rows
