# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IOS / IOS-XE configuration blocks ({parents, lines}) through the send engine, and their diff.

A block is typed the way cisco.ios.ios_config types it (cliconf ``edit``): ``configure terminal``,
the parents, the lines, ``end``; one session per block.  Used by the crypto map change
(ios/crypto_apply.py) and the 9800 fix (wlc_mic_ignore).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common import send as engine

ENTER, LEAVE = "configure terminal", "end"


def flatten_blocks(blocks):
    """Blocks -> the CLI lines an operator would type (children indented one space), for reports.
    A block may carry ``enter``: the line that opens configuration mode instead of configure terminal."""
    out = []
    for block in blocks:
        out.extend([block["enter"]] if block.get("enter", ENTER) != ENTER else [])
        out.extend(block["parents"])
        out.extend((" " if block["parents"] else "") + line for line in block["lines"])
    return out


def typed_lines(blocks):
    """(real lines with the configure terminal / end of each block, the same lines for display)."""
    real, shown = [], []
    for block in blocks:
        body = list(block["parents"]) + list(block["lines"])
        enter = block.get("enter", ENTER)   # a line that opens configuration mode itself (revert timer)
        real += [enter] + body + [LEAVE]
        shown += ([ENTER] if enter == ENTER else []) + flatten_blocks([block]) + [LEAVE]
    return real, shown


def send_blocks(send, blocks, masker, vendor="ios", detect=None):
    """Send ``blocks`` (real lines) through the engine; the engine's result with the framing lines
    (configure terminal / end) left out of the three lists."""
    real, shown = typed_lines(blocks)
    out = engine.send_lines(send, real, vendor, masker=masker, shown=[masker(line) for line in shown], detect=detect)
    for key in ("confirmed", "in_doubt", "not_sent"):
        out[key] = [line for line in out[key] if line not in (ENTER, LEAVE)]
    return out


def _sections(text):
    """running-config text -> [(header, [child lines as printed])] for top-level lines."""
    sections = []
    for line in (text or "").splitlines():
        line = line.rstrip()
        if not line or line.startswith("!") or line in ("end", "Building configuration...") \
                or line.startswith("Current configuration"):
            continue
        if line[0] != " ":
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
    return sections


def _apply_block(config, block):
    """Apply one block to ``config`` ({header: [children]}, ordered) the way IOS would (roughly: a line
    is added where it is missing, a 'no' line removes what it negates)."""
    parents = list(block["parents"])
    if not parents:
        for line in block["lines"]:
            if line.startswith("no "):
                target = line[3:]
                for header in [h for h in config if h == target or h.startswith(target + " ")]:
                    del config[header]
            else:
                config.setdefault(line, [])
        return
    children = config.setdefault(parents[0], [])
    indent = " " * len(parents[1:])
    where = len(children)
    for depth, parent in enumerate(parents[1:], start=1):
        text = " " * depth + parent
        if text not in children:
            children.append(text)
        where = children.index(text) + 1
        while where < len(children) and children[where].startswith(" " * (depth + 1)):
            where += 1
    for line in block["lines"]:
        text = indent + " " + line[3:] if line.startswith("no ") else indent + " " + line
        if line.startswith("no "):
            if text in children:
                children.remove(text)
        elif text not in children:
            children.insert(where, text)
            where += 1


# sections shown whole in a diff: the crypto objects and ACLs the collection compares; of any other section
# (an interface) only the lines the change touches and its crypto lines, since such a section may hold
# secrets of other features (OSPF or HSRP keys) that no masking form knows
_WHOLE = ("crypto ", "ip access-list ")


def _visible(header, children, mine):
    if header.startswith(_WHOLE):
        return list(children)
    return [c for c in children if c.strip() in mine or c.strip().startswith("crypto ")]


def section_diff(running_config, blocks, masker):
    """{'before', 'after'}: the top-level sections of ``running_config`` the blocks touch, before and
    after the blocks, masked (Ansible prints it as one unified diff under --diff)."""
    current = dict(_sections(running_config))
    touched = []
    for block in blocks:
        keys = block["parents"][:1] or [line[3:] if line.startswith("no ") else line for line in block["lines"]]
        for key in keys:
            touched += [h for h in current if h == key or h.startswith(key + " ")] or [key]
    touched = list(dict.fromkeys(touched))
    mine = set(line[3:] if line.startswith("no ") else line for b in blocks for line in b["lines"])
    before = dict((h, _visible(h, current[h], mine)) for h in touched if h in current)
    after = dict((h, list(c)) for h, c in before.items())
    for block in blocks:
        _apply_block(after, block)

    def text(config):
        return "".join("%s\n" % line for h in touched if h in config for line in [h] + config[h])
    return {"before": masker(text(before)), "after": masker(text(after)),
            "before_header": "running-config (sections changed, secrets masked)",
            "after_header": "after this run"}
