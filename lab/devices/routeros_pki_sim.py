"""RouterOS certificate store and files, as the console shows them (every family).

- ``/file print file=NAME`` writes ``NAME.txt`` (MikroTik "File" manual / forum-known way to make a
  file from the console on 6.x, where ``/file add`` does not exist); ``/file set NAME contents=...``
  (contents up to 4095 bytes, else ``failure: new contents too long``), ``/file remove NAME``,
  ``/file print`` as a table (# NAME TYPE SIZE CREATION-TIME).
- ``/certificate import file-name=F passphrase=P``: PEM certificates and (unencrypted PEM) private
  keys; a certificate is named ``F_0``, a key joins the certificate with the same public key; the
  counters as the MikroTik "Certificates" manual prints them (certificates-imported,
  private-keys-imported, files-imported, decryption-failures, keys-with-no-certificate).
- ``/certificate print [detail]``: the flag legend of the v6 wiki "Manual:System/Certificates"
  (``K - private-key, D - dsa, L - crl, C - smart-card-key, A - authority, I - issued, R - revoked,
  E - expired, T - trusted``) and of help.mikrotik.com "Certificates" for 7 (``;`` separators, no
  D); detail records name, common-name, subject-alt-name, key-size, days-valid, trusted,
  key-usage, serial-number, fingerprint (SHA-256 hex), invalid-before/after.
The lab reads PEM with the ``cryptography`` library; it never imports plugins/.
"""
import hashlib
import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from lab.devices.routeros import RouterOSError, quote, unquote
from lab.extensions import rule

MAX_CONTENTS = 4095
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\n.*?-----END \1-----\n?", re.S)
_LEGEND = {"6": "Flags: K - private-key, D - dsa, L - crl, C - smart-card-key, A - authority, I - issued, "
                "R - revoked, E - expired, T - trusted",
           "7": "Flags: K - private-key; L - crl; C - smart-card-key; A - authority; I - issued, R - revoked; "
                "E - expired; T - trusted"}
_FLAG_ORDER = "KDLCAIRET"


def _args(session, args, allowed):
    props, unnamed = {}, []
    for arg in args:
        if "=" in arg and not arg.startswith("["):
            key, value = arg.split("=", 1)
            if key not in allowed:
                raise RouterOSError("expected end of command (line 1 column %d)" % (session._typed.find(arg) + 1))
            props[key] = unquote(value)
        else:
            unnamed.append(arg)
    return props, unnamed


def _files(device):
    return device.table("/file")


def _find(session, path, selector):
    rows = session.device.table(path)
    if selector.startswith("["):
        from lab.devices.routeros import _find_matches
        return [e for e in rows if _find_matches(e, selector[1:-1])]
    found = [e for e in rows if e["props"].get("name") == selector]
    if not found:
        raise RouterOSError("no such item")
    return found


def _run(handler):
    def wrapped(session, args):
        try:
            return handler(session, args)
        except RouterOSError as err:
            return str(err) + "\n"
    return wrapped


@rule("routeros", "any", r":delay \d+(ms|s)?")
def delay(session, line):
    return ""


@rule("routeros", "/file", "print")
@_run
def file_print(session, args):
    props, _unnamed = _args(session, args, ("file",))
    device = session.device
    if "file" in props:
        name = props["file"] + ".txt"
        if not any(e["props"]["name"] == name for e in _files(device)):
            device.add_entry("/file", {"name": name, "type": ".txt file", "contents": ""})
        return ""
    lines = [" # NAME%s TYPE%s SIZE CREATION-TIME" % (" " * 26, " " * 12)]
    for n, entry in enumerate(_files(device)):
        p = entry["props"]
        lines.append("%2d %-30s %-16s %4d nov/24/2026 09:15:02" % (n, p["name"], p["type"], len(p["contents"])))
    return "\n".join(lines) + "\n"


@rule("routeros", "/file", "set")
@_run
def file_set(session, args):
    props, unnamed = _args(session, args, ("contents",))
    if not unnamed:
        raise RouterOSError("missing value(s) of argument(s) numbers")
    contents = props.get("contents", "")
    if len(contents) > MAX_CONTENTS:
        raise RouterOSError("failure: new contents too long")
    for entry in _find(session, "/file", unnamed[0]):
        entry["props"]["contents"] = contents
    return ""


@rule("routeros", "/file", "remove")
@_run
def file_remove(session, args):
    return _remove(session, "/file", args)


def _remove(session, path, args):
    """`remove <numbers>` on a table of this module (RouterOS's words when the numbers are missing)."""
    if not args:
        raise RouterOSError("missing value(s) of argument(s) numbers")
    doomed = _find(session, path, args[0])
    session.device.tables[path] = [e for e in session.device.table(path) if e not in doomed]
    return ""


def _pub(obj):
    return obj.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def _cert_props(name, cert):
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        sans = ["DNS:%s" % v for v in san.get_values_for_type(x509.DNSName)] + \
               ["IP:%s" % v for v in san.get_values_for_type(x509.IPAddress)] + \
               ["email:%s" % v for v in san.get_values_for_type(x509.RFC822Name)]
    except x509.ExtensionNotFound:
        sans = []
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    fmt = "%b/%d/%Y %H:%M:%S"
    return {"name": name, "common-name": cn[0].value if cn else "", "subject-alt-name": ",".join(sans),
            "key-size": str(cert.public_key().key_size), "days-valid": str(days),
            "serial-number": "%X" % cert.serial_number,
            "fingerprint": hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
            "invalid-before": cert.not_valid_before_utc.strftime(fmt).lower(),
            "invalid-after": cert.not_valid_after_utc.strftime(fmt).lower()}


def _import_blocks(device, base, text):
    counts = {"certificates-imported": 0, "private-keys-imported": 0, "files-imported": 1,
              "decryption-failures": 0, "keys-with-no-certificate": 0}
    store = device.table("/certificate")
    for block in _PEM_BLOCK.finditer(text):
        pem = block.group(0).encode("ascii")
        if block.group(1) == "CERTIFICATE":
            cert = x509.load_pem_x509_certificate(pem)
            props = _cert_props("%s_%d" % (base, counts["certificates-imported"]), cert)
            if any(e["props"]["fingerprint"] == props["fingerprint"] for e in store):
                continue
            ca = _is_ca(cert)
            entry = device.add_entry("/certificate", dict(props, trusted="yes" if ca else "no"),
                                     flags=("A" if ca else "") + ("T" if ca else ""))
            entry["cert"] = cert
            counts["certificates-imported"] += 1
        elif "PRIVATE KEY" in block.group(1):
            if "ENCRYPTED" in block.group(1):
                counts["decryption-failures"] += 1
                continue
            key = serialization.load_pem_private_key(pem, password=None)
            owner = [e for e in store if e.get("cert") is not None and _pub(e["cert"]) == _pub(key)]
            if not owner:
                counts["keys-with-no-certificate"] += 1
                continue
            owner[0]["flags"].add("K")
            counts["private-keys-imported"] += 1
    return counts


def _is_ca(cert):
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


@rule("routeros", "/certificate", "import")
@_run
def cert_import(session, args):
    props, _unnamed = _args(session, args, ("file-name", "passphrase", "name", "trusted"))
    device = session.device
    files = [e for e in _files(device) if e["props"]["name"] == props.get("file-name")]
    if not files:
        raise RouterOSError("failure: no such file")   # as RouterOS 6/7 answer a wrong file-name
    counts = _import_blocks(device, props["file-name"], files[0]["props"]["contents"])
    width = max(len(k) for k in counts)
    return "\n".join("%s: %d" % (k.rjust(width + 2), v) for k, v in counts.items()) + "\n"


_DETAIL_KEYS = ("name", "common-name", "subject-alt-name", "key-size", "days-valid", "trusted", "serial-number",
                "fingerprint", "invalid-before", "invalid-after")


@rule("routeros", "/certificate", "print")
@_run
def cert_print(session, args):
    device = session.device
    fam = "7" if device.family == "7" else "6"
    order = _FLAG_ORDER.replace("D", "") if fam == "7" else _FLAG_ORDER
    lines = [_LEGEND[fam]]
    store = device.table("/certificate")
    session.last_print["/certificate"] = [e["id"] for e in store]
    for n, entry in enumerate(store):
        flags = "".join(f if f in entry["flags"] else " " for f in order)
        p = entry["props"]
        if "detail" in args:
            pairs = ["%s=%s" % (k, quote(p[k]) if k in ("name", "common-name", "subject-alt-name",
                                                      "serial-number", "fingerprint") else p[k])
                     for k in _DETAIL_KEYS if k in p]
            lines.append("%2d %s %s" % (n, flags, " ".join(pairs[:4])))
            lines.append(" " * (4 + len(order)) + " ".join(pairs[4:]))
            lines.append("")
        else:
            if n == 0:
                lines.append(" #%s %-24s %-24s %s" % (" " * (len(order) + 1), "NAME", "COMMON-NAME", "FINGERPRINT"))
            lines.append("%2d %s %-24s %-24s %s" % (n, flags, p["name"], p["common-name"], p["fingerprint"]))
    return "\n".join(lines) + "\n"


@rule("routeros", "/certificate", "set")
@_run
def cert_set(session, args):
    props, unnamed = _args(session, args, ("name", "trusted"))
    if not unnamed:
        raise RouterOSError("missing value(s) of argument(s) numbers")
    for entry in _find(session, "/certificate", unnamed[0]):
        if "name" in props:
            entry["props"]["name"] = props["name"]
        if "trusted" in props:
            entry["props"]["trusted"] = props["trusted"]
            entry["flags"].discard("T")
            if props["trusted"] == "yes":
                entry["flags"].add("T")
    return ""


@rule("routeros", "/certificate", "remove")
@_run
def cert_remove(session, args):
    return _remove(session, "/certificate", args)


def store_entry(device, name):
    """The certificate entry called ``name`` (for the connection simulation), or None."""
    return next((e for e in device.table("/certificate") if e["props"]["name"] == name), None)
