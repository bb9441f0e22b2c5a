# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one parser for RouterOS console ``print`` output (plain Python, no Ansible objects).

Forms, from real samples (fixtures and their sources: tests/unit/fixtures/*/SOURCES.md):

settings (``/system resource print``, ``/interface l2tp-server server print``)
    right-aligned ``key: value`` lines.  RouterOS 7 prints a list value one item a line, the
    items after the first on continuation lines aligned under the first value
    (``authentication: mschap1`` / ``mschap2``); RouterOS 6 prints it comma-joined.  Both give
    a list for multi-valued settings (a comma-joined 6.x value stays a string: the parser
    cannot know which settings are lists; the diff compares such values as sets).
``print terse``
    one entry a line: item number, flags, ``key=value`` pairs; values are mostly unquoted even
    with spaces, so a value ends where the next `` <key>=`` starts (a limit of the format).
``print detail``
    ``N FLAGS [;;; comment]`` then indented ``key=value`` lines; a quoted value the terminal
    wrapped continues on the next line without a separator.
tables (``print`` of most menus)
    an optional ``Flags:`` legend, an optional ``Columns:`` line (7.x), a header starting with
    ``#``; ``;;; comment`` lines before a row; cells sit under their header words (numbers may
    be right-aligned).

Output of :func:`parse_print`: settings -> dict; the others -> list of dicts, each with
``flags`` (the flag letters as printed, "" when none), ``comment`` where the row has one, and
the properties with lower-case names.  Lines of none of these forms (console log lines that
interleave, garbage) are never dropped silently: :func:`parse_print_report` returns them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import (
    RouterOSQuoteError,
    unquote_value,
)

_INDEX_RE = re.compile(r"^\s*(\d+)(?=\s|$)")
_KEY_RE = re.compile(r"([a-z][a-z0-9-]*)=")
_NEXT_KEY_RE = re.compile(r"\s+([a-z][a-z0-9-]*)=")
_FIRST_KEY_RE = re.compile(r"(?:(?<=\s)|^)[a-z][a-z0-9-]*=")
_FLAGS_RE = re.compile(r"^[A-Za-z*+]*$")
_SETTING_RE = re.compile(r"^(\s*)([a-z][a-z0-9-]*):(?:\s(.*))?$")
_HEADER_RE = re.compile(r"^\s*#(\s|$)")
_PROMPT_RE = re.compile(r"^\[[^\]]*@[^\]]*\]\s.*>")
_LEGEND_RE = re.compile(r"^\s*(Flags|Columns):")
_LEGEND_MORE_RE = re.compile(r"^\s*([A-Za-z*+] - [A-Za-z0-9-]+[,;]?\s*)+$")
_VERSION_RE = re.compile(r"^\s*version:\s*(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)", re.M)


class RouterOSParseError(ValueError):
    """Output that does not follow a known RouterOS format."""


def _lines(text):
    return (text or "").replace("\r", "").split("\n")


def _skippable(line):
    """Blank lines, the echoed prompt and command, the flags legend and the Columns: line."""
    return (not line.strip() or _PROMPT_RE.match(line.strip()) or _LEGEND_RE.match(line)
            or _LEGEND_MORE_RE.match(line))


def _unquote(text):
    try:
        return unquote_value(text)
    except RouterOSQuoteError:
        return text


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


def parse_pairs(text):
    """``a=1 b=x y c="q"`` -> {"a": "1", "b": "x y", "c": "q"}."""
    props = {}
    pos = 0
    text = text.strip()
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
            nxt = found.start() if found else len(text)
            value = text[start:nxt].rstrip()
        props[key] = value
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        pos = nxt
    return props


def _open_quote(text):
    """True when ``text`` ends inside a quoted value (the terminal wrapped it)."""
    count = 0
    pos = 0
    while pos < len(text):
        if text[pos] == "\\":
            pos += 2
            continue
        if text[pos] == '"':
            count += 1
        pos += 1
    return count % 2 == 1


# --------------------------------------------------------------------------- settings

def _parse_settings(lines):
    props, skipped = {}, []
    last, column = None, 0
    for line in lines:
        if _skippable(line):
            continue
        line = line.rstrip()
        match = _SETTING_RE.match(line)
        indent = len(line) - len(line.lstrip())
        # a `key: value` line is always a new setting: the first line's indentation may have been
        # stripped by the connection (community.routeros's command output starts flush left)
        if match:
            last = match.group(2)
            column = len(match.group(1)) + len(last) + 1
            value = (match.group(3) or "").strip()
            if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
                value = _unquote(value)
            props[last] = value
        elif last is not None and indent >= column:
            # RouterOS 7: one list item a line, aligned under the first value
            value = props[last]
            items = value if isinstance(value, list) else ([value] if value != "" else [])
            props[last] = items + [line.strip()]
        else:
            skipped.append(line)
    return props, skipped


def is_settings(text):
    """True when ``text`` is a settings-form print (``key: value`` lines, no item numbers)."""
    for line in _lines(text):
        if _skippable(line):
            continue
        return bool(_SETTING_RE.match(line.rstrip())) and not _INDEX_RE.match(line)
    return False


# --------------------------------------------------------------------------- records

def _head(rest, line):
    """Split what follows the item number into (flags, comment, pairs text)."""
    comment = None
    if ";;;" in rest and not _FIRST_KEY_RE.search(rest.split(";;;", 1)[0]):
        rest, comment = rest.split(";;;", 1)
        comment = comment.strip()
        flags_text, pairs = rest, ""
    else:
        first = _FIRST_KEY_RE.search(rest)
        flags_text, pairs = (rest, "") if not first else (rest[:first.start()], rest[first.start():])
    flags = "".join(flags_text.split())
    if not _FLAGS_RE.match(flags):
        raise RouterOSParseError("unexpected flags column %r in line %r" % (flags, line))
    return flags, comment, pairs


def _parse_records(lines):
    records, skipped, current = [], [], None
    for raw in lines:
        if _skippable(raw):
            continue
        line = raw.rstrip()
        match = _INDEX_RE.match(line)
        if match:
            flags, comment, pairs = _head(line[match.end():], line)
            current = {"index": int(match.group(1)), "flags": flags, "comment": comment, "text": pairs}
            records.append(current)
        elif current is not None and line[:1].isspace() and (
                _FIRST_KEY_RE.search(line.strip()) or _open_quote(current["text"])):
            joiner = "" if _open_quote(current["text"]) else " "
            current["text"] = (current["text"] + joiner + line.strip()).strip()
        else:
            skipped.append(line)
    items = []
    for rec in records:
        props = parse_pairs(rec["text"])
        if rec["comment"] is not None and "comment" not in props:
            props["comment"] = rec["comment"]
        items.append({"index": rec["index"], "flags": rec["flags"], "properties": props})
    return items, skipped


# --------------------------------------------------------------------------- tables

def _parse_table(lines, header_at):
    header = lines[header_at]
    columns = [(m.start(), m.group(0).lower()) for m in re.finditer(r"\S+", header)]
    first_col = columns[1][0] if len(columns) > 1 else len(header)
    cols = columns[1:]
    names = [name for _start, name in cols]
    items, skipped, comment = [], [l.rstrip() for l in lines[:header_at] if not _skippable(l)], None
    for raw in lines[header_at + 1:]:
        if _skippable(raw):
            continue
        line = raw.rstrip()
        if line.strip().startswith(";;;"):
            comment = line.strip()[3:].strip()
            continue
        match = _INDEX_RE.match(line)
        if not match:
            skipped.append(line)
            continue
        flags = "".join(line[match.end():first_col].split())
        if not _FLAGS_RE.match(flags):
            skipped.append(line)
            continue
        props = dict((name, "") for name in names)
        offset = max(first_col, match.end())
        for token in re.finditer(r"\S+", line[offset:]):
            start, end = token.start() + offset, token.end() + offset
            col = max([i for i, (cstart, _n) in enumerate(cols) if cstart <= start] or [0])
            if col + 1 < len(cols) and end > cols[col + 1][0] and token.group(0).isdigit():
                col += 1    # a right-aligned number that starts left of its header
            name = cols[col][1]
            props[name] = (props[name] + " " + token.group(0)).strip()
        if comment is not None:
            props["comment"] = comment
            comment = None
        items.append({"index": int(match.group(1)), "flags": flags, "properties": props})
    return items, skipped


# --------------------------------------------------------------------------- public

def parse_items(text):
    """Any non-settings print -> ([{"index", "flags", "properties"}], [lines not understood])."""
    lines = _lines(text)
    header_at = next((i for i, l in enumerate(lines) if _HEADER_RE.match(l)), None)
    if header_at is not None:
        return _parse_table(lines, header_at)
    return _parse_records(lines)


def parse_print_report(text):
    """-> (result, skipped): result as parse_print returns it; skipped: lines not understood."""
    if is_settings(text):
        return _parse_settings(_lines(text))
    items, skipped = parse_items(text)
    rows = []
    for item in items:
        row = {"flags": item["flags"]}
        row.update(item["properties"])
        rows.append(row)
    return rows, skipped


def parse_print(text):
    """Settings form -> dict (multi-line values as lists); other forms -> list of row dicts."""
    return parse_print_report(text)[0]


def parse_print_terse(text):
    """``print terse`` (or detail) -> [{"index", "flags", "properties"}]; skipped lines ignored."""
    return parse_items(text)[0]


def parse_print_settings(text):
    """Settings print -> dict; multi-line (7.x) values are lists."""
    return _parse_settings(_lines(text))[0]


def parse_version(text):
    """``/system resource print`` output -> ``"6.42.7"`` (the channel in brackets is dropped)."""
    match = _VERSION_RE.search((text or "").replace("\r", ""))
    if not match:
        raise RouterOSParseError("no 'version:' line in /system resource print output")
    return match.group(1)


# --------------------------------------------------------------------------- values

# Properties RouterOS keeps as a set of choices and prints in its own fixed order (IPsec
# algorithm lists, PPP authentication methods; MikroTik "IPsec" and "L2TP" manuals).
SET_KEYS = frozenset(["authentication", "auth-algorithms", "enc-algorithms", "enc-algorithm", "dh-group"])
# Properties holding a duration; RouterOS prints them normalised (``7d`` as ``1w``, ``90m`` as ``1h30m``).
DURATION_KEYS = frozenset(["lifetime", "dpd-interval"])
_UNITS = (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
_DURATION_RE = re.compile(r"(?:\d+[wdhms])+")
_CLOCK_RE = re.compile(r"(?:(\d+)d)?(\d{1,2}):(\d{2}):(\d{2})")


def parse_duration(text):
    """'1w' -> 604800, '1h30m' -> 5400, '00:30:00' -> 1800, '1d02:00:00' -> 93600, '3600' -> 3600."""
    text = str(text).strip()
    if text.isdigit():
        return int(text)
    match = _CLOCK_RE.fullmatch(text)
    if match:
        return (int(match.group(1) or 0) * 86400 + int(match.group(2)) * 3600
                + int(match.group(3)) * 60 + int(match.group(4)))
    if not _DURATION_RE.fullmatch(text):
        raise RouterOSParseError("not a RouterOS duration: %r" % (text,))
    sizes = dict(_UNITS)
    return sum(int(num) * sizes[unit] for num, unit in re.findall(r"(\d+)([wdhms])", text))


def format_duration(seconds):
    """604800 -> '1w', 86400 -> '1d', 5400 -> '1h30m', 0 -> '0s' (as RouterOS prints them)."""
    seconds = int(seconds)
    if seconds == 0:
        return "0s"
    out = []
    for unit, size in _UNITS:
        if seconds >= size:
            out.append("%d%s" % (seconds // size, unit))
            seconds %= size
    return "".join(out)


def _as_set(value):
    items = value if isinstance(value, list) else str(value).split(",")
    return frozenset(v.strip() for v in items if v.strip())


def same_value(key, device, desired):
    """True when the device's printed value of ``key`` means the desired one."""
    if isinstance(device, list) or key in SET_KEYS:
        return _as_set(device) == _as_set(desired)
    if key in DURATION_KEYS:
        try:
            return parse_duration(device) == parse_duration(desired)
        except RouterOSParseError:
            return device == desired
    return device == desired
