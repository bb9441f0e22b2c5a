"""Benchmark: playbooks/site.yml (or any playbook) against the device lab grown to N hosts.

The lab's nine devices (IOS router, four RouterOS, ASA, two WLCs, AP) keep their full roles;
the rest are extra lab IOS routers (lab --scale) added to the `ios` group. site.yml on those extra
routers runs the facts play and the IPsec validation (each is an IOS host of the fleet), and skips
the IPsec/L2TP/ASA/WLC configuration plays, which only apply to hosts named in a tunnel definition
or to other device kinds - the shape of a real fleet where most routers are only read.

Baseline, measured in the same run on the same lab: the same playbook on the lab's nine devices alone
(--limit), fresh devices for both runs (reset between them). Prints hosts, forks, wall time,
failed/unreachable hosts and the controller's CPU time of each, and the same-run ratios N-host run /
nine-host run (wall and CPU, against the host ratio N / 9).

usage: bench/site_scale.py --hosts 200 --forks 50 [--playbook playbooks/site.yml]"""
import argparse
import os
import re
import resource
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from lab.topology import inventory_hosts, scale_hosts  # noqa: E402
from tests.integration.labrun import INVENTORY, RunningLab  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=50, help="total hosts, the lab's nine included")
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--playbook", default="playbooks/site.yml")
    args = parser.parse_args()
    import tempfile
    base = len([h for h, v in inventory_hosts(INVENTORY).items() if v.get("lab_kind")])
    extra = max(args.hosts - base, 0)
    with tempfile.TemporaryDirectory() as tmp:
        lab = RunningLab(tmp, scale=extra)
        try:
            with open(lab.inventory) as handle:
                data = yaml.safe_load(handle)
            hosts = scale_hosts(extra)
            for spec in hosts.values():
                spec["ansible_port"] = lab.port
            data["all"]["children"]["ios"]["hosts"].update(hosts)
            with open(lab.inventory, "w") as handle:
                yaml.safe_dump(data, handle, sort_keys=False)
            lab_hosts = sorted(h for h, v in inventory_hosts(INVENTORY).items() if v.get("lab_kind"))
            nine = _run(lab, args, ",".join(lab_hosts))
            for host in lab_hosts:
                lab.control.reset(host)
            full = _run(lab, args, None)
        finally:
            lab.stop()
    ok = True
    for label, (wall, cpu, recap, bad, proc), count in (("baseline, the lab's devices alone", nine, base),
                                                         ("all hosts", full, base + extra)):
        print("%s: %s: %d hosts, forks %d: wall %.1f s, rc %d, %d failed/unreachable, controller CPU %.1f s"
              % (args.playbook, label, len(recap), args.forks, wall, proc.returncode, len(bad), cpu))
        if proc.returncode or len(recap) != count:
            print(proc.stdout[-3000:], proc.stderr[-2000:])
            ok = False
    print("same-run ratio %d hosts / %d hosts (%.1fx the hosts): wall %.2fx, controller CPU %.2fx"
          % (base + extra, base, (base + extra) / base, full[0] / nine[0], full[1] / nine[1]))
    return 0 if ok else 1


def _run(lab, args, limit):
    """One ansible-playbook run: (wall, controller CPU, recap rows, failed/unreachable hosts, process)."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", lab.inventory,
           os.path.join(ROOT, args.playbook), "-f", str(args.forks)] + (["--limit", limit] if limit else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
                                   ANSIBLE_DEPRECATION_WARNINGS="False"))
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    recap = re.findall(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", proc.stdout, re.M)
    bad = [h for h, ok, changed, unreachable, failed in recap if unreachable != "0" or failed != "0"]
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, recap, bad, proc


if __name__ == "__main__":
    sys.exit(main())
