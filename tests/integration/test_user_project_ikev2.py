"""The IKEv2 role as a team uses it from its own repository (same set-up as test_user_project.py: the
collection built and installed through collections/requirements.yml into a project folder outside this
checkout, the project's own ansible.cfg, inventory and playbook at its root calling
``pfne.netops.mikrotik_ikev2_mobile``).

From there, against the lab's RouterOS 7: the CA, certificates and client profiles land in the project's
artifacts directory (ikev2/<host>/pki and ikev2/<host>/clients, folders 0700, files 0600), the profiles get
a client in, a second run types nothing and rewrites no profile, a user is removed; a typo'd role variable
and a bad user field are refused naming the field before the router hears a word; and the -vvv output of
the runs holds no passphrase, private key or pre-shared key."""
import json
import os
import plistlib
import stat

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from tests.integration.team_repo import BIN, new_team_repo, one_role_project, run
from tests.integration.test_ikev2_mobile import APPLE_ENC, APPLE_INT, _config_lines

PASSPHRASE = "fiona-own-phrase-27182818"   # this test's own values, not the lab inventory's
PSK = "team-ikev2-psk-1618033988749"
EAP_PASSWORD = "fiona-eap-pass-1414213"
FQDN = "vpn.team.example"
ROUTER = "branch-ros7"


def make_project(project, lab):
    """inventory/ (the lab router with its port, no lab_* vars) and ikev2.yml at the root."""
    one_role_project(project, lab, ROUTER, {
        "mikrotik_ikev2_mobile_fqdn": FQDN,
        "mikrotik_ikev2_mobile_pool": "10.77.0.0/24",
        "mikrotik_ikev2_mobile_dns": ["192.168.90.1"],
        "mikrotik_ikev2_mobile_users": [
            {"name": "fiona", "os": ["apple", "windows", "android"], "passphrase": PASSPHRASE},
            {"name": "gus", "os": ["android"]}]},
        "ikev2.yml", "Phones and laptops on IKEv2", "pfne.netops.mikrotik_ikev2_mobile")


@pytest.fixture(scope="module")
def project(tmp_path_factory, lab):
    repo = new_team_repo(tmp_path_factory.mktemp("user_project_ikev2"))
    make_project(repo, lab)
    return repo


def playbook(repo, *args, check=True):
    return run([os.path.join(BIN, "ansible-playbook"), "ikev2.yml"] + list(args), repo, check=check)


def _tree(path):
    """{relative path: (mode, bytes)} of every file, and {relative dir: mode} of every folder."""
    files, dirs = {}, {}
    for top, subdirs, names in os.walk(str(path)):
        dirs[os.path.relpath(top, str(path))] = stat.S_IMODE(os.stat(top).st_mode)
        for name in names:
            full = os.path.join(top, name)
            with open(full, "rb") as handle:
                files[os.path.relpath(full, str(path))] = (stat.S_IMODE(os.stat(full).st_mode), handle.read())
    return files, dirs


def _secrets_in(files):
    """Every passphrase and private-key line the run wrote on the controller (to look for in the output)."""
    found = [PASSPHRASE]
    for name, (_mode, content) in files.items():
        text = content.decode("latin-1")
        if name.endswith(".passphrase"):
            found.append(text.strip())
        if "PRIVATE KEY" in text:
            found += [line for line in text.splitlines() if len(line) >= 40 and "PRIVATE KEY" not in line]
    return found


def _apple_client(clients, user, passphrase):
    """What the user's iPhone would use, read from the profile the run wrote into the project."""
    profile = plistlib.loads((clients / ("%s.mobileconfig" % user)).read_bytes())
    payloads = {p["PayloadType"]: p for p in profile["PayloadContent"]}
    vpn = payloads["com.apple.vpn.managed"]["IKEv2"]
    _key, cert, _chain = pkcs12.load_key_and_certificates(payloads["com.apple.security.pkcs12"]["PayloadContent"],
                                                          passphrase.encode())
    ike, child = vpn["IKESecurityAssociationParameters"], vpn["ChildSecurityAssociationParameters"]
    return {"user": user, "remote_id": vpn["RemoteIdentifier"],
            "ike": {"encryption": APPLE_ENC[ike["EncryptionAlgorithm"]],
                    "integrity": APPLE_INT[ike["IntegrityAlgorithm"]], "dh_group": ike["DiffieHellmanGroup"]},
            "esp": {"encryption": APPLE_ENC[child["EncryptionAlgorithm"]],
                    "integrity": APPLE_INT[child["IntegrityAlgorithm"]],
                    "pfs_group": child["DiffieHellmanGroup"] if vpn["EnablePFS"] else None},
            "ca_pem": (clients / ("%s-ca.crt" % user)).read_text(),
            "cert_pem": cert.public_bytes(Encoding.PEM).decode()}


def _assert_no_secret(proc, secrets):
    leaked = [index for index, secret in enumerate(secrets) if secret in proc.stdout or secret in proc.stderr]
    assert leaked == [], "these secrets (by index, not shown) leaked into the -vvv output"
    assert "PRIVATE KEY" not in proc.stdout and "PRIVATE KEY" not in proc.stderr


def test_profiles_land_in_the_project_second_run_quiet_then_a_user_removed(project, lab, fresh):
    fresh(ROUTER)
    base = project / "artifacts" / "ikev2" / ROUTER
    clients = base / "clients"
    installed = project / "collections" / "ansible_collections" / "pfne" / "netops"
    first = playbook(project, "-vvv")
    assert {"fiona.mobileconfig", "fiona.p12", "fiona-windows.ps1", "fiona.sswan", "fiona-ca.crt",
            "gus.sswan"} <= set(os.listdir(str(clients)))
    assert str(clients / "fiona.mobileconfig") in first.stdout          # the paths are printed
    files, dirs = _tree(base)
    assert {d: m for d, m in dirs.items() if d != "."} == {"pki": 0o700, "pki/users": 0o700, "clients": 0o700}
    assert {n: m for n, (m, _c) in files.items() if m != 0o600} == {}
    assert not (installed / "artifacts").exists() and not (project.parent / "artifacts").exists()
    secrets = _secrets_in(files)
    assert len(secrets) > 3                                            # passphrases and key lines were found
    _assert_no_secret(first, secrets)
    # the profile in the project gets fiona in, with the passphrase she was given
    fiona = _apple_client(clients, "fiona", PASSPHRASE)
    assert lab.control.call(ROUTER, "ikev2_connect", **fiona)["ok"] is True
    # second run: nothing typed, no file rewritten (a re-rendered .p12 would differ: its salts are random)
    lab.control.request("clear_log", device=ROUTER)
    again = playbook(project, "-vvv")
    assert _config_lines(lab, ROUTER) == []
    assert _tree(base) == (files, dirs)
    _assert_no_secret(again, secrets)
    # gus leaves: his identity and certificate go from the router, his profile from the project
    lab.control.request("clear_log", device=ROUTER)
    users = [{"name": "fiona", "os": ["apple", "windows", "android"], "passphrase": PASSPHRASE},
             {"name": "gus", "state": "absent"}]
    gone = playbook(project, "-vvv", "-e", json.dumps({"mikrotik_ikev2_mobile_users": users}))
    lines = _config_lines(lab, ROUTER)
    assert sum(line.startswith("/ip ipsec identity remove") for line in lines) == 1
    assert sum(line.startswith("/certificate remove") for line in lines) == 1
    assert not [n for n in os.listdir(str(clients)) if n.startswith("gus")]
    assert (clients / "fiona.mobileconfig").read_bytes() == files["clients/fiona.mobileconfig"][1]
    comments = [r.get("comment", "") for r in lab.control.state(ROUTER)["tables"]["/ip ipsec identity"]]
    assert [c for c in comments if c.startswith("pfne:ikev2")] == ["pfne:ikev2:pfne-ikev2:user:fiona"]
    assert lab.control.call(ROUTER, "ikev2_connect", **fiona)["ok"] is True
    _assert_no_secret(gone, secrets)


def test_a_changed_passphrase_and_proposal_reach_profiles_and_router(project, lab, fresh):
    """fiona gets a new passphrase and the team moves IKE to DH 19: her profile is rewritten (it opens with
    the new passphrase and offers DH 19), the router's IKE profile is set, and the old profile is refused."""
    fresh(ROUTER)
    ev = {"pfne_artifacts_dir": "artifacts-change"}
    playbook(project, "-e", json.dumps(ev))
    clients = project / "artifacts-change" / "ikev2" / ROUTER / "clients"
    old = _apple_client(clients, "fiona", PASSPHRASE)
    assert lab.control.call(ROUTER, "ikev2_connect", **old)["ok"] is True
    lab.control.request("clear_log", device=ROUTER)
    users = [{"name": "fiona", "os": ["apple", "windows", "android"], "passphrase": "fiona-new-phrase-31415"},
             {"name": "gus", "os": ["android"]}]
    proc = playbook(project, "-e", json.dumps(dict(ev, mikrotik_ikev2_mobile_users=users,
                                                   mikrotik_ikev2_mobile_ike={"dh_group": 19})))
    assert "fiona-new-phrase-31415" not in proc.stdout
    lines = _config_lines(lab, ROUTER)
    assert lines and all(line.startswith("/ip ipsec profile set") for line in lines), lines
    assert "dh-group=ecp256" in lines[0]
    new = _apple_client(clients, "fiona", "fiona-new-phrase-31415")
    assert new["ike"]["dh_group"] == 19 and new["cert_pem"] == old["cert_pem"]   # same certificate, new wrapping
    assert lab.control.call(ROUTER, "ikev2_connect", **new)["ok"] is True
    assert lab.control.call(ROUTER, "ikev2_connect", **old) == {"ok": False, "reason": "no suitable proposal found"}


def test_typo_refused_before_the_router_hears_a_word(project, lab, fresh):
    fresh(ROUTER)
    proc = playbook(project, "-e", json.dumps({"mikrotik_ikev2_mobile_user": [{"name": "hana"}]}), check=False)
    assert proc.returncode != 0
    assert "mikrotik_ikev2_mobile_user (did you mean mikrotik_ikev2_mobile_users?)" in proc.stdout
    assert lab.control.log(ROUTER) == []


@pytest.mark.parametrize("user, field", [
    ({"name": "hana", "os": ["symbian"]}, "mikrotik_ikev2_mobile_users[0].os[0]"),
    ({"name": "hana", "pasphrase": "hana-phrase-000111"}, "mikrotik_ikev2_mobile_users[0].pasphrase"),
    ({"name": "hana", "passphrase": "short"}, "mikrotik_ikev2_mobile_users[0].passphrase"),
])
def test_bad_user_field_refused_naming_it(project, lab, fresh, user, field):
    fresh(ROUTER)
    proc = playbook(project, "-e", json.dumps({"mikrotik_ikev2_mobile_users": [user]}), check=False)
    assert proc.returncode != 0
    assert field + ":" in proc.stdout, proc.stdout[-3000:]
    assert "hana-phrase-000111" not in proc.stdout
    assert lab.control.log(ROUTER) == []


def test_psk_mode_keeps_the_key_out_of_the_output(project, lab, fresh):
    fresh(ROUTER)
    proc = playbook(project, "-vvv", "-e", json.dumps({"mikrotik_ikev2_mobile_auth": "psk",
                                                       "mikrotik_ikev2_mobile_psk": PSK,
                                                       "pfne_artifacts_dir": "artifacts-psk"}))
    assert PSK not in proc.stdout and PSK not in proc.stderr
    assert "********" in "\n".join(line for line in proc.stdout.splitlines() if "secret=" in line)
    identities = lab.control.state(ROUTER)["tables"]["/ip ipsec identity"]
    assert [r["secret"] for r in identities if r.get("comment", "").startswith("pfne:ikev2")] == [PSK]
    clients = project / "artifacts-psk" / "ikev2" / ROUTER / "clients"
    assert stat.S_IMODE(os.stat(str(clients / "fiona.mobileconfig")).st_mode) == 0o600
    assert PSK.encode() in (clients / "fiona.mobileconfig").read_bytes()


def test_eap_mode_keeps_passwords_and_the_radius_secret_out_of_the_output(project, lab, fresh):
    fresh(ROUTER)
    users = [{"name": "fiona", "password": EAP_PASSWORD, "os": ["apple", "windows", "android"]}]
    proc = playbook(project, "-vvv", "-e", json.dumps({"mikrotik_ikev2_mobile_auth": "eap-mschapv2",
                                                       "mikrotik_ikev2_mobile_users": users,
                                                       "pfne_artifacts_dir": "artifacts-eap"}))
    base = project / "artifacts-eap" / "ikev2" / ROUTER
    radius = (base / "pki" / "radius.secret").read_text().strip()
    assert stat.S_IMODE(os.stat(str(base / "pki" / "radius.secret")).st_mode) == 0o600
    _assert_no_secret(proc, [EAP_PASSWORD, radius])
    tables = lab.control.state(ROUTER)["tables"]
    assert [r["password"] for r in tables["/user-manager user"]] == [EAP_PASSWORD]
    assert [r["secret"] for r in tables["/radius"]] == [radius]
    for name in os.listdir(str(base / "clients")):        # the device asks the user; no profile holds it
        assert EAP_PASSWORD.encode() not in (base / "clients" / name).read_bytes(), name
