# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runtime evidence per tunnel end: the classifier's answer for the peer (doctor/classify.py), and
the SA state the verify step already reads (ipsec/verify.py) as the proof of `up`.

The SA state never names a failure cause by itself (phase 1 missing can be many causes): it only
proves `up`, or says which phase is missing as evidence for the cause the classifier or the
configuration comparison names.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verify as ipsec_verify
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import RouterOSParseError, parse_print
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import classify

# RouterOS installed-sa detail prints live ESP keys: never let one into evidence
_KEYS = re.compile(r"\b(auth-key|enc-key)=(\"[^\"]*\"|\S+)")


def scrub(line):
    return _KEYS.sub(lambda m: "%s=********" % m.group(1), line)


# configuration reads (they hold keys): never handed to the classifier
_CONFIG_READS = ("show running-config", "/ip ipsec peer", "/ip ipsec profile", "/ip ipsec proposal",
                 "/ip ipsec identity", "/ip firewall", "/ip address", "/system resource")


def runtime_text(outputs):
    """The state and log reads of one device joined (one paste per device), configuration left out."""
    return "\n".join(text for command, text in outputs.items()
                     if not any(command.startswith(c) for c in _CONFIG_READS))


def _rows(text):
    try:
        rows = parse_print(text or "")
    except RouterOSParseError:
        return []
    return rows if isinstance(rows, list) else [rows]


def sa_state(platform, outputs, end):
    """{"up": bool, "line": evidence text} from the SA prints, or None when they were not read."""
    if platform == "ios":
        if "show crypto ipsec sa" not in outputs:
            return None
        isakmp = ipsec_verify.read_isakmp_sa(outputs.get("show crypto isakmp sa") or "")
        ikev2 = ipsec_verify.read_ikev2_sa(outputs.get("show crypto ikev2 sa") or "")
        state = ipsec_verify.ios_tunnel_state(isakmp, ipsec_verify.parse_ipsec_sa(outputs["show crypto ipsec sa"]),
                                              end["peer_address"], end["ike_version"] or 1, ikev2)
    else:
        peers = next((t for c, t in outputs.items() if "active-peers" in c or "remote-peers" in c), None)
        sas = next((t for c, t in outputs.items() if "installed-sa" in c), None)
        if peers is None or sas is None:
            return None
        state = ipsec_verify.routeros_tunnel_state(_rows(peers), _rows(sas), end["peer_address"], end["local_address"])
    return {"up": bool(state["up"]), "line": scrub(state["reason"])}


def diagnose(platform, outputs):
    """The classifier over one device's runtime prints; a classifier failure is evidence, not a crash."""
    try:
        return classify.diagnose(runtime_text(outputs), platform)
    except Exception as exc:  # noqa: BLE001 - reported in the result, the other devices still get a verdict
        return {"cause": "unknown", "side": "unknown", "evidence": [], "unparsed": [], "also": [], "peers": {},
                "error": "classifier failed: %s" % exc}


def end_runtime(platform, outputs, end, diagnosis):
    """{"cause", "side" (local|remote|both|unknown), "evidence": [lines], "also"} for one end, or None."""
    found = (diagnosis.get("peers") or {}).get(end["peer_address"])
    sa = sa_state(platform, outputs, end)
    if found and found.get("cause") not in (None, "unknown"):
        out = dict(found, evidence=[scrub(l) for l in found.get("evidence") or []], also=list(found.get("also") or []))
        if sa and out["cause"] != "up":
            out["evidence"].append(sa["line"])
        return out
    if sa is None:
        return None
    if sa["up"]:
        return {"cause": "up", "side": "unknown", "evidence": [sa["line"]], "also": []}
    return {"cause": "unknown", "side": "unknown", "evidence": [sa["line"]], "also": []}
