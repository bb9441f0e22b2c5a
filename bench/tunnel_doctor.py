"""Benchmark (issue 24): reading a 400-device tunnel fleet the doctor's way vs the way the roles read today.

The lab serves `--pairs` hand-typed IOS<->RouterOS tunnels (lab/doctor_fleet.py scale_fleet: half IOS 15 /
IOS-XE 17, half RouterOS 6.42 / 6.49 / 7, every 10th pair broken).  Same run, same repetitions, same reads
(lab/doctor_fleet.py READS: every command the doctor needs per platform):
  doctor way   one pfne.netops.device_read task per device with every command (one session, one task)
  today's way  one task per command (cisco.ios.ios_command / community.routeros.command), as the roles read
Reported: wall time and controller CPU (ansible-playbook and its children) per device for each, and the
ratios today / doctor.  With --playbook, the doctor's own playbook (playbooks/tunnel_doctor.yml) is timed too.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from lab.doctor_fleet import READS, scale_fleet  # noqa: E402
from lab.topology import write_inventory  # noqa: E402
from tests.integration.labrun import RunningLab  # noqa: E402

MODULE = {"ios": "cisco.ios.ios_command", "routeros": "community.routeros.command"}


def _playbooks(tmp):
    one = [{"name": "Every read in one task", "pfne.netops.device_read": {"commands": "{{ bench_reads }}"}}]
    each = [{"name": "%s read %d" % (kind, i), MODULE[kind]: {"commands": ["{{ bench_reads[%d] }}" % i]},
             "when": "lab_kind == '%s'" % kind} for kind, cmds in READS.items() for i in range(len(cmds))]
    paths = {}
    for name, tasks in (("doctor", one), ("today", each)):
        paths[name] = os.path.join(tmp, name + ".yml")
        with open(paths[name], "w") as handle:
            yaml.safe_dump([{"name": "Read the tunnel fleet", "hosts": "all", "gather_facts": False,
                             "tasks": tasks}], handle, sort_keys=False)
    return paths


def _run(playbook, inventory, forks):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
                           playbook, "-f", str(forks)], cwd=ROOT, capture_output=True, text=True, check=False,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    failed = [line for line in proc.stdout.splitlines() if "ok=" in line and ("failed=0" not in line or "unreachable=0" not in line)]
    return wall, cpu, failed, proc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--playbook", action="store_true", help="also time playbooks/tunnel_doctor.yml")
    args = parser.parse_args()
    hosts = scale_fleet(args.pairs)
    devices = len(hosts)
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "fleet.yml")
        write_inventory(source, hosts)
        lab = RunningLab(tmp, inventory=source)
        try:
            paths = _playbooks(tmp)
            if args.playbook:
                paths["tunnel_doctor.yml"] = os.path.join(ROOT, "playbooks", "tunnel_doctor.yml")
            results = {name: [] for name in paths}
            for _ in range(args.repeat):
                for name, path in paths.items():
                    wall, cpu, failed, proc = _run(path, lab.inventory, args.forks)
                    if failed:
                        print(proc.stdout[-3000:])
                        return 1
                    results[name].append((wall, cpu))
        finally:
            lab.stop()
    med = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
           for name, runs in results.items()}
    print("tunnel doctor reads: %d devices (%d pairs), forks %d, median of %d run(s)" % (
        devices, args.pairs, args.forks, args.repeat))
    for name, (wall, cpu) in med.items():
        print("  %-18s wall %7.1f s (%6.1f ms/device)  controller CPU %7.1f s (%6.1f ms/device)" % (
            name, wall, 1000 * wall / devices, cpu, 1000 * cpu / devices))
    print("same-run ratios today / doctor: wall %.2f, controller CPU %.2f" % (
        med["today"][0] / med["doctor"][0], med["today"][1] / med["doctor"][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
