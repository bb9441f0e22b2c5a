"""The built pfne-netops image (`make image`), tested from the outside with buildah (`make image-test`):
the smoke test inside it (ee/smoke.sh), what the build must not leave in it (the build machine's
CA bundle or pip settings, apt lists, caches), the ping capability note of the docs, and
playbooks/site.yml run by ansible-runner INSIDE the image against the device lab running outside
on loopback (buildah's chroot isolation shares the host network), every host failed=0.

Not part of the main pytest stage (scripts/test.sh runs it in its image stage, after the build)."""
import glob
import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from lab.topology import inventory_hosts
from tests.integration.labrun import RunningLab

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "galaxy.yml")) as _handle:
    VERSION = yaml.safe_load(_handle)["version"]
IMAGE = os.environ.get("PFNE_IMAGE", "localhost/pfne-netops:%s" % VERSION)
ENTRYPOINT = ["/opt/builder/bin/entrypoint", "dumb-init"]   # what AWX / podman run start (buildah run does not)


def buildah(*args, check=True, timeout=120):
    proc = subprocess.run(["buildah", *args], capture_output=True, text=True, timeout=timeout)
    if check:
        assert proc.returncode == 0, "buildah %s\n%s\n%s" % (" ".join(args), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


@pytest.fixture
def container():
    """A fresh working container of the image for each test, removed afterwards."""
    found = buildah("inspect", "--type", "image", IMAGE, check=False)
    assert found.returncode == 0, "%s is not built: run `make image` first" % IMAGE
    name = buildah("from", "-q", IMAGE).stdout.strip()
    yield name
    buildah("rm", name)


def run_in(container, *cmd, opts=(), timeout=120, check=True):
    """buildah run with chroot isolation (podman/crun cannot run containers on our machines)."""
    return buildah("run", "--isolation", "chroot", *opts, container, "--", *cmd, check=check, timeout=timeout)


def image_config():
    return json.loads(buildah("inspect", "--type", "image", IMAGE).stdout)["OCIv1"]["config"]


def test_smoke_inside_the_image(container):
    out = run_in(container, *ENTRYPOINT, "bash", "/mnt/ee/smoke.sh", timeout=300,
                 opts=("--cap-add", "CAP_NET_RAW", "--volume", os.path.join(ROOT, "ee") + ":/mnt/ee:ro")).stdout
    print("\n" + out)
    lines = dict(line.split(None, 1) for line in out.splitlines() if " " in line.strip())
    assert out.rstrip().endswith("smoke: all checks passed")
    assert lines["ansible"].startswith("ansible [core 2.18.")
    assert lines["ansible-runner"] == "2.4.3"
    assert re.match(r"Python 3\.11\.", lines["python3"])
    for dist in ("paramiko", "netmiko", "pyntc", "ansible-pylibssh", "librouteros", "netaddr"):
        assert re.search(r"\b%s \d" % dist, lines["imports"]), dist
    assert lines["pfne.netops"].split() == ["pfne.netops", VERSION]
    assert "pfne.netops.parse_asa_capture" in lines["ansible-doc"]
    for tool in ("iperf3", "iperf", "tcpdump", "nmap", "tshark", "ip", "ping", "openssl", "ifconfig", "ssh"):
        assert lines.get(tool), tool


def test_ping_needs_cap_net_raw(container):
    """Debian's ping has a file capability: without CAP_NET_RAW (buildah run's default set) it
    cannot start; with --cap-add CAP_NET_RAW it reaches the loopback (docs/execution_environment.md)."""
    bare = run_in(container, "ping", "-c1", "-W2", "127.0.0.1", check=False)
    assert bare.returncode != 0 and "operation not permitted" in bare.stderr
    raw = run_in(container, "ping", "-c1", "-W2", "127.0.0.1", opts=("--cap-add", "CAP_NET_RAW"))
    assert "1 received" in raw.stdout


def local_ca_lines():
    """One base64 line of every CA this machine added to its trust store (the bundle pip trusts
    here): the build mounted that bundle; none of them may be in the image."""
    lines = []
    for path in glob.glob("/usr/local/share/ca-certificates/**/*.crt", recursive=True):
        with open(path) as handle:
            body = [line.strip() for line in handle if line.strip() and not line.startswith("-----")]
        if len(body) > 3:
            lines.append(body[len(body) // 2])
    return lines


def test_build_trust_and_caches_stay_out_of_the_image(container):
    env = image_config().get("Env", [])
    assert [e for e in env if e.split("=")[0].startswith(("PIP_", "REQUESTS_CA", "SSL_CERT", "CURL_CA"))] \
        == ["PIP_BREAK_SYSTEM_PACKAGES=1"]   # ansible-builder's own, for pip on Debian's Python
    out = run_in(container, "sh", "-c",
                 "ls -A /mnt /var/lib/apt/lists /var/cache/apt; "
                 "ls -d /etc/pip.conf /etc/xdg/pip /usr/pip.conf /root/.pip /root/.config/pip /root/.cache "
                 "/runner/.cache /output /var/cache/apt/*.bin 2>/dev/null; true",
                 opts=("--user", "0:0")).stdout
    assert out.split() == ["/mnt:", "/var/cache/apt:", "archives", "/var/lib/apt/lists:"], out
    markers = local_ca_lines()
    if markers:   # this machine adds its own CAs (a build elsewhere may not): none is in the image
        grep = run_in(container, "grep", "-rlF", "--exclude-dir=proc", "--exclude-dir=sys", "--exclude-dir=dev",
                      *sum((["-e", m] for m in markers), []), "/", opts=("--user", "0:0"), check=False, timeout=300)
        assert grep.returncode == 1 and not grep.stdout, grep.stdout


def job_dir(base, lab):
    """An ansible-runner private data dir as AWX lays it out: the project (playbooks and
    ansible.cfg, not the collection: that comes from the image), the lab inventory, env files."""
    pdd = os.path.join(base, "job")
    shutil.copytree(os.path.join(ROOT, "playbooks"), os.path.join(pdd, "project", "playbooks"))
    shutil.copy(os.path.join(ROOT, "ansible.cfg"), os.path.join(pdd, "project", "ansible.cfg"))
    inventory = os.path.join(pdd, "inventory")
    os.makedirs(inventory)
    shutil.copy(lab.inventory, os.path.join(inventory, "hosts.yml"))
    for part in ("group_vars", "host_vars"):
        shutil.copytree(os.path.join(ROOT, "inventories", "lab", part), os.path.join(inventory, part))
    os.makedirs(os.path.join(pdd, "env"))
    with open(os.path.join(pdd, "env", "envvars"), "w") as handle:
        # ansible.cfg points at the checkout's .collections; inside the image the collection is installed
        yaml.safe_dump({"ANSIBLE_COLLECTIONS_PATH": "/usr/share/ansible/collections",
                        "ANSIBLE_DEPRECATION_WARNINGS": "False"}, handle)
    with open(os.path.join(pdd, "env", "extravars"), "w") as handle:
        yaml.safe_dump({"pfne_asa_capture_packets": 8, "pfne_asa_capture_seconds": 20}, handle)
    for top, dirs, files in os.walk(pdd):   # the image runs as uid 1000 (group 0)
        for name in dirs + files:
            os.chmod(os.path.join(top, name), 0o777 if name in dirs else 0o666)
    os.chmod(pdd, 0o777)
    return pdd


def test_site_from_inside_the_image_against_the_lab(container, tmp_path):
    (tmp_path / "lab").mkdir()
    lab = RunningLab(tmp_path / "lab")
    try:
        pdd = job_dir(str(tmp_path), lab)
        proc = run_in(container, *ENTRYPOINT, "ansible-runner", "run", "/runner/job", "-p", "playbooks/site.yml",
                      "--ident", "site", opts=("--volume", pdd + ":/runner/job"), check=False, timeout=1200)
    finally:
        lab.stop()
    recap = proc.stdout[proc.stdout.rfind("PLAY RECAP"):]
    print("\n" + recap)
    events = []
    for path in glob.glob(os.path.join(pdd, "artifacts", "site", "job_events", "*.json")):
        with open(path) as handle:
            events.append(json.load(handle))
    stats = [e["event_data"] for e in events if e["event"] == "playbook_on_stats"]
    assert proc.returncode == 0 and len(stats) == 1, (proc.stdout[-4000:], proc.stderr[-2000:])
    hosts = sorted(name for name, spec in inventory_hosts(lab.inventory).items() if spec.get("lab_kind"))
    assert sorted(stats[0]["ok"]) == hosts   # every lab device took part
    for host in hosts:
        assert stats[0]["failures"].get(host, 0) == 0 and stats[0]["dark"].get(host, 0) == 0, host
        assert re.search(r"^%s\s+: ok=\d+ .* failed=0 " % re.escape(host), recap, re.M), host
    # the ASA capture's pcap, written inside the image, reads back there with tshark
    pcaps = sorted(glob.glob(os.path.join(pdd, "project", "artifacts", "captures", "*.pcap")))
    assert pcaps
    inside = "/runner/job/" + os.path.relpath(pcaps[0], pdd)
    frames = run_in(container, "tshark", "-r", inside, opts=("--volume", pdd + ":/runner/job:ro")).stdout
    assert len(frames.splitlines()) >= 2, frames
