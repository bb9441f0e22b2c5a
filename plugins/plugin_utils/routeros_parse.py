# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for RouterOS console output (plain Python, no Ansible objects).

Formats, from real samples (fixtures in tests/unit/fixtures/routeros/, see SOURCES.md):

``print terse`` (networktocode/ntc-templates tests/mikrotik_routeros/*print_terse*/*.raw)
    one entry a line: the item number (right-aligned, or flush left), a flags
    column (``X`` disabled, ``D`` dynamic, ``R`` running, ``*`` default, ``I``
    invalid, lower-case flags such as ``b`` exist too), then ``key=value``
    pairs.  Values are mostly printed WITHOUT quotes even when they hold spaces
    (``comment=this is a comment name=ether1``); some are quoted
    (``authentication-key="bar"``, ``address-lists=""``); empty values print as
    ``key=`` or ``key=""``.  A value therefore ends where the next
    `` <lower-case-key>=`` starts: text inside an unquoted value that looks like
    `` word=`` cannot be told apart from a new property (a limit of the format;
    the collection's own tags and names never contain ``=``).

settings menus (``/system resource print``, ``/interface l2tp-server server print``)
    ``key: value`` lines with right-aligned keys, e.g. ``version: 6.48.6 (long-term)``
    (MikroTik manual, Kaa IoT guide, ``/system/resource/print``;
    fakenos/fakenos docs/platforms/mikrotik_routeros.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros_quote import (
    RouterOSQuoteError,
    unquote_value,
)

_INDEX_RE = re.compile(r"^\s*(\d+)(?=\s|$)")
_KEY_RE = re.compile(r"([a-z][a-z0-9-]*)=")
_NEXT_KEY_RE = re.compile(r"\s+([a-z][a-z0-9-]*)=")
_FLAGS_RE = re.compile(r"^[A-Za-z*+]*$")
_SETTING_RE = re.compile(r"^\s*([a-z][a-z0-9-]*):(?: (.*))?$")
_VERSION_RE = re.compile(r"^\s*version:\s*(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)", re.M)
_FAMILY_RE = re.compile(r"^(\d+)\.(\d+)")


class RouterOSParseError(ValueError):
    """Output that does not follow a known RouterOS format."""


def _quoted_end(text, start):
    """Index just after the closing quote of a quoted value starting at ``start``, or -1."""
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == '"':
            end = pos + 1
            if end == len(text) or text[end].isspace():
                return end
            return -1
        pos += 1
    return -1


def _parse_pairs(text):
    """``a=1 b=x y c="q"`` -> {"a": "1", "b": "x y", "c": "q"}."""
    props = {}
    pos = 0
    while pos < len(text):
        match = _KEY_RE.match(text, pos)
        if not match:
            raise RouterOSParseError("expected key=value at %r" % text[pos:pos + 30])
        key = match.group(1)
        start = match.end()
        value = None
        nxt = start
        if text.startswith('"', start):
            end = _quoted_end(text, start)
            if end != -1:
                try:
                    value = unquote_value(text[start:end])
                except RouterOSQuoteError:
                    value = None
                else:
                    nxt = end
        if value is None:
            found = _NEXT_KEY_RE.search(text, start)
            if found:
                value = text[start:found.start()]
                nxt = found.start()
            else:
                value = text[start:]
                nxt = len(text)
            value = value.rstrip()
        props[key] = value
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        pos = nxt
    return props


def parse_print_terse(text):
    """Parse ``print terse`` output into ``[{"index": int, "flags": str, "properties": dict}]``.

    Lines that do not start with an item number (blank lines, a ``Flags:``
    legend, the echoed command) are skipped.  Flags are returned as one string
    of the flag characters in the order printed, e.g. ``"DXS"``.
    """
    entries = []
    for raw in text.replace("\r", "").split("\n"):
        line = raw.rstrip()
        match = _INDEX_RE.match(line)
        if not match:
            continue
        rest = line[match.end():]
        first = re.search(r"(?:(?<=\s)|^)[a-z][a-z0-9-]*=", rest)
        if not first:
            flags_text, pairs = rest, ""
        else:
            flags_text, pairs = rest[:first.start()], rest[first.start():]
        flags = "".join(flags_text.split())
        if not _FLAGS_RE.match(flags):
            raise RouterOSParseError("unexpected flags column %r in line %r" % (flags, line))
        entries.append({
            "index": int(match.group(1)),
            "flags": flags,
            "properties": _parse_pairs(pairs),
        })
    return entries


def parse_print_settings(text):
    """Parse ``key: value`` output of a settings menu into a dict (values unquoted)."""
    props = {}
    for raw in text.replace("\r", "").split("\n"):
        match = _SETTING_RE.match(raw.rstrip())
        if not match:
            continue
        value = (match.group(2) or "").strip()
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            try:
                value = unquote_value(value)
            except RouterOSQuoteError:
                pass
        props[match.group(1)] = value
    return props


def parse_version(text):
    """``/system resource print`` output -> ``"6.42.7"`` (the channel in brackets is dropped)."""
    match = _VERSION_RE.search(text.replace("\r", ""))
    if not match:
        raise RouterOSParseError("no 'version:' line in /system resource print output")
    return match.group(1)


def syntax_family(version):
    """Map a RouterOS version to the syntax family the renderers choose from.

    ``"6.24"`` for 6.24 - 6.42.x (IPsec peer carries secret and proposal
    settings), ``"6.43"`` for 6.43 - 6.49.x (``/ip ipsec profile`` and
    ``/ip ipsec identity`` exist), ``"7"`` for 7.x.
    """
    match = _FAMILY_RE.match(str(version).strip())
    if not match:
        raise RouterOSParseError("cannot read a RouterOS version from %r" % (version,))
    major, minor = int(match.group(1)), int(match.group(2))
    if major == 7:
        return "7"
    if major == 6 and minor >= 43:
        return "6.43"
    if major == 6 and minor >= 24:
        return "6.24"
    if major < 6 or (major == 6 and minor < 24):
        raise RouterOSParseError(
            "RouterOS %s is older than 6.24, the oldest version this collection supports" % version)
    raise RouterOSParseError("RouterOS %s is newer than the 7.x syntax this collection knows" % version)
