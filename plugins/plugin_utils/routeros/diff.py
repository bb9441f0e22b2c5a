# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RouterOS desired-state engine: validate desired entries, read, diff, emit commands.

Contract: /work/helper-briefs/ROUTEROS-CONTRACT.md (a desired entry is
``{path, match, properties, secret, place_before, state, singleton}``).

Reading
    one read phase per apply: ``<path> print terse without-paging`` for every
    table path, ``<path> print`` for a settings (singleton) path, parsed by
    routeros_parse.  Items flagged ``D`` (dynamic) are never matched or changed.

Matching
    an entry matches the device items whose properties equal every ``match``
    value (``name=`` or the collection's ``comment=`` tag ``pfne:<feature>:...``;
    tags carry no spaces and no ``=`` so ``print terse`` cannot split them).
    ``disabled`` is taken from the ``X`` flag when the print has no
    ``disabled=`` column.  A property the print does not show counts as ``""``.

Commands
    present, no match  -> ``<path> add <match+properties> [place-before=<n>]``
    present, matched   -> ``<path> set [find where k="device value"] <only differing properties>``
    absent, matched    -> ``<path> remove [find where k="device value"]``
    singleton          -> ``<path> set <only differing properties>``
    All adds/sets follow the order of the entries; removals come after them in
    reverse order (a policy is removed before the peer it names).

Placement
    ``place-before=`` takes the item number of the last ``print`` of that menu
    in the same session (RouterOS manual "Console": item numbers are assigned
    by print and stay valid until the next print; firewall manual:
    ``place-before`` on ``add``).  The number is that of the first non-dynamic
    item of the same path with the given ``chain`` and ``action`` in the print
    of the read phase; with no such item the entry is appended (no
    place-before).  The same number stays valid for every add of the batch
    because nothing is printed in between; removals come last so they cannot
    shift it.  Existing rules are not moved.

Secrets (``secret: [prop, ...]``)
    * values are masked as ``********`` in masked commands, diff and changes;
      the real command list is only handed to the device;
    * where the device prints the value (6.x prints PSKs and PPP passwords in
      ``print``; 7.x hides them in ``export`` unless ``show-sensitive``, and a
      user without the ``sensitive`` policy does not see them in ``print``),
      it is compared in memory and never returned;
    * where the value is NOT printed (no ``key=`` at all, or an empty value
      where a non-empty one is wanted), the core cannot read it.  For table
      entries it then relies on a fingerprint the core keeps in the entry's
      comment: ``pfne-fp:<16 hex>``, PBKDF2-HMAC-SHA256 (100000 rounds, salt =
      path + match) of the secret values, appended to the comment on every add
      and secret change of an entry that has secrets.  A different
      fingerprint (or none) means the secret is set again.  A secret changed by
      hand on such a device is not noticed.  The fingerprint is a slow salted
      hash, but still lets someone who can read comments test guesses of a weak
      secret: use long random PSKs.
    * an entry may carry ``fingerprint_key``, a secret the device never stores under
      that entry (the L2TP role gives its PSK to every PPP user): its fingerprint is
      then HMAC-SHA256 under a key derived once per run with the same PBKDF2, so
      thousands of users cost one slow derivation (bench/l2tp_fingerprint_bench.py),
      and guessing a password from its comment needs that key as well.  A new key
      changes every such fingerprint: those secrets are sent once more.
    * settings menus have no comment: a settings entry may name, with
      ``fingerprint_in: {path, match}``, another entry of the same batch whose comment
      then carries the settings secret's fingerprint (L2TP: the server's ipsec-secret in
      the address pool's comment).  When the secret is sent, the holder's own add/set
      keeps the fingerprint the device has and a separate ``set ... comment=`` right
      after the settings ``set`` records the new one: the fingerprint is written only
      once the line carrying the secret is confirmed (the send stops at the first
      refusal or loss).  A settings secret printed empty is "not set" and sent (RouterOS
      7 hides one by leaving its line out).  Without fingerprint_in, a hidden secret is
      reported in ``warnings`` and only sent when ``secret_update="always"``.

Values
    RouterOS prints durations in its own units (``7d`` is printed ``1w``) and choice
    lists in its own order (``auth-algorithms=sha256,sha1`` may print ``sha1,sha256``;
    RouterOS 7 settings print them one per line): DURATION_KEYS are compared as
    seconds, SET_KEYS as sets (routeros_parse.same_value).

Exclusive
    ``state: exclusive`` with ``match: {comment: <tag>}`` removes every item of the path
    that carries that tag (fingerprint ignored) and that no present entry of the batch
    matches: the collection's own leftovers, found in the same single read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import hashlib
import hmac
import json
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    parse_items,
    parse_print_settings,
    same_value,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import (
    RouterOSQuoteError,
    check_value,
    format_find,
    quote_value,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import MASK, mask
HIDDEN = "(not shown by the device)"
FP_PREFIX = "pfne-fp:"
FP_ROUNDS = 100000
TAG_RE = re.compile(r"^pfne:[A-Za-z0-9._-]+(?::[A-Za-z0-9._-]+)+$")
# property names RouterOS uses for secrets; masked in every output even when an
# entry forgot to list them in ``secret``
SENSITIVE_KEYS = frozenset([
    "secret", "password", "ipsec-secret", "passphrase", "authentication-key",
    "wpa-pre-shared-key", "wpa2-pre-shared-key", "private-key", "preshared-key",
    "key",
])
_PATH_RE = re.compile(r"^/[a-z0-9-]+(?: [a-z0-9-]+)*$")
_KEY_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
_FP_RE = re.compile(r"^(.*?)\s*\b" + re.escape(FP_PREFIX) + r"([0-9a-f]{16})$")
_ENTRY_KEYS = frozenset(["path", "match", "properties", "secret", "place_before", "state", "singleton",
                         "fingerprint_in", "fingerprint_key"])
STATES = ("present", "absent", "exclusive")


def desired_entry(path, match, properties, secret=None, place_before=None, state="present", singleton=False,
                  fingerprint_in=None, fingerprint_key=None):
    """One desired entry of the contract (see the module docstring), as renderers build them."""
    entry = {
        "path": path,
        "match": match,
        "properties": properties,
        "secret": list(secret or []),
        "place_before": place_before,
        "state": state,
        "singleton": singleton,
    }
    if fingerprint_in:
        entry["fingerprint_in"] = fingerprint_in
    if fingerprint_key:
        entry["fingerprint_key"] = fingerprint_key
    return entry


class RouterOSContractError(ValueError):
    """A desired entry that breaks the contract; the message names the field."""


# --------------------------------------------------------------------------- validation

def _props(value, field, allow_empty=True):
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise RouterOSContractError("%s: must be a mapping of RouterOS property names to strings" % field)
    if not value and not allow_empty:
        raise RouterOSContractError("%s: must not be empty" % field)
    out = {}
    for key, val in value.items():
        if not isinstance(key, str) or not _KEY_NAME_RE.fullmatch(key):
            raise RouterOSContractError("%s: %r is not a RouterOS property name" % (field, key))
        try:
            check_value(val, "%s.%s" % (field, key))
        except RouterOSQuoteError as exc:
            raise RouterOSContractError(str(exc))
        out[key] = val
    return out


def validate_entries(entries):
    """Check desired entries against the contract; return normalized deep copies.

    Raises RouterOSContractError naming ``entries[i].<field>`` and never
    quoting a value (it may be a secret).
    """
    if not isinstance(entries, list):
        raise RouterOSContractError("entries: must be a list of desired entries")
    seen = set()
    result = []
    for num, raw in enumerate(entries):
        item = _validate_entry(raw, "entries[%d]" % num)
        ident = (item["path"], json.dumps(item["match"], sort_keys=True), item["state"] == "exclusive")
        if ident in seen:
            raise RouterOSContractError("entries[%d]: the same path and match appear twice" % num)
        seen.add(ident)
        result.append(item)
    for num, item in enumerate(result):
        holder = item.get("fingerprint_in")
        if holder and not any(e["path"] == holder["path"] and e["match"] == holder["match"]
                              and e["state"] == "present" and not e["secret"] for e in result):
            raise RouterOSContractError(
                "entries[%d].fingerprint_in: no present entry without secrets has that path and match" % num)
    return result


def _validate_entry(raw, where):
    """One desired entry, checked and normalized (a deep copy)."""
    if not isinstance(raw, dict):
        raise RouterOSContractError("%s: must be a mapping" % where)
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise RouterOSContractError("%s: unknown keys %s" % (where, ", ".join(unknown)))
    path = raw.get("path")
    if not isinstance(path, str) or not _PATH_RE.fullmatch(path):
        raise RouterOSContractError(
            "%s.path: must be a RouterOS menu path such as '/ip ipsec peer'" % where)
    state = raw.get("state", "present")
    if state not in STATES:
        raise RouterOSContractError("%s.state: must be one of %s" % (where, ", ".join(STATES)))
    singleton = raw.get("singleton", False)
    if not isinstance(singleton, bool):
        raise RouterOSContractError("%s.singleton: must be true or false" % where)
    match = _props(raw.get("match"), "%s.match" % where)
    props = _props(raw.get("properties"), "%s.properties" % where)
    secret = raw.get("secret") or []
    if not isinstance(secret, list) or not all(isinstance(s, str) for s in secret):
        raise RouterOSContractError("%s.secret: must be a list of property names" % where)
    for name in secret:
        if state == "present" and name not in props:
            raise RouterOSContractError(
                "%s.secret: %r is not one of the entry's properties" % (where, name))
    place = raw.get("place_before")
    if place is not None:
        if (not isinstance(place, dict) or set(place) != set(["chain", "action"])
                or not all(isinstance(v, str) and v for v in place.values())):
            raise RouterOSContractError(
                "%s.place_before: must be null or {chain: <name>, action: <action>}" % where)
    if singleton:
        _check_singleton(where, match, state, place, props)
    else:
        _check_table_match(where, match, state, props)
    item = {
        "path": path, "match": match, "properties": props, "secret": list(secret),
        "place_before": copy.deepcopy(place), "state": state, "singleton": singleton,
    }
    item.update(_fingerprint_options(raw, where, singleton, secret))
    return item


def _check_singleton(where, match, state, place, props):
    if match:
        raise RouterOSContractError("%s.match: must be {} for a singleton path" % where)
    if state != "present":
        raise RouterOSContractError("%s.state: a singleton path can only be 'present'" % where)
    if place is not None:
        raise RouterOSContractError("%s.place_before: not possible on a singleton path" % where)
    if not props:
        raise RouterOSContractError("%s.properties: nothing to set" % where)


def _check_table_match(where, match, state, props):
    if not match:
        raise RouterOSContractError(
            "%s.match: needs name= or a comment= tag to find the entry" % where)
    if state == "exclusive" and set(match) != set(["comment"]):
        raise RouterOSContractError(
            "%s.match: an exclusive entry names only the collection's comment tag" % where)
    if state == "absent" and not set(match) <= set(["name", "comment"]):
        raise RouterOSContractError(
            "%s.match: an absent entry is found only by name or by the collection's comment tag"
            % where)
    for key, val in match.items():
        if not val or any(c.isspace() for c in val):
            raise RouterOSContractError(
                "%s.match.%s: must be non-empty and hold no spaces" % (where, key))
    if "comment" in match and not TAG_RE.fullmatch(match["comment"]):
        raise RouterOSContractError(
            "%s.match.comment: must be a collection tag 'pfne:<feature>:<name>:<part>'" % where)
    if FP_PREFIX in match.get("comment", "") or FP_PREFIX in props.get("comment", ""):
        raise RouterOSContractError("%s: comments must not contain %r" % (where, FP_PREFIX))
    for key in set(match) & set(props):
        if match[key] != props[key]:
            raise RouterOSContractError(
                "%s.properties.%s: differs from match.%s" % (where, key, key))


def _fingerprint_options(raw, where, singleton, secret):
    """{fingerprint_in, fingerprint_key} as given, checked."""
    out = {}
    holder = raw.get("fingerprint_in")
    if holder is not None:
        if (not singleton or not secret or not isinstance(holder, dict)
                or set(holder) != set(["path", "match"]) or not isinstance(holder["match"], dict)):
            raise RouterOSContractError(
                "%s.fingerprint_in: only a settings entry with secrets names {path, match} of the entry "
                "whose comment keeps their fingerprint" % where)
        out["fingerprint_in"] = copy.deepcopy(holder)
    fp_key = raw.get("fingerprint_key")
    if fp_key is not None:
        if not isinstance(fp_key, str) or not fp_key or not secret or singleton:
            raise RouterOSContractError(
                "%s.fingerprint_key: a non-empty string, only on a table entry with secrets" % where)
        out["fingerprint_key"] = fp_key
    return out


# --------------------------------------------------------------------------- reading

def read_commands(entries):
    """The read phase: one print command per distinct path, in first-use order."""
    cmds = []
    for entry in entries:
        if entry.get("singleton"):
            cmd = "%s print" % entry["path"]
        else:
            cmd = "%s print terse without-paging" % entry["path"]
        if cmd not in cmds:
            cmds.append(cmd)
    return cmds


def parse_current(entries, outputs):
    """``outputs``: {read command: device output} -> {path: [items]} for plan().

    A singleton path gives one item ``{"index": None, "flags": "", "properties": {...}}``.
    """
    current = {}
    for entry in entries:
        path = entry["path"]
        if path in current:
            continue
        if entry.get("singleton"):
            text = outputs["%s print" % path]
            current[path] = [{"index": None, "flags": "", "properties": parse_print_settings(text)}]
        else:
            items, skipped = parse_items(outputs["%s print terse without-paging" % path])
            current[path] = items
            if skipped:
                current.setdefault("_skipped", []).extend("%s print: %s" % (path, line) for line in skipped)
    return current


# --------------------------------------------------------------------------- helpers

def split_fingerprint(comment):
    """``"pfne:a:b:c pfne-fp:0123456789abcdef"`` -> ("pfne:a:b:c", "0123456789abcdef")."""
    match = _FP_RE.match(comment or "")
    if not match:
        return comment or "", None
    return match.group(1), match.group(2)


def fingerprint(entry):
    """Hex fingerprint (16 chars) of the entry's secret values, salted with path and match."""
    values = json.dumps(dict((k, entry["properties"][k]) for k in sorted(entry["secret"])),
                        sort_keys=True)
    salt = json.dumps([entry["path"], entry["match"]], sort_keys=True)
    if entry.get("fingerprint_key"):
        key = _derived_key(entry["fingerprint_key"])
        return hmac.new(key, (salt + "\n" + values).encode("utf-8"), hashlib.sha256).digest()[:8].hex()
    digest = hashlib.pbkdf2_hmac("sha256", values.encode("utf-8"), salt.encode("utf-8"), FP_ROUNDS)
    return digest[:8].hex()


_DERIVED = {}


def _derived_key(secret):
    """PBKDF2 of a fingerprint key, once per process (the key is a secret: kept in memory only)."""
    if secret not in _DERIVED:
        _DERIVED.clear()   # one key per run in practice; never let the cache grow
        _DERIVED[secret] = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), b"pfne-fingerprint-key",
                                               FP_ROUNDS)
    return _DERIVED[secret]


def _uses_fingerprint(entry):
    return bool(entry["secret"]) and not entry["singleton"]


def _desired_comment(entry, fp):
    base = entry["properties"].get("comment", entry["match"].get("comment", ""))
    return ("%s %s%s" % (base, FP_PREFIX, fp)).strip()


def _effective(item):
    props = dict((k, ",".join(v) if isinstance(v, list) else v) for k, v in item["properties"].items())
    if item["index"] is not None and "disabled" not in props:
        props["disabled"] = "yes" if "X" in item["flags"] else "no"
    return props


def _matches(entry, item):
    if "D" in item["flags"]:
        return False
    props = item["properties"]
    for key, val in entry["match"].items():
        cur = props.get(key)
        if key == "comment":
            cur = split_fingerprint(cur)[0]
        if cur != val:
            return False
    return True


def _place_before(entry, items):
    want = entry["place_before"]
    for item in sorted(items, key=lambda i: i["index"]):
        if "D" in item["flags"]:
            continue
        props = item["properties"]
        if props.get("chain") == want["chain"] and props.get("action") == want["action"]:
            return item["index"]
    return None


def secret_values(entries):
    """Every secret value of the entries (to scrub from any text shown to the user)."""
    values = []
    for entry in entries:
        if entry.get("fingerprint_key"):
            values.append(entry["fingerprint_key"])
        for key, val in entry.get("properties", {}).items():
            if (key in entry.get("secret", []) or key in SENSITIVE_KEYS) and val:
                values.append(val)
    return sorted(set(values), key=len, reverse=True)


_SENSITIVE_PAIR_RE = re.compile(r"\b(%s)=(\"(?:[^\"\\\\]|\\\\.)*\"|\S*)" % "|".join(sorted(SENSITIVE_KEYS)))


def mask_text(text, secrets):
    """Replace each secret value (and its quoted form) in ``text`` by ********, and the value
    of every ``<sensitive key>=`` pair the device printed (values the entries do not know)."""
    text = _SENSITIVE_PAIR_RE.sub(lambda m: "%s=%s" % (m.group(1), MASK if m.group(2) else ""), text)
    forms = []
    for val in secrets:
        try:
            forms += [quote_value(val, force=True), quote_value(val), val]
        except RouterOSQuoteError:
            forms.append(val)
    return mask(text, forms)


def _sensitive(entry, key):
    return key in entry["secret"] or key in SENSITIVE_KEYS


def _render(path, verb, target, pairs):
    """pairs: [(key, value, secret)] -> (real command, masked command)."""
    real = [path, verb]
    masked = [path, verb]
    if target:
        real.append(target)
        masked.append(target)
    for key, val, secret in pairs:
        real.append("%s=%s" % (key, quote_value(val, key)))
        masked.append("%s=%s" % (key, MASK if secret else quote_value(val, key)))
    return " ".join(real), " ".join(masked)


def _find_for(entry, item):
    return format_find(dict((k, item["properties"][k]) for k in entry["match"]))


def _masked_props(entry, props, keys):
    out = {}
    for key in keys:
        if key not in props:
            out[key] = HIDDEN if key in entry["secret"] else ""
        elif _sensitive(entry, key):
            out[key] = MASK
        else:
            out[key] = props[key]
    return out


def _describe(entry):
    if entry["singleton"]:
        return entry["path"]
    return "%s %s" % (entry["path"], " ".join(
        "%s=%s" % (k, quote_value(v, k)) for k, v in entry["match"].items()))


def _show(value):
    if value in (MASK, HIDDEN):
        return value
    try:
        return quote_value(value)
    except RouterOSQuoteError:
        return json.dumps(value)


def _line(entry, props):
    return "%s: %s" % (_describe(entry), " ".join(
        "%s=%s" % (k, _show(v)) for k, v in props.items()))


# --------------------------------------------------------------------------- planning

def _secret_differs(entry, key, cur, fp, dev_fp, secret_update, warnings):
    """Whether secret ``key`` must be sent to a matched item whose effective properties are ``cur``.

    A value the device prints is compared; an empty printed value where a non-empty one is wanted
    means "not shown" on a table entry (its fingerprint decides) but "not set" on a settings
    entry: RouterOS 7 hides a settings secret by leaving its line out (``ipsec-secret:`` with no
    value is the unset default), so an empty one is never taken as set.
    """
    val = entry["properties"][key]
    if secret_update == "always":
        return True
    hidden_if_empty = fp and not entry["singleton"]
    if key in cur and not (hidden_if_empty and cur[key] == "" and val != ""):
        return cur[key] != val
    if fp:
        return dev_fp != fp
    warnings.append("%s: the device does not show %s, so it cannot be compared; "
                    "use secret_update=always to send it anyway" % (entry["path"], key))
    return False


def _plan_present(entry, items, secret_update, warnings, held=None):
    """-> list of (real, masked, change) for one present entry.

    ``held``: for a settings entry with fingerprint_in, the fingerprint the holder's comment
    carries on the device; for the holder itself, the fingerprint its comment must carry.
    """
    desired = dict(entry["match"])
    desired.update(entry["properties"])
    fp = fingerprint(entry) if (_uses_fingerprint(entry) or entry.get("fingerprint_in")) else None
    if fp and not entry["singleton"]:
        desired["comment"] = _desired_comment(entry, fp)
    elif held and not entry["secret"]:
        desired["comment"] = _desired_comment(entry, held)
    if entry["singleton"]:
        matched = items[:1] if items else [{"index": None, "flags": "", "properties": {}}]
    else:
        matched = [item for item in items if _matches(entry, item)]
    if not matched:
        pairs = [(k, v, _sensitive(entry, k)) for k, v in desired.items()]
        if entry["place_before"]:
            pos = _place_before(entry, items)
            if pos is not None:
                pairs.append(("place-before", str(pos), False))
        real, masked = _render(entry["path"], "add", None, pairs)
        change = {"path": entry["path"], "match": dict(entry["match"]), "action": "add",
                  "before": {}, "after": _masked_props(entry, desired, desired)}
        return [(real, masked, change)]
    if len(matched) > 1:
        warnings.append("%d items of %s match %s; all are kept in line"
                        % (len(matched), entry["path"], json.dumps(entry["match"], sort_keys=True)))
    out = []
    for item in matched:
        cur = _effective(item)
        dev_fp = held if entry["singleton"] else split_fingerprint(cur.get("comment"))[1]
        differ = []
        for key, val in desired.items():
            if key in entry["secret"]:
                if _secret_differs(entry, key, cur, fp, dev_fp, secret_update, warnings):
                    differ.append(key)
            elif not same_value(key, cur.get(key, ""), val):
                differ.append(key)
        if not differ:
            continue
        if fp and not entry["singleton"] and any(k in entry["secret"] for k in differ) and "comment" not in differ:
            differ.append("comment")
        pairs = [(k, desired[k], _sensitive(entry, k)) for k in desired if k in differ]
        target = None if entry["singleton"] else _find_for(entry, item)
        real, masked = _render(entry["path"], "set", target, pairs)
        keys = [k for k in desired if k in differ]
        change = {"path": entry["path"], "match": dict(entry["match"]), "action": "set",
                  "before": _masked_props(entry, cur, keys),
                  "after": _masked_props(entry, desired, keys)}
        out.append((real, masked, change))
    return out


def _plan_absent(entry, items, wanted=()):
    """Removals for an absent entry, or for an exclusive one: every tagged item not ``wanted``."""
    out = []
    for item in items:
        if not _matches(entry, item) or any(item is w for w in wanted):
            continue
        if entry["state"] == "exclusive":
            keys = ["name", "comment"] if item["properties"].get("name") else ["comment"]
            target = format_find(dict((k, item["properties"][k]) for k in keys))
        else:
            target = _find_for(entry, item)
        real, masked = _render(entry["path"], "remove", target, [])
        change = {"path": entry["path"], "match": dict(entry["match"]), "action": "remove",
                  "before": _masked_props(entry, item["properties"],
                                          [k for k in ("name", "comment") if k in item["properties"]]
                                          or list(entry["match"])), "after": {}}
        out.append((real, masked, change))
    return out


def _key(entry):
    return (entry["path"], json.dumps(entry["match"], sort_keys=True))


def _held_fingerprints(entries, current_by_path, secret_update):
    """Settings secrets kept in another entry's comment.

    Returns ``(held, confirm)``: held = {settings key: fp on the device, holder key: fp the
    holder's own add/set gives its comment}; confirm = {settings key: (holder, new fp)} for a
    settings secret that is sent in this batch.  Such a holder keeps the fingerprint the device
    already has until a separate comment ``set`` that comes right after the settings ``set``: the
    new fingerprint is written only once the line carrying the secret has been confirmed (a
    refusal or a dropped connection before it leaves no fingerprint that would vouch for a secret
    the device does not hold).
    """
    held, confirm = {}, {}
    for entry in entries:
        holder = entry.get("fingerprint_in")
        if not holder:
            continue
        new_fp = fingerprint(entry)
        probe = {"match": holder["match"]}
        on_device = [item for item in current_by_path.get(holder["path"], []) if _matches(probe, item)]
        dev_fp = split_fingerprint(on_device[0]["properties"].get("comment"))[1] if on_device else None
        held[_key(entry)] = dev_fp
        items = current_by_path.get(entry["path"], [])
        cur = _effective(items[0]) if items else {}
        sends = any(_secret_differs(entry, key, cur, new_fp, dev_fp, secret_update, [])
                    for key in entry["secret"])
        held[(holder["path"], json.dumps(holder["match"], sort_keys=True))] = dev_fp if sends else new_fp
        if sends:
            confirm[_key(entry)] = (holder, new_fp)
    return held, confirm


def _confirm_step(holder_entry, new_fp, current_by_path):
    """The holder's comment ``set`` that records a settings secret's fingerprint (after its line)."""
    comment = _desired_comment(holder_entry, new_fp)
    real, masked = _render(holder_entry["path"], "set", format_find(holder_entry["match"]),
                           [("comment", comment, False)])
    on_device = [item for item in current_by_path.get(holder_entry["path"], []) if _matches(holder_entry, item)]
    before = on_device[0]["properties"].get("comment", "") if on_device else ""
    change = {"path": holder_entry["path"], "match": dict(holder_entry["match"]), "action": "set",
              "before": {"comment": before}, "after": {"comment": comment}}
    return real, masked, change


def _present_steps(entries, current_by_path, secret_update, warnings):
    """Adds and sets of the present entries in order; a settings secret's fingerprint line right
    after the settings entry's own line (see _held_fingerprints)."""
    held, confirm = _held_fingerprints(entries, current_by_path, secret_update)
    steps = []
    for entry in entries:
        if entry["state"] == "present":
            steps.extend(_plan_present(entry, current_by_path.get(entry["path"], []),
                                       secret_update, warnings, held.get(_key(entry))))
        if _key(entry) in confirm:
            holder, new_fp = confirm[_key(entry)]
            holder_entry = next(e for e in entries if _key(e) == (holder["path"], json.dumps(
                holder["match"], sort_keys=True)) and e["state"] == "present")
            steps.append(_confirm_step(holder_entry, new_fp, current_by_path))
    return steps


def plan(entries, current_by_path, secret_update="on_change"):
    """Diff desired entries against the device state.

    ``entries``: desired entries (validated here again); ``current_by_path``:
    {path: [{"index", "flags", "properties"}]} as parse_current() returns;
    ``secret_update``: "on_change" (default) or "always".

    Returns ``{"changed", "commands", "masked_commands", "changes", "diff",
    "warnings"}``; ``commands`` holds real secret values and must only be sent
    to the device, everything else is masked.
    """
    if secret_update not in ("on_change", "always"):
        raise RouterOSContractError("secret_update: must be 'on_change' or 'always'")
    entries = validate_entries(entries)
    warnings = list(current_by_path.get("_skipped", []) and [
        "lines of the device output not understood (left out): %s" % "; ".join(current_by_path["_skipped"])])
    steps = _present_steps(entries, current_by_path, secret_update, warnings)
    for entry in reversed(entries):
        if entry["state"] == "absent":
            steps.extend(_plan_absent(entry, current_by_path.get(entry["path"], [])))
        elif entry["state"] == "exclusive":
            items = current_by_path.get(entry["path"], [])
            wanted = [item for other in entries if other["path"] == entry["path"] and other["state"] == "present"
                      for item in items if _matches(other, item)]
            steps.extend(_plan_absent(entry, items, wanted))
    commands, masked, changes = [], [], []
    for real, shown, change in steps:
        if real in commands:
            continue
        commands.append(real)
        masked.append(shown)
        changes.append(change)
    before = []
    after = []
    by_entry = {}
    for entry in entries:
        by_entry[(entry["path"], json.dumps(entry["match"], sort_keys=True))] = entry
    for change in changes:
        entry = by_entry[(change["path"], json.dumps(change["match"], sort_keys=True))]
        if change["before"]:
            before.append(_line(entry, change["before"]))
        if change["after"]:
            after.append(_line(entry, change["after"]))
    return {
        "changed": bool(commands),
        "commands": commands,
        "masked_commands": masked,
        "changes": changes,
        "diff": {"before": "\n".join(before) + ("\n" if before else ""),
                 "after": "\n".join(after) + ("\n" if after else "")},
        "warnings": warnings,
    }
