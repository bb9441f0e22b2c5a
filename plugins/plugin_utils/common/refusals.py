# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How each vendor refuses a line: the one place the send engine (common/send.py) asks.

Per vendor: the terminal plugin network_cli uses for it (its ``terminal_stderr_re``, read from the
plugin itself, so a new release's patterns count too) plus the vendor's own error table below (forms
the terminal plugin misses).  Whether a line printed nothing on success (RouterOS, AireOS: only the
next prompt proves it ran) and whether the terminal plugin raises refusals as exceptions (ASA,
AireOS: their patterns stay on; IOS and RouterOS run under secret_log.refusals_read_here, so every
exception is a lost connection) are said here too.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import importlib
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log

# RouterOS: every error form the console prints at the start of a line (examples:
# tests/unit/routeros/test_routeros_apply.py); the first three are community.routeros's terminal_stderr_re
ROUTEROS_ERROR_FORMS = (
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
ROUTEROS_ERROR_RE = re.compile(
    r"^[ \t]*(%s)" % "|".join(
        re.escape(prefix) + (r" \S+ out of range" if prefix == "value of" else "")
        for prefix, _example in ROUTEROS_ERROR_FORMS),
    re.M)
# IOS / IOS-XE (routers and the 9800): the parser's refusals ("% Invalid input detected at '^' marker.",
# "% Incomplete command.", "% Ambiguous command:", "% Unknown command", "% Unrecognized command").  Not every
# '%' line is one: "% NOTE: This new crypto map will remain disabled until a peer and a valid access list
# have been configured." follows an accepted `crypto map NAME SEQ ipsec-isakmp`.
IOS_ERROR_RE = re.compile(r"^ *% ?(Invalid|Incomplete|Ambiguous|Unknown|Unrecognized) ", re.M)
# AireOS: "Incorrect input! Use 'config ap ?' for help", "Incorrect usage", "Request failed", "... not supported"
AIREOS_ERROR_RE = re.compile(r"(Incorrect (usage|input)|Invalid|Error|not supported|Request failed|% )", re.I)
# ASA: "ERROR: Capture is busy", "% Invalid input detected", "Command authorization failed"
ASA_ERROR_RE = re.compile(r"ERROR:|% |Command authorization failed")

Vendor = collections.namedtuple("Vendor", "name terminal table silent raises")
VENDORS = {
    "ios": Vendor("ios", "ansible_collections.cisco.ios.plugins.terminal.ios", IOS_ERROR_RE, False, False),
    "routeros": Vendor("routeros", "ansible_collections.community.routeros.plugins.terminal.routeros",
                       ROUTEROS_ERROR_RE, True, False),
    "aireos": Vendor("aireos", "ansible_collections.pfne.netops.plugins.terminal.aireos", AIREOS_ERROR_RE, True, True),
    "asa": Vendor("asa", "ansible_collections.cisco.asa.plugins.terminal.asa", ASA_ERROR_RE, False, True),
}
VENDORS["c9800"] = VENDORS["ios"]._replace(name="c9800")


def vendor(name):
    try:
        return VENDORS[name]
    except KeyError:
        raise ValueError("no send rules for vendor %r (known: %s)" % (name, ", ".join(sorted(VENDORS))))


def terminal_patterns(name):
    """The terminal plugin's own ``terminal_stderr_re`` for vendor ``name`` (imported when asked:
    plugin_utils is imported by ansible-test without the collections this one depends on)."""
    module = importlib.import_module(vendor(name).terminal)
    return list(module.TerminalModule.terminal_stderr_re)


def find(output, name):
    """The device's refusal line in ``output`` for vendor ``name``, or None."""
    spec = vendor(name)
    return secret_log.find_refusal(output, terminal_patterns(name) + [spec.table])


def find_in_table(output, name):
    """Only the vendor's own table (RouterOS reads, where a print may hold 'not found' in a comment)."""
    return secret_log.find_refusal(output, [vendor(name).table])


def raised_refusal(message, name):
    """For vendors whose terminal plugin raises refusals: the device's refusal in an exception's text,
    or None when the exception is a lost or timed-out connection."""
    if not vendor(name).raises:
        return None
    return secret_log.find_refusal(message, [vendor(name).table])
