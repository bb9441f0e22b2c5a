# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep secret-bearing lines out of ansible-connection's log when a device refuses them.

Why this exists (ansible-core 2.18 and 2.21, ansible.netcommon 7.2 and 8.7): when a reply
matches the terminal plugin's error regexes (``terminal_stderr_re``), network_cli raises
``AnsibleConnectionFailure`` with the whole reply window, which starts with the device's echo
of the line (``/ppp secret add ... password=...``, ``crypto isakmp key KEY ...``).  The
persistent process (ansible-connection) then writes that traceback with ``display.vvv``
(ansible/utils/jsonrpc.py, ``JsonRpcServer.handle_request``) to ANSIBLE_LOG_PATH at -vvv.
That happens in another process, before our plugins see the error: ``no_log`` and masking
cannot reach it.

The fix: while ``refusals_read_here`` is active, the connection's ``terminal_stderr_re``
option is one regex that never matches, so network_cli returns a refusal as ordinary output;
the caller checks every output itself (``find_refusal`` with the terminal plugin's own
regexes, or its own error table) and masks it before anything is shown.

What stays open (see docs/secrets.md): ``persistent_log_messages`` (logs every line sent),
and, over paramiko, network_cli's "timeout ... while trying to send command: <line>" when a
device stops answering in the middle of a secret-bearing line.  ``exposure_warning`` names
them at run time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib

OPTION = "terminal_stderr_re"
# An empty negative lookahead: a valid regex that matches nothing.
NEVER_MATCHES = [{"pattern": r"(?!)"}]
MASK = "********"
# What network_cli returns when the channel closes before the prompt came back: its receive
# loop ends without a result and send() returns to_text(None) (netcommon 7.2 and 8.7).
CHANNEL_CLOSED = "None"


@contextlib.contextmanager
def refusals_read_here(connection):
    """Turn off network_cli's error regexes for the block (``connection`` is the JSON-RPC
    proxy, ansible.module_utils.connection.Connection).  The previous value comes back
    afterwards; the next task's connection set-up resets every option anyway."""
    previous = connection.get_option(OPTION)
    connection.set_option(OPTION, NEVER_MATCHES)
    try:
        yield
    finally:
        connection.set_option(OPTION, previous)


def find_refusal(output, patterns):
    """The line of ``output`` where one of ``patterns`` (compiled bytes regexes, as a terminal
    plugin's terminal_stderr_re, or text regexes) first matches, or None."""
    text = (output or "").replace("\r", "")
    data = text.encode("utf-8", "surrogateescape")
    for pattern in patterns:
        subject = data if isinstance(pattern.pattern, bytes) else text
        match = pattern.search(subject)
        if match:
            newline = b"\n" if subject is data else "\n"
            at = match.start() + len(match.group(0)) - len(match.group(0).lstrip(newline))
            start = subject.rfind(newline, 0, at) + 1
            end = subject.find(newline, at)
            line = subject[start:end if end != -1 else len(subject)]
            if subject is data:
                line = line.decode("utf-8", "replace")
            return line.strip() or "(empty error line)"
    return None


def mask(text, secrets):
    """``text`` with every secret (longest first, so no tail of one survives) replaced."""
    text = "" if text is None else str(text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def exposure_warning(verbosity, log_path, persistent_log_messages, ssh_type="paramiko"):
    """A run-time warning when this run's settings would still write a secret-bearing line
    to a log despite refusals_read_here, or None."""
    if persistent_log_messages:
        return ("persistent_log_messages is on: ansible-connection logs every line sent, secrets "
                "included (ansible.netcommon does not redact them); turn it off for runs that set "
                "passwords or pre-shared keys (docs/secrets.md)")
    if log_path and verbosity >= 3 and ssh_type != "libssh":
        return ("-vvv with a log file (%s) over paramiko: if the device stops answering in the middle "
                "of a line carrying a password or pre-shared key, ansible.netcommon's network_cli may log "
                "that line with its socket timeout error (ansible-connection, outside this collection's "
                "reach); use libssh (ansible-pylibssh), or run below -vvv or without ANSIBLE_LOG_PATH for "
                "such changes (docs/secrets.md)" % log_path)
    return None


def guard(connection, plugin, warn=True):
    """For an action plugin about to send secret-bearing lines over ``connection`` (the
    JSON-RPC proxy): warn when this run's settings still expose them, and read refusals here.
    ``plugin`` is the controller-side network_cli connection (its options, its ssh type)."""
    from ansible import constants as C
    from ansible.utils.display import Display

    display = Display()
    try:
        ssh_type = plugin.ssh_type   # "auto" resolved as the persistent process resolves it
    except Exception:  # not network_cli, or an invalid value the connection itself reports
        ssh_type = None
    warning = exposure_warning(display.verbosity, C.DEFAULT_LOG_PATH,
                               plugin.get_option("persistent_log_messages") is True, ssh_type)
    if warn and warning:
        display.warning(warning)
    return refusals_read_here(connection)
