# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reader of what one IOS / IOS-XE device printed: every line becomes hits, noise or unparsed.

Besides the single-line rules of ios_lines, three outputs are read as blocks:
  show crypto isakmp sa     one row per IKEv1 SA (state -> cause), IPv6 rows on three lines
  show crypto ikev2 sa      one row per IKEv2 SA (READY / IN-NEG / DELETE)
  show crypto ipsec sa      per flow: encaps / decaps counters and the outbound SPI
  show crypto session det.  per session: status and the enc'ed / dec'ed counters
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import ios_lines as L
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.rules import (
    ADDR, any_match, apply_rules, clean_addr, hit)

ISAKMP_ROW = re.compile(r"^\s*(?P<dst>%s)\s+(?P<src>%s)\s+(?P<state>[A-Z][A-Z0-9_]+)\s+(?P<conn>\d+)\s+"
                        r"(?:\d+\s+)?(?P<status>[A-Z]+)(?P<deleted>\s*\(deleted\))?" % (ADDR, ADDR))
ISAKMP_V6 = re.compile(r"^\s*(?P<key>dst|src):\s*(?P<addr>%s)\s*$" % ADDR)
ISAKMP_V6_STATE = re.compile(r"^\s*state:\s*(?P<state>[A-Z][A-Z0-9_]+)\s+conn-id:\s*\d+\s+status:\s*"
                             r"(?P<status>[A-Z]+)(?P<deleted>\s*\(deleted\))?")
IKEV2_ROW = re.compile(r"^\s*\d+\s+(?:(?P<local>%s)/\d+\s+(?P<peer>%s)/\d+\s+)?\S+/\S+\s+(?P<state>[A-Z][A-Z-]+)\s*$"
                       % (ADDR, ADDR))
IKEV2_V6_ADDR = re.compile(r"^\s*(?P<key>Local|Remote)\s+(?P<addr>%s)/\d+\s*$" % ADDR)
FLOW_START = re.compile(r"^\s*local\s+ident\s")
CURRENT_PEER = re.compile(r"^\s*current_peer:? (?P<peer>%s)" % ADDR)
ENCAPS = re.compile(r"#pkts encaps: (?P<n>\d+)")
DECAPS = re.compile(r"#pkts decaps: (?P<n>\d+)")
SEND_ERRORS = re.compile(r"#send errors (?P<n>\d+)")
OUT_SPI = re.compile(r"current outbound spi: 0x(?P<spi>[0-9A-Fa-f]+)")
SESSION_IF = re.compile(r"^\s*Interface: (?P<name>\S+)")
SESSION_STATUS = re.compile(r"^\s*(?:Crypto )?Session [Ss]tatus: (?P<status>[A-Z][A-Z-]*)")
SESSION_PEER = re.compile(r"^\s*Peer: (?P<peer>%s) port \d+" % ADDR)
SESSION_IN = re.compile(r"Inbound:\s+#pkts dec'ed (?P<n>\d+)")
SESSION_OUT = re.compile(r"Outbound:\s+#pkts enc'ed (?P<n>\d+)")
MAP_ENTRY = re.compile(r'^\s*Crypto Map (?:IPv[46] )?"(?P<name>[^"]+)" \d+ ipsec-(?:isakmp|manual)')
MAP_HEADER = re.compile(r'^\s*Crypto Map: "[^"]+" idb: ')
MAP_PEER = re.compile(r"^\s+(?:[Pp]eer ?= ?|Current peer: )(?P<peer>%s)" % ADDR)
MAP_IFACES = re.compile(r"^\s+Interfaces using crypto map \S+?:?\s*$")
MAP_IFACE = re.compile(r"^\s+[A-Za-z][\w./:-]*\d[\w./:-]*\s*$")
LOCAL_ADDR = (re.compile(r"local addr:? (?P<a>%s)" % ADDR), re.compile(r"local crypto endpt\.: (?P<a>%s)" % ADDR),
              re.compile(r"IKEv[12] SA: local (?P<a>%s)/" % ADDR), re.compile(r"\(local (?P<a>%s) remote" % ADDR))

# state -> (cause, side, also, weight); IOS documents MM_NO_STATE as "no answer or proposal refused"
# and MM_KEY_EXCH as the state a pre-shared key mismatch leaves (authentication failed).
ISAKMP_STATES = {
    "QM_IDLE": ("up", "unknown", (), 10),
    "MM_NO_STATE": ("unreachable", "unknown", ("ike-proposal",), 40),
    "AG_NO_STATE": ("unreachable", "unknown", ("ike-proposal",), 40),
    "MM_SA_SETUP": ("unreachable", "unknown", ("nat", "psk"), 40),
    "MM_KEY_EXCH": ("psk", "both", ("identity",), 70),
    "AG_INIT_EXCH": ("psk", "both", ("identity", "ike-proposal"), 50),
}
IKEV2_STATES = {
    "READY": ("up", "unknown", (), 10),
    "IN-NEG": ("unreachable", "unknown", ("ike-proposal", "psk", "identity"), 40),
    "DELETE": ("unknown", "unknown", ("dpd-lifetime",), 15),
}
SESSION_STATES = {
    "UP-IDLE": ("ipsec-proposal", "unknown", ("traffic-selectors", "pfs", "routing"), 35),
    "UP-NO-IKE": ("dpd-lifetime", "unknown", (), 20),
    "DOWN-NEGOTIATING": ("unreachable", "unknown", ("ike-proposal", "psk", "identity"), 45),
    "DOWN": ("unknown", "unknown", ("routing", "not-bound", "unreachable"), 15),
}


# traffic matched the crypto map, no SA came up: the negotiation fails, this output cannot say why
NEGOTIATION_FAILING = ("ike-proposal", "psk", "ipsec-proposal", "traffic-selectors", "unreachable")


def state_hit(table, state, line, peer, deleted=False):
    cause, side, also, weight = table.get(state, ("unknown", "unknown", (), 5))
    if deleted and cause == "up":
        return hit(line, None, peer=peer)
    return hit(line, cause, side, also, weight - (10 if deleted else 0), peer=peer)


def counters_hit(lines, peer, sent, received, has_sa, errors):
    """The finding from one flow's / session's packet counters (sent = encrypted, received = decrypted).

    lines: the printed counter lines (both directions), the evidence whatever the finding.
    """
    if sent and received:
        return hit(lines, "up", weight=10, peer=peer, tag="traffic")
    if sent:
        return hit(lines, "one-way", "remote", ("routing", "nat", "not-protected"), 60, peer)
    if received:
        return hit(lines, "one-way", "local", ("routing", "nat"), 60, peer)
    if has_sa:
        return hit(lines, "up", weight=10, peer=peer)
    if errors:
        return hit(lines, "unknown", also=NEGOTIATION_FAILING, weight=20, peer=peer)
    if has_sa is False:
        return hit(lines, "not-protected", "local", ("routing", "nat"), 30, peer)
    return hit(lines, "unknown", also=("routing", "not-protected"), weight=10, peer=peer)


def local_addresses(lines):
    """Addresses the paste shows as this device's own (crypto endpoint, SA local side)."""
    found = set()
    for line in lines:
        for regex in LOCAL_ADDR:
            match = regex.search(line)
            if match:
                found.add(clean_addr(match.group("a")))
        row = IKEV2_ROW.match(line)
        if row and row.group("local"):
            found.add(row.group("local"))
    return found


def isakmp_local(lines):
    """Own addresses deduced from the ISAKMP rows when no line names them.

    Per address family, the one address found in every row is this device's; when two addresses
    share every row (one peer, SAs both ways) the one that initiated (src) more often is taken,
    and a tie leaves it unknown.
    """
    rows = [(m.group("dst"), m.group("src")) for m in (ISAKMP_ROW.match(x) for x in lines) if m]
    found = set()
    for family in (False, True):
        same = [r for r in rows if (":" in r[0]) == family]
        if len(same) < 2:
            continue
        common = set(same[0]).intersection(*[set(r) for r in same[1:]])
        counts = dict((a, sum(1 for r in same if r[1] == a)) for a in common)
        ranked = sorted(common, key=lambda a: -counts[a])
        if len(ranked) == 1 or (len(ranked) == 2 and counts[ranked[0]] > counts[ranked[1]]):
            found.add(ranked[0])
    return found


class IosReader:
    """Feed lines in order; feed() returns (understood, hits); finish() returns the last block's hits."""

    def __init__(self, lines):
        self.locals = local_addresses(lines)
        if not self.locals:
            self.locals = isakmp_local(lines)
        self.stage = None
        self.flow = None
        self.session = None
        self.v6 = {}
        self.v2 = {}
        self.cmap = None

    def peer_of(self, dst, src):
        if dst in self.locals:
            return src
        return dst

    def feed(self, line):
        if not line.strip():
            return True, []
        for reader in (self._crypto_map, self._isakmp, self._ikev2, self._flow, self._session):
            found = reader(line)
            if found is not None:
                return True, found
        found = self._rules(line)
        if found is not None:
            return True, found
        if any_match(L.INFO, line) or any_match(L.NOISE, line):
            return True, []
        return False, []

    def finish(self):
        return self._close_flow() + self._close_session() + self._close_map()

    def _rules(self, line):
        found = apply_rules(L.FAILURES, line)
        if found is None and L.NO_PROPOSAL["re"].search(line):
            found = apply_rules((L.NO_PROPOSAL,), line)
            if self.stage in ("auth", "child"):
                found.update(cause="ipsec-proposal", also=("traffic-selectors", "pfs"))
        if found is None:
            found = apply_rules(L.PROGRESS, line)
            if found and found["tag"] and found["tag"].startswith("stage:"):
                self.stage = found["tag"].split(":", 1)[1]
        if found is None and (any_match(L.DEBUG_INFO, line) or
                              (L.IKEV2_LINE.match(line) and not L.FAILURE_WORDS.search(line))):
            found = hit(line, None)
        return None if found is None else [found]

    def _isakmp(self, line):
        row = ISAKMP_ROW.match(line)
        if row:
            peer = self.peer_of(row.group("dst"), row.group("src"))
            return [state_hit(ISAKMP_STATES, row.group("state"), line, peer, bool(row.group("deleted")))]
        part = ISAKMP_V6.match(line)
        if part:
            self.v6[part.group("key")] = part.group("addr")
            return []
        row = ISAKMP_V6_STATE.match(line)
        if row:
            peer = self.peer_of(self.v6.get("dst"), self.v6.get("src"))
            self.v6 = {}
            return [state_hit(ISAKMP_STATES, row.group("state"), line, peer, bool(row.group("deleted")))]
        return None

    def _ikev2(self, line):
        row = IKEV2_ROW.match(line)
        if row:
            if row.group("peer"):
                return [state_hit(IKEV2_STATES, row.group("state"), line, row.group("peer"))]
            self.v2 = {"state": row.group("state"), "line": line}
            return []
        part = IKEV2_V6_ADDR.match(line)
        if part and self.v2:
            if part.group("key") == "Local":
                self.locals.add(part.group("addr"))
                return []
            pending, self.v2 = self.v2, {}
            return [state_hit(IKEV2_STATES, pending["state"], pending["line"], part.group("addr"))]
        return None

    def _flow(self, line):
        closed = []
        if FLOW_START.match(line):
            closed = self._close_flow()
            self.flow = {"lines": []}
            return closed
        if self.flow is None and (CURRENT_PEER.match(line) or ENCAPS.search(line)):
            self.flow = {"lines": []}
        if self.flow is None:
            return None
        for regex, key in ((CURRENT_PEER, "peer"), (ENCAPS, "sent"), (DECAPS, "received"),
                           (SEND_ERRORS, "errors"), (OUT_SPI, "spi")):
            match = regex.search(line)
            if match:
                self.flow[key] = match.group(1)
                if key in ("sent", "received"):
                    self.flow["lines"].append(line)
                return []
        return None

    def _close_flow(self):
        flow, self.flow = self.flow, None
        if not flow or "sent" not in flow:
            return []
        has_sa = None if "spi" not in flow else int(flow["spi"], 16) != 0
        return [counters_hit(flow["lines"], flow.get("peer"), int(flow["sent"]), int(flow.get("received", 0)),
                             has_sa, int(flow.get("errors", 0)))]

    def _session(self, line):
        if SESSION_IF.match(line):
            closed = self._close_session()
            self.session = {"lines": []}
            return closed
        if self.session is None:
            return None
        for regex, key in ((SESSION_STATUS, "status"), (SESSION_PEER, "peer"),
                           (SESSION_OUT, "sent"), (SESSION_IN, "received")):
            match = regex.search(line)
            if match:
                value = match.group(1)
                if key in ("sent", "received"):
                    value = str(int(self.session.get(key, 0)) + int(value))
                self.session[key] = value
                self.session["lines"].append(line)
                return []
        return None

    def _close_session(self):
        session, self.session = self.session, None
        if not session or "status" not in session:
            return []
        status, peer = session["status"], session.get("peer")
        if status != "UP-ACTIVE":
            return [state_hit(SESSION_STATES, status, session["lines"][0], peer)]
        if "sent" not in session:
            return [hit(session["lines"][0], "up", weight=10, peer=peer)]
        counted = [x for x in session["lines"] if SESSION_OUT.search(x) or SESSION_IN.search(x)]
        return [counters_hit(counted, peer, int(session["sent"]), int(session.get("received", 0)), True, 0)]

    def _crypto_map(self, line):
        """show crypto map: an entry whose `Interfaces using crypto map` list is empty is bound nowhere."""
        if MAP_ENTRY.match(line) or MAP_HEADER.match(line):
            closed = self._close_map()
            if MAP_ENTRY.match(line):
                self.cmap = {"lines": [line], "ifaces": None, "profile": "-head-" in line}
            return closed
        if self.cmap is None:
            return None
        if not line[:1].isspace():
            return self._close_map() or None
        match = MAP_PEER.match(line)
        if match:
            self.cmap["peer"] = match.group("peer")
        elif MAP_IFACES.match(line):
            self.cmap["ifaces"] = []
            self.cmap["lines"].append(line)
        elif self.cmap["ifaces"] is not None and MAP_IFACE.match(line):
            self.cmap["ifaces"].append(line.strip())
        elif "PROFILE INSTANCE" in line:
            self.cmap["profile"] = True
        return []

    def _close_map(self):
        cmap, self.cmap = self.cmap, None
        if not cmap or cmap["ifaces"] is None:
            return []
        if cmap["ifaces"] or cmap["profile"]:
            return [hit(cmap["lines"], None, peer=cmap.get("peer"))]
        return [hit(cmap["lines"], "not-bound", "local", ("routing",), 80, cmap.get("peer"))]
