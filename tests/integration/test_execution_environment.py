"""The pfne-netops execution environment: `ansible-builder create` writes a complete build context
(no container engine is needed for that), and ansible-builder's own introspection finds the
collection's meta/execution-environment.yml requirements in an installed copy."""
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
EE_PYTHON = {"ansible-pylibssh", "paramiko", "netaddr", "librouteros", "netmiko", "jmespath"}
TOOLS_RPM = {"openssl", "iproute", "iputils", "iperf3", "tcpdump", "nmap", "net-tools"}
TOOLS_DPKG = {"openssl", "iproute2", "iputils-ping", "iputils-arping", "iputils-tracepath", "iperf3", "tcpdump",
              "nmap", "net-tools"}


def run(*cmd, cwd=ROOT):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc.stdout


def galaxy_meta():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)


def tarball_name():
    meta = galaxy_meta()
    return "%s-%s-%s.tar.gz" % (meta["namespace"], meta["name"], meta["version"])


def bindep_names(path, platform):
    """Package names of a bindep file that apply to one platform (rpm or dpkg)."""
    names = set()
    with open(path) as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, _, selector = line.partition(" ")
            if not selector or "platform:%s" % platform in selector:
                names.add(name)
    return names


def requirement_names(lines):
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.split(">")[0].split("=")[0].split("<")[0].strip().lower())
    return names


def test_definition_is_schema_v3_on_an_rpm_base_with_the_tested_core():
    with open(os.path.join(ROOT, "execution-environment.yml")) as handle:
        ee = yaml.safe_load(handle)
    with open(os.path.join(ROOT, "requirements-current.txt")) as handle:
        tested_core = [line.strip() for line in handle if line.startswith("ansible-core==")]
    assert ee["version"] == 3
    assert ee["images"]["base_image"]["name"].startswith(("quay.io/fedora/fedora:", "registry.access.redhat.com/"))
    assert [ee["dependencies"]["ansible_core"]["package_pip"]] == tested_core
    # every collection dependency of galaxy.yml is stated with the same range
    galaxy = {c["name"]: c.get("version") for c in ee["dependencies"]["galaxy"]["collections"]}
    for name, version in galaxy_meta()["dependencies"].items():
        assert galaxy[name] == version, name
    assert galaxy["collections/" + tarball_name()] is None


def test_create_writes_a_complete_build_context(tmp_path):
    # the collection tarball the definition copies in (same command as scripts/build.sh)
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force", "--output-path", "build", ".")
    context = tmp_path / "context"
    out = run(os.path.join(BIN, "ansible-builder"), "create", "-f", "execution-environment.yml",
              "--context", str(context), "--output-filename", "Containerfile")
    assert "Complete!" in out
    containerfile = (context / "Containerfile").read_text()
    build = context / "_build"
    # base image, the Python the image runs, ansible-core + runner
    assert 'ARG EE_BASE_IMAGE="quay.io/fedora/fedora:' in containerfile
    assert 'ARG PYCMD="/usr/bin/python3.13"' in containerfile
    assert 'ARG ANSIBLE_INSTALL_REFS="ansible-core==2.21.5 ansible-runner==2.4.3"' in containerfile
    # the collection: tarball in the context and the galaxy step that installs it with its deps
    assert (build / "collections" / tarball_name()).is_file()
    requirements = yaml.safe_load((build / "requirements.yml").read_text())
    assert {"name": "collections/" + tarball_name(), "type": "file"} in requirements["collections"]
    assert "COPY _build /build" in containerfile and "WORKDIR /build" in containerfile
    assert ('ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml '
            '--collections-path "/usr/share/ansible/collections"') in containerfile
    # python requirements and bindep go through introspect + assemble
    assert requirement_names((build / "requirements.txt").read_text().splitlines()) == EE_PYTHON
    assert bindep_names(build / "bindep.txt", "rpm") >= TOOLS_RPM
    assert bindep_names(build / "bindep.txt", "dpkg") >= TOOLS_DPKG
    assert "--user-pip=requirements.txt --user-bindep=bindep.txt" in containerfile
    assert "RUN /output/scripts/assemble" in containerfile
    assert "RUN /output/scripts/install-from-bindep" in containerfile
    # the tarball carries what meta/execution-environment.yml points at
    listing = run("tar", "tzf", str(build / "collections" / tarball_name())).split()
    assert {"meta/execution-environment.yml", "meta/ee-requirements.txt", "bindep.txt"} <= set(listing)


def test_other_ees_pick_up_the_collection_requirements(tmp_path):
    """ansible-builder's introspection (what runs in the builder stage of any EE that includes
    pfne.netops) reads meta/execution-environment.yml of the installed collection."""
    out_dir = tmp_path / "dist"
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out_dir), ".")
    collections = tmp_path / "collections"
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--no-deps",
        "-p", str(collections), str(out_dir / tarball_name()), cwd=str(tmp_path))
    data = yaml.safe_load(run(os.path.join(BIN, "ansible-builder"), "introspect", str(collections)))
    python = [line for line in data["python"] if line.endswith("# from collection pfne.netops")]
    system = [line for line in data["system"] if line.endswith("# from collection pfne.netops")]
    assert len(python) == len(data["python"]) and len(system) == len(data["system"])
    assert requirement_names(python) == {"ansible-pylibssh", "paramiko", "netaddr", "jmespath"}
    # not the development pin of the collection root's requirements.txt
    assert not any(line.startswith("ansible==") for line in python)
    assert {line.split()[0] for line in system} >= TOOLS_RPM
