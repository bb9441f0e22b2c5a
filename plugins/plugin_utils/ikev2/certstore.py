# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificates into the RouterOS certificate store, typed through the console.

RouterOS imports certificates and keys from files (MikroTik "Certificates" manual:
``/certificate import file-name=... passphrase=...``, which answers ``certificates-imported: N``,
``private-keys-imported: N``, ``files-imported``, ``decryption-failures``,
``keys-with-no-certificate``); an imported certificate is named ``<file name>_0``.  A file is
created from the console with ``/file print file=<name>`` (RouterOS writes ``<name>.txt``) and
filled with ``/file set <name>.txt contents="..."`` (the forum-known way on 6.x, where
``/file add`` does not exist; a file's contents set this way are limited to 4095 bytes, which a
PEM certificate or a 2048-bit key stays under).  Line breaks go in as ``\\n`` escapes of the
console's quoted string ("Scripting" manual, escape sequences).

Plan, from one ``/certificate print detail without-paging``:
- a wanted certificate whose name is there: nothing;
- one whose fingerprint is there under another name: ``set ... name=`` (no second copy);
- otherwise: file, import, (key: file contents replaced by the key, import again), file removed,
  ``set [find where name="<file>_0"] name=<name> trusted=...``.
Prune: every ``<prefix>-(ca|server|u-<user>)-<8 hex>`` certificate no longer wanted is removed
(after the identities stopped naming it), users first, the CA last.
Private keys are secrets: every shown line has them replaced by ********.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common import refusals, send as engine
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import parse_items
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import format_find

READ_COMMAND = "/certificate print detail without-paging"
PROBE_COMMAND = "/system identity print"
MAX_CONTENTS = 4095
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
_PEM_RE = re.compile(r"^-----BEGIN [A-Z0-9 ]+-----\n[A-Za-z0-9+/=\n:,\- ]+-----END [A-Z0-9 ]+-----\n?$")
MASK = "********"


class CertStoreError(ValueError):
    """Bad input for the certificate step; the message names the field, never a key."""


def parse_store(text):
    """[{name, fingerprint, flags}] from ``/certificate print detail without-paging``."""
    items, _skipped = parse_items(text)
    return [{"name": i["properties"].get("name", ""), "fingerprint": i["properties"].get("fingerprint", "").lower(),
             "flags": i.get("flags", "")} for i in items]


def _contents(pem, field):
    if not isinstance(pem, str) or not _PEM_RE.match(pem.replace("\r\n", "\n")):
        raise CertStoreError("%s: not a PEM block (value not shown)" % field)
    pem = pem.replace("\r\n", "\n")
    if len(pem) > MAX_CONTENTS:
        raise CertStoreError("%s: %d bytes, over the %d a RouterOS file's contents take from the console"
                             % (field, len(pem), MAX_CONTENTS))
    return '"%s"' % pem.replace("\n", "\\n")


def check(certificates):
    """Validate the wanted list: [{name, pem, key_pem (optional), fingerprint, trusted}]."""
    if not isinstance(certificates, list):
        raise CertStoreError("certificates: expected a list")
    for index, cert in enumerate(certificates):
        where = "certificates[%d]" % index
        if not isinstance(cert, dict) or not _NAME_RE.match(str(cert.get("name", ""))):
            raise CertStoreError("%s.name: a RouterOS certificate name is required" % where)
        _contents(cert.get("pem"), where + ".pem")
        if cert.get("key_pem"):
            _contents(cert["key_pem"], where + ".key_pem")
        if not re.fullmatch(r"[0-9a-f]{64}", str(cert.get("fingerprint", ""))):
            raise CertStoreError("%s.fingerprint: the SHA-256 fingerprint (64 hex digits) is required" % where)


def _import_lines(cert):
    """(real, shown) lines that bring one certificate (and its key) into the store."""
    name = cert["name"]
    txt = name + ".txt"
    # RouterOS writes the file a moment after the print returns (scripts wait before setting it)
    pairs = [("/file print file=%s" % name, None), (":delay 2s", None),
             ("/file set %s contents=%s" % (txt, _contents(cert["pem"], "pem")), None),
             ("/certificate import file-name=%s passphrase=\"\"" % txt, None)]
    if cert.get("key_pem"):
        pairs += [("/file set %s contents=%s" % (txt, _contents(cert["key_pem"], "key_pem")),
                   "/file set %s contents=%s" % (txt, MASK)),
                  ("/certificate import file-name=%s passphrase=\"\"" % txt, None)]
    pairs += [("/file remove %s" % txt, None),
              ("/certificate set %s name=%s trusted=%s" % (format_find({"name": txt + "_0"}), name,
                                                           "yes" if cert.get("trusted") else "no"), None)]
    return [(real, shown or real) for real, shown in pairs]


def plan_import(certificates, store):
    """Lines for the wanted certificates missing from ``store`` (parse_store's list)."""
    check(certificates)
    names = set(item["name"] for item in store)
    by_fp = dict((item["fingerprint"], item["name"]) for item in store if item["fingerprint"])
    lines = []
    for cert in certificates:
        if cert["name"] in names:
            continue
        if cert["fingerprint"] in by_fp:
            line = "/certificate set %s name=%s" % (format_find({"name": by_fp[cert["fingerprint"]]}), cert["name"])
            lines.append((line, line))
            continue
        lines.extend(_import_lines(cert))
    return lines


def plan_prune(prefix, keep, store):
    """Removal lines for the collection's certificates (by name pattern) that are no longer wanted."""
    pattern = re.compile(r"^%s-(ca|server|u-.+)-[0-9a-f]{8}$" % re.escape(prefix))
    doomed = [item["name"] for item in store if pattern.match(item["name"]) and item["name"] not in keep]
    rank = {"u": 0, "server": 1, "ca": 2}
    doomed.sort(key=lambda n: rank[pattern.match(n).group(1).split("-")[0]])
    return [("/certificate remove %s" % format_find({"name": n}),) * 2 for n in doomed]


def import_refused(output):
    """An import that brought nothing in (RouterOS prints counters, not an error): the counter line."""
    if "certificates-imported:" not in output:
        return None
    counts = dict((k.strip(), v.strip()) for k, v in re.findall(r"([a-z-]+):\s*(\d+)", output))
    if counts.get("decryption-failures", "0") != "0":
        return "decryption-failures: %s" % counts["decryption-failures"]
    if counts.get("certificates-imported") == "0" and counts.get("private-keys-imported") == "0":
        return "certificates-imported: 0 private-keys-imported: 0"
    return None


def _detect(output):
    return refusals.find(output, "routeros") or import_refused(output)


def run(send, certificates=(), prune_prefix=None, keep=(), check_mode=False):
    """One certificate step: read the store once, plan (import, or prune when ``prune_prefix``), send.

    Returns {"changed", "commands" (shown: keys masked), "confirmed", "in_doubt", "not_sent",
    "failed", "msg"}; ``send(line) -> output`` is the console.
    """
    certificates = list(certificates or [])
    check(certificates)
    output = send(READ_COMMAND)
    refusal = refusals.find(output or "", "routeros")
    if refusal:
        return {"changed": False, "commands": [], "failed": True,
                "msg": "%s: refused by the device: %s" % (READ_COMMAND, refusal)}
    store = parse_store(output)
    steps = plan_prune(prune_prefix, set(keep), store) if prune_prefix else plan_import(certificates, store)
    shown = [s for _r, s in steps]
    result = {"changed": bool(steps), "commands": shown, "failed": False}
    if check_mode or not steps:
        return result
    secrets = [c["key_pem"] for c in certificates if c.get("key_pem")]
    masker = engine.masker_for(secrets + [_contents(k, "key_pem")[1:-1] for k in secrets])
    outcome = engine.send_lines(send, [r for r, _s in steps], "routeros", masker=masker, shown=shown,
                                probe=PROBE_COMMAND, detect=_detect)
    outcome.pop("probe_output", None)
    result.update(confirmed=outcome["confirmed"], in_doubt=outcome["in_doubt"], not_sent=outcome["not_sent"])
    if outcome["failed"]:
        result.update(failed=True, msg="certificate step failed: %s. %s" % (outcome["error"],
                                                                            engine.lists_text(outcome)))
    return result
