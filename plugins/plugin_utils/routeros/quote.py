# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quoting of values for the RouterOS command line, and the reverse.

Facts used (RouterOS scripting manual, "Constants / Escape sequences"; the same
table is implemented by community.routeros plugins/module_utils/quoting.py):

* inside ``"..."`` a backslash starts an escape: ``\\"`` ``\\\\`` ``\\$`` ``\\?``
  ``\\_`` (space) ``\\a`` ``\\b`` ``\\f`` ``\\n`` ``\\r`` ``\\t`` ``\\v`` and ``\\XX``
  (two upper-case hex digits, one byte);
* ``$`` starts a variable substitution and ``?`` opens the help of the
  interactive console, even inside double quotes, so both are escaped;
* an unquoted value ends at the first space; ``"`` ``'`` ``=`` ``(`` ``)``
  ``[`` ``]`` ``{`` ``}`` ``$`` ``;`` and the back-tick are only valid inside quotes.

Decisions of this collection:

* control characters (newline, tab, ...) are refused, although RouterOS has
  escapes for them: such a value cannot be read back reliably from
  ``print terse`` (which prints most values unquoted, one entry a line), so a
  diff against it would never settle;
* non-ASCII text is refused: RouterOS stores bytes, and how ``print terse``
  renders them is not documented, so the diff could not be trusted either.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# characters that may appear in a value written without quotes
_SAFE_RE = re.compile(r"^[A-Za-z0-9._:/,@!*+%-]+$")

_ESCAPE_OUT = {
    '"': '\\"',
    "\\": "\\\\",
    "$": "\\$",
    "?": "\\?",
}

_ESCAPE_IN = {
    '"': '"',
    "\\": "\\",
    "?": "?",
    "$": "$",
    "_": " ",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

_HEX = "0123456789ABCDEF"


class RouterOSQuoteError(ValueError):
    """A value that cannot be written safely on the RouterOS command line."""


def check_value(value, field="value"):
    """Raise RouterOSQuoteError (naming ``field``) when ``value`` cannot be sent.

    ``field`` is only a label for the message; the value itself is never put in
    the message, because it may be a secret.
    """
    if not isinstance(value, str):
        raise RouterOSQuoteError(
            "%s: RouterOS values must be strings, got %s" % (field, type(value).__name__))
    for pos, char in enumerate(value):
        code = ord(char)
        if code < 32 or code == 127:
            raise RouterOSQuoteError(
                "%s: control character %r at position %d cannot be sent to RouterOS "
                "(newlines and tabs are refused)" % (field, char, pos))
        if code > 126:
            raise RouterOSQuoteError(
                "%s: non-ASCII character at position %d; RouterOS values must be ASCII"
                % (field, pos))
    return value


# refused in passwords and PSKs rather than escaped: the RouterOS console treats them specially even inside
# quotes ("?" opens inline help, "$" expands variables, "[" ... "]" runs a command, "\" escapes, '"' ends the
# string, ";" separates commands, "{" "}" open blocks), and would bite an engineer who retypes the secret there
SECRET_FORBIDDEN = frozenset('"\\$?[]{};')


def check_console_secret(value, field, error, min_len=1, max_len=128):
    """Raise ``error(field, why)`` unless ``value`` is a secret RouterOS takes as typed; never echo it."""
    if not isinstance(value, str):
        raise error(field, "must be a string (value not shown)")
    if not min_len <= len(value) <= max_len:
        raise error(field, "length must be %d..%d characters (value not shown)" % (min_len, max_len))
    for char in value:
        if ord(char) < 0x20 or ord(char) > 0x7E:
            raise error(field, "contains a non-printable or non-ASCII character (value not shown)")
        if char in SECRET_FORBIDDEN:
            raise error(field, "contains %r, which the RouterOS console would misparse (value not shown)" % char)
    if value != value.strip():
        raise error(field, "starts or ends with a space (value not shown)")
    return value


def needs_quotes(value):
    """True when ``value`` must be written between double quotes."""
    return not _SAFE_RE.fullmatch(value)   # fullmatch: a trailing newline is not "safe"


def quote_value(value, field="value", force=False):
    """Return ``value`` as RouterOS expects it after ``name=``.

    Plain values stay bare (``aes-256-cbc``, ``10.0.0.0/24``); anything else is
    put in double quotes with ``"`` ``\\`` ``$`` ``?`` escaped.  ``force`` quotes
    always (used inside ``[find where ...]``).
    """
    check_value(value, field)
    if not force and not needs_quotes(value):
        return value
    return '"' + "".join(_ESCAPE_OUT.get(char, char) for char in value) + '"'


def unquote_value(text):
    """Reverse of quote_value: ``"a \\"b\\""`` -> ``a "b"``; bare text is returned as is.

    Raises RouterOSQuoteError on a broken escape or a missing closing quote.
    """
    if not text.startswith('"'):
        return text
    if len(text) < 2 or not text.endswith('"'):
        raise RouterOSQuoteError("unterminated quoted value")
    body = text[1:-1]
    out = []
    pos = 0
    while pos < len(body):
        char = body[pos]
        if char == '"':
            raise RouterOSQuoteError("unescaped double quote inside a quoted value")
        if char != "\\":
            out.append(char)
            pos += 1
            continue
        if pos + 1 >= len(body):
            raise RouterOSQuoteError("backslash at the end of a quoted value")
        nxt = body[pos + 1]
        if nxt in _ESCAPE_IN:
            out.append(_ESCAPE_IN[nxt])
            pos += 2
            continue
        pair = body[pos + 1:pos + 3]
        if len(pair) == 2 and pair[0] in _HEX and pair[1] in _HEX:
            out.append(chr(int(pair, 16)))
            pos += 3
            continue
        raise RouterOSQuoteError("invalid escape sequence \\%s" % nxt)
    return "".join(out)


def format_args(properties, fields_prefix="properties"):
    """``{"a": "1", "b": "x y"}`` -> ``a=1 b="x y"`` (keys in the given order)."""
    parts = []
    for key, value in properties.items():
        parts.append("%s=%s" % (key, quote_value(value, "%s.%s" % (fields_prefix, key))))
    return " ".join(parts)


def format_find(match, fields_prefix="match"):
    """``{"name": "x"}`` -> ``[find where name="x"]`` (values always quoted).

    Several keys are joined with an explicit ``and``, which RouterOS accepts in
    ``where`` expressions in 6.x and 7.x.
    """
    conds = ["%s=%s" % (key, quote_value(value, "%s.%s" % (fields_prefix, key), force=True))
             for key, value in match.items()]
    return "[find where %s]" % " and ".join(conds)
