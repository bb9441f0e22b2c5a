# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One crypto map change on IOS / IOS-XE: plan, send, stop at the first refusal, read again, report.

Plain Python over ``send(line) -> output`` (the action pfne.netops.ipsec_ios_apply binds it to the
persistent connection).  Order: the plan (ipsec_ios.plan_site, compared by meaning against the
running-config read once), then keys first (blocks marked ``secret``), then the other blocks in the
plan's order (ACL, transform-set, IKE objects, map entry, interface binding last: a partial entry is
never bound).  Everything returned is masked: the running-config holds secrets this collection does
not own (users' passwords, SNMP communities, other peers' keys), so it never leaves here unmasked.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import ios as ipsec_ios
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import tunnel as ipsec_tunnel
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab as ipsec_vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log
from ansible_collections.pfne.netops.plugins.plugin_utils.common import send as engine
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import config_send

PLAN_ERRORS = (ipsec_tunnel.IpsecValidationError, ipsec_vocab.UnsupportedError, ipsec_ios.IosPlanError)
READ_COMMAND = "show running-config"


class CryptoApplyError(Exception):
    """Bad input or a definition the running-config forbids (message masked, nothing sent)."""


def device_secrets(tunnels, running_config):
    """Every secret to mask: the tunnels' PSKs and every key the running-config holds."""
    model = ipsec_ios.read_model(running_config or "")
    values = [t.get("psk") for t in tunnels] + [k.get("key") for k in model["isakmp_keys"].values()]
    values += [p.get("key") for r in model["ikev2_keyrings"].values() for p in (r.get("peers") or {}).values()]
    return sorted(set(v for v in values if v), key=len, reverse=True)


def plan(tunnels, site, running_config, update_password="on_create", safety_net=None):
    """The blocks to send (keys first), their masked form, the notes and the masker.  ``safety_net``:
    {'minutes', 'archive_path'} or None (archive path and the rollback timer before the change)."""
    try:
        norm, _warnings = ipsec_tunnel.normalize_all(list(tunnels or []))
        planned = ipsec_ios.plan_site(norm, site, running_config, update_password)
        net = ipsec_ios.safety_net(**safety_net) if safety_net else None
    except PLAN_ERRORS as exc:
        raise CryptoApplyError(ipsec_tunnel.mask_secrets(str(exc), tunnels))
    secrets = device_secrets(tunnels, running_config)

    def masker(text):
        return secret_log.mask(text, secrets)
    blocks = [b for b in planned["blocks"] if b["secret"]] + [b for b in planned["blocks"] if not b["secret"]]
    if blocks and net:
        blocks = [dict(net["archive"]), {"parents": [], "lines": [], "enter": net["start"]}] + blocks
    return {"blocks": blocks, "masker": masker, "tunnels": planned["tunnels"], "unparsed": planned["unparsed"],
            "notes": planned["notes"], "masked_blocks": _masked(blocks, masker),
            "diff": config_send.section_diff(running_config, [b for b in blocks if "enter" not in b], masker)}


def _masked(blocks, masker):
    return [dict(b, parents=[masker(p) for p in b["parents"]], lines=[masker(x) for x in b["lines"]]) for b in blocks]


def run(planned, send, check_mode=False, reconnect=None, replan=None):
    """Send the plan (nothing in check mode).  ``replan(send) -> masked lines a rerun would send``
    reads the router again after a failure.  Returns the result (masked)."""
    masker = planned["masker"]
    commands = config_send.flatten_blocks(planned["masked_blocks"])
    out = {"changed": bool(commands), "commands": commands, "blocks": planned["masked_blocks"],
           "tunnels": planned["tunnels"], "notes": [masker(n) for n in planned["notes"]],
           "unparsed": len(planned["unparsed"]), "diff": planned["diff"],
           "confirmed": [], "in_doubt": [], "not_sent": list(commands) if check_mode else []}
    if check_mode or not commands:
        return out
    sent = config_send.send_blocks(send, planned["blocks"], masker)
    out.update(confirmed=sent["confirmed"], in_doubt=sent["in_doubt"], not_sent=sent["not_sent"])
    if not sent["failed"]:
        return out
    after = engine.settle(sent, "ios", replan, send, reconnect, masker=masker) if replan else {}
    out.update(failed=True, changed=bool(sent["confirmed"] or sent["in_doubt"]), refused=sent["refused"],
               reconnected=after.get("reconnected", False), rerun_would_send=after.get("state"))
    now = ("; read again%s: %s" % (" over a new connection" if after["reconnected"] else "",
                                   "nothing left to send" if not after["state"] else
                                   "a rerun would send " + ", ".join(after["state"]))
           if after.get("reread") else "; could not read the router again (%s): run the role again"
           % after.get("error", "no re-read"))
    out["msg"] = "cisco_crypto_map: %s (%s). %s%s" % (
        "connection lost" if sent["lost"] else "the router refused a line", sent["error"],
        engine.lists_text(sent), now)
    return out


def replanner(tunnels, site, update_password, read):
    """``replan(send)``: read the running-config over ``send`` and plan again -> masked lines left."""
    def replan(send):
        again = plan(tunnels, site, read(send), update_password)
        return config_send.flatten_blocks(again["masked_blocks"])
    return replan
