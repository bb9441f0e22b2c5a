"""mikrotik_ikev2_mobile and l2tp_to_ikev2 against the lab's RouterOS 6.42 / 6.43 / 6.49 / 7.16 through
the real network_cli + community.routeros stack.

A client "connects" through the lab hook lab_ikev2_connect with the values read back from the generated
Apple profile (proposals, remote identifier, the PKCS#12 identity opened with the user's passphrase, the
CA): the router's configuration decides (lab/fabric_ikev2.py).  Lab-only values throughout
(inventories/lab/group_vars/all/ikev2.yml and l2tp.yml).
"""
import json
import os
import plistlib
import re
import stat

import yaml
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "ikev2_mobile.yml")
MIGRATE = os.path.join(ROOT, "playbooks", "l2tp_to_ikev2.yml")
L2TP = os.path.join(ROOT, "playbooks", "l2tp_mobile.yml")
SERVED = ["branch-ros64", "branch-ros7"]
REFUSED = ["branch-ros6", "branch-ros643"]
ROLE = "pfne.netops.mikrotik_ikev2_mobile : "
REFUSE = ROLE + "Refuse a release without IKEv2 road-warrior support, before any change"
READ_RE = re.compile(r"^/[a-z0-9 -]+ print\b")
ADDRESS = {"branch-ros64": "127.0.2.2", "branch-ros7": "127.0.2.3"}     # inventories/lab/hosts.yml
CLIENT = "198.51.100.40"                  # where lab/fabric_ikev2.py says a road warrior comes from
# Apple's names back to the model's (plugin_utils/ikev2/profiles/proposals.py writes them)
APPLE_ENC = {"AES-256": "aes-256-cbc", "AES-128": "aes-128-cbc", "AES-256-GCM": "aes-256-gcm",
             "AES-128-GCM": "aes-128-gcm"}
APPLE_INT = {"SHA2-256": "sha256", "SHA2-384": "sha384", "SHA2-512": "sha512", "SHA1-96": "sha1"}


def _config_lines(lab, host):
    """Configuration lines the playbook typed (reads and network_cli's set-up excluded)."""
    return [line.strip() for line in lab.control.log(host)
            if line.strip().startswith(("/", ":")) and not READ_RE.match(line.strip())]


def _clear(lab, hosts):
    for host in hosts:
        lab.control.request("clear_log", device=host)


def _inventory(tmp_path, name, hosts):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"routeros": {"hosts": hosts}}, sort_keys=False))
    return str(path)


def _client_from_profile(art, host, user):
    """What the user's iPhone would use, read from the files the role wrote."""
    clients = os.path.join(art, "ikev2", host, "clients")
    profile = plistlib.loads(open(os.path.join(clients, "%s.mobileconfig" % user), "rb").read())
    payloads = {p["PayloadType"]: p for p in profile["PayloadContent"]}
    vpn = payloads["com.apple.vpn.managed"]["IKEv2"]
    cert = None
    if "com.apple.security.pkcs12" in payloads:       # certificate users; EAP users have none
        passphrase = open(os.path.join(art, "ikev2", host, "pki", "users", "%s.passphrase" % user)).read().strip()
        _key, cert, _chain = pkcs12.load_key_and_certificates(payloads["com.apple.security.pkcs12"]["PayloadContent"],
                                                              passphrase.encode())
    ike, child = vpn["IKESecurityAssociationParameters"], vpn["ChildSecurityAssociationParameters"]
    return {"user": user, "remote_id": vpn["RemoteIdentifier"],
            "ike": {"encryption": APPLE_ENC[ike["EncryptionAlgorithm"]], "integrity": APPLE_INT[ike["IntegrityAlgorithm"]],
                    "dh_group": ike["DiffieHellmanGroup"]},
            "esp": {"encryption": APPLE_ENC[child["EncryptionAlgorithm"]],
                    "integrity": APPLE_INT[child["IntegrityAlgorithm"]],
                    "pfs_group": child["DiffieHellmanGroup"] if vpn["EnablePFS"] else None},
            "ca_pem": open(os.path.join(clients, "%s-ca.crt" % user)).read(),
            "cert_pem": cert.public_bytes(Encoding.PEM).decode("ascii") if cert else None}


def _files(folder):
    """{relative path: bytes} of every file below ``folder`` (a rewritten .p12 differs: random salts)."""
    found = {}
    for top, _dirs, names in os.walk(folder):
        for name in names:
            with open(os.path.join(top, name), "rb") as handle:
                found[os.path.relpath(os.path.join(top, name), folder)] = handle.read()
    return found


def _active_peers(lab, host):
    """`/ip ipsec active-peers print` typed on the router, as an admin would check it."""
    return lab.type_by_hand(ADDRESS[host], "/ip ipsec active-peers print")


def _ok(result):
    assert result.rc == 0, result
    return result


def test_every_family_converges_or_is_refused(lab, fresh, tmp_path):
    hosts = SERVED + REFUSED
    fresh(*hosts)
    art = str(tmp_path / "art")
    run = lab.playbook(PLAYBOOK, limit=",".join(hosts), extra_vars={"pfne_artifacts_dir": art})
    assert run.rc != 0          # the two old releases fail, on purpose
    for host, release in zip(REFUSED, ("RouterOS 6.42.7 (family 6.24-6.42)", "RouterOS 6.43.16 (family 6.43.x)")):
        msg = run.result(REFUSE, host)["msg"]
        assert release + " has no /ip ipsec identity menu (introduced in 6.44" in msg and "nothing was sent" in msg
        # the router heard only the reads of its version (pre-flight, then the role): no other line at all
        assert lab.control.log(host) and all(READ_RE.match(l.strip()) for l in lab.control.log(host))
    for host in SERVED:
        lines = _config_lines(lab, host)
        assert any(l.startswith("/certificate import") for l in lines)
        assert any(l.startswith("/ip ipsec peer add") and "exchange-mode=ike2" in l for l in lines)
        assert not any("PRIVATE KEY" in l for l in run.stdout.splitlines())
        pki_dir = os.path.join(art, "ikev2", host, "pki")
        assert stat.S_IMODE(os.stat(pki_dir).st_mode) == 0o700
        for name in os.listdir(os.path.join(art, "ikev2", host, "clients")):
            assert stat.S_IMODE(os.stat(os.path.join(art, "ikev2", host, "clients", name)).st_mode) == 0o600
        for user in ("carol", "dave"):
            passphrase = open(os.path.join(pki_dir, "users", user + ".passphrase")).read().strip()
            assert passphrase not in run.stdout and passphrase not in run.stderr
    # a second run types no configuration line, and the profiles' parameters get a client in
    _clear(lab, hosts)
    written = _files(os.path.join(art, "ikev2"))
    _ok(lab.playbook(PLAYBOOK, limit=",".join(SERVED), extra_vars={"pfne_artifacts_dir": art}))
    assert _files(os.path.join(art, "ikev2")) == written    # no certificate, .p12 or profile rewritten
    for host in SERVED:
        assert _config_lines(lab, host) == []
        answer = lab.control.call(host, "ikev2_connect", **_client_from_profile(art, host, "carol"))
        assert answer == {"ok": True, "address": "192.168.77.1"}
        # Windows' weak defaults (DH group 2) are what the router does not take: the profile sets them
        weak = dict(_client_from_profile(art, host, "carol"))
        weak["ike"] = dict(weak["ike"], dh_group=2)
        assert lab.control.call(host, "ikev2_connect", **weak)["ok"] is False


def test_revoke_and_remove(lab, fresh, tmp_path):
    host = "branch-ros7"
    fresh(host)
    art = str(tmp_path / "art")
    _ok(lab.playbook(PLAYBOOK, limit=host, extra_vars={"pfne_artifacts_dir": art}))
    carol = _client_from_profile(art, host, "carol")
    before = os.listdir(os.path.join(art, "ikev2", host, "clients"))
    assert lab.control.call(host, "ikev2_connect", **carol)["ok"] is True
    assert CLIENT in _active_peers(lab, host)
    changed = _inventory(tmp_path, "revoke.yml", {host: {"mikrotik_ikev2_mobile_users": [
        {"name": "carol", "state": "revoked"}, {"name": "dave", "state": "absent"}]}})
    _clear(lab, [host])
    _ok(lab.playbook(PLAYBOOK, "-i", changed, limit=host, extra_vars={"pfne_artifacts_dir": art}))
    lines = _config_lines(lab, host)
    assert sum(l.startswith("/ip ipsec identity remove") for l in lines) == 2
    assert sum(l.startswith("/certificate remove") for l in lines) == 2
    # the revoked certificate cannot connect again, and is no longer shown connected
    assert lab.control.call(host, "ikev2_connect", **carol) == {"ok": False, "reason": "identity not found"}
    assert CLIENT not in _active_peers(lab, host)
    tables = lab.control.state(host)["tables"]
    assert not [r for r in tables.get("/ip ipsec identity", []) if "pfne:ikev2" in r.get("comment", "")]
    revoked = json.load(open(os.path.join(art, "ikev2", host, "pki", "revoked.json")))
    assert sorted(r["name"] for r in revoked) == ["carol", "dave"]
    assert os.listdir(os.path.join(art, "ikev2", host, "clients")) == [".pfne-profiles.json"]
    assert "carol.mobileconfig" in before
    _clear(lab, [host])
    _ok(lab.playbook(PLAYBOOK, "-i", changed, limit=host, extra_vars={"pfne_artifacts_dir": art}))
    assert _config_lines(lab, host) == []
    # carol comes back: a new certificate and profile; the revoked one she kept still cannot connect
    back = _inventory(tmp_path, "back.yml", {host: {"mikrotik_ikev2_mobile_users": [{"name": "carol"}]}})
    _ok(lab.playbook(PLAYBOOK, "-i", back, limit=host, extra_vars={"pfne_artifacts_dir": art}))
    renewed = _client_from_profile(art, host, "carol")
    assert renewed["cert_pem"] != carol["cert_pem"]
    assert lab.control.call(host, "ikev2_connect", **carol) == {"ok": False, "reason": "identity not found"}
    assert lab.control.call(host, "ikev2_connect", **renewed)["ok"] is True


def test_eap_on_7_refused_on_6_49(lab, fresh, tmp_path):
    """EAP-MSCHAPv2 through User Manager: RouterOS 7 converges (second run silent) and lets the user in
    with the proposals of her profile and her password; 6.49 is refused before any configuration line."""
    fresh(*SERVED)
    art = str(tmp_path / "art")
    eap = {"mikrotik_ikev2_mobile_auth": "eap-mschapv2", "mikrotik_ikev2_mobile_users": [
        {"name": "erin", "password": "lab-only-erin-eap-1", "os": ["apple", "windows"]}]}
    inv = _inventory(tmp_path, "eap.yml", {h: eap for h in SERVED})
    run = lab.playbook(PLAYBOOK, "-i", inv, limit=",".join(SERVED), extra_vars={"pfne_artifacts_dir": art})
    assert run.rc != 0
    msg = run.result(REFUSE, "branch-ros64")["msg"]
    assert msg.startswith("mikrotik_ikev2_mobile_auth: eap-mschapv2 is served on RouterOS 7 only")
    assert "RouterOS 6.49.10 (family 6.44-6.49) has the 6.x User Manager package without EAP" in msg
    assert all(READ_RE.match(l.strip()) for l in lab.control.log("branch-ros64"))
    lines = _config_lines(lab, "branch-ros7")
    assert any(l.startswith("/user-manager user add") for l in lines)
    assert "lab-only-erin-eap-1" not in run.stdout and "lab-only-erin-eap-1" not in run.stderr   # the router has it
    _clear(lab, SERVED)
    _ok(lab.playbook(PLAYBOOK, "-i", inv, limit="branch-ros7", extra_vars={"pfne_artifacts_dir": art}))
    assert _config_lines(lab, "branch-ros7") == []
    erin = dict(_client_from_profile(art, "branch-ros7", "erin"), eap_user="erin", eap_password="lab-only-erin-eap-1")
    assert lab.control.call("branch-ros7", "ikev2_connect", **erin) == {"ok": True, "address": "192.168.77.1"}
    assert lab.control.call("branch-ros7", "ikev2_connect", **dict(erin, eap_password="wrong-pass-1"))["ok"] is False


def test_l2tp_and_ikev2_side_by_side(lab, fresh, tmp_path):
    fresh(*SERVED)
    art = str(tmp_path / "art")
    ev = {"pfne_artifacts_dir": art}
    _ok(lab.playbook(L2TP, limit=",".join(SERVED), extra_vars=ev))
    _ok(lab.playbook(PLAYBOOK, limit=",".join(SERVED), extra_vars=ev))
    _clear(lab, SERVED)
    _ok(lab.playbook(L2TP, limit=",".join(SERVED), extra_vars=ev))
    _ok(lab.playbook(PLAYBOOK, limit=",".join(SERVED), extra_vars=ev))
    for host in SERVED:
        assert _config_lines(lab, host) == []      # neither role undid the other
        assert lab.control.call(host, "ikev2_connect", **_client_from_profile(art, host, "carol"))["ok"] is True
        names = [r["name"] for r in lab.control.state(host)["tables"]["/ppp secret"]]
        assert names == ["alice", "bob"]
        # both kinds of client are on at once: the L2TP one in /ppp active, the IKEv2 one in active-peers
        assert "alice" in lab.type_by_hand(ADDRESS[host], "/ppp active print")
        assert CLIENT in _active_peers(lab, host)


def test_migration_moves_one_user_and_reports_the_rest(lab, fresh, tmp_path):
    host = "branch-ros7"
    fresh(host)
    art = str(tmp_path / "art")
    ev = {"pfne_artifacts_dir": art}
    _ok(lab.playbook(L2TP, limit=host, extra_vars=ev))
    moved = lab.playbook(MIGRATE, limit=host, extra_vars=dict(ev, pfne_migrate_users=["alice"]))
    _ok(moved)
    tables = lab.control.state(host)["tables"]
    assert [r["name"] for r in tables["/ppp secret"]] == ["bob"]
    identities = [r.get("comment", "") for r in tables["/ip ipsec identity"]]
    assert "pfne:ikev2:pfne-ikev2:user:alice" in identities
    assert lab.control.call(host, "ikev2_connect", **_client_from_profile(art, host, "alice"))["ok"] is True
    report = open(os.path.join(art, "ikev2", host, "l2tp_migration.txt")).read()
    assert "moved to IKEv2: alice" in report and "still on L2TP (1): bob" in report
    assert "lab-only-alice-pass1" not in report and "lab-only-alice-pass1" not in moved.stdout
    assert any("still on L2TP: bob" in line for line in moved.stdout.splitlines())


def test_unknown_name_refused_before_any_device(lab, fresh, tmp_path):
    host = "branch-ros7"
    fresh(host)
    run = lab.playbook(MIGRATE, limit=host, extra_vars={"pfne_artifacts_dir": str(tmp_path / "art"),
                                                         "pfne_migrate_users": ["mallory"]})
    assert run.rc != 0
    assert "pfne_migrate_users[0]: 'mallory' is not in mikrotik_l2tp_mobile_users" in run.stdout
    assert [l for l in lab.control.log(host) if l.strip().startswith("/")] == []


def test_check_mode_sends_and_writes_nothing(lab, fresh, tmp_path):
    host = "branch-ros7"
    fresh(host)
    art = str(tmp_path / "art")
    run = _ok(lab.playbook(PLAYBOOK, limit=host, check=True, extra_vars={"pfne_artifacts_dir": art}))
    assert _config_lines(lab, host) == []
    assert _files(art) == {}                      # no CA, key, passphrase or profile written
    commands = run.result(ROLE + "Report the change (commands are masked)", host)["msg"]["commands"]
    assert any(c.startswith("/ip ipsec peer add") for c in commands)   # what would be sent is reported
    assert not [c for c in commands if "PRIVATE KEY" in c]     # certificates are public; keys are masked
    masked = [c for c in commands if c.endswith("contents=********")]     # the server's key, and only that
    assert len(masked) == 1 and masked[0].startswith("/file set pfne-ikev2-server"), masked
