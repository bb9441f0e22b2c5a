# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The expired-MIC allowance sent to a controller, over ``send(line) -> output``, through the send engine.

AireOS: read the version and the state, send the ``config ap ...`` commands that differ (the state read
after them is the engine's probe: AireOS prints nothing for an accepted command), optionally ``save
config``.  Catalyst 9800: read ``show running-config | section crypto pki``, send the certificate-map and
trustpool blocks (rows of wlc/c9800_pki.py) as IOS blocks.  A failure stops the run, the controller is
read again (9800: ``end`` first; a new connection after a loss) and the message gives the three lists.
The action pfne.netops.wlc_mic_ignore binds ``send`` to the persistent connection.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import aireos as wlc_aireos
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import c9800 as wlc_c9800
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import fix as wlc_fix
from ansible_collections.pfne.netops.plugins.plugin_utils.common import send as engine
from ansible_collections.pfne.netops.plugins.plugin_utils.ios import config_send

C9800_READ = "show running-config | section crypto pki"
# lines the controller answers with a question (network_cli's prompt / answer)
PROMPTS = {"save config": {"prompt": r"\(y/n\)", "answer": "y"}}


class FixReadError(ValueError):
    """A read the fix needs failed (before anything was sent)."""


def reader(send):
    def read(command):
        try:
            return send(command)
        except Exception as exc:  # the connection's error: name the command
            raise FixReadError("command %r failed: %s" % (command, getattr(exc, "message", None) or exc))
    return read


def aireos(send, opts, check_mode=False, reconnect=None):
    """The AireOS fix; -> result dict (failed with the three lists when a command failed)."""
    read = reader(send)
    version = wlc_aireos.parse_sysinfo(read("show sysinfo"))["version"]
    before = wlc_aireos.parse_cert_ignore_state(read(opts["state_command"]))
    cmds = wlc_fix.aireos_commands(version, before, opts["state"], opts["cert_types"])
    expired = bool(opts["audit"]) and any(c.get("state") == "expired" for c in opts["audit"].get("wlc_certificates", []))
    result = {"version": version, "before": before, "commands": cmds, "changed": bool(cmds),
              "warnings": wlc_fix.aireos_warnings(version, expired)}
    if not cmds or check_mode:
        return result
    left = _aireos_left(version, opts)
    out = engine.send_lines(send, cmds, "aireos", probe=opts["state_command"])
    if out["failed"]:
        return _stopped(result, out, opts["state_command"], left, send, reconnect, "aireos")
    result.update(confirmed=out["confirmed"], in_doubt=[], not_sent=[],
                  after=wlc_aireos.parse_cert_ignore_state(out["probe_output"]))
    if left(out["probe_output"]):
        return dict(result, failed=True, msg="wlc_mic_ignore: state not reached although the controller accepted "
                                             "every command; still needed: %s" % ", ".join(left(out["probe_output"])))
    if opts["save_config"]:
        saved = engine.send_lines(send, ["save config"], "aireos", probe=opts["state_command"])
        if saved["failed"]:
            return _stopped(result, saved, opts["state_command"], left, send, reconnect, "aireos")
        result["saved"] = True
    return result


def _aireos_left(version, opts):
    def left(state_output):
        state = wlc_aireos.parse_cert_ignore_state(state_output)
        return wlc_fix.aireos_commands(version, state, opts["state"], opts["cert_types"])
    return left


def c9800(send, opts, check_mode=False, reconnect=None):
    """The 9800 fix; -> result dict (failed with the three lists when a line failed)."""
    before = wlc_c9800.parse_pki_allow_expired(reader(send)(C9800_READ))
    blocks = wlc_fix.c9800_config(before, opts["map_name"], opts["state"], opts["include_act2"])
    result = {"before": before, "blocks": blocks, "commands": config_send.flatten_blocks(blocks),
              "changed": bool(blocks)}
    if not blocks or check_mode:
        return result
    out = config_send.send_blocks(send, blocks, engine.masker_for(()), vendor="c9800")
    if out["failed"]:
        return _stopped(result, out, C9800_READ, _c9800_left(opts), send, reconnect, "c9800")
    result.update(confirmed=out["confirmed"], in_doubt=[], not_sent=[])
    return result


def _c9800_left(opts):
    def left(section):
        after = wlc_c9800.parse_pki_allow_expired(section)
        return config_send.flatten_blocks(wlc_fix.c9800_config(after, opts["map_name"], opts["state"],
                                                               opts["include_act2"]))
    return left


def _stopped(result, out, state_command, left, send, reconnect, vendor):
    """Fail with the three lists, after reading the controller again (the engine's one re-read):
    ``left(output of state_command)`` -> the lines a rerun would still send."""
    result.update(failed=True, changed=bool(out["confirmed"] or out["in_doubt"]), confirmed=out["confirmed"],
                  in_doubt=out["in_doubt"], not_sent=out["not_sent"])
    if out["refused"] is not None:
        result["failed_command"] = out["refused"]
        why = "controller rejected %r: %s" % (out["refused"], out["reason"])
    elif out["in_doubt"] and out["not_sent"] == [] and out["error"].startswith("after "):
        why = "connection lost after the last command (%s)" % out["reason"]
    else:
        why = "connection lost while sending %r: %s" % (out["in_doubt"][-1], out["reason"])
    after = engine.settle(out, vendor, lambda new_send: left(new_send(state_command)), send, reconnect)
    result["reconnected"] = after["reconnected"]
    if after["reread"]:
        result["rerun_would_send"] = after["state"]
        now = "; read again: %s" % ("state reached" if not after["state"] else "still needed " + ", ".join(after["state"]))
    else:
        now = "; could not read the state again (%s): run the audit again" % after["error"]
    result["msg"] = "wlc_mic_ignore: %s%s. %s%s" % (
        why, " while applying the 9800 blocks" if vendor == "c9800" else "", engine.lists_text(out), now)
    return result
