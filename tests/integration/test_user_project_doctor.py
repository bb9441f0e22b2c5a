"""Issue 24, as a network engineer uses it: the tunnel doctor from a team's own project folder (the layout of
test_user_project.py: own ansible.cfg and inventory, the collection installed from the built tarball with
collections/requirements.yml), against a hand-typed fleet in the lab (lab/doctor_fleet.py: a healthy
IOS<->RouterOS 7 pair, a pair whose RouterOS end has another key, a third healthy pair).

* `ansible-playbook pfne.netops.tunnel_doctor` (the collection's playbook) with one device unreachable (its
  inventory entry points at a port nobody listens on): that device's verdict is `unknown: ...` naming it, every
  other tunnel still gets its own; doctor.json lands in the project's artifacts directory;
* the role from the user's own playbook, `pfne_artifacts_dir` set in the user's group_vars: doctor.json lands there;
* a typo in a doctor variable is refused before any device hears a word (the lab's command log stays empty).
"""
import json
import os
import socket

import pytest
import yaml

from lab.doctor_fleet import CONNECTION, pair_hosts
from tests.integration.labrun import RunningLab
from tests.integration.team_repo import BIN, new_team_repo, run, without_lab_vars, write_yaml

PAIRS = [("ios15", "ros7", None, None), ("iosxe", "ros64", "psk", "right"), ("ios15", "ros7", None, None)]
DOWN = "t002-r"


def _closed_port():
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("doctor-user-lab")
    groups = {"ios": {"hosts": {}}, "routeros": {"hosts": {}}}
    for index, (left, right, cause, faulty) in enumerate(PAIRS):
        for name, host in pair_hosts(index, left, right, cause, faulty).items():
            host.update(CONNECTION[host["lab_kind"]])
            groups[host["lab_kind"]]["hosts"][name] = host
    source = tmp / "fleet.yml"
    source.write_text(yaml.safe_dump({"all": {"children": groups}}, sort_keys=False))
    lab = RunningLab(tmp, inventory=str(source))
    yield lab
    lab.stop()


@pytest.fixture(scope="module")
def project(tmp_path_factory, fleet):
    """The team repository: the built collection installed, the fleet in its inventory without the lab's vars."""
    repo = new_team_repo(tmp_path_factory.mktemp("doctor_user_project"))
    with open(fleet.inventory) as handle:
        inventory = without_lab_vars(yaml.safe_load(handle))
    inventory["all"]["children"]["routeros"]["hosts"][DOWN]["ansible_port"] = _closed_port()
    write_yaml(repo / "inventory" / "hosts.yml", inventory)
    write_yaml(repo / "doctor.yml", [{"name": "Why are our tunnels down", "hosts": "routeros:ios", "gather_facts": False,
                                      "roles": [{"role": "pfne.netops.ipsec_doctor"}]}])
    return repo


def _hosts(fleet):
    with open(fleet.inventory) as handle:
        children = yaml.safe_load(handle)["all"]["children"]
    return sorted(h for group in children.values() for h in group["hosts"])


def _by_host(doc):
    out = {}
    for tun in doc["tunnels"]:
        for side in ("left", "right"):
            if tun[side]["host"]:
                out.setdefault(tun[side]["host"], []).append(tun)
    return out


def _check_verdicts(doc, fleet):
    tunnels = _by_host(doc)
    assert [t["verdict"] for t in tunnels["t000-l"]] == ["up"], tunnels["t000-l"]
    psk = tunnels["t001-l"]
    assert [(t["verdict"], t["side"], sorted(t["at_fault"])) for t in psk] == [("down: psk", "both", ["t001-l", "t001-r"])]
    down = tunnels[DOWN]
    assert [(t["verdict"].split(":")[0], t["cause"]) for t in down] == [("unknown", "unknown")], down
    assert down[0]["verdict"].startswith("unknown: %s could not be read" % DOWN), down[0]["verdict"]
    # its partner, which was read, still gets its verdict from its own side (the tunnel is up in the lab)
    alone = tunnels["t002-l"]
    assert [(t["verdict"], t["right"]["host"]) for t in alone] == [("up", None)], alone
    assert doc["summary"]["unknown"] == 1 and doc["summary"]["up"] == 2 and doc["summary"]["down"] == 1


def _recap(stdout):
    """{host: (unreachable, failed)} of the play recap."""
    out = {}
    for line in stdout.split("PLAY RECAP")[-1].splitlines():
        words = dict(w.split("=") for w in line.split() if "=" in w)
        if "failed" in words:
            out[line.split()[0]] = (int(words["unreachable"]), int(words["failed"]))
    return out


def _only_down_failed(proc, fleet):
    # network_cli reports a refused connection as a failed task (rc 2), not as `unreachable`
    assert proc.returncode in (2, 4), proc.stdout[-3000:]
    recap = _recap(proc.stdout)
    assert sorted(recap) == _hosts(fleet) and sum(recap[DOWN]) == 1, recap
    assert all(recap[h] == (0, 0) for h in recap if h != DOWN), recap


def test_collection_playbook_with_one_device_unreachable(project, fleet):
    proc = run([os.path.join(BIN, "ansible-playbook"), "pfne.netops.tunnel_doctor"], project, check=False)
    _only_down_failed(proc, fleet)
    path = project / "artifacts" / "tunnel_doctor" / "doctor.json"
    assert "written: %s" % path in proc.stdout
    _check_verdicts(json.loads(path.read_text()), fleet)
    installed = project / "collections" / "ansible_collections" / "pfne" / "netops"
    assert not (installed / "artifacts").exists() and not (project.parent / "artifacts").exists()


def test_the_role_from_the_users_playbook_writes_under_their_artifacts_dir(project, fleet):
    write_yaml(project / "inventory" / "group_vars" / "all.yml", {"pfne_artifacts_dir": "reports/netops"})
    try:
        proc = run([os.path.join(BIN, "ansible-playbook"), "doctor.yml"], project, check=False)
    finally:
        (project / "inventory" / "group_vars" / "all.yml").unlink()
    _only_down_failed(proc, fleet)
    path = project / "reports" / "netops" / "tunnel_doctor" / "doctor.json"
    assert "written: %s" % path in proc.stdout
    _check_verdicts(json.loads(path.read_text()), fleet)


def test_a_typo_in_a_doctor_variable_is_refused_before_any_device_is_touched(project, fleet):
    hosts = _hosts(fleet)
    for host in hosts:
        fleet.control.request("clear_log", device=host)
    proc = run([os.path.join(BIN, "ansible-playbook"), "pfne.netops.tunnel_doctor", "-e", json.dumps({"ipsec_doctor_log": False})],
               project, check=False)
    assert proc.returncode != 0
    assert "ipsec_doctor_log (did you mean ipsec_doctor_logs?)" in proc.stdout, proc.stdout[-3000:]
    assert dict((h, fleet.control.log(h)) for h in hosts) == dict((h, []) for h in hosts)


def test_a_wrong_password_in_the_users_inventory_names_the_device_not_the_password(project, fleet):
    """A typo in one device's password (host_vars): that device reads `unknown`, its partner and the others keep
    their verdicts, the run says the login failed, and the typed password is printed nowhere."""
    wrong, host_vars = "typo-in-the-vault-9", project / "inventory" / "host_vars" / "t000-r.yml"
    write_yaml(host_vars, {"ansible_password": wrong})
    try:
        proc = run([os.path.join(BIN, "ansible-playbook"), "pfne.netops.tunnel_doctor", "-vvv"], project, check=False)
    finally:
        host_vars.unlink()
    assert proc.returncode in (2, 4), proc.stdout[-3000:]
    recap = _recap(proc.stdout)
    assert sum(recap["t000-r"]) == 1 and sum(recap[DOWN]) == 1, recap
    assert "authentication" in proc.stdout.lower(), proc.stdout[-3000:]
    doc = json.loads((project / "artifacts" / "tunnel_doctor" / "doctor.json").read_text())
    tunnels = _by_host(doc)
    assert [t["verdict"].split(":")[0] for t in tunnels["t000-r"]] == ["unknown"], tunnels["t000-r"]
    assert tunnels["t000-r"][0]["verdict"].startswith("unknown: t000-r could not be read"), tunnels["t000-r"]
    # its partner, which was read, is diagnosed from its own side
    assert [(t["verdict"], t["right"]["host"]) for t in tunnels["t000-l"]] == [("up", None)], tunnels["t000-l"]
    assert [t["verdict"] for t in tunnels["t001-l"]] == ["down: psk"]
    for text in (proc.stdout, proc.stderr, json.dumps(doc)):
        assert wrong not in text and "lab-admin" not in text
