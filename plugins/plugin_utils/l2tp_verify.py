# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parsers for the RouterOS output the L2TP role reads back, and the verify verdict.

Formats handled (samples and their sources in tests/unit/fixtures/l2tp/SOURCES.md):
- settings print (``/interface l2tp-server server print``, ``/system resource print``):
  right-aligned ``key: value``; RouterOS 7 prints list values one per line under the first
  (``authentication: pap`` / ``chap`` ...), RouterOS 6 comma-joined; 7.x hides sensitive values
  (no ``ipsec-secret`` line).
- tables (``/ppp secret print``, ``/ppp active print``): ``Flags:`` legend, optional ``Columns:``
  line (7.x), a header starting with ``#``, ``;;; comment`` lines before a row.
- detail / terse (``print detail``, ``print terse``): ``N FLAGS ;;; comment`` then ``key=value``
  pairs, values quoted with ``"`` when needed.
Passwords are never returned: secret rows carry ``has_password`` instead of the value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

SENSITIVE = ("password", "ipsec-secret", "secret")
_KV = re.compile(r'([A-Za-z0-9-]+)=("(?:[^"\\]|\\.)*"|\S*)')
_SETTING = re.compile(r"^\s*([a-z0-9][a-z0-9-]*):(?:\s(.*))?$")
_RECORD_START = re.compile(r"^\s*(\d+)(?=\s|$)(.*)$")


def _unquote(value):
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse_settings(text):
    """``key: value`` blocks; continuation lines extend the previous key's list (comma-joined)."""
    result, last = {}, None
    for line in (text or "").splitlines():
        if not line.strip() or line.strip().startswith(";;;") or line.lstrip().startswith("["):
            continue
        match = _SETTING.match(line)
        if match:
            last = match.group(1)
            result[last] = (match.group(2) or "").strip()
        elif last is not None:
            result[last] = ",".join(v for v in (result[last], line.strip()) if v)
    return result


def _split_flags_comment(head):
    """'X ;;; text' -> (flags, comment) for the part of a record line before its first key=."""
    comment = None
    if ";;;" in head:
        head, comment = head.split(";;;", 1)
        comment = comment.strip()
    flags = "".join(token for token in head.split() if re.match(r"^[A-Z*]+$", token))
    return flags, comment


def parse_records(text):
    """``print detail`` / ``print terse`` output -> list of dicts (plus '_flags', 'comment')."""
    records, current, body = [], None, []

    def finish():
        if current is not None:
            joined = " ".join(body)
            for key, value in _KV.findall(joined):
                current[key] = _unquote(value)
            records.append(current)

    for line in (text or "").splitlines():
        if not line.strip() or re.match(r"^\s*(Flags|Columns):", line):
            continue
        start = _RECORD_START.match(line)
        if start:
            finish()
            rest = start.group(2)
            current, body = {"_index": int(start.group(1))}, []
            if ";;;" in rest:
                flags, comment = _split_flags_comment(rest)
                current["comment"] = comment
            else:
                first_kv = _KV.search(rest)
                cut = first_kv.start() if first_kv else len(rest)
                flags, _none = _split_flags_comment(rest[:cut])
                body.append(rest[cut:])
            current["_flags"] = flags
        elif current is not None:
            body.append(line.strip())
    finish()
    return records


def parse_table(text):
    """Column tables: header line starting with '#', positions give the cell boundaries."""
    lines = (text or "").splitlines()
    header_at = next((i for i, l in enumerate(lines) if re.match(r"^\s*#\s", l)), None)
    if header_at is None:
        return []
    header = lines[header_at]
    columns = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", header)]
    rows, comment = [], None
    for line in lines[header_at + 1:]:
        if not line.strip():
            continue
        if line.strip().startswith(";;;"):
            comment = line.strip()[3:].strip()
            continue
        if not _RECORD_START.match(line):
            continue
        row = {}
        for i, (start, name) in enumerate(columns):
            begin = 0 if i == 0 else start
            end = columns[i + 1][0] if i + 1 < len(columns) else len(line)
            row[name.lower()] = line[begin:end].strip()
        first = row.pop("#", "").split()
        row["_index"] = int(first[0]) if first else None
        row["_flags"] = "".join(first[1:])
        if comment is not None:
            row["comment"] = comment
            comment = None
        rows.append(row)
    return rows


def _rows(text):
    return parse_records(text) if re.search(r"\b[a-z-]+=", text or "") else parse_table(text)


def parse_rows(text):
    """Any table/detail/terse print -> rows without sensitive values or internal keys."""
    return [{k: v for k, v in row.items() if k not in SENSITIVE and not k.startswith("_")} for row in _rows(text)]


def parse_secrets(text):
    """``/ppp secret print`` (table, detail or terse) -> rows without the password value."""
    out = []
    for row in _rows(text):
        clean = {k: v for k, v in row.items() if k not in SENSITIVE and not k.startswith("_")}
        clean["disabled"] = "X" in row.get("_flags", "") or row.get("disabled") == "yes"
        clean["has_password"] = bool(row.get("password"))
        out.append(clean)
    return out


def parse_active(text):
    """``/ppp active print`` -> sessions: name, service, caller-id, address, uptime, encoding."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in _rows(text)]


def parse_server(text):
    """``/interface l2tp-server server print`` -> settings; authentication as a list."""
    settings = parse_settings(text)
    if "authentication" in settings:
        settings["authentication"] = [v for v in settings["authentication"].split(",") if v]
    settings.pop("ipsec-secret", None)
    return settings


def parse_version(text):
    """``/system resource print`` -> '6.49.10' (first token of ``version:``)."""
    version = parse_settings(text).get("version", "")
    return version.split()[0] if version else ""


def verify(model, family, server_text, secrets_text, active_text=None):
    """Compare read-back state with the model: {'ok', 'problems', 'sessions'} (no secrets)."""
    problems = []
    server = parse_server(server_text)
    expected = {
        "enabled": "yes",
        "default-profile": model["profile_name"],
        "max-mtu": str(model["mtu"]),
        "max-mru": str(model["mru"]),
        "use-ipsec": "required" if family == "v7" else "yes",
    }
    for key, value in expected.items():
        if server.get(key) != value:
            problems.append("l2tp-server %s is %r, expected %r" % (key, server.get(key), value))
    if sorted(server.get("authentication", [])) != sorted(model["authentication"]):
        problems.append("l2tp-server authentication is %s, expected %s"
                        % (",".join(server.get("authentication", [])), ",".join(model["authentication"])))
    secrets = {row.get("name"): row for row in parse_secrets(secrets_text)}
    for user in model["users"]:
        row = secrets.get(user["name"])
        if user["state"] == "absent":
            if row is not None and (row.get("comment") or "").startswith("pfne:l2tp:user"):
                problems.append("ppp secret %s is still present" % user["name"])
            continue
        if row is None:
            problems.append("ppp secret %s is missing" % user["name"])
        elif row.get("service") not in ("l2tp", None):
            problems.append("ppp secret %s has service %s" % (user["name"], row.get("service")))
        elif row["disabled"] == user["enabled"]:
            problems.append("ppp secret %s is %s" % (user["name"], "disabled" if row["disabled"] else "enabled"))
    sessions = parse_active(active_text) if active_text is not None else []
    return {"ok": not problems, "problems": problems, "sessions": sessions, "server": server}
