#!/bin/bash
# Smoke test run INSIDE the pfne-netops image (scripts/image_test.sh mounts it read-only):
# every tool answers with its version, the Python libraries import, the collections are installed
# and pfne.netops documents itself. Stops at the first failure; prints what it checked.
set -euo pipefail
check() {   # check LABEL COMMAND...: run it, print LABEL and the first line of its output
  local out
  out=$("${@:2}" 2>&1) || { echo "FAIL $1: $out" >&2; exit 1; }
  printf '%-18s %s\n' "$1" "$(printf '%s\n' "$out" | grep -m1 -v '^[[:space:]]*$')"
}
check debian cat /etc/debian_version
check apt-lists cat /etc/pfne-netops-apt-lists
check openssl openssl version
check ifconfig ifconfig --version
check netstat netstat --version
check ping ping -V
check ping-loopback ping -c1 -W2 127.0.0.1
check arping arping -V
check tracepath tracepath -V
check ip ip -V
check ss ss -V
check iperf3 iperf3 --version
check iperf sh -c "iperf --version 2>&1 | grep \"iperf version\""   # iperf 2 exits 1 after its version
check tcpdump tcpdump --version
check nmap nmap --version
check tshark sh -c "tshark --version 2>/dev/null"
check ssh ssh -V
check python3 python3 --version
check pip python3 -m pip --version
check ansible ansible --version
check ansible-runner ansible-runner --version
check imports python3 -c 'import importlib.metadata as m
mods = {"paramiko": "paramiko", "netmiko": "netmiko", "pyntc": "pyntc", "pylibsshext": "ansible-pylibssh",
        "librouteros": "librouteros", "netaddr": "netaddr", "jmespath": "jmespath", "ansible_runner": "ansible-runner"}
for mod, dist in mods.items():
    __import__(mod)
print(" ".join("%s %s" % (dist, m.version(dist)) for dist in mods.values()))'
check pip-check python3 -m pip check
collections=$(ansible-galaxy collection list 2>/dev/null)
for name in pfne.netops ansible.netcommon ansible.utils cisco.ios cisco.asa community.routeros; do
  check "$name" grep -E "^$name " <<<"$collections"
done
check ansible-doc sh -c "ansible-doc -t filter pfne.netops.parse_asa_capture | sed \"s/\\x1b\\[[0-9;]*m//g\" | grep -m1 \"^> FILTER pfne.netops.parse_asa_capture \""
check ansible-doc-list sh -c 'ansible-doc -t filter -l pfne.netops | wc -l'
echo "smoke: all checks passed"
