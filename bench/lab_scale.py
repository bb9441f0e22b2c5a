"""Benchmark: the lab serving 200 devices to ansible-playbook (forks 20).

Runs `show version` through cisco.ios.ios_command over network_cli against 200
lab routers and reports wall time, the lab's CPU time per device session, and
that cost as a ratio of the controller's CPU in the same run (the baseline: what
Ansible itself spends per host)."""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from lab.topology import scale_hosts, write_inventory  # noqa: E402
from tests.integration.labrun import RunningLab  # noqa: E402

PLAYBOOK = """\
- name: Show version on every lab router
  hosts: all
  gather_facts: false
  tasks:
    - name: Run show version
      cisco.ios.ios_command:
        commands: [show version]
"""


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--forks", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.yml")
        write_inventory(empty, {})
        lab = RunningLab(tmp, inventory=empty, scale=args.devices)
        try:
            hosts = scale_hosts(args.devices)
            for spec in hosts.values():
                spec["ansible_port"] = lab.port
            inventory = os.path.join(tmp, "scale.yml")
            write_inventory(inventory, hosts)
            playbook = os.path.join(tmp, "show.yml")
            with open(playbook, "w") as handle:
                handle.write(PLAYBOOK)
            lab_cpu_before = cpu_seconds(lab.proc.pid)
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            proc = subprocess.run(
                [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory, playbook,
                 "-f", str(args.forks)],
                cwd=ROOT, capture_output=True, text=True, check=False,
                env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
            wall = time.monotonic() - start
            children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            lab_cpu = cpu_seconds(lab.proc.pid) - lab_cpu_before
        finally:
            lab.stop()
    controller_cpu = (children_after.ru_utime + children_after.ru_stime
                      - children_before.ru_utime - children_before.ru_stime)
    recap = [line for line in proc.stdout.splitlines() if "ok=" in line]
    ok = sum(1 for line in recap if "failed=0" in line and "unreachable=0" in line)
    print("lab scale: %d devices, forks %d: %d hosts ok, wall %.1f s" % (args.devices, args.forks, ok, wall))
    print("lab CPU: %.2f s in all, %.1f ms per device session" % (lab_cpu, 1000 * lab_cpu / args.devices))
    print("controller CPU (ansible, baseline): %.2f s, %.1f ms per host" % (
        controller_cpu, 1000 * controller_cpu / args.devices))
    print("same-run ratio lab CPU / controller CPU (baseline: what ansible-playbook itself spends on the same "
          "%d hosts in this run): %.3f" % (args.devices, lab_cpu / controller_cpu if controller_cpu else float("nan")))
    if ok != args.devices:
        print(proc.stdout[-3000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
