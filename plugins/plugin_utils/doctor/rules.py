# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rule records shared by the IOS and RouterOS line readers of the tunnel doctor.

A rule maps one printed line to a finding ("hit"):
  cause   one of vocab.CAUSES, or None for a line that is understood but proves no cause
  side    local | remote | both | unknown (local = the device that printed the line)
  also    other causes the same line cannot rule out (the likelier one is `cause`)
  weight  how strongly the line proves the cause: a specific error message (100) beats a
          state that several causes leave behind (40) which beats "it is up" (10)
  weak    True when a later line showing progress (tag) withdraws the finding: IOS prints
          "atts are not acceptable" for every local policy it tries before one matches
  tag     progress marker set by neutral lines ("p1-ok", "atts-ok", "stage:auth" ...)
Named groups `peer` / `local` in a rule's regex give the remote / own address when the line
names them.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# an IPv4 address, or an IPv6 one (at least one colon; IOS samples even print `100.0.10::2`)
ADDR = r"(?:\d{1,3}(?:\.\d{1,3}){3}(?![\d:])|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*[0-9A-Fa-f])"


def rule(pattern, cause, side="both", also=(), weight=100, weak=False, tag=None):
    return {"re": re.compile(pattern), "cause": cause, "side": side, "also": tuple(also),
            "weight": weight, "weak": weak, "tag": tag}


def neutral(pattern, tag=None):
    """A line understood as carrying no cause (it may still name the peer or a progress tag)."""
    return rule(pattern, None, side="unknown", weight=0, tag=tag)


def hit(line, cause, side="unknown", also=(), weight=0, peer=None, weak=False, tag=None):
    """One finding; `line` is the printed line (or the list of lines) that shows it."""
    lines = [line] if isinstance(line, str) else [x for x in line if x]
    return {"lines": lines, "cause": cause, "side": side, "also": tuple(also), "weight": weight,
            "peer": peer, "weak": weak, "tag": tag}


def apply_rules(rules, line, text=None):
    """The hit of the first rule whose regex is found in text (default: the line), or None."""
    for item in rules:
        match = item["re"].search(line if text is None else text)
        if match:
            groups = match.groupdict()
            return hit(line, item["cause"], item["side"], item["also"], item["weight"],
                       peer=clean_addr(groups.get("peer")), weak=item["weak"], tag=item["tag"])
    return None


def clean_addr(value):
    """An address as printed, without a trailing port (`192.0.2.1[500]`, `FC00::1:500/`) or `!`."""
    if not value:
        return None
    value = value.strip().rstrip("!.,;)")
    value = re.sub(r"\[\d+\]$", "", value)
    return value or None


def any_match(patterns, line):
    return any(p.search(line) for p in patterns)


def compile_all(patterns):
    return tuple(re.compile(p) for p in patterns)
