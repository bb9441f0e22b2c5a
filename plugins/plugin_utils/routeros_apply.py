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
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_diff import (
    mask_text,
    parse_current,
    plan,
    read_commands,
    secret_values,
    validate_entries,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_family import (
    PEER_STATE_COMMANDS,
    RouterOSVersionError,
    family,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_parse import (
    RouterOSParseError,
    parse_version,
)

VERSION_COMMAND = "/system resource print"
PROBE_COMMAND = "/system identity print"

# Every error form the RouterOS console prints at the start of a line that the engine
# treats as a failed command (the one table; examples in tests/unit/routeros/test_routeros_apply.py):
ERROR_FORMS = (
    # console transcripts; also in community.routeros's terminal plugin (terminal_stderr_re)
    ("bad command name", "bad command name profile (line 1 column 10)"),
    ("no such item", "no such item"),
    ("invalid value for", "invalid value for argument address"),
    # console transcripts (MikroTik forum / manual "Console")
    ("expected end of command", "expected end of command (line 1 column 16)"),
    ("syntax error", "syntax error (line 1 column 5)"),
    ("input does not match any value", "input does not match any value of hash-algorithm"),
    ("ambiguous value", "ambiguous value of action, more than one possible value matches input"),
    ("value of", "value of max-mtu out of range (0..65535)"),
    ("missing value(s) of argument(s)", "missing value(s) of argument(s) numbers"),
    ("failure:", "failure: already have such name"),
)
_ERROR_RE = re.compile(
    r"^[ \t]*(%s)" % "|".join(
        re.escape(prefix) + (r" \S+ out of range" if prefix == "value of" else "") for prefix, _example in ERROR_FORMS),
    re.M)


class RouterOSApplyError(Exception):
    """A failed run; ``message`` and ``details`` are already masked."""

    def __init__(self, message, details=None):
        super(RouterOSApplyError, self).__init__(message)
        self.message = message
        self.details = details or {}


def find_error(output):
    """The first RouterOS error line in ``output``, or None."""
    output = (output or "").replace("\r", "")
    match = _ERROR_RE.search(output)
    if not match:
        return None
    line_end = output.find("\n", match.start(1))
    return output[match.start(1):line_end if line_end != -1 else len(output)].strip()


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
    after = {"reread": False, "reconnected": False}
    try:
        if lost:
            if reconnect is None:
                raise RouterOSApplyError("no way to reconnect")
            send = reconnect()
            after["reconnected"] = True
        again = reread(entries, send, secret_update)
    except Exception as exc:  # report, keep the original failure
        after["error"] = mask_text(str(getattr(exc, "message", exc)), secrets)
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
    """Send the commands; on failure raise RouterOSApplyError with the three lists."""
    masked_all = result["masked_commands"]
    confirmed, pending = [], None

    def fail(message, index, in_doubt, failed=None):
        details = {"confirmed": confirmed, "in_doubt": in_doubt, "not_sent": masked_all[index + 1:],
                   "commands": masked_all, "version": facts["version"], "syntax_family": facts["syntax_family"],
                   "commands_sent": list(confirmed) + list(in_doubt)}
        if failed is not None:
            details["failed_command"] = failed
        raise RouterOSApplyError(mask_text(message, secrets), details)

    for index, (real, masked) in enumerate(zip(result["commands"], masked_all)):
        try:
            output = send(real)
        except Exception as exc:  # the connection broke: this one and the unproven previous one are in doubt
            fail("command %d of %d: connection lost (%s); in doubt: %s" % (
                index + 1, len(masked_all), exc, ", ".join(([pending] if pending else []) + [masked])),
                index, ([pending] if pending else []) + [masked])
        if pending:
            confirmed.append(pending)
            pending = None
        error = find_error(output)
        if error:
            fail("command %d of %d failed: %s: %s" % (index + 1, len(masked_all), masked, error),
                 index, [], failed=masked)
        pending = masked
    try:
        send(PROBE_COMMAND)
    except Exception as exc:
        fail("connection lost after the last command (%s); in doubt: %s" % (exc, pending),
             len(masked_all) - 1, [pending])
    confirmed.append(pending)
