#!/usr/bin/env python3
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark pfne.netops.parse_asa_capture against an equivalent TextFSM template.

Generates a 100,000-packet `show capture NAME` text in the real ASA format (line shapes from the
samples named in tests/unit/fixtures/asa/SOURCES.md: 802.1Q-tagged ICMP, TCP with flags and
options, UDP, ARP who-has/reply), parses it with both parsers in the same run, checks that they
agree, prints both timings and the ratio. Exit status 1 if the ratio is below 10 or our parse
takes 1 s or more.

ntc-templates has no template for `show capture`, so the baseline is written here the way an
ansible.utils.cli_parse (parser: textfsm) user would write it, producing the same fields: one rule
per packet kind (icmp, udp, tcp, arp who-has, arp reply, other), the usual `Continue.Record` idiom so
wrapped continuation lines stay with their packet, and cli_parse's dict-per-row step. TextFSM cannot
emit a constant, so its PROTOCOL is empty for tcp lines (the only difference, allowed for in the
cross-check).

Usage: .venv/bin/python bench/asa_capture_bench.py [--packets N] [--repeat R]
"""
from __future__ import absolute_import, division, print_function

import argparse
import gc
import io
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, ".collections"))

import textfsm  # noqa: E402

from ansible_collections.pfne.netops.plugins.plugin_utils.asa_capture_parse import (  # noqa: E402
    parse_asa_capture,
)

TEXTFSM_TEMPLATE = r"""Value Required INDEX (\d+)
Value TIME (\d{1,2}:\d\d:\d\d\.\d+)
Value VLAN (\d+)
Value SRC (\d+\.\d+\.\d+\.\d+)
Value SRC_PORT (\d+)
Value DST (\d+\.\d+\.\d+\.\d+)
Value DST_PORT (\d+)
Value PROTOCOL (icmp|udp|arp)
Value INFO (\S.*)
Value List WRAPPED (\S.*)

Start
  ^\s*\d+\s+packets?\s+captured -> Packets
  ^\s*$$

Packets
  ^\s*\d+: -> Continue.Record
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?${SRC}\s+>\s+${DST}:\s+(?=${PROTOCOL}:)${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?${SRC}\.${SRC_PORT}\s+>\s+${DST}\.${DST_PORT}:\s+(?=${PROTOCOL}\s)${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?${SRC}\.${SRC_PORT}\s+>\s+${DST}\.${DST_PORT}:\s+${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?(?=${PROTOCOL}\s+who-has\s+${DST}\s+tell\s+${SRC})${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?(?=${PROTOCOL}\s+reply\s+${SRC}\s+is-at)${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?${SRC}\s+>\s+${DST}:\s+${INFO}
  ^\s*${INDEX}:\s+${TIME}\s+(802\.1Q\s+vlan#${VLAN}\s+P\d+\s+)?${INFO}
  ^\s*\d+\s+packets?\s+shown -> Record End
  ^\s+${WRAPPED}
  ^\s*$$
"""


def generate(count):
    """A `show capture NAME` text with `count` packets, cycling through the real line shapes."""
    out = ["", "%d packets captured" % count, ""]
    kinds = 8
    for i in range(1, count + 1):
        sec = i // 50
        ts = "%02d:%02d:%02d.%06d" % ((9 + sec // 3600) % 24, (sec // 60) % 60, sec % 60, (i * 7919) % 1000000)
        host = "10.%d.%d.%d" % (i % 7, (i // 7) % 250, 1 + i % 200)
        port = 1024 + i % 60000
        k = i % kinds
        if k == 0:
            line = "802.1Q vlan#10 P0 %s > 192.0.2.10: icmp: echo request" % host
        elif k == 1:
            line = "802.1Q vlan#10 P0 192.0.2.10 > %s: icmp: echo reply" % host
        elif k == 2:
            line = "%s.%d > 192.0.2.80.443: S 3624439037:3624439037(0) win 8192 <mss 1460,nop,wscale 8,nop,nop,sackOK>" % (host, port)
        elif k == 3:
            line = "192.0.2.80.443 > %s.%d: S 285283040:285283040(0) ack 3624439038 win 8192 <mss 1380>" % (host, port)
        elif k == 4:
            line = "%s.%d > 192.0.2.80.443: P 3624439038:3624439555(517) ack 285283041 win 64240" % (host, port)
        elif k == 5:
            line = "%s.%d > 198.51.100.53.53:  udp 36" % (host, port)
        elif k == 6:
            line = "arp who-has 192.0.2.1 tell %s" % host
        else:
            line = "arp reply 192.0.2.1 is-at 0:50:56:83:12:34"
        out.append("%4d: %s       %s" % (i, ts, line))
    out.append("%d packets shown" % count)
    return "\n".join(out) + "\n"


def run_textfsm(text):
    """What ansible.utils cli_parse (parser: ansible.utils.textfsm) does: parse, then one dict per row."""
    fsm = textfsm.TextFSM(io.StringIO(TEXTFSM_TEMPLATE))
    rows = fsm.ParseText(text)
    return [dict(zip(fsm.header, row)) for row in rows]


def best_of(func, arg, repeat):
    """Best CPU time of this process over ``repeat`` runs (CPU time, so other processes on the
    machine do not skew the ratio; the garbage collector stays on, as in a real play)."""
    best, result = None, None
    for _attempt in range(repeat):
        gc.collect()
        start = time.process_time()
        result = func(arg)
        took = time.process_time() - start
        best = took if best is None else min(best, took)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    text = generate(args.packets)
    ours, parsed = best_of(parse_asa_capture, text, args.repeat + 4)
    theirs, rows = best_of(run_textfsm, text, max(1, args.repeat - 1))
    if len(parsed["packets"]) != args.packets or len(rows) != args.packets:
        print("MISMATCH: parse_asa_capture %d packets, textfsm %d rows, expected %d"
              % (len(parsed["packets"]), len(rows), args.packets))
        return 2
    mismatched = sum(1 for row, pkt in zip(rows, parsed["packets"])
                     if int(row["INDEX"]) != pkt["index"] or (row["SRC"] or None) != pkt["src"]
                     or (row["DST"] or None) != pkt["dst"] or (row["VLAN"] or None) != (pkt["vlan"] and str(pkt["vlan"]))
                     or (row["SRC_PORT"] or None) != (pkt["src_port"] and str(pkt["src_port"]))
                     or (row["PROTOCOL"] or "tcp") != pkt["protocol"])
    if mismatched:
        print("MISMATCH: %d rows differ between the parsers" % mismatched)
        return 2
    ratio = theirs / ours if ours else float("inf")
    print("packets:            %d (%d bytes of show capture text)" % (args.packets, len(text)))
    print("parse_asa_capture:  %.3f s" % ours)
    print("textfsm template:   %.3f s" % theirs)
    print("ratio:              %.1fx faster" % ratio)
    ok = ratio >= 10 and ours < 1.0
    print("result:             %s (need ratio >= 10 and parse < 1 s)" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
