"""A team's own repository outside this checkout, as the user-project tests build it.

The collection is built once (`ansible-galaxy collection build`), named in the repository's
collections/requirements.yml (type: file) and installed with `ansible-galaxy collection install -r
collections/requirements.yml -p collections`; the repository has its own ansible.cfg and inventory
(the lab's devices with their ports, without the lab's own `lab_*` variables) and its playbooks at its
root.  Commands run in a user's shell: no ANSIBLE_* variable of this checkout."""
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
ANSIBLE_CFG = ("[defaults]\ncollections_path = ./collections\ninventory = inventory/hosts.yml\n"
               "host_key_checking = False\nretry_files_enabled = False\n")


def env_for(project):
    """A user's shell: no ANSIBLE_* of this checkout (its ansible.cfg and .collections stay out)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(PATH=BIN + os.pathsep + os.environ["PATH"], ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="False",
               ANSIBLE_CONFIG=str(project / "ansible.cfg"))
    return env


def run(cmd, project, check=True):
    proc = subprocess.run(cmd, cwd=str(project), env=env_for(project), capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-4000:], proc.stderr[-2000:])
    return proc


def write_yaml(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def install(repo, force=False):
    """`ansible-galaxy collection install -r collections/requirements.yml -p collections`, as the docs say."""
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--no-deps"] + ["--force"] * force
        + ["-r", "collections/requirements.yml", "-p", "collections"], repo)
    installed = repo / "collections" / "ansible_collections" / "pfne" / "netops"
    assert (installed / "MANIFEST.json").is_file() and not installed.is_symlink() and not (installed / "lab").exists()
    return installed


def new_team_repo(work):
    """<work>/team-repo with the collection built into <work>/dist and installed, and its own ansible.cfg."""
    repo = work / "team-repo"
    repo.mkdir()
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(work / "dist"), ROOT], repo)
    tarball = work / "dist" / ("pfne-netops-%s.tar.gz" % version)
    write_yaml(repo / "collections" / "requirements.yml", {"collections": [{"name": str(tarball), "type": "file"}]})
    install(repo)
    (repo / "ansible.cfg").write_text(ANSIBLE_CFG)
    return repo


def without_lab_vars(inventory):
    """The lab inventory as a team would type it: every host without the lab's `lab_*` variables."""
    for group in inventory["all"]["children"].values():
        for name, host in group.get("hosts", {}).items():
            group["hosts"][name] = dict((k, v) for k, v in host.items() if not k.startswith("lab_"))
    return inventory


def one_router_inventory(lab, router):
    """The repository's inventory/hosts.yml: group `routeros` with the lab's `router` only."""
    with open(lab.inventory) as handle:
        lab_inv = yaml.safe_load(handle)
    routeros = lab_inv["all"]["children"]["routeros"]
    return without_lab_vars({"all": {"vars": dict(lab_inv["all"]["vars"]), "children": {"routeros": {
        "vars": routeros["vars"], "hosts": {router: routeros["hosts"][router]}}}}})


def one_role_project(repo, lab, router, group_vars, playbook, play_name, role):
    """inventory/ (the lab's `router` with its port), group_vars/routeros.yml and `playbook` at the root: one play
    over the routeros group that runs `role` by its FQCN."""
    write_yaml(repo / "inventory" / "hosts.yml", one_router_inventory(lab, router))
    write_yaml(repo / "inventory" / "group_vars" / "routeros.yml", group_vars)
    write_yaml(repo / playbook, [{"name": play_name, "hosts": "routeros", "gather_facts": False,
                                  "roles": [{"role": role}]}])
