# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The L2TP role's read-back verdict, on the RouterOS engine's one print parser.

Formats (samples and their sources in tests/unit/fixtures/l2tp/SOURCES.md) are parsed by
routeros_parse.parse_print: settings print (RouterOS 7 lists one value per line), tables,
detail and terse.  Passwords are never returned: secret rows carry ``has_password`` instead
of the value; every property the engine counts as sensitive (routeros_diff.SENSITIVE_KEYS) is
dropped from what is returned.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import SENSITIVE_KEYS
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    RouterOSParseError,
    parse_print,
    parse_print_settings,
    parse_version as _engine_version,
)


def _clean(row):
    return dict((k, v) for k, v in row.items() if k not in SENSITIVE_KEYS and k != "flags")


def _rows(text):
    rows = parse_print(text)
    return rows if isinstance(rows, list) else []


def parse_rows(text):
    """Any table/detail/terse print -> rows without sensitive values or flags."""
    return [_clean(row) for row in _rows(text)]


def parse_secrets(text):
    """``/ppp secret print`` (table, detail or terse) -> rows without the password value."""
    out = []
    for row in _rows(text):
        clean = _clean(row)
        clean["disabled"] = "X" in row.get("flags", "") or row.get("disabled") == "yes"
        clean["has_password"] = bool(row.get("password"))
        out.append(clean)
    return out


def parse_active(text):
    """``/ppp active print`` -> sessions: name, service, caller-id, address, uptime, encoding."""
    return [dict((k, v) for k, v in row.items() if k != "flags") for row in _rows(text)]


def parse_server(text):
    """``/interface l2tp-server server print`` -> settings; authentication as a list."""
    settings = parse_print_settings(text)
    auth = settings.get("authentication")
    if isinstance(auth, str):
        settings["authentication"] = [v for v in auth.split(",") if v]
    for key in SENSITIVE_KEYS:
        settings.pop(key, None)
    return settings


def secret_state(text):
    """What ``/interface l2tp-server server print`` shows of the IPsec secret, never its value:
    ``set`` (a value), ``empty`` (the line without a value: not set, as on a fresh router) or
    ``hidden`` (no line: RouterOS 7 leaves sensitive values out for a user without the
    ``sensitive`` policy; tests/unit/fixtures/l2tp/server_print_v7_hidden_secret.txt)."""
    settings = parse_print_settings(text)
    if "ipsec-secret" not in settings:
        return "hidden"
    return "set" if settings["ipsec-secret"] else "empty"


def parse_version(text):
    """``/system resource print`` -> '6.49.10' ('' when there is no version line)."""
    try:
        return _engine_version(text)
    except RouterOSParseError:
        return ""


def verify(model, family, server_text, secrets_text, active_text=None):
    """Compare read-back state with the model: {'ok', 'problems', 'sessions'} (no secrets)."""
    problems = []
    server = parse_server(server_text)
    expected = {
        "enabled": "yes",
        "default-profile": model["profile_name"],
        "max-mtu": str(model["mtu"]),
        "max-mru": str(model["mru"]),
        "use-ipsec": "required" if family == "7.x" else "yes",
    }
    for key, value in expected.items():
        if server.get(key) != value:
            problems.append("l2tp-server %s is %r, expected %r" % (key, server.get(key), value))
    if secret_state(server_text) == "empty":
        problems.append("l2tp-server ipsec-secret is not set (empty on the device): IPsec clients cannot "
                        "connect; run the role again to send it")
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
