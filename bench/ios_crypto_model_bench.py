"""Benchmark: reading an IOS running-config into the crypto model (issue 11).

A running-config (the crypto sections of tests/unit/fixtures/ipsec/composed/iosxe17_running_config_crypto.txt)
plus one extended ACL of N entries (IOS-XE numbered;
default 200, as the baseline costs a good part of a second per entry on a loaded 2-CPU machine) is
read by pfne.netops' model (plugins/plugin_utils/ios/crypto_template.py).
Baseline, measured in the same run: what a user reads that ACL with without this collection,
`cisco.ios.ios_acls` (state: parsed / gathered), i.e. ansible.netcommon's NetworkTemplate `parse()`
unchanged with cisco.ios's own ACL table (rm_templates/acls.py), on the ACL section only (cisco.ios
has no template for the crypto sections, so the model does more work than the baseline). Both sides
best of --runs (wall clock, the same N); prints both, the baseline's name and the same-run ratio
baseline / model; exit status 1 when the model is not faster or the two read different entries.

    .venv/bin/python bench/ios_crypto_model_bench.py [--entries 200] [--runs 3]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, ".collections"))

from ansible_collections.ansible.netcommon.plugins.module_utils.network.common.rm_base.network_template import (  # noqa: E402
    NetworkTemplate,
)
from ansible_collections.cisco.ios.plugins.module_utils.network.ios.rm_templates.acls import AclsTemplate  # noqa: E402
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import crypto_template as tmpl

BASELINE = ("ansible.netcommon NetworkTemplate.parse() with cisco.ios's AclsTemplate (what cisco.ios.ios_acls "
            "state: parsed runs), on the ACL section")


def running_config(entries):
    path = os.path.join(ROOT, "tests", "unit", "fixtures", "ipsec", "composed", "iosxe17_running_config_crypto.txt")
    with open(path) as handle:
        text = handle.read().replace("end\n", "")
    text += "ip access-list extended BIG\n" + "".join(
        " %d permit tcp any host 10.%d.%d.%d eq 443\n" % (10 * (i + 1), i // 62500, i // 250 % 250, i % 250)
        for i in range(entries))
    return text + "end\n"


def baseline_parse(text):
    """The ACL section, as cisco.ios's acls facts hand it to NetworkTemplate (rm_templates/acls.py)."""
    section = text[text.index("ip access-list extended BIG"):].replace("end\n", "")
    return NetworkTemplate(lines=section.splitlines(), tmplt=AclsTemplate()).parse()


def entries_of_model(model):
    return [(int(seq), e["action"], e["rest"]) for seq, e in model["acls"]["BIG"]["entries"].items()]


def entries_of_baseline(parsed):
    (acl,) = parsed["acls"].values()
    return [(a["sequence"], a["grant"], "%s any host %s eq %s" % (a["protocol"], a["destination"]["host"],
                                                                  a["destination"]["port_protocol"]["eq"]))
            for a in acl["aces"]]


def best(func, text, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func(text)
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = running_config(args.entries)
    model_time, model = best(tmpl.parse, text, args.runs)
    base_time, base = best(baseline_parse, text, args.runs)
    ratio = base_time / model_time
    same = entries_of_model(model) == entries_of_baseline(base)
    print("IOS crypto model, %d ACL entries, best of %d runs each (wall): model %.3f s (the whole running-config), "
          "baseline %.3f s (%s); same-run ratio baseline / model %.1fx; entries equal: %s"
          % (args.entries, args.runs, model_time, base_time, BASELINE, ratio, same))
    ok = ratio > 1 and same and len(model["acls"]["BIG"]["entries"]) == args.entries
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
