# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one send engine: every change the collection makes to a device goes through ``send_lines``.

One rule for every vendor.  A line is
  * confirmed: the device answered it with its prompt and no refusal; on a device that prints
    nothing for success (RouterOS, AireOS) the proof is the next line's answer, or after the last
    line the vendor's probe read;
  * in doubt: the connection was lost, closed or timed out while it ran (or before its proof came);
  * not sent: never typed.
A refused line stops the run (it is ``refused``, in none of the three lists).  The refusal detector
is the vendor's (common/refusals.py), masking is secret_log.mask through the caller's ``masker``
(one step: every line and message leaves the engine masked), and ``settle`` is the one re-read after
a failure (a new connection after a loss; on IOS the session is first taken out of configuration
mode with ``end``).  ``send(line) -> output`` is a plain callable: the action binds it to the
persistent connection, unit tests to a fake.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log
from ansible_collections.pfne.netops.plugins.plugin_utils.common import refusals

# the line that leaves IOS configuration mode (a refusal leaves the session in it)
# What network_cli returns when the channel closes before the prompt came back: its receive
# loop ends without a result and send() returns to_text(None) (netcommon 7.2 and 8.7).
CHANNEL_CLOSED = "None"
LEAVE_CONFIG = {"ios": "end", "c9800": "end"}


def masker_for(secrets):
    """The default masking step: secret_log.mask with these secrets."""
    secrets = [s for s in (secrets or []) if s]
    return lambda text: secret_log.mask(text, secrets)


def _answered(output):
    """network_cli returns the text None (to_text(None)) when the channel closed before the prompt."""
    return output is not None and output != CHANNEL_CLOSED


def send_lines(send, lines, vendor, masker=None, shown=None, probe=None, detect=None):
    """Send ``lines`` one by one; stop at the first refusal or lost connection.

    ``shown``: the masked form of each line (default: masker(line)); ``probe``: the read that proves
    the last line of a silent vendor ran (RouterOS ``/system identity print``); ``detect``: the refusal
    detector (default: refusals.find for ``vendor``).  Returns the result shape every change path
    reports: {"confirmed", "in_doubt", "not_sent", "refused", "error", "reason", "lost", "failed"}, all
    masked (``reason``: the device's refusal line or the connection error alone); after a probe also
    "probe_output", the probe's raw answer, for the caller to parse (never to show: a state read can
    hold the device's secrets).
    """
    spec = refusals.vendor(vendor)
    masker = masker or masker_for(())
    shown = list(shown) if shown is not None else [masker(line) for line in lines]
    detect = detect or (lambda output: refusals.find(output, vendor))
    run = _Run(shown, masker)
    for index, line in enumerate(lines):
        try:
            output = send(line)
        except Exception as exc:  # raised refusal (ASA, AireOS) or lost / timed-out connection
            message = str(getattr(exc, "message", None) or exc)
            refusal = refusals.raised_refusal(message, vendor)
            if refusal:
                return run.refused(index, refusal)
            return run.lost(index, "connection lost or timed out: %s" % message)
        if not _answered(output):
            return run.lost(index, "the connection closed before the device answered")
        refusal = detect(output)
        if refusal:
            return run.refused(index, refusal)
        run.answered(index, spec.silent)
    return run.finish(send, probe)


class _Run:
    """The bookkeeping of one send_lines call."""

    def __init__(self, shown, masker):
        self.shown, self.masker = shown, masker
        self.confirmed, self.pending = [], None

    def answered(self, index, silent):
        self.proved()
        if silent:
            self.pending = index
        else:
            self.confirmed.append(self.shown[index])

    def proved(self):
        if self.pending is not None:
            self.confirmed.append(self.shown[self.pending])
            self.pending = None

    def result(self, in_doubt=(), not_sent=(), refused=None, error=None, reason=None):
        return {"confirmed": list(self.confirmed), "in_doubt": list(in_doubt), "not_sent": list(not_sent),
                "refused": refused, "error": self.masker(error) if error else None,
                "reason": self.masker(reason) if reason else None,
                "lost": bool(error) and refused is None, "failed": bool(error)}

    def refused(self, index, refusal):
        self.proved()   # the device answered this line: the one before it ran
        line = self.shown[index]
        return self.result(not_sent=self.shown[index + 1:], refused=line, reason=refusal,
                           error="%s: refused by the device: %s" % (line, refusal))

    def lost(self, index, why):
        doubt = ([self.shown[self.pending]] if self.pending is not None else []) + (
            [self.shown[index]] if index is not None else [])
        where = self.shown[index] if index is not None else "after %s" % doubt[-1]
        return self.result(in_doubt=doubt, not_sent=self.shown[index + 1:] if index is not None else [],
                           error="%s: %s" % (where, why), reason=why)

    def finish(self, send, probe):
        if self.pending is None:
            return self.result()
        if not probe:
            raise ValueError("this vendor prints nothing on success: send_lines needs a probe read")
        try:
            output = send(probe)
        except Exception as exc:
            return self.lost(None, "connection lost or timed out on %s: %s" % (probe, getattr(exc, "message", exc)))
        if not _answered(output):
            return self.lost(None, "no answer to %s: the connection closed" % (probe or "a probe"))
        self.proved()
        return dict(self.result(), probe_output=output)


def settle(outcome, vendor, reread, send, reconnect=None, masker=None):
    """The one re-read after a failed send: ``reread(send) -> dict`` on the same session after a
    refusal (IOS first leaves configuration mode), on ``reconnect() -> send`` after a loss.
    Returns {"reread": bool, "reconnected": bool, "state": reread's dict} or {..., "error": masked}."""
    masker = masker or masker_for(())
    after = {"reread": False, "reconnected": False}
    try:
        if outcome["lost"]:
            if reconnect is None:
                raise RuntimeError("no way to reconnect")
            send = reconnect()
            after["reconnected"] = True
        elif vendor in LEAVE_CONFIG:
            send(LEAVE_CONFIG[vendor])
        after["state"] = reread(send)
        after["reread"] = True
    except Exception as exc:  # reported beside the original failure, which stays the cause
        after["error"] = masker(str(getattr(exc, "message", None) or exc))
    return after


def lists_text(outcome):
    """'Confirmed: ...; in doubt: ...; not sent: ...' for a message."""
    return "Confirmed: %s; in doubt: %s; not sent: %s" % tuple(
        ", ".join(outcome[key]) or "none" for key in ("confirmed", "in_doubt", "not_sent"))
