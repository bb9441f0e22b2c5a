# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One apply run against a RouterOS device, written against a plain ``send(command) -> output``.

The action plugin pfne.netops.routeros_apply hands in a ``send`` bound to the
persistent network_cli connection; tests hand in a fake.  Order of a run:

1. validate the entries (before anything is sent);
2. ``/system resource print`` -> version and syntax family;
3. the read phase: every ``print`` routeros_diff.read_commands() lists;
4. plan (routeros_diff.plan);
5. unless check mode: the config commands, one by one, each output checked
   for RouterOS error text (ERROR_FORMS); the first error stops the run;
6. after the last command, one read (PROBE_COMMAND) proves the connection still answers.

RouterOS does not roll back, and a successful RouterOS command prints nothing: network_cli
returns the same empty output when the channel closed while the command ran.  A command
therefore counts as applied only once a later command (or the closing probe) got an answer
on the same connection.  A failed run reports three lists, secrets masked:
``confirmed`` (applied: answered, and the connection answered after it), ``in_doubt``
(sent, but the connection was lost before anything proved it ran) and ``not_sent``; a
command RouterOS refused with an error is ``failed_command`` (not applied).

After a failure the engine reads the menus it was changing again (``reread``: the caller's
``send`` for a refusal, a new connection after a loss), proved by the probe before and after
the reads, and reports ``after_failure``: what a rerun would still send, and whether each
command in doubt is now on the device.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.pfne.netops.plugins.plugin_utils.common import refusals, send as engine
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import (
    mask_text,
    parse_current,
    plan,
    read_commands,
    secret_values,
    validate_entries,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.family import (
    PEER_STATE_COMMANDS,
    RouterOSVersionError,
    family,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    RouterOSParseError,
    parse_version,
)

VERSION_COMMAND = "/system resource print"
PROBE_COMMAND = "/system identity print"

# The RouterOS error table (every form the console prints) lives with the other vendors' in
# common/refusals.py; reads are checked against it, changes go through the send engine.
ERROR_FORMS = refusals.ROUTEROS_ERROR_FORMS


class RouterOSApplyError(Exception):
    """A failed run; ``message`` and ``details`` are already masked."""

    def __init__(self, message, details=None):
        super(RouterOSApplyError, self).__init__(message)
        self.message = message
        self.details = details or {}


def find_error(output):
    """The first RouterOS error line in ``output`` (a read), or None."""
    return refusals.find_in_table(output, "routeros")


def gather(send):
    """-> {"version": "7.16.2", "syntax_family": "7.x"} from ``/system resource print``."""
    output = send(VERSION_COMMAND)
    error = find_error(output)
    if error:
        raise RouterOSApplyError("%s failed: %s" % (VERSION_COMMAND, error))
    try:
        return facts_for(parse_version(output))
    except RouterOSParseError as exc:
        raise RouterOSApplyError(str(exc))


def facts_for(version):
    """{"version", "syntax_family"} of a version already read this run."""
    try:
        fam = family(version)
        return {"version": version, "syntax_family": fam, "peer_state_commands": list(PEER_STATE_COMMANDS[fam])}
    except RouterOSVersionError as exc:
        raise RouterOSApplyError(str(exc))


def apply(entries, send, check_mode=False, secret_update="on_change", version=None, reconnect=None):
    """Run one apply; returns the (masked) result dict or raises RouterOSApplyError.

    ``version``: the RouterOS version when the caller read it earlier in the run (the
    version print is then not sent again).  Result keys: changed, commands (masked), diff,
    changes, warnings, version, syntax_family, read_commands.
    ``reconnect``: optional ``reconnect() -> send`` on a new connection, for the re-read after
    a lost connection (without it only a refusal is followed by a re-read).
    """
    entries = validate_entries(entries)
    secrets = secret_values(entries)

    def safe_send(command, shown):
        try:
            return send(command)
        except Exception as exc:  # connection errors carry device text; mask it
            raise RouterOSApplyError("%s failed: %s" % (shown, mask_text(str(exc), secrets)))

    facts = facts_for(version) if version else gather(lambda cmd: safe_send(cmd, cmd))
    reads = read_commands(entries)
    outputs = {}
    for cmd in reads:
        output = safe_send(cmd, cmd)
        error = find_error(output)
        if error:
            raise RouterOSApplyError(
                "reading failed: %s: %s (RouterOS %s, syntax family %s; does this menu exist there?)"
                % (cmd, mask_text(error, secrets), facts["version"], facts["syntax_family"]))
        outputs[cmd] = output
    try:
        current = parse_current(entries, outputs)
    except RouterOSParseError as exc:
        raise RouterOSApplyError("cannot parse device output: %s" % mask_text(str(exc), secrets))
    result = plan(entries, current, secret_update=secret_update)
    out = {
        "changed": result["changed"],
        "commands": result["masked_commands"],
        "diff": result["diff"],
        "changes": result["changes"],
        "warnings": [mask_text(w, secrets) for w in result["warnings"]],
        "version": facts["version"],
        "syntax_family": facts["syntax_family"],
        "read_commands": reads,
    }
    if check_mode or not result["commands"]:
        return out
    try:
        _send_all(send, result, facts, secrets)
    except RouterOSApplyError as exc:
        exc.details["after_failure"] = after = _after_failure(entries, send, reconnect, exc.details, result,
                                                              secret_update, secrets)
        exc.message += "; " + after["summary"]
        raise
    return out


def _proved(send):
    """The probe answered with the identity: the connection is alive at this point."""
    output = send(PROBE_COMMAND)
    if "name:" not in (output or ""):
        raise RouterOSApplyError("%s gave no answer (%r)" % (PROBE_COMMAND, (output or "")[:60]))


def reread(entries, send, secret_update="on_change"):
    """Read the menus of ``entries`` again; -> plan() of what still differs. The probe before
    and after the reads proves every read was answered (an empty print is a real answer only then)."""
    _proved(send)
    outputs = {}
    for cmd in read_commands(entries):
        output = send(cmd)
        error = find_error(output)
        if error:
            raise RouterOSApplyError("%s: %s" % (cmd, error))
        outputs[cmd] = output
    _proved(send)
    return plan(entries, parse_current(entries, outputs), secret_update=secret_update)


def _change_key(change):
    return (change["path"], json.dumps(change["match"], sort_keys=True))


def _after_failure(entries, send, reconnect, details, planned, secret_update, secrets):
    """What is really on the device after a failed send: re-read (on a new connection after a loss)."""
    lost = bool(details.get("in_doubt")) or "failed_command" not in details
    after = engine.settle({"lost": lost}, "routeros", lambda new_send: reread(entries, new_send, secret_update),
                          send, reconnect, masker=lambda text: mask_text(text, secrets))
    again = after.pop("state", None)
    if again is None:
        after["summary"] = ("the device could not be read again (%s): what is on it is unknown; rerun to converge"
                            % after["error"])
        return after
    remaining = again["masked_commands"]
    # an in-doubt command is on the device when the re-read no longer asks for a change of its entry
    # (compared by entry, not by text: a re-planned add may carry another place-before number)
    still = set(_change_key(c) for c in again["changes"])
    keys = dict(zip(planned["masked_commands"], [_change_key(c) for c in planned["changes"]]))
    after.update(reread=True, rerun_would_send=remaining, device_matches=not remaining,
                 in_doubt_applied=dict((c, keys.get(c) not in still) for c in details.get("in_doubt", [])))
    landed = [c for c, done in after["in_doubt_applied"].items() if done]
    missing = [c for c, done in after["in_doubt_applied"].items() if not done]
    after["summary"] = "read again%s: %s%s%s" % (
        " over a new connection" if after["reconnected"] else "",
        "the device has everything asked" if not remaining else
        "a rerun sends %d command(s): %s" % (len(remaining), ", ".join(remaining)),
        ("; in doubt but on the device: " + ", ".join(landed)) if landed else "",
        ("; %d in doubt not on the device" % len(missing)) if missing else "")
    return after


def _send_all(send, result, facts, secrets):
    """Send the commands through the send engine; on failure raise RouterOSApplyError with the three lists.
    A RouterOS command prints nothing on success: the next answer (or the closing probe) confirms it."""
    masked_all = result["masked_commands"]
    out = engine.send_lines(send, result["commands"], "routeros", masker=lambda text: mask_text(text, secrets),
                            shown=masked_all, probe=PROBE_COMMAND)
    if not out["failed"]:
        return
    details = {"confirmed": out["confirmed"], "in_doubt": out["in_doubt"], "not_sent": out["not_sent"],
               "commands": masked_all, "version": facts["version"], "syntax_family": facts["syntax_family"],
               "commands_sent": out["confirmed"] + out["in_doubt"] + ([out["refused"]] if out["refused"] else [])}
    failed_at = len(out["confirmed"]) + len(out["in_doubt"]) + (1 if out["refused"] else 0)
    if out["refused"] is not None:
        details["failed_command"] = out["refused"]
        message = "command %d of %d failed: %s" % (failed_at, len(masked_all), out["error"])
    else:
        message = "command %d of %d: %s; in doubt: %s" % (
            failed_at, len(masked_all), out["error"], ", ".join(out["in_doubt"]))
    raise RouterOSApplyError(message, details)
