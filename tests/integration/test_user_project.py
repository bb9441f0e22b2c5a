"""A team's own repository, as a new user builds it: a project folder outside the collection with its
own ansible.cfg, inventory (pointing at the device lab), playbooks at its root calling the roles by FQCN,
and collections/requirements.yml installing this collection from the built tarball (type: file) and from
git (type: git) with `ansible-galaxy collection install -r collections/requirements.yml -p collections`.

From there: L2TP users added, changed and removed; a typo'd role variable refused before the router
hears a word; every file lands in the project's artifacts directory (not in the installed collection,
not above the project), secret-bearing files mode 0600, and every path printed."""
import json
import os
import re
import stat
import subprocess

import pytest

from tests.integration.team_repo import BIN, ROOT, install, new_team_repo, one_role_project, run, write_yaml

ROUTER = "branch-ros7"
PSK = "team-only-psk-3141592653"          # this test's own values, not the lab inventory's
USERS = [{"name": "dana", "password": "dana-pass-one-1"}, {"name": "erik", "password": "erik-pass-two-2"}]


def make_project(project, lab):
    """inventory/ (the lab router with its port) and l2tp.yml at the root."""
    one_role_project(project, lab, ROUTER, {
        "mikrotik_l2tp_mobile_pool": {"start": "192.168.89.10", "end": "192.168.89.99"},
        "mikrotik_l2tp_mobile_lan_subnets": ["192.168.90.0/24"],
        "mikrotik_l2tp_mobile_ipsec_secret": PSK,
        "mikrotik_l2tp_mobile_server_address": "vpn.team.example"},
        "l2tp.yml", "Mobile VPN users", "pfne.netops.mikrotik_l2tp_mobile")


@pytest.fixture(scope="module")
def project(tmp_path_factory, lab):
    """The team repository with the collection installed from the tarball `ansible-galaxy` builds."""
    repo = new_team_repo(tmp_path_factory.mktemp("user_project"))
    make_project(repo, lab)
    return repo


def playbook(repo, *args, check=True):
    return run([os.path.join(BIN, "ansible-playbook"), "l2tp.yml"] + list(args), repo, check=check)


def printed_files(stdout):
    """The paths the role's last task printed ("files written: a, b")."""
    found = re.findall(r'"msg": "files written: ([^"]*)"', stdout)
    assert found, stdout[-3000:]
    return [] if found[-1] == "none" else found[-1].split(", ")


def users_var(users):
    return ["-e", json.dumps({"mikrotik_l2tp_mobile_users": users})]


def test_users_added_changed_removed_with_files_in_the_project(project, lab, fresh):
    fresh(ROUTER)
    profiles = project / "artifacts" / "l2tp" / ROUTER
    installed = project / "collections" / "ansible_collections" / "pfne" / "netops"
    # add
    out = playbook(project, *users_var(USERS)).stdout
    names = ["dana-windows.ps1", "dana.mobileconfig", "erik-windows.ps1", "erik.mobileconfig"]
    assert sorted(os.listdir(str(profiles))) == names
    assert printed_files(out) == [str(profiles / n) for n in names]
    for name in names:
        assert stat.S_IMODE(os.stat(str(profiles / name)).st_mode) == 0o600, name
    assert stat.S_IMODE(os.stat(str(profiles)).st_mode) == 0o700
    assert not (installed / "artifacts").exists() and not (project.parent / "artifacts").exists()
    assert PSK not in out and "dana-pass-one-1" not in out
    secrets = "\n".join(lab.control.log(ROUTER))
    assert re.search(r'^/ppp secret add .*name="?dana"?', secrets, re.M), secrets
    # change erik's password: his profiles are rewritten, dana's stay as they were
    before = (profiles / "dana.mobileconfig").read_bytes(), (profiles / "erik.mobileconfig").read_bytes()
    changed = [USERS[0], dict(USERS[1], password="erik-pass-new-3")]
    lab.control.request("clear_log", device=ROUTER)
    out = playbook(project, *users_var(changed)).stdout
    assert (profiles / "dana.mobileconfig").read_bytes() == before[0]
    assert (profiles / "erik.mobileconfig").read_bytes() != before[1]
    assert b"erik-pass-new-3" in (profiles / "erik.mobileconfig").read_bytes()
    assert any(line.startswith("/ppp secret set") for line in lab.control.log(ROUTER))
    # remove erik: his profiles go, the router loses him
    lab.control.request("clear_log", device=ROUTER)
    out = playbook(project, *users_var([USERS[0], {"name": "erik", "state": "absent"}])).stdout
    assert sorted(os.listdir(str(profiles))) == ["dana-windows.ps1", "dana.mobileconfig"]
    assert printed_files(out) == [str(profiles / "dana-windows.ps1"), str(profiles / "dana.mobileconfig")]
    assert any(line.startswith("/ppp secret remove") for line in lab.control.log(ROUTER))


def test_typo_with_exclusive_is_refused_before_the_router_hears_a_word(project, lab, fresh):
    fresh(ROUTER)
    proc = playbook(project, "-e", json.dumps({"mikrotik_l2tp_mobile_user": USERS[:1],
                                               "mikrotik_l2tp_mobile_exclusive": True}), check=False)
    assert proc.returncode != 0
    assert "mikrotik_l2tp_mobile_user (did you mean mikrotik_l2tp_mobile_users?)" in proc.stdout
    assert lab.control.log(ROUTER) == []   # zero lines reached the router


def test_exclusive_with_an_empty_user_list_is_refused(project, lab, fresh):
    fresh(ROUTER)
    proc = playbook(project, "-e", json.dumps({"mikrotik_l2tp_mobile_exclusive": True}), check=False)
    assert proc.returncode != 0 and "lists no present user" in proc.stdout
    assert lab.control.log(ROUTER) == []


def test_install_from_git_then_the_installed_role_runs(project, lab, fresh):
    """The same repository switched to `type: git` (this checkout's commit), reinstalled with --force."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    write_yaml(project / "collections" / "requirements.yml", {"collections": [
        {"name": "git+file://%s" % ROOT, "type": "git", "version": commit}]})
    installed = install(project, force=True)
    with open(str(installed / "MANIFEST.json")) as handle:
        assert json.load(handle)["collection_info"]["name"] == "netops"
    fresh(ROUTER)
    out = playbook(project, "--check", *users_var(USERS[:1])).stdout
    assert "check mode, nothing written; would write: %s" % (project / "artifacts" / "l2tp" / ROUTER) in out
    assert not any(line.startswith("/ppp secret add") for line in lab.control.log(ROUTER))
