# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Classify what one side of an IPsec tunnel printed (issue 24): the paste classifier.

diagnose(text, platform) -> {
    "cause":    one of vocab.CAUSES for the whole paste (the first cause of failure it shows;
                "up" when it shows only healthy state; "unknown" when it shows no cause),
    "side":     local (the device that printed the text) | remote | both (a mismatch) | unknown,
                "unknown" also for "up" (nobody is at fault),
    "evidence": the printed lines that show the cause, as printed (surrounding blanks stripped),
    "unparsed": every non-blank line the classifier does not understand, in order,
    "also":     other causes the text cannot rule out (the likelier one is "cause"),
    "peers":    {peer address: {"cause", "side", "evidence", "also"}} for each remote peer the
                lines name (lines naming no peer count for the only peer when there is one)}

Lines are never dropped: a line is evidence, understood as carrying no cause (prompts, headers,
informational debug and show lines), or unparsed. The classifier never claims a cause the text
does not show; where one side's text cannot tell two causes apart it names the likelier and lists
the other in "also".
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.ios import IosReader
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.routeros import RouterosReader
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.vocab import PLATFORMS

READERS = {"ios": IosReader, "routeros": RouterosReader}
# Secrets a pasted line may hold (RouterOS `secret=`, SA keys, IOS `crypto isakmp key K address A`,
# `pre-shared-key [local|remote] [0|6] K`, `key-string`): masked in every line the result returns.
SECRET_PATTERNS = (
    (re.compile(r"\b((?:ipsec-)?secret|password|passphrase|auth-key|enc-key|private-key)=(\"[^\"]*\"?|\S+)"),
     r"\1=<masked>"),
    (re.compile(r"(?<![=\w-])(crypto isakmp key|pre-shared-key(?: local| remote)?|key-string)(\s+[06])?\s+\S+"),
     r"\1\2 <masked>"),
)
CANCELLING_TAGS = ("atts-ok", "p1-ok", "up")


class DiagnoseError(ValueError):
    """Bad argument to diagnose(); the message names the argument."""


def _text_lines(text):
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        if not all(isinstance(x, str) for x in text):
            raise DiagnoseError("text: a list must hold strings (the lines or outputs printed), got %s"
                                % ", ".join(sorted({type(x).__name__ for x in text if not isinstance(x, str)})))
        text = "\n".join(text)
    if not isinstance(text, str):
        raise DiagnoseError("text: must be the pasted output as a string (or a list of strings), got %s"
                            % type(text).__name__)
    return [line.rstrip() for line in text.splitlines()]


def _platform(platform):
    value = platform.strip().lower() if isinstance(platform, str) else platform
    if value not in PLATFORMS:
        raise DiagnoseError("platform: must be one of %s, got %r" % (", ".join(PLATFORMS), platform))
    return value


def mask(line):
    """The line with every secret value replaced by <masked>."""
    for regex, replacement in SECRET_PATTERNS:
        line = regex.sub(replacement, line)
    return line


def _unique(items):
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _standing(hits):
    """Hits still standing: a weak finding falls when a later line shows the step succeeded."""
    tags = {h["tag"] for h in hits if h["tag"]} | {"up" for h in hits if h["cause"] == "up"}
    cancelled = bool(tags.intersection(CANCELLING_TAGS))
    return [h for h in hits if not (h["weak"] and cancelled)]


def verdict(hits):
    """{cause, side, evidence, also} from a list of hits (see module docstring)."""
    hits = _standing(hits)
    fails = [h for h in hits if h["cause"] not in (None, "up")]
    if fails:
        best = max(fails, key=lambda h: h["weight"])
        same = [h for h in fails if h["cause"] == best["cause"]]
        also = list(best["also"]) + [h["cause"] for h in fails if h["cause"] != "unknown"]
        also = [c for c in _unique(also) if c not in (best["cause"], "up")]
        evidence = _unique(mask(line.strip()) for h in same for line in h["lines"])
        return {"cause": best["cause"], "side": best["side"], "evidence": evidence, "also": also}
    ups = [h for h in hits if h["cause"] == "up"]
    if ups:
        evidence = _unique(mask(line.strip()) for h in ups for line in h["lines"])
        # traffic: packet counters / seen-traffic flags show ESP carried both ways (not only SAs installed)
        return {"cause": "up", "side": "unknown", "evidence": evidence, "also": [],
                "traffic": any(h["tag"] == "traffic" for h in ups)}
    return {"cause": "unknown", "side": "unknown", "evidence": [], "also": []}


def _named_in(lines, peers):
    """The one peer address a line spells out (bounded, so 10.0.0.1 is not found in 10.0.0.10), or None."""
    found = [p for p in peers if any(re.search(r"(?<![\w.:])%s(?![\w:]|\.\w)" % re.escape(p), x) for x in lines)]
    return found[0] if len(found) == 1 else None


def _per_peer(hits, own):
    """Hits grouped by peer address: a hit naming no peer goes to the peer its line spells out, else to
    the only peer of the paste; with several peers and no address in the line it stays top-level only."""
    named = _unique(h["peer"] for h in hits if h["peer"] and h["peer"] not in own)
    groups = dict((peer, []) for peer in named)
    for h in hits:
        peer = h["peer"] if h["peer"] in groups else None
        if peer is None and not h["peer"]:
            peer = _named_in(h["lines"], named) or (named[0] if len(named) == 1 else None)
        if peer is not None:
            groups[peer].append(h)
    return dict((peer, verdict(group)) for peer, group in groups.items())


def diagnose(text, platform):
    """Classify one device's printed IPsec state / logs; see the module docstring for the result."""
    platform = _platform(platform)
    lines = _text_lines(text)
    reader = READERS[platform](lines)
    hits, unparsed = [], []
    for line in lines:
        understood, found = reader.feed(line)
        hits.extend(found)
        if not understood:
            unparsed.append(mask(line.strip()))
    hits.extend(reader.finish())
    unparsed.extend(mask(x.strip()) for h in hits if h.get("unparsed") for x in h["lines"])
    hits = [h for h in hits if not h.get("unparsed")]
    result = verdict(hits)
    result["unparsed"] = unparsed
    result["peers"] = _per_peer(hits, reader.locals)
    return result
