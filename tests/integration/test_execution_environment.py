"""execution-environment.yml without a container engine: ansible-builder's own schema check (version
3) accepts it and rejects a broken copy, the build context it writes keeps build-only settings out
of the image (ARGs, not ENV) and pins every pip call, and the pins agree with what the collection
is tested with. The image itself is built and tested by `make image image-test` (tests/image)."""
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
# the field write-up's toolbox (Debian names) and what the collection needs for its capture files
TOOLS_DPKG = {"openssl", "net-tools", "iputils-ping", "iproute2", "iperf", "iperf3", "tcpdump", "nmap", "tshark",
              "openssh-client"}
TOOLS_RPM = {"openssl", "iproute", "iputils", "iperf3", "tcpdump", "nmap", "net-tools"}


def run(*cmd, cwd=ROOT, check=True):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def load(path):
    with open(os.path.join(ROOT, path)) as handle:
        return yaml.safe_load(handle)


def pins(path):
    """name -> version of every `name==version` line of a requirements/constraints file."""
    found = {}
    with open(os.path.join(ROOT, path)) as handle:
        for line in handle:
            match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
            if match:
                found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def names(requirements):
    return {re.split(r"[<>=!~ ;\[]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")
            for line in requirements if line.strip() and not line.strip().startswith("#")}


def bindep_names(path, platform):
    found = set()
    with open(os.path.join(ROOT, path)) as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            name, _, selector = line.partition(" ")
            if name and (not selector or "platform:%s" % platform in selector):
                found.add(name)
    return found


def create(tmp_path, definition="execution-environment.yml"):
    run("bash", "scripts/build.sh")   # the collection tarball additional_build_files copies in
    context = tmp_path / "context"
    proc = run(os.path.join(BIN, "ansible-builder"), "create", "-f", definition, "--context", str(context),
               "--output-filename", "Containerfile", check=False)
    return proc, context


def stages(containerfile):
    """{stage name: [lines]} of a multi-stage Containerfile."""
    found, current = {}, None
    for line in containerfile.splitlines():
        match = re.match(r"FROM \S+ AS (\w+)", line)
        if match:
            current = match.group(1)
        if current:
            found.setdefault(current, []).append(line)
    return found


def test_context_keeps_build_settings_out_of_the_image_and_pins_every_pip_call(tmp_path):
    proc, context = create(tmp_path)
    assert proc.returncode == 0 and "Complete!" in proc.stdout, proc.stderr
    containerfile = (context / "Containerfile").read_text()
    # one build argument replaces the base: the local debootstrap image or the public equivalent
    assert 'ARG EE_BASE_IMAGE="localhost/pfne-debian:bookworm-slim"' in containerfile
    assert 'ARG PKGMGR="/usr/bin/apt-get"' in containerfile
    assert 'ARG ANSIBLE_GALAXY_CLI_COLLECTION_OPTS="--offline"' in containerfile   # never Galaxy
    # the CA bundle / constraints / debconf settings reach the RUN steps as ARGs, never as ENV
    assert not [line for line in containerfile.splitlines()
                if line.startswith("ENV ") and re.search("PIP_CERT|PIP_CONSTRAINT|FRONTEND|CERT", line)]
    by_stage = stages(containerfile)
    for stage, lines in by_stage.items():
        declared = False
        for line in lines:
            declared = declared or line.startswith("ARG PIP_CONSTRAINT=/output/ee/constraints.txt")
            pip = re.search(r"pip install|/output/scripts/(assemble|install-from-bindep)", line)
            if pip and not declared:
                # only the builder stage's first call comes before its custom steps; it must find
                # everything installed already (bindep in append_base, the others with ansible-core)
                assert stage == "builder" and line == "RUN $PYCMD -m pip install --no-cache-dir bindep pyyaml packaging"
                assert "RUN $PYCMD -m pip install --no-cache-dir bindep" in by_stage["base"]
    # ansible-builder installs its container init with an exact pin of its own: the constraints agree
    init = re.search(r"pip install --no-cache-dir 'dumb-init==([^']+)'", containerfile)
    assert init and pins("ee/constraints.txt")["dumb-init"] == init.group(1)
    build = context / "_build"
    assert (build / "ee" / "constraints.txt").read_text() == open(os.path.join(ROOT, "ee", "constraints.txt")).read()
    requirements = yaml.safe_load((build / "requirements.yml").read_text())
    tarball = "pfne-netops-%s.tar.gz" % load("galaxy.yml")["version"]
    assert requirements["collections"] == [{"name": "collections/" + tarball, "type": "file"}]
    assert (build / "collections" / tarball).is_file()


def test_schema_v3_is_checked_by_ansible_builder(tmp_path):
    broken = load("execution-environment.yml")
    broken["options"]["package_manager"] = "/usr/bin/apt-get"   # not a schema v3 option
    path = tmp_path / "execution-environment.yml"
    path.write_text(yaml.safe_dump(broken))
    for item in ("build", "ee", "bindep.txt"):
        source = os.path.join(ROOT, item)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, tmp_path / item)
    proc, _ = create(tmp_path, str(path))
    assert proc.returncode != 0
    assert "Additional properties are not allowed ('package_manager' was unexpected)" in proc.stdout + proc.stderr


def test_every_python_request_is_pinned_as_the_collection_is_tested():
    ee = load("execution-environment.yml")
    constraints = pins("ee/constraints.txt")
    requested = {ee["dependencies"]["ansible_core"]["package_pip"], ee["dependencies"]["ansible_runner"]["package_pip"]}
    requested |= set(ee["dependencies"]["python"])
    with open(os.path.join(ROOT, "meta", "ee-requirements.txt")) as handle:
        requested |= set(handle)
    requested |= {"bindep", "dumb-init"}   # the builder stage's tool, ansible-builder's container init
    assert names(requested) <= set(constraints)
    assert {"netmiko", "pyntc", "paramiko", "ansible-pylibssh", "ansible-runner"} <= names(requested)
    # the image runs the versions requirements.txt pins for the development virtualenv
    for name, version in pins("requirements.txt").items():
        assert constraints[name] == version, name
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible==%s" % constraints["ansible"]
    assert ee["dependencies"]["ansible_runner"]["package_pip"] == "ansible-runner==%s" % constraints["ansible-runner"]


def test_the_toolbox_is_in_the_system_requirements():
    ee = load("execution-environment.yml")
    assert ee["dependencies"]["system"] == "ee/bindep.txt"
    collection = load("meta/execution-environment.yml")["dependencies"]["system"]
    assert bindep_names("ee/bindep.txt", "dpkg") | bindep_names(collection, "dpkg") >= TOOLS_DPKG
    assert bindep_names(collection, "rpm") >= TOOLS_RPM   # other EEs including pfne.netops (RPM bases)


def test_other_ees_pick_up_the_collection_requirements(tmp_path):
    """ansible-builder's introspection (what runs in the builder stage of any EE that includes
    pfne.netops) reads meta/execution-environment.yml of the installed collection."""
    out_dir = tmp_path / "dist"
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out_dir), ".")
    collections = tmp_path / "collections"
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "--no-deps",
        "-p", str(collections), str(out_dir / ("pfne-netops-%s.tar.gz" % load("galaxy.yml")["version"])),
        cwd=str(tmp_path))
    data = yaml.safe_load(run(os.path.join(BIN, "ansible-builder"), "introspect", str(collections)).stdout)
    python = [line for line in data["python"] if line.endswith("# from collection pfne.netops")]
    system = [line for line in data["system"] if line.endswith("# from collection pfne.netops")]
    assert len(python) == len(data["python"]) and len(system) == len(data["system"])
    assert names(line.split("#")[0] for line in python) == {"ansible-pylibssh", "paramiko", "netaddr", "jmespath"}
    # not the development pin of the collection root's requirements.txt
    assert not any(line.startswith("ansible==") for line in python)
    assert {line.split()[0] for line in system} >= TOOLS_RPM
