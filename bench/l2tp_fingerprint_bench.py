"""Benchmark: CPU of the L2TP role's check-mode planning for N PPP users (render + the engine's diff).

The second-run case is measured: every user exists on the router with its fingerprint in its
comment, so the plan is empty and the cost is the fingerprints.  Baseline in the same run: the
same N users fingerprinted the way a table entry without fingerprint_key is (one PBKDF2-HMAC-SHA256
of 100,000 rounds each, what the engine would do without the PSK-keyed HMAC).  Both sides: best CPU
time of --runs runs on the same N users; prints both, the baseline's name and the same-run ratio.

usage: bench/l2tp_fingerprint_bench.py [--users 300] [--runs 3]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (ROOT, os.path.join(ROOT, ".collections")):     # the checkout as ansible_collections.pfne.netops
    if _path not in sys.path:
        sys.path.insert(0, _path)

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import mobile as l2tp_mobile
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import routeros as l2tp_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import diff as routeros_diff


def _config(users):
    return {
        "pool": {"start": "10.99.0.10", "end": "10.99.255.250"}, "local_address": "10.98.0.1",
        "lan_subnets": ["192.168.88.0/24"], "ipsec_secret": "bench-only-psk-0123456789",
        "users": [{"name": "user%05d" % i, "password": "bench-pass-%05d-xyz" % i} for i in range(users)],
    }


def _plan_cpu(users, keyed=True):
    model = l2tp_mobile.normalize(_config(users))[0]
    entries = l2tp_routeros.render(model, "7.16.2")["entries"]
    if not keyed:
        for entry in entries:
            entry.pop("fingerprint_key", None)
    current = {"/ppp secret": []}
    for index, entry in enumerate(e for e in entries if e["path"] == "/ppp secret"):
        props = dict(entry["properties"], name=entry["match"]["name"])
        props.pop("password")                  # RouterOS 7 does not print it
        props["comment"] = "%s %s%s" % (props["comment"], routeros_diff.FP_PREFIX, routeros_diff.fingerprint(entry))
        current["/ppp secret"].append({"index": index, "flags": "", "properties": props})
    routeros_diff._DERIVED.clear()
    start = time.process_time()
    plan = routeros_diff.plan(entries, current)
    cpu = time.process_time() - start
    assert not [c for c in plan["commands"] if c.startswith("/ppp secret")], plan["commands"][:3]
    return cpu


BASELINE = "one PBKDF2-HMAC-SHA256 (100,000 rounds) per user, fingerprint_key removed"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keyed = min(_plan_cpu(args.users) for _ in range(args.runs))
    base = min(_plan_cpu(args.users, keyed=False) for _ in range(args.runs))
    print("L2TP plan of %d users (second run), best CPU of %d runs each: keyed fingerprints %.2f s, baseline %.2f s "
          "(%s); same-run ratio baseline / keyed %.1fx" % (args.users, args.runs, keyed, base, BASELINE, base / keyed))
    return 0 if base > keyed else 1


if __name__ == "__main__":
    sys.exit(main())
