# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The end-of-run summary: one short table per playbook from each host's ``pfne_run_summary``.

Each role combines its own entry into the host fact (docs/CONTRACTS: changed = short strings,
state = a short state, files = paths written on the controller):
``{'<role>': {'changed': [...], 'state': '...', 'files': [...]}}``.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MAX_CHANGED = 6


def command_digest(commands):
    """RouterOS commands -> one short string per menu and verb, in order ('/ip ipsec peer add x2')."""
    counts, order = {}, []
    for command in commands or []:
        m = re.match(r"^(/[a-z0-9 -]+?)\s+(add|set|remove|enable|disable)\b", str(command))
        key = "%s %s" % (m.group(1), m.group(2)) if m else str(command).split(" ", 1)[0]
        if key not in counts:
            order.append(key)
        counts[key] = counts.get(key, 0) + 1
    return ["%s x%d" % (k, counts[k]) if counts[k] > 1 else k for k in order]


def block_digest(blocks):
    """IOS blocks [{parents, lines}] (masked) -> the first parent or line of each."""
    out = []
    for block in blocks or []:
        head = (list(block.get("parents") or []) + list(block.get("lines") or []) or [""])[0]
        if head and head not in out:
            out.append(head)
    return out


def _cell(values):
    values = [str(v) for v in values or []]
    if len(values) > MAX_CHANGED:
        values = values[:MAX_CHANGED] + ["... %d more" % (len(values) - MAX_CHANGED)]
    return "; ".join(values) or "-"


def table(summaries):
    """{host: pfne_run_summary} -> lines 'host | role | changed | state | files' (hosts without one skipped)."""
    lines = ["host | role | changed | state | files"]
    for host in sorted(summaries or {}):
        for role, entry in sorted((summaries[host] or {}).items()):
            entry = entry or {}
            lines.append("%s | %s | %s | %s | %s" % (host, role, _cell(entry.get("changed")),
                                                     entry.get("state") or "-", _cell(entry.get("files"))))
    return lines if len(lines) > 1 else ["no host recorded a summary"]
