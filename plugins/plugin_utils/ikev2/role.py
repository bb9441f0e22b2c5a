# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the mikrotik_ikev2_mobile role's actions and filters do, in plain Python.

- ``validate(server, users, l2tp_pool, var_prefix)``: the model check plus what no RouterOS release serves
  and a pool that overlaps the L2TP role's pool on the same router; {'errors', 'warnings'}, no secrets;
  with ``var_prefix`` the messages name the role variable the user set (``role_field``);
- ``prepare_pki(pki_dir, server, users)``: the CA and certificates (pki.ensure), the User Manager
  RADIUS secret for eap-mschapv2 (kept in ``radius.secret``, 0600); returns fingerprints and names,
  the secret separately;
- ``wanted_certificates(model, data)``: the certificate step's list (CA trusted, server with key,
  each present certificate user's certificate without key);
- ``write_profiles(model, data, dest)``: render_profiles per present user, files 0600 in a 0700
  folder, the profiles of revoked and removed users deleted; returns file names only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import ipaddress
import json
import os
import secrets
import shutil
import tempfile

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import model as ikev2_model
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import pki
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import routeros as ikev2_routeros

RADIUS_FILE = "radius.secret"


def _l2tp_range(l2tp_pool):
    if isinstance(l2tp_pool, dict):
        start, end = l2tp_pool.get("start"), l2tp_pool.get("end")
    elif isinstance(l2tp_pool, str) and "-" in l2tp_pool:
        start, end = l2tp_pool.split("-", 1)
    else:
        return None
    try:
        return ipaddress.IPv4Address(str(start).strip()), ipaddress.IPv4Address(str(end).strip())
    except ValueError:
        return None


def role_field(field, var_prefix=""):
    """The model's field as the role variable that holds it: with prefix ``mikrotik_ikev2_mobile_``,
    ``users[0].os[0]`` -> ``mikrotik_ikev2_mobile_users[0].os[0]``, ``server.ike.dh_group`` ->
    ``mikrotik_ikev2_mobile_ike.dh_group`` (each server key is the role variable of the same name)."""
    if var_prefix and field.startswith("server."):
        return var_prefix + field[len("server."):]
    if var_prefix and (field == "users" or field.startswith("users[")):
        return var_prefix + field
    return field


def _field_message(exc, var_prefix):
    text = str(exc)
    return "%s: %s" % (role_field(exc.field, var_prefix), text[len(exc.field) + 2:]) if var_prefix else text


def validate(server, users, l2tp_pool=None, var_prefix=""):
    """{'errors': [...], 'warnings': [...]}; messages name the field and never hold a secret."""
    try:
        model = ikev2_model.normalize(server, users)
        ikev2_routeros.check_model(model)
    except FieldError as exc:
        return {"errors": [_field_message(exc, var_prefix)], "warnings": []}
    span = _l2tp_range(l2tp_pool)
    pool = ipaddress.IPv4Network(model["server"]["pool"])
    if span and not (span[1] < pool.network_address or span[0] > pool.broadcast_address):
        return {"errors": ["%s: %s overlaps the L2TP role's pool %s-%s on this router "
                           "(mikrotik_l2tp_mobile_pool): give IKEv2 clients their own range"
                           % (role_field("server.pool", var_prefix), pool, span[0], span[1])],
                "warnings": model["warnings"]}
    return {"errors": [], "warnings": model["warnings"]}


def _radius_secret(pki_dir):
    path = os.path.join(pki_dir, RADIUS_FILE)
    if os.path.exists(path):
        with open(path) as handle:
            return handle.read().strip()
    value = secrets.token_hex(16)
    pki._write(path, value + "\n")
    return value


def public_info(model, data):
    """Fingerprints, RouterOS names, revocations: nothing secret."""
    return {"ca_fingerprint": data["ca_fingerprint"], "server": {"fingerprint": data["server"]["fingerprint"]},
            "users": dict((n, {"fingerprint": u["fingerprint"], "serial": u["serial"]}) for n, u in data["users"].items()),
            "names": ikev2_routeros.cert_names(model, data), "revoked": data["revoked"], "changed": data["changed"]}


def _ensure(pki_dir, model, check_mode):
    """pki.ensure on the folder, or in check mode on a throw-away copy of it: (data, radius secret)."""
    work = pki_dir
    if check_mode:
        work = tempfile.mkdtemp(prefix="pfne-ikev2-check-")
        if os.path.isdir(pki_dir):
            shutil.rmtree(work)
            shutil.copytree(pki_dir, work)
    try:
        data = pki.ensure(work, model)
        radius = _radius_secret(work) if model["server"]["auth"] == "eap-mschapv2" else None
    finally:
        if check_mode:
            shutil.rmtree(work, ignore_errors=True)
    return data, radius


def prepare_pki(pki_dir, server, users, check_mode=False):
    """-> (public info, radius secret or None).  Check mode works on a throw-away copy."""
    model = ikev2_model.normalize(server, users)
    data, radius = _ensure(pki_dir, model, check_mode)
    return public_info(model, data), radius


def wanted_certificates(model, data):
    names = ikev2_routeros.cert_names(model, data)
    wanted = [{"name": names["ca"], "pem": data["ca_pem"], "fingerprint": data["ca_fingerprint"], "trusted": True},
              {"name": names["server"], "pem": data["server"]["cert_pem"], "key_pem": data["server"]["key_pem"],
               "fingerprint": data["server"]["fingerprint"]}]
    wanted += [{"name": names["users"][user], "pem": item["cert_pem"], "fingerprint": item["fingerprint"]}
               for user, item in sorted(data["users"].items())]
    return wanted


def load(pki_dir, server, users, check_mode=False):
    """(model, pki data) from the PKI folder (pki.ensure: nothing changes when it is in line)."""
    model = ikev2_model.normalize(server, users)
    return model, _ensure(pki_dir, model, check_mode)[0]


def _write_if_changed(path, content):
    try:
        with open(path, "rb") as handle:
            if handle.read() == content and (os.stat(path).st_mode & 0o777) == 0o600:
                return False
    except FileNotFoundError:
        pass
    pki._write(path, content)
    return True


STAMPS = ".pfne-profiles.json"


def _stamp(model, user, item):
    """What a user's profiles are made from, hashed: equal stamps, equal profiles (PKCS#12 salts are
    random, so the bytes differ on every render; the stamp keeps a second run from rewriting them).
    The .p12 beside it is encrypted with the same passphrase, so the hash tells nothing more."""
    basis = {"server": model["server"], "user": user, "cert": item.get("fingerprint"),
             "passphrase": item.get("passphrase")}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _delete_profiles(user, dest, check_mode, profiles):
    deleted = []
    for name in sorted(set(profiles.file_names(user).values())):
        if os.path.exists(os.path.join(dest, name)):
            deleted.append(name)
            if not check_mode:
                os.remove(os.path.join(dest, name))
    return deleted


def write_profiles(model, data, dest, check_mode=False):
    """Client profiles of every present user into ``dest`` (0700), each file 0600; the profiles of
    revoked and absent users deleted.  -> {'files', 'written', 'deleted'} (names only)."""
    from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles import render as profiles

    out = {"files": [], "written": [], "deleted": []}
    stamps = json.loads((pki._read(os.path.join(dest, STAMPS)) or b"{}").decode("utf-8"))
    for user in model["users"]:
        if user["state"] != "present":
            out["deleted"] += _delete_profiles(user, dest, check_mode, profiles)
            stamps.pop(user["name"], None)
            continue
        item = data["users"].get(user["name"], {})
        files = profiles.render_profiles(model, user, data["ca_pem"], item.get("cert_pem"), item.get("key_pem"),
                                         item.get("passphrase"))
        out["files"] += sorted(files)
        stamp = _stamp(model, user, item)
        if check_mode or (stamps.get(user["name"]) == stamp
                          and all(os.path.exists(os.path.join(dest, name)) for name in files)):
            continue
        for name, content in sorted(files.items()):
            if _write_if_changed(os.path.join(dest, name), content):
                out["written"].append(name)
        stamps[user["name"]] = stamp
    if not check_mode and (out["written"] or out["deleted"]):
        pki._write(os.path.join(dest, STAMPS), json.dumps(stamps, sort_keys=True) + "\n")
    return out
