"""Benchmark (issue 24): reading a 400-device tunnel fleet the doctor's way vs the way the roles read today.

The lab serves `--pairs` hand-typed IOS<->RouterOS tunnels (lab/doctor_fleet.py scale_fleet: half IOS 15 /
IOS-XE 17, half RouterOS 6.42 / 6.49 / 7, every 10th pair broken).  Same run, same repetitions, same reads
(lab/doctor_fleet.py READS: every command the doctor needs per platform):
  doctor way   one pfne.netops.device_read task per device with every command (one session, one task)
  today's way  one task per command (cisco.ios.ios_command / community.routeros.command), as the roles read
Reported: wall time and controller CPU (ansible-playbook and its children) per device for each, and the
ratios today / doctor.  With --playbook, the doctor's own playbook (playbooks/tunnel_doctor.yml: pre-flight,
the reads, the diagnosis of the whole fleet on the controller, doctor.json) is timed too, over every device.
With --baseline-pairs M (M < --pairs) the two read ways run over the first M pairs only (inventory group
`baseline`), in the same lab and run, and the playbook still over all of them; per-device figures divide by
the devices each way ran on.
"""
import argparse
import json
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
from tests.integration.labrun import RunningLab  # noqa: E402

MODULE = {"ios": "cisco.ios.ios_command", "routeros": "community.routeros.command"}


def _inventory(path, hosts, baseline):
    """Groups by platform (the doctor's playbook runs on routeros:ios) and `baseline` (the read ways' hosts)."""
    groups = {"ios": {"hosts": {}}, "routeros": {"hosts": {}}, "baseline": {"hosts": {}}}
    for name, host in hosts.items():
        groups[host["lab_kind"]]["hosts"][name] = host
        if name in baseline:
            groups["baseline"]["hosts"][name] = None
    with open(path, "w") as handle:
        yaml.safe_dump({"all": {"children": groups}}, handle, sort_keys=False)


def _playbooks(tmp):
    one = [{"name": "Every read in one task", "pfne.netops.device_read": {"commands": "{{ bench_reads }}"}}]
    each = [{"name": "%s read %d" % (kind, i), MODULE[kind]: {"commands": ["{{ bench_reads[%d] }}" % i]},
             "when": "lab_kind == '%s'" % kind} for kind, cmds in READS.items() for i in range(len(cmds))]
    paths = {}
    for name, tasks in (("doctor", one), ("today", each)):
        paths[name] = os.path.join(tmp, name + ".yml")
        with open(paths[name], "w") as handle:
            yaml.safe_dump([{"name": "Read the tunnel fleet", "hosts": "baseline", "gather_facts": False,
                             "tasks": tasks}], handle, sort_keys=False)
    return paths


def _run(playbook, inventory, forks, artifacts):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
                           playbook, "-f", str(forks),
                           "-e", "pfne_artifacts_dir=%s" % artifacts], cwd=ROOT, capture_output=True, text=True, check=False,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    failed = [line for line in proc.stdout.splitlines()
              if "ok=" in line and ("failed=0" not in line or "unreachable=0" not in line)]
    return wall, cpu, failed, proc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--playbook", action="store_true", help="also time playbooks/tunnel_doctor.yml")
    parser.add_argument("--baseline-pairs", type=int, default=0, help="the two read ways over the first M pairs only")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "tunnel_doctor.json"),
                        help="where the figures are written (JSON); '' writes none")
    args = parser.parse_args()
    hosts = scale_fleet(args.pairs)
    subset = args.baseline_pairs or args.pairs
    baseline = set(name for name in hosts if int(name[1:4]) < subset)
    devices = {"doctor": len(baseline), "today": len(baseline), "tunnel_doctor.yml": len(hosts)}
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "fleet.yml")
        _inventory(source, hosts, baseline)
        lab = RunningLab(tmp, inventory=source)
        try:
            paths = _playbooks(tmp)
            if args.playbook:
                paths["tunnel_doctor.yml"] = os.path.join(ROOT, "playbooks", "tunnel_doctor.yml")
            results = {name: [] for name in paths}
            for _ in range(args.repeat):
                for name, path in paths.items():
                    wall, cpu, failed, proc = _run(path, lab.inventory, args.forks, os.path.join(tmp, "artifacts"))
                    if failed:
                        print(proc.stdout[-3000:])
                        return 1
                    results[name].append((wall, cpu))
        finally:
            lab.stop()
    med = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
           for name, runs in results.items()}
    print("tunnel doctor reads: fleet of %d devices (%d pairs), read ways over %d devices, forks %d, median of %d run(s)"
          % (len(hosts), args.pairs, len(baseline), args.forks, args.repeat))
    per = {}
    for name, (wall, cpu) in med.items():
        per[name] = (wall / devices[name], cpu / devices[name])
        print("  %-18s %4d devices  wall %7.1f s (%6.1f ms/device)  controller CPU %7.1f s (%6.1f ms/device)" % (
            name, devices[name], wall, 1000 * per[name][0], cpu, 1000 * per[name][1]))
    print("same-run ratios today / doctor: wall %.2f, controller CPU %.2f" % (
        med["today"][0] / med["doctor"][0], med["today"][1] / med["doctor"][1]))
    if "tunnel_doctor.yml" in per:
        print("same-run ratios per device, today / tunnel_doctor.yml: wall %.2f, controller CPU %.2f" % (
            per["today"][0] / per["tunnel_doctor.yml"][0], per["today"][1] / per["tunnel_doctor.yml"][1]))
    if args.out:
        _write(args, len(hosts), devices, med, per, results)
    return 0


def _write(args, fleet, devices, med, per, results):
    """The run's figures as JSON (bench/results/), with the load the machine had while it ran."""
    doc = {"bench": "tunnel_doctor", "fleet_devices": fleet, "pairs": args.pairs, "forks": args.forks,
           "repeat": args.repeat, "cpus": os.cpu_count(), "load_average_after": list(os.getloadavg()),
           "ways": dict((name, {"devices": devices[name], "wall_s": round(med[name][0], 2),
                                "controller_cpu_s": round(med[name][1], 2),
                                "wall_ms_per_device": round(1000 * per[name][0], 1),
                                "cpu_ms_per_device": round(1000 * per[name][1], 1),
                                "runs": [[round(w, 2), round(c, 2)] for w, c in results[name]]}) for name in med),
           "ratio_today_over_doctor": {"wall": round(med["today"][0] / med["doctor"][0], 2),
                                       "controller_cpu": round(med["today"][1] / med["doctor"][1], 2)}}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(doc, handle, indent=1, sort_keys=True)
    print("written: %s" % args.out)


if __name__ == "__main__":
    sys.exit(main())
