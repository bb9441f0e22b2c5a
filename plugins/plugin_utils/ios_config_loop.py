# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed ``cisco.ios.ios_config`` loop over config blocks did (the three lists).

Shared by the roles that apply blocks with an ios_config loop stopping at the first failure
(``break_when``): the 9800 fix of wlc_mic_ignore and cisco_crypto_map.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# ansible-core 2.18 wraps a dead channel as "MODULE FAILURE ...", 2.19+ as "Task failed: <the error>"; pylibssh
# says "Failed to write to ssh channel" / "Failed to poll channel", paramiko "Socket is closed"
LOST_RE = re.compile(r"MODULE FAILURE|socket is closed|timed? ?out|connection (lost|closed|reset)"
                     r"|Failed to (write to ssh|poll) channel|disconnected", re.IGNORECASE)
# a refused line also ends as a MODULE FAILURE, with the device's error line (IOS starts it with %) in it
REFUSED_RE = re.compile(r"(^|[\r\n] *)% ?\S")


def flatten_blocks(blocks):
    """Blocks -> the CLI lines an operator would type (for reports/check mode)."""
    out = []
    for block in blocks:
        out.extend(block["parents"])
        out.extend((" " if block["parents"] else "") + line for line in block["lines"])
    return out


def loop_outcome(planned, results):
    """Three lists from the ios_config loop over ``planned`` blocks (its ``results``, the loop stops at the
    first failure): lines of blocks applied (confirmed), of the failed block (in doubt: ios_config sends a
    block as one batch and does not say how far it got), of blocks never run (not sent); plus the failure
    text and whether it was a lost connection rather than a refusal."""
    out = {"confirmed": [], "in_doubt": [], "not_sent": [], "error": None, "lost": False}
    done = 0
    for res in results:
        if res.get("skipped"):
            continue
        done += 1
        if res.get("failed"):
            out["in_doubt"] = flatten_blocks([res["item"]])
            text = " ".join(str(res.get(k) or "") for k in ("msg", "module_stderr")).strip()
            out["error"] = text
            out["lost"] = bool(LOST_RE.search(text)) and not REFUSED_RE.search(text)
            break
        out["confirmed"] += flatten_blocks([res["item"]])
    out["not_sent"] = flatten_blocks(planned[done:])
    return out
