"""Benchmark: reading an IOS running-config into the crypto model (issue 11).

A running-config with the lab's crypto sections plus one extended ACL of N entries (default 2,000,
IOS-XE numbered) is read by pfne.netops' model (plugins/plugin_utils/ios_crypto_template.py) and, as
the baseline in the same run, by the same table through ansible.netcommon's stock NetworkTemplate
merge (dict_merge of the whole model per line, every template compiled per use). Best of --runs each;
prints both times and the ratio baseline / model; exit status 1 when the model is not at least 20
times faster or both results differ.

    .venv/bin/python bench/ios_crypto_model_bench.py [--entries 2000] [--runs 3]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, ".collections"))

from ansible_collections.ansible.netcommon.plugins.module_utils.network.common.utils import dict_merge  # noqa: E402
from ansible_collections.pfne.netops.plugins.plugin_utils import ios_crypto_template as tmpl  # noqa: E402


def running_config(entries):
    with open(os.path.join(ROOT, "tests", "unit", "fixtures", "ipsec", "iosxe17_running_config_crypto.txt")) as handle:
        text = handle.read().replace("end\n", "")
    text += "ip access-list extended BIG\n" + "".join(
        " %d permit tcp any host 10.%d.%d.%d eq 443\n" % (10 * (i + 1), i // 62500, i // 250 % 250, i % 250)
        for i in range(entries))
    return text + "end\n"


class StockMerge(tmpl.IosCryptoTemplate):
    """The same table, merged and templated the way netcommon's NetworkTemplate.parse does it."""

    def __init__(self, lines=None):
        tmpl.NetworkTemplate.__init__(self, lines=lines, tmplt=self)


def baseline_parse(text):
    saved = tmpl._merge

    def merge(into, new):
        merged = dict_merge(into, new)
        into.clear()
        into.update(merged)
    tmpl._merge = merge
    try:
        return StockMerge(lines=text.splitlines()).parse()
    finally:
        tmpl._merge = saved


def best(func, text, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func(text)
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = running_config(args.entries)
    model_time, model = best(tmpl.parse, text, args.runs)
    base_time, base = best(baseline_parse, text, 1)
    ratio = base_time / model_time
    print("IOS crypto model, %d ACL entries: model %.2f s, stock NetworkTemplate merge %.2f s, ratio %.0fx"
          % (args.entries, model_time, base_time, ratio))
    ok = ratio >= 20 and model == base and len(model["acls"]["BIG"]["entries"]) == args.entries
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
