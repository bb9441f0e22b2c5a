"""Benchmark: expired-MIC audit of a 2,000-AP WLC (issue 6, "Performance").

One lab run holds an AireOS controller and a Catalyst 9800 (the aireos/c9800
groups of inventories/lab/hosts.yml, each with lab_ap_count 2000) and N IOS AP
devices (default 2,000: every AP) carrying the serials and MICs of the first N
APs of the AireOS fleet (so the sample holds the expired and expiring ones).

1. Audit: `ansible-playbook playbooks/wlc_mic_audit.yml --limit <controller>`
   (default callback), wall clock around the whole command, Ansible start-up
   included; --runs times per controller (default 2) and the best run is judged,
   as other work on a shared machine only ever adds time. Checked on every run:
   one SSH session to that controller, no other lab device touched (the N APs
   included), and the JSON report the role writes names exactly the APs the lab
   fleet has expired (verdict ap-mic-expired, not joined) and expiring (verdict ok,
   mic_state expiring: MIC ends within 90 days), the rest ok, out of 2,000. The never-joined expired APs' serials come from an
   asset list (wlc_mic_ignore_known_aps), as in tests/integration/test_wlc_mic.py.
2. Baseline, what a user without the role would run: a per-device login script
   (Python, paramiko, a pool of --forks threads) that logs into every AP once
   (`enable`, `terminal length 0`, `debug capwap console cli`, `show crypto pki
   certificates`), reads its MIC end date and checks it against the lab. The lab
   serves one AP device per fleet AP (--sample, default all --aps), so nothing is
   extrapolated: one login per device, every device.
3. Both sides run --runs times (default 2) in the same lab and the best wall time
   of each is compared (other work on a shared machine only ever adds time).
   Prints wall time and CPU time (the audit: ansible-playbook with its workers,
   local modules and the daemonised ansible-connection, collected as a child
   subreaper; the script: this process; and the lab process for both) and the
   same-run ratios script / audit.
   Exit status 1 when the best audit run of a controller takes 15 s or more, or
   any audit's session count or findings are wrong, or a baseline read fails.

    .venv/bin/python bench/wlc_audit_bench.py [--aps 2000] [--sample 2000] [--forks 20] [--runs 2]
"""
import argparse
import ctypes
import datetime
import importlib.util
import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
import resource
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (ROOT, os.path.join(ROOT, ".collections")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import (  # noqa: E402
    find_mic,
    parse_pki_certificates,
)
from lab.devices import wlc_fleet  # noqa: E402
from lab.topology import inventory_hosts  # noqa: E402
from tests.integration.labrun import INVENTORY, RunningLab  # noqa: E402

AUDIT_PLAYBOOK = os.path.join(ROOT, "playbooks", "wlc_mic_audit.yml")
CONTROLLERS = ("wlc-aireos", "wlc-9800")
LIMIT_S = 15.0
PR_SET_CHILD_SUBREAPER = 36
EXPIRED, EXPIRING, WARN_DAYS = 4, 3, 90   # the lab fleet's defaults; the role's default warn_days

BASELINE = "per-device login script (paramiko, one login per AP, %d threads)"
_PROMPT = re.compile(rb"\S+[>#] ?$")
_PASSWORD = re.compile(rb"[Pp]assword: ?$")


def fleet_of(host, count):
    """The lab's own fleet model of a controller (lab/devices/wlc_fleet.py)."""
    return wlc_fleet.Fleet("AP-%s-" % host.upper(), count, EXPIRED, EXPIRING)


def expected_findings(fleet):
    now = wlc_fleet.today()
    expired = sorted(ap.name for ap in fleet.aps if ap.mic_end <= now)
    expiring = sorted(ap.name for ap in fleet.aps
                      if now < ap.mic_end <= now + datetime.timedelta(days=WARN_DAYS))
    return expired, expiring


def dotted(mac):
    h = mac.replace(":", "")
    return "%s.%s.%s" % (h[0:4], h[4:8], h[8:12])


def write_source_inventory(path, aps, sample):
    """Copy of the lab inventory's aireos/c9800 groups (lab_ap_count set) plus
    `sample` AP devices carrying the serial and MAC of the first fleet APs."""
    with open(INVENTORY) as handle:
        lab = yaml.safe_load(handle)
    children = lab["all"]["children"]
    wlc = children["wlc"]
    for group in ("aireos", "c9800"):
        for spec in wlc["children"][group]["hosts"].values():
            spec["lab_ap_count"] = aps
    ap_vars = dict(children["aps"]["vars"])
    ap_hosts = {}
    for i, ap in enumerate(fleet_of(CONTROLLERS[0], aps).aps[:sample]):
        ap_hosts[ap.name] = {"ansible_host": "127.0.%d.%d" % (5 + i // 250, i % 250 + 1), "lab_kind": "ap",
                             "lab_serial": ap.serial, "lab_mac": dotted(ap.eth_mac)}
    data = {"all": {"vars": lab["all"]["vars"],
                    "children": {"wlc": wlc, "bench_aps": {"vars": ap_vars, "hosts": ap_hosts}}}}
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return list(ap_hosts)


def become_subreaper():
    """Linux: orphaned descendants (the daemonised ansible-connection process of a
    persistent network_cli connection) are re-parented to this process, so their
    CPU time can be collected when they are reaped."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children(exclude):
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in exclude:
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == me:
                    found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def reap_orphans(exclude, timeout=30):
    """Wait for the re-parented descendants (persistent connections close at the end
    of the play) so that RUSAGE_CHILDREN counts their CPU."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = _children(exclude)
        if not pids:
            return True
        for pid in pids:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.05)
    return False


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run(object):
    """One ansible-playbook run: wall seconds, CPU seconds of ansible-playbook and its
    descendants (workers, local modules, ansible-connection), CPU of the lab process."""

    def __init__(self, wall, cpu_ansible, cpu_lab, proc):
        self.wall, self.cpu_ansible, self.cpu_lab, self.proc = wall, cpu_ansible, cpu_lab, proc

    @property
    def cpu(self):
        return self.cpu_ansible + self.cpu_lab


def ansible_playbook(lab, args, callback="default"):
    """Run ansible-playbook against the lab inventory and measure it (Run)."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", lab.inventory] + args
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK=callback,
               ANSIBLE_DEPRECATION_WARNINGS="False",
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    lab_before = cpu_seconds(lab.proc.pid)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False)
    wall = time.monotonic() - start
    reap_orphans({lab.proc.pid})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(wall, cpu, cpu_seconds(lab.proc.pid) - lab_before, proc)


def audit(lab, tmp, host, aps, ap_names, problems):
    """Run the audit playbook once on one controller; check what it did and found."""
    fleet = fleet_of(host, aps)
    report_dir = os.path.join(tmp, "reports")
    # The expired APs never joined, so the controller cannot list their serials: an
    # operator's asset list supplies them (as in tests/integration/test_wlc_mic.py).
    extra = {"wlc_mic_ignore_report_dir": report_dir,
             "wlc_mic_ignore_known_aps": [{"name": ap.name, "serial": ap.serial, "model": ap.model}
                                          for ap in fleet.aps if ap.expired]}
    vars_file = os.path.join(tmp, "%s-vars.json" % host)
    with open(vars_file, "w") as handle:
        json.dump(extra, handle)
    report_path = os.path.join(report_dir, "%s-mic-audit.json" % host)
    if os.path.exists(report_path):
        os.unlink(report_path)
    before = {name: lab.control.state(name)["sessions"] for name in CONTROLLERS + tuple(ap_names)}
    run = ansible_playbook(lab, [AUDIT_PLAYBOOK, "--limit", host, "-e", "@" + vars_file])
    after = {name: lab.control.state(name)["sessions"] for name in before}
    run.sessions = after[host] - before[host]
    run.touched = sorted(n for n in before if n != host and after[n] != before[n])
    run.report = None
    if run.proc.returncode != 0:
        problems.append("%s: audit playbook rc=%d\n%s%s" % (host, run.proc.returncode, run.proc.stdout[-3000:],
                                                             run.proc.stderr[-2000:]))
        return run
    if run.sessions != 1:
        problems.append("%s: %d SSH sessions to the controller, expected 1" % (host, run.sessions))
    if run.touched:
        problems.append("%s: the audit touched other devices: %s" % (host, ", ".join(run.touched)))
    with open(report_path) as handle:
        run.report = report = json.load(handle)
    found = {}
    for rec in report["aps"]:
        found.setdefault(rec["verdict"], []).append(rec["name"])
    exp_expired, exp_expiring = expected_findings(fleet)
    got_expired = sorted(r["name"] for r in report["aps"] if r["verdict"] == "ap-mic-expired" and r["blocked"])
    got_expiring = sorted(r["name"] for r in report["aps"] if r["verdict"] == "ok" and r["mic_state"] == "expiring")
    others = dict((v, len(n)) for v, n in found.items() if v not in ("ap-mic-expired", "ok"))
    if got_expired != exp_expired:
        problems.append("%s: ap-mic-expired (not joined) %s, expected %s" % (host, got_expired, exp_expired))
    if got_expiring != exp_expiring:
        problems.append("%s: expiring %s, expected %s" % (host, got_expiring, exp_expiring))
    if others or report["summary"]["total"] != aps:
        problems.append("%s: total %s (expected %d), other verdicts %s"
                        % (host, report["summary"]["total"], aps, others))
    if not report["decision"]["fix_needed"]:
        problems.append("%s: the audit did not ask for the workaround" % host)
    return run


def _read_ap(address, port, spec):
    """One login: enable, no pager, the AP's debug CLI, its certificates (what a user's script does)."""
    import paramiko
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(address, port=port, username=spec["ansible_user"], password=spec["ansible_password"],
                   look_for_keys=False, allow_agent=False, timeout=60)
    try:
        chan = client.invoke_shell(width=512)
        chan.settimeout(60)

        def until(pattern):
            buf = b""
            while not pattern.search(buf[-80:]):
                data = chan.recv(1 << 16)
                if not data:
                    raise RuntimeError("channel closed")
                buf += data
            return buf.decode("utf-8", "replace")

        def run(line, pattern=_PROMPT):
            chan.send(line.encode() + b"\n")
            return until(pattern)

        until(_PROMPT)
        run("enable", _PASSWORD)
        run(spec["ansible_become_password"])
        run("terminal length 0")
        run("debug capwap console cli")
        out = run("show crypto pki certificates")
        return out.split("\n", 1)[1].rsplit("\n", 1)[0]     # without the echoed command and the prompt
    finally:
        client.close()


def baseline(lab, aps, ap_names, forks, problems):
    """The per-device script: every sample AP logged into once, its MIC checked against the lab."""
    specs = inventory_hosts(lab.inventory)
    fleet = fleet_of(CONTROLLERS[0], aps).by_name
    now = wlc_fleet.today()
    before = dict((name, lab.control.state(name)["sessions"]) for name in ap_names)
    lock = threading.Lock()
    run = Run(0, 0, 0, None)
    run.states = {"expired": 0, "expiring": 0, "valid": 0}
    run.read = 0

    def one(name):
        spec = specs[name]
        try:
            mic = find_mic(parse_pki_certificates(_read_ap(spec["ansible_host"], int(spec["ansible_port"]), spec)))
        except Exception as exc:  # a failed read is a finding of the bench, not a crash
            with lock:
                problems.append("baseline: %s: %s" % (name, exc))
            return
        end = fleet[name].mic_end
        with lock:
            if not mic or mic["valid_to"] != end.strftime("%Y-%m-%dT%H:%M:%SZ"):
                problems.append("baseline: %s: MIC %s, lab has %s" % (name, mic and mic["valid_to"], end))
                return
            run.read += 1
            left = end - now
            run.states["expired" if left.total_seconds() <= 0 else
                       "expiring" if left <= datetime.timedelta(days=WARN_DAYS) else "valid"] += 1

    lab_before, cpu_before = cpu_seconds(lab.proc.pid), time.process_time()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=forks) as pool:
        list(pool.map(one, ap_names))
    run.wall = time.monotonic() - start
    run.cpu_ansible, run.cpu_lab = time.process_time() - cpu_before, cpu_seconds(lab.proc.pid) - lab_before
    run.logins = sum(lab.control.state(n)["sessions"] - before[n] for n in ap_names)
    if run.read != len(ap_names) or run.logins != len(ap_names):
        problems.append("baseline: %d of %d APs read, %d logins" % (run.read, len(ap_names), run.logins))
    return run


def ssh_type(host):
    """The network_cli ssh_type a controller runs with, and where it comes from."""
    var = inventory_hosts(INVENTORY)[host].get("ansible_network_cli_ssh_type")
    if var:
        return "%s (ansible_network_cli_ssh_type in inventories/lab/hosts.yml)" % var
    env = os.environ.get("ANSIBLE_NETWORK_CLI_SSH_TYPE", "auto")
    if env != "auto":
        return "%s (ANSIBLE_NETWORK_CLI_SSH_TYPE)" % env
    return "auto = %s" % ("libssh (ansible-pylibssh installed)" if importlib.util.find_spec("pylibsshext")
                          else "paramiko (no ansible-pylibssh)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aps", type=int, default=2000, help="APs per controller (lab_ap_count)")
    parser.add_argument("--sample", type=int, default=None, help="lab AP devices the script logs into (all APs)")
    parser.add_argument("--forks", type=int, default=20, help="script threads (as ansible.cfg's forks 20)")
    parser.add_argument("--runs", type=int, default=2,
                        help="runs of each side (audit per controller, script); the best wall time of each is compared")
    args = parser.parse_args()
    args.sample = args.aps if args.sample is None else args.sample
    subreaper = become_subreaper()
    problems = []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "source.yml")
        ap_names = write_source_inventory(source, args.aps, args.sample)
        run_dir = os.path.join(tmp, "run")
        os.mkdir(run_dir)
        lab = RunningLab(run_dir, inventory=source)
        try:
            audits = dict((host, [audit(lab, tmp, host, args.aps, ap_names, problems) for _ in range(args.runs)])
                          for host in CONTROLLERS)
            bases = [baseline(lab, args.aps, ap_names, args.forks, problems) for _ in range(args.runs)]
        finally:
            lab.stop()
    load_end = os.getloadavg()
    n = len(ap_names)
    base = min(bases, key=lambda r: r.wall)
    print("WLC MIC audit benchmark: %d APs per controller (lab), playbooks/wlc_mic_audit.yml against the baseline "
          "%s over %d lab APs; %d run(s) of each side, best wall time compared" % (
              args.aps, BASELINE % args.forks, n, args.runs))
    print("machine: %d CPUs, load average %.1f at start, %.1f at end (other work on the machine stretches wall time)"
          % (os.cpu_count(), load[0], load_end[0]))
    print("network_cli ssh type: %s" % ", ".join("%s %s" % (host, ssh_type(host)) for host in CONTROLLERS))
    best = {}
    for host, runs in audits.items():
        walls = [r.wall for r in runs]
        best[host] = min(runs, key=lambda r: r.wall)
        ok = [r for r in runs if r.report]
        summary = ok[-1].report["summary"] if ok else {}
        print("audit %-10s wall best %5.1f s, runs %s (ansible-playbook, start-up included)"
              % (host, min(walls), " ".join("%.1f" % w for w in walls)))
        print("      %-10s CPU %.1f s ansible-playbook + ansible-connection + local modules, %.1f s lab; "
              "SSH sessions to the WLC per run %s, AP devices touched %d, commands %d; found ap-mic-expired %s, "
              "expiring %s, ok %s of %s"
              % ("", best[host].cpu_ansible, best[host].cpu_lab, sorted(set(r.sessions for r in runs)),
                 len(set(sum((r.touched for r in runs), []))), len(ok[-1].report["commands"]) if ok else 0,
                 summary.get("blocked_by_verdict", {}).get("ap-mic-expired"), summary.get("expiring"),
                 summary.get("ok"),
                 summary.get("total")))
    print("baseline %s: wall best %.1f s, runs %s; CPU %.1f s script + %.1f s lab; %d logins, %d MICs read "
          "(expired %d, expiring %d, valid %d), every MIC end date as the lab's"
          % (BASELINE % args.forks, base.wall, " ".join("%.1f" % r.wall for r in bases), base.cpu_ansible,
             base.cpu_lab, base.logins, base.read, base.states["expired"], base.states["expiring"],
             base.states["valid"]))
    for host in CONTROLLERS:
        print("ratio per-device script (%d APs) / audit %-10s (same run, best of %d each): wall %.1fx, CPU %.1fx"
              % (n, host, args.runs, base.wall / best[host].wall, base.cpu / best[host].cpu))
    if not subreaper:
        print("note: could not become a child subreaper; ansible-connection CPU is not counted")
    for host in CONTROLLERS:
        if best[host].wall >= LIMIT_S:
            problems.append("%s: best audit run took %.1f s, target under %.0f s" % (host, best[host].wall, LIMIT_S))
    for problem in problems:
        print("FAIL: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
