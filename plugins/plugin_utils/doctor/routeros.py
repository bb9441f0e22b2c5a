# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reader of what one RouterOS (6.x / 7.x) device printed about IPsec.

`/log print` lines with ipsec topics are matched one by one (the time stamp and topics in front
do not matter); `/ip ipsec active-peers print`, `remote-peers print` (6.x), `policy print detail`
and `installed-sa print detail` are read as entries (a numbered line and its indented key=value
continuation lines). Every form below was read in public real output first; the sources are in
tests/unit/fixtures/doctor/real/SOURCES.md.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.rules import (
    ADDR, any_match, apply_rules, compile_all, hit, neutral, rule)

P2_ALSO = ("traffic-selectors", "pfs")

FAILURES = (
    rule(r"(?P<peer>%s) parsing packet failed, possible c\w+: wrong password" % ADDR, "psk"),
    rule(r"parsing packet failed, possible c\w+: wrong password", "psk"),
    rule(r"identity not found for \w+: \S+ peer: (?:[A-Z0-9_]+:)?(?P<peer>%s)" % ADDR, "identity"),
    rule(r"identity not found", "identity", weight=90),
    rule(r"initiator can't find identity for peer", "identity", "local", weight=90),
    rule(r"notify: TS_UNACCEPTABLE", "traffic-selectors"),
    rule(r"notify: AUTHENTICATION_FAILED", "psk", also=("identity", "auth-method"), weight=80),
    rule(r"(?P<peer>%s) failed to get valid proposal" % ADDR, "ike-proposal", weight=85, tag="proposal"),
    rule(r"failed to get valid proposal", "ike-proposal", weight=85, tag="proposal"),
    rule(r"failed to get sainfo", "traffic-selectors", also=("ipsec-proposal",), weight=85),
    rule(r"got fatal error: AUTHENTICATION_FAILED", "psk", also=("identity", "auth-method"), weight=80),
    rule(r"(?P<peer>%s) failed to pre-process ph2 packet" % ADDR, "ipsec-proposal", also=P2_ALSO, weight=85),
    rule(r"(?P<peer>%s) failed to pre-process ph1 packet" % ADDR, "ike-proposal", also=("psk", "identity"),
         weight=70),
    rule(r"phase1 negotiation failed due to time up(?: %s\[\d+\]<=>(?P<peer>%s)\[\d+\])?" % (ADDR, ADDR),
         "unreachable", "remote", ("nat",), 80),
    rule(r"(?P<peer>%s) phase1 negotiation failed\.?\s*$" % ADDR, "ike-proposal", also=("psk",), weight=50),
    rule(r"(?P<peer>%s) phase2 negotiation failed\.?\s*$" % ADDR, "ipsec-proposal", also=P2_ALSO, weight=50),
    rule(r"no suitable proposal found", "ike-proposal", also=("ipsec-proposal",), weight=60, tag="proposal"),
    rule(r"rejected \w+: DB\(prop#\d+:trns#\d+\):Peer\(prop#\d+:trns#\d+\) = ", "ike-proposal",
         also=("ipsec-proposal",), weight=70),
)

NO_PROPOSAL = rule(r"notify: NO_PROPOSAL_CHOSEN", "ike-proposal", also=("ipsec-proposal",), weight=85)

PROGRESS = (
    neutral(r"(?:respond|initiate) new phase 1 \([^)]*\): %s\[\d+\]<=>(?P<peer>%s)\[\d+\]" % (ADDR, ADDR)),
    neutral(r"ipsec processing payload: "),
    neutral(r"ipsec ID_[IR] \(\w+\): "),
    neutral(r"create child: ", "stage:child"),
)

NOISE = compile_all((
    r"^\s*\[[^\]]*\]\s*[/\w ]*>", r"^\s*Flags: ", r"^\s*Columns: ", r"^\s*#\s+[A-Z]",
    r"^\s*(?:[A-Z*] - [\w-]+[;,]?\s*)+$", r"^bad command name \S+ \(line \d+ column \d+\)",
))

ENTRY = re.compile(r"^\s*(?P<idx>\d+)\s+(?P<flags>[A-Z*]+(?:\s+[A-Z*]+)*\s+)?(?P<rest>[a-z][\w-]*=.*)$")
CONTINUATION = re.compile(r"^\s+\S")
PAIR = re.compile(r"(?:^|\s)([a-z][\w-]*)=(\"[^\"]*\"?|\S+)")
ACTIVE_ROW = re.compile(r"^\s*\d+\s+(?:[A-Z]+\s+)?(?:\S+\s+)?(?P<state>[a-z][a-z0-9-]*)\s+(?P<uptime>\d\S*)\s+"
                        r"(?P<ph2>\d+)\s+(?P<peer>%s)(?:\s+%s)?\s*$" % (ADDR, ADDR))
LOCAL_ADDR = (re.compile(r"(?:sa-src-address|local-address)=(?P<a>%s)" % ADDR),
              re.compile(r"time up (?P<a>%s)\[\d+\]<=>" % ADDR))
P2_UNKNOWN = ("ike-proposal", "psk", "ipsec-proposal", "traffic-selectors", "unreachable")


def local_addresses(lines):
    found = set()
    for line in lines:
        for regex in LOCAL_ADDR:
            found.update(m.group("a") for m in regex.finditer(line))
    return found


def peer_state_hit(lines, state, peer):
    """active-peers / remote-peers: `established` is up; any other state is a negotiation in progress."""
    if state == "established":
        return hit(lines, "up", weight=10, peer=peer)
    return hit(lines, "unknown", also=("unreachable", "ike-proposal", "psk"), weight=15, peer=peer)


def policy_hit(lines, flags, pairs):
    """policy print detail: X (disabled) and I (invalid) flags, then ph2-state."""
    peer = pairs.get("sa-dst-address")
    if "T" in flags or pairs.get("template") == "yes":
        return hit(lines, None, peer=peer)
    if "X" in flags or "I" in flags or pairs.get("disabled") == "yes" or pairs.get("invalid") == "yes":
        return hit(lines, "policy-invalid", "local", weight=90, peer=peer)
    state = pairs.get("ph2-state")
    if state == "established":
        return hit(lines, "up", weight=10, peer=peer)
    if state:
        return hit(lines, "unknown", also=P2_UNKNOWN, weight=20, peer=peer)
    return hit(lines, None, peer=peer)


def _traffic(sa):
    """True / False when the SA shows whether it carried traffic (current-bytes or the S flag), else None."""
    if sa["bytes"] is not None:
        return sa["bytes"] > 0
    return sa["seen"]


def sa_pair_hits(sas, locals_):
    """installed-sa: SAs of one address pair in both directions, traffic counted one way only -> one-way."""
    pairs = {}
    for sa in sas:
        pairs.setdefault(frozenset((sa["src"], sa["dst"])), []).append(sa)
    hits = []
    for members in pairs.values():
        lines = [x for sa in members for x in sa["lines"][:1]]
        peer = next((a for sa in members for a in (sa["src"], sa["dst"]) if locals_ and a not in locals_), None)
        ways = {}
        for sa in members:
            ways.setdefault((sa["src"], sa["dst"]), []).append(_traffic(sa))
        if len(ways) < 2 or any(t is None for ts in ways.values() for t in ts):
            hits.append(hit(lines, "up" if len(ways) == 2 else None, weight=10, peer=peer))
            continue
        busy = [way for way, ts in ways.items() if any(ts)]
        if len(busy) != 1:
            hits.append(hit(lines, "up", weight=10, peer=peer, tag="traffic" if busy else None))
            continue
        side = "unknown" if not locals_ else ("remote" if busy[0][0] in locals_ else "local")
        hits.append(hit(lines, "one-way", side, ("routing", "nat", "not-protected"), 60, peer))
    return hits


class RouterosReader:
    """Feed lines in order; feed() returns (understood, hits); finish() returns the pending hits."""

    def __init__(self, lines):
        self.locals = local_addresses(lines)
        self.stage = None
        self.entry = None
        self.sas = []
        self.seen_legend = False
        self.proposals = []

    def feed(self, line):
        if not line.strip():
            return True, self._close_entry()
        entry = ENTRY.match(line)
        if entry:
            closed = self._close_entry()
            self.entry = {"flags": (entry.group("flags") or "").replace(" ", ""), "lines": [line]}
            return True, closed
        if self.entry is not None and CONTINUATION.match(line):
            self.entry["lines"].append(line)
            return True, []
        closed = self._close_entry()
        understood, found = self._line(line)
        return understood, closed + found

    def finish(self):
        return self._close_entry() + sa_pair_hits(self.sas, self.locals)

    def _line(self, line):
        if re.match(r"^\s*Flags: .*seen-traffic", line, re.I):
            self.seen_legend = True
        row = ACTIVE_ROW.match(line)
        if row:
            return True, [peer_state_hit(line, row.group("state"), row.group("peer"))]
        found = apply_rules(FAILURES, line)
        self._phase_of_proposal(found, line)
        if found is None and NO_PROPOSAL["re"].search(line):
            found = apply_rules((NO_PROPOSAL,), line)
            if self.stage == "child":
                found.update(cause="ipsec-proposal", also=P2_ALSO)
        if found is None:
            found = apply_rules(PROGRESS, line)
            if found and found["tag"] == "stage:child":
                self.stage = "child"
        if found is not None:
            return True, [found]
        return any_match(NOISE, line), []

    def _phase_of_proposal(self, found, line):
        """`no suitable proposal` / `failed to get valid proposal` name the phase in the next pre-process line."""
        if found is not None and found["tag"] == "proposal":
            self.proposals.append(found)
        elif "failed to pre-process ph2 packet" in line:
            for pending in self.proposals:
                pending.update(cause="ipsec-proposal", also=P2_ALSO)
            self.proposals = []
        elif "failed to pre-process ph1 packet" in line:
            self.proposals = []

    def _close_entry(self):
        entry, self.entry = self.entry, None
        if not entry:
            return []
        text = " ".join(x.strip() for x in entry["lines"])
        pairs = dict((k, v.strip('"')) for k, v in PAIR.findall(text))
        flags = entry["flags"]
        if "spi" in pairs and "src-address" in pairs and "dst-address" in pairs:
            current = pairs.get("current-bytes")
            self.sas.append({"lines": entry["lines"], "src": pairs["src-address"], "dst": pairs["dst-address"],
                             "bytes": int(current) if current and current.isdigit() else None,
                             "seen": ("S" in flags) if self.seen_legend else None})
            return []
        if set(pairs).intersection(("ph2-state", "sa-dst-address", "template", "proposal", "action")):
            return [policy_hit(entry["lines"], flags, pairs)]
        if "state" in pairs and "remote-address" in pairs:
            return [peer_state_hit(entry["lines"], pairs["state"], pairs["remote-address"])]
        unknown = hit(entry["lines"], None)
        unknown["unparsed"] = True
        return [unknown]
