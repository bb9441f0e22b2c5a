"""Benchmark: CPU of the L2TP role's check-mode planning for N PPP users (render + the engine's diff).

The second-run case is measured: every user exists on the router with its fingerprint in its
comment, so the plan is empty and the cost is the fingerprints.  Baseline in the same run: the
same users fingerprinted one PBKDF2 each (fingerprint_key removed), timed on --baseline-users and
scaled to N.

usage: bench/l2tp_fingerprint_bench.py [--users 2000] [--baseline-users 100]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import tests.conftest  # noqa: E402,F401  (makes the checkout importable as ansible_collections.pfne.netops)
from ansible_collections.pfne.netops.plugins.plugin_utils import l2tp_mobile, l2tp_routeros  # noqa: E402
from ansible_collections.pfne.netops.plugins.plugin_utils import routeros_diff  # noqa: E402


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--baseline-users", type=int, default=100)
    args = parser.parse_args()
    keyed = _plan_cpu(args.users)
    base = _plan_cpu(args.baseline_users, keyed=False) * args.users / args.baseline_users
    print("users=%d  keyed fingerprints: %.2f s CPU  one PBKDF2 per user (scaled from %d): %.1f s CPU  "
          "ratio %.1fx" % (args.users, keyed, args.baseline_users, base, base / keyed))


if __name__ == "__main__":
    main()
