"""Packaging: the built tarball installs into a clean collections path, and from that installed copy
(not this checkout) every plugin's documentation renders, the terminal plugin loads, and playbooks
using each role resolve. Runs with the ansible of the interpreter running pytest, so
scripts/test-current.sh checks the same on ansible-core 2.21."""
import glob
import json
import os
import subprocess
import sys
import sysconfig

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
ROLES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "roles", "*")) if os.path.isdir(p))
ACTIONS = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "action", "*.py")))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(work dir outside the checkout, environment, installed collection dir)."""
    work = tmp_path_factory.mktemp("packaging")
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        meta = yaml.safe_load(handle)
    proc = run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(work / "dist"),
               ROOT, cwd=str(work), env=clean_env(str(work / "none")))
    tarball = work / "dist" / ("pfne-netops-%s.tar.gz" % meta["version"])
    assert tarball.is_file(), proc.stdout
    collections = work / "collections"
    env = clean_env(str(collections))
    # as a team's repo would (docs/use_from_your_repo.md): collections/requirements.yml names the tarball;
    # Galaxy is not reachable: --offline, and the dependencies come from site-packages
    requirements = work / "requirements.yml"
    requirements.write_text(yaml.safe_dump({"collections": [{"name": str(tarball), "type": "file"}]}))
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--no-deps",
        "-r", str(requirements), "-p", str(collections), cwd=str(work), env=env)
    dest = collections / "ansible_collections" / "pfne" / "netops"
    assert (dest / "MANIFEST.json").is_file()
    assert not os.path.islink(str(dest))
    return work, env, str(dest)


def clean_env(collections):
    """No ansible.cfg of this checkout, and a collections path of the temp dir, the extra paths of this
    environment (test-current's cisco.asa) and the interpreter's site-packages - never .collections."""
    extra = [p for p in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep)
             if p and not os.path.abspath(p).startswith(os.path.join(ROOT, ".collections"))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=os.pathsep.join([collections] + extra + [sysconfig.get_paths()["purelib"]]),
               ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="False",
               PATH=BIN + os.pathsep + os.environ["PATH"], HOME=os.environ.get("HOME", "/root"))
    return env


def run(*cmd, cwd, env):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def docs(installed, plugin_type, names):
    work, env, dest = installed
    out = run(os.path.join(BIN, "ansible-doc"), "--json", "-t", plugin_type,
              *["pfne.netops." + n for n in names], cwd=str(work), env=env).stdout
    return json.loads(out)


def plugin_names(installed, kind):
    """Plugin names as the installed copy defines them (filters: every name FilterModule.filters() returns)."""
    work, env, dest = installed
    files = sorted(glob.glob(os.path.join(dest, "plugins", kind, "*.py")))
    stems = [os.path.basename(f)[:-3] for f in files if not os.path.basename(f).startswith("_")]
    if kind != "filter":
        return stems
    code = ("import importlib, json, sys\n"
            "names = {}\n"
            "for stem in sys.argv[1:]:\n"
            "    mod = importlib.import_module('ansible_collections.pfne.netops.plugins.filter.' + stem)\n"
            "    for name in mod.FilterModule().filters():\n"
            "        names[name] = mod.__file__\n"
            "print(json.dumps(names))\n")
    collections_root = os.path.dirname(os.path.dirname(os.path.dirname(dest)))
    out = run(sys.executable, "-c", code, *stems, cwd=str(work),
              env=dict(env, PYTHONPATH=collections_root)).stdout
    found = json.loads(out)
    assert all(path.startswith(dest) for path in found.values()), found
    return sorted(found)


def assert_documented(data, names, dest):
    assert sorted(data) == sorted("pfne.netops." + n for n in names)
    for name, entry in data.items():
        doc = entry["doc"]
        assert doc.get("short_description"), name
        assert doc["filename"].startswith(dest), (name, doc["filename"])   # the installed copy answered


def test_tarball_carries_every_plugin_and_role_and_no_dev_files(installed):
    work, env, dest = installed
    for kind in ("modules", "action", "filter", "cliconf", "terminal", "plugin_utils"):
        here = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "plugins", kind, "*")))
        there = sorted(os.path.basename(p) for p in glob.glob(os.path.join(dest, "plugins", kind, "*")))
        assert [n for n in here if n != "__pycache__"] == there, kind
    assert sorted(os.listdir(os.path.join(dest, "roles"))) == ROLES
    for dev in ("lab", "tests/integration", "tests/unit", "tests/conformance", ".venv", "Makefile",
                "execution-environment.yml", "requirements-current.txt", "scripts", "extensions/molecule"):
        assert not os.path.exists(os.path.join(dest, dev)), dev


def test_module_docs_render_from_the_installed_copy(installed):
    modules = plugin_names(installed, "modules")
    # every action plugin is action-backed by a module doc stub of the same name
    assert set(ACTIONS) <= set(modules)
    assert_documented(docs(installed, "module", modules), modules, installed[2])


def test_filter_docs_render_from_the_installed_copy(installed):
    filters = plugin_names(installed, "filter")
    assert len(filters) >= 28
    assert_documented(docs(installed, "filter", filters), filters, installed[2])


def test_cliconf_docs_render_from_the_installed_copy(installed):
    cliconf = plugin_names(installed, "cliconf")
    assert cliconf == ["aireos"]
    assert_documented(docs(installed, "cliconf", cliconf), cliconf, installed[2])


def test_role_docs_render_from_the_installed_copy(installed):
    data = docs(installed, "role", ROLES)
    assert sorted(data) == ["pfne.netops." + r for r in ROLES]
    for name, entry in data.items():
        assert entry["entry_points"]["main"]["short_description"], name
        assert entry["path"].startswith(installed[2]), entry["path"]


def test_terminal_plugin_loads_from_the_installed_copy(installed):
    """ansible-doc has no terminal type: load it the way network_cli does, through the plugin loader."""
    work, env, dest = installed
    code = ("from ansible.plugins.loader import init_plugin_loader, terminal_loader\n"
            "init_plugin_loader()\n"
            "ctx = terminal_loader.find_plugin_with_context('pfne.netops.aireos')\n"
            "cls = terminal_loader.get('pfne.netops.aireos', class_only=True)\n"
            "print(ctx.plugin_resolved_path)\n"
            "print(len(cls.terminal_stdout_re), len(cls.terminal_stderr_re))\n")
    out = run(sys.executable, "-c", code, cwd=str(work), env=env).stdout.split("\n")
    assert out[0] == os.path.join(dest, "plugins", "terminal", "aireos.py")
    prompts, errors = (int(n) for n in out[1].split())
    assert prompts > 0 and errors > 0


def test_playbooks_using_each_role_resolve_from_the_installed_copy(installed):
    work, env, dest = installed
    playbook = work / "uses_every_role.yml"
    playbook.write_text(yaml.safe_dump([
        {"name": "Use %s" % role, "hosts": "all", "gather_facts": False, "roles": ["pfne.netops." + role]}
        for role in ROLES], sort_keys=False))
    out = run(os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "--syntax-check", str(playbook),
              cwd=str(work), env=env).stdout
    assert "playbook: %s" % playbook in out
    # a role name the collection does not have fails the same check (the check can fail)
    bad = work / "missing_role.yml"
    bad.write_text(yaml.safe_dump([{"hosts": "all", "roles": ["pfne.netops.no_such_role"]}]))
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "--syntax-check", str(bad)],
                          cwd=str(work), env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "no_such_role" in proc.stdout + proc.stderr


def test_collection_playbooks_resolve_by_name(installed):
    """The shipped playbooks run by FQCN from the installed copy (ansible-playbook pfne.netops.site)."""
    work, env, dest = installed
    out = run(os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "--syntax-check", "pfne.netops.site",
              cwd=str(work), env=env).stdout
    assert os.path.join(dest, "playbooks", "site.yml") in out


def test_install_from_git_then_run_an_installed_role_against_the_lab(installed, lab, fresh):
    """A team's automation repo: collections/requirements.yml names this repository (type: git, here a
    local bare clone of HEAD), `ansible-galaxy collection install -r` fills an empty collections path
    offline, and a playbook of that repo runs an installed role against the lab."""
    work, env, _tarball_copy = installed
    repo = work / "bare.git"
    run("git", "clone", "--quiet", "--bare", ROOT, str(repo), cwd=str(work), env=env)
    project = work / "team-repo"
    (project / "collections").mkdir(parents=True)
    (project / "collections" / "requirements.yml").write_text(yaml.safe_dump(
        {"collections": [{"name": "git+file://%s" % repo, "type": "git", "version": "HEAD"}]}))
    collections = project / "collections"
    env = clean_env(str(collections))
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--no-deps",
        "-r", "collections/requirements.yml", "-p", "collections", cwd=str(project), env=env)
    dest = collections / "ansible_collections" / "pfne" / "netops"
    assert (dest / "MANIFEST.json").is_file() and not (dest / "lab").exists()
    listed = json.loads(run(os.path.join(BIN, "ansible-galaxy"), "collection", "list", "pfne.netops", "--format",
                            "json", cwd=str(project), env=env).stdout)
    assert list(listed) == [str(collections / "ansible_collections")]   # only the copy installed from git

    (project / "capture.yml").write_text(yaml.safe_dump([{
        "name": "Two-way capture with the installed role", "hosts": "asa", "gather_facts": False,
        "roles": [{"role": "pfne.netops.asa_capture", "vars": {
            "asa_capture_matches": [{"host": "10.20.1.10", "peer": "192.0.2.10", "protocol": "icmp"}],
            "asa_capture_stop_packets": 8, "asa_capture_stop_seconds": 20, "asa_capture_poll_interval": 1,
            "asa_capture_dest": str(project / "captures")}}]}], sort_keys=False))
    fresh("edge-asa")
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), "-i", lab.inventory, "capture.yml"],
                          cwd=str(project), env=dict(env, ANSIBLE_HOST_KEY_CHECKING="False"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    (saved_path,) = [p for p in (project / "captures").glob("edge-asa_PFNE_CAP_R*.json")   # the run's own capture
                     if not p.name.endswith("-report.json")]                              # (not its report page's data)
    saved = json.loads(saved_path.read_text())
    assert saved["captured"] >= 8 and saved["one_way_flows"] == [] and saved["flows"]



def test_report_writer_finds_its_templates_in_the_installed_copy(installed):
    """pfne.netops.write_report from the installed tarball: the Jinja2 templates travel with it, and the
    page names the version from the installed MANIFEST.json."""
    work, env, dest = installed
    templates = sorted(os.listdir(os.path.join(dest, "plugins", "plugin_utils", "common", "templates")))
    assert templates == sorted(os.listdir(os.path.join(ROOT, "plugins", "plugin_utils", "common", "templates")))
    play = os.path.join(str(work), "report.yml")
    with open(play, "w") as handle:
        yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": [{
            "name": "Write a report", "pfne.netops.write_report": {
                "kind": "ipsec", "dest": os.path.join(str(work), "arts"), "name": "one", "hosts": ["r1"],
                "data": {"ends": [{"host": "r1", "site": "a", "platform": "ios",
                                   "tunnels": [{"name": "t1", "state": {"up": True, "phase1": "QM_IDLE",
                                                                        "phase2": True, "reason": "established"}}]}]}}}]}],
            handle)
    run(os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", play, cwd=str(work), env=env)
    with open(os.path.join(dest, "MANIFEST.json")) as handle:
        version = json.load(handle)["collection_info"]["version"]
    page = open(os.path.join(str(work), "arts", "one.html")).read()
    assert "pfne.netops %s" % version in page and 'data-tunnel="t1"' in page
