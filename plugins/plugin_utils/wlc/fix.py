# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command builders for the expired-MIC workaround, idempotent against state.

AireOS (FN63942 / CSCuq19142): ``config ap lifetime-check {mic|ssc} enable``
in 7.0.252.0, ``config ap cert-expiry-ignore {mic|ssc} {enable|disable}`` in
the trains that carry the fix: 7.4 from 7.4.140.0, 8.0 from 8.0.120.0, and
every later train (8.1 on).  Other releases (7.1-7.3, 7.5, 7.6, 7.4 before
.140, 8.0 before .120, 7.0 before .252) have neither and are refused by name.
Catalyst 9800 has no such switch: a PKI certificate map on the Cisco
manufacturing CA issuers, allowed expired in the trustpool policy.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.c9800_pki import render
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aireos import version_tuple

# train -> (command, first release with it); trains after the last listed one all carry the fix.
FIXED_TRAINS = {(7, 0): ("lifetime-check", (7, 0, 252, 0)),
                (7, 4): ("cert-expiry-ignore", (7, 4, 140, 0)),
                (8, 0): ("cert-expiry-ignore", (8, 0, 120, 0))}
LATER_TRAINS_FROM = (8, 1)
COS_WLC_MIC_FROM = (8, 5, 0, 0)
CERT_TYPES = ("mic", "ssc")
STATES = ("enabled", "disabled")
DEFAULT_ISSUERS = ("cisco manufacturing ca",)
ACT2_ISSUER = "act2 sudi ca"
CAVEAT = ("WORKAROUND: allowing expired AP certificates lowers the assurance of AP "
          "authentication. Lasting fix: software with the fix (FN63942) or locally "
          "significant certificates (LSC).")


class FixInputError(ValueError):
    """Bad options for the fix."""


def check_options(state, cert_types):
    if state not in STATES:
        raise FixInputError("state: expected one of %s, got %r" % ("/".join(STATES), state))
    if not isinstance(cert_types, (list, tuple)) or not cert_types:
        raise FixInputError("cert_types: expected a non-empty list of mic/ssc")
    bad = [c for c in cert_types if c not in CERT_TYPES]
    if bad:
        raise FixInputError("cert_types: unknown %s (allowed: mic, ssc)" % ", ".join(map(str, bad)))
    return list(dict.fromkeys(cert_types))


def aireos_command_name(version):
    """'cert-expiry-ignore' or 'lifetime-check' for this AireOS release; FixInputError otherwise."""
    vt = version_tuple(version)
    if vt[:2] >= LATER_TRAINS_FROM:
        return "cert-expiry-ignore"
    name, first = FIXED_TRAINS.get(vt[:2], (None, None))
    if name and vt >= first:
        return name
    raise FixInputError(
        "AireOS %s has neither 'config ap cert-expiry-ignore' (7.4.140.0+, 8.0.120.0+, 8.1 and later) nor "
        "'config ap lifetime-check' (7.0.252.0) (FN63942, CSCuq19142): upgrade the controller; nothing was "
        "sent" % version)


def aireos_commands(version, current, state="enabled", cert_types=("mic",)):
    """Commands that bring the allowance to ``state``; [] when already there.

    ``current``: parse_cert_ignore_state() output ({'mic': bool|None, ...}).
    A None (unknown) state is treated as 'not as desired' so the command is
    sent: sending it again is harmless on the controller.
    """
    types = check_options(state, list(cert_types))
    name = aireos_command_name(version)
    want = state == "enabled"
    cmds = []
    for ctype in types:
        if current.get(ctype) is want:
            continue
        cmds.append("config ap %s %s %s" % (name, ctype, "enable" if want else "disable"))
    return cmds


def aireos_warnings(version, wlc_cert_expired=False):
    out = []
    vt = version_tuple(version)
    if aireos_command_name(version) == "lifetime-check":
        out.append("AireOS %s: using 'config ap lifetime-check' (FN63942, 7.0.252.0)" % version)
    if wlc_cert_expired and vt < COS_WLC_MIC_FROM:
        out.append("the controller's own MIC has expired and AireOS %s is older than 8.5: "
                   "AP-COS models (1800/2800/3800) will still fail to join (CSCvb93909)" % version)
    return out


MAP_NAME_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def check_map_name(map_name):
    if not isinstance(map_name, str) or not MAP_NAME_RE.fullmatch(map_name):
        raise FixInputError("map_name: 1-64 letters, digits, '_', '-', '.'; got %r" % (map_name,))
    return map_name


def c9800_config(current, map_name="PFNE_EXPIRED_MIC", state="enabled", include_act2=False):
    """Config blocks [{'parents': [...], 'lines': [...]}] (rendered by the rows of wlc/c9800_pki.py).

    ``current``: parse_pki_allow_expired() output.  Lines are lower case, the
    way IOS-XE prints certificate-map issuer values in the running-config, so a
    second run matches and sends nothing.  Enabled: map entries first, then the
    trustpool policy line that refers to the map.  Disabled: the reverse.
    """
    check_map_name(map_name)
    check_options(state, ["mic"])
    issuers = list(DEFAULT_ISSUERS) + ([ACT2_ISSUER] if include_act2 else [])
    existing = current.get("maps", {}).get(map_name, [])
    allowed = map_name in current.get("trustpool_allow_expired", [])
    policy = render("trustpool")
    allow_line = render("trustpool_allow_expired", map=map_name)
    blocks = []
    if state == "enabled":
        for seq, issuer in enumerate(issuers, start=1):
            entry = [e for e in existing if e["seq"] == seq]
            if entry and issuer in entry[0]["issuer_contains"]:
                continue
            blocks.append({"parents": [render("cert_map", name=map_name, seq=seq)],
                           "lines": [render("cert_map_issuer", issuer=issuer)]})
        if not allowed:
            blocks.append({"parents": [policy], "lines": [allow_line]})
    else:
        if allowed:
            blocks.append({"parents": [policy], "lines": [render("trustpool_allow_expired", True, map=map_name)]})
        for entry in existing:
            blocks.append({"parents": [], "lines": [render("cert_map", True, name=map_name, seq=entry["seq"])]})
    return blocks
