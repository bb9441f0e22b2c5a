# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IKEv2 road warriors: the input model shared by the RouterOS renderer, the PKI and the profiles.

Plain Python, no Ansible objects.  ``normalize(server, users)`` returns the validated model
(shape in the module constant ``SHAPE`` below and in CONTRACTS) or raises ``FieldError`` naming
the offending field; a message never contains a password, passphrase or pre-shared key.

Default proposals are the ones every target OS accepts (IKE aes-256-cbc / sha256 / DH 14, ESP
aes-256-cbc / sha256 / PFS 14):
- Windows: ``Set-VpnConnectionIPsecConfiguration`` (Microsoft Learn, VpnClient module) takes
  CipherTransformConstants AES256, IntegrityCheckMethod SHA256, DHGroup Group14, PfsGroup PFS2048;
  without it Windows proposes 3DES/SHA1/DH2 and RouterOS answers "policy match error" (13868).
- Apple: Configuration Profile Reference "VPN > IKEv2 > IKESecurityAssociationParameters /
  ChildSecurityAssociationParameters": EncryptionAlgorithm AES-256, IntegrityAlgorithm SHA2-256,
  DiffieHellmanGroup 14, LifeTimeInMinutes.
- strongSwan Android (.sswan "ike-proposal"/"esp-proposal", e.g. aes256-sha256-modp2048).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import check_console_secret

SHAPE = """{"server": {"fqdn", "address", "remote_id", "pool", "dns", "split_include", "auth",
 "ike": {"encryption", "integrity", "dh_group", "lifetime"},
 "esp": {"encryption", "integrity", "pfs_group", "lifetime"}, "name", "psk", "cert_days",
 "wan_interface", "manage_firewall"},
 "users": [{"name", "state", "os", "password", "passphrase"}], "warnings": [str]}"""

AUTH_METHODS = ("certificate", "eap-mschapv2", "psk")
USER_STATES = ("present", "revoked", "absent")
OS_NAMES = ("apple", "windows", "android")
# What the client profiles can express; what a RouterOS release can serve is checked by
# ikev2/routeros.py check_model (IKE profiles there take no GCM cipher, proposals no sha384).
IKE_ENCRYPTION = ("aes-256-cbc", "aes-128-cbc", "aes-256-gcm", "aes-128-gcm")
ESP_ENCRYPTION = ("aes-256-cbc", "aes-128-cbc", "aes-256-gcm", "aes-128-gcm")
IKE_INTEGRITY = ("sha256", "sha384", "sha512", "sha1")
ESP_INTEGRITY = IKE_INTEGRITY
DH_GROUPS = (14, 15, 16, 19, 20, 21, 2)
WEAK_DH = (2,)
APPLE_MAX_DAYS = 825   # Apple "Requirements for trusted certificates in iOS 13 and macOS 10.15" (HT210176)

DEFAULT_IKE = {"encryption": "aes-256-cbc", "integrity": "sha256", "dh_group": 14, "lifetime": 86400}
DEFAULT_ESP = {"encryption": "aes-256-cbc", "integrity": "sha256", "pfs_group": 14, "lifetime": 3600}

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
FQDN_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
IFACE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


def _err(field, message):
    raise FieldError(field, message)


def _bool(value, field):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("yes", "true", "1", "no", "false", "0"):
        return value.lower() in ("yes", "true", "1")
    _err(field, "expected a boolean")


def _int_range(value, field, low, high):
    if isinstance(value, bool):
        _err(field, "not an integer: %r" % (value,))
    try:
        number = int(value)
    except (TypeError, ValueError):
        _err(field, "not an integer: %r" % (value,))
    if not low <= number <= high:
        _err(field, "%s is out of range %d..%d" % (value, low, high))
    return number


def _choice(value, field, allowed):
    if value not in allowed:
        _err(field, "unsupported value %r (supported: %s)" % (value, ", ".join(str(a) for a in allowed)))
    return value


def _list(value, field):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    _err(field, "expected a list")


def check_secret(value, field, min_len=1, max_len=128):
    """Validate a password/PSK/passphrase without ever echoing it."""
    return check_console_secret(value, field, FieldError, min_len, max_len)


def _ip(value, field):
    try:
        return ipaddress.IPv4Address(str(value).strip())
    except ValueError:
        _err(field, "not an IPv4 address: %r" % (value,))


def _net(value, field):
    try:
        return ipaddress.IPv4Network(str(value).strip(), strict=False)
    except ValueError:
        _err(field, "not an IPv4 network (CIDR): %r" % (value,))


def _identity(server):
    fqdn = server.get("fqdn") or None
    address = server.get("address") or None
    if fqdn is not None and not (isinstance(fqdn, str) and FQDN_RE.fullmatch(fqdn)):
        _err("server.fqdn", "%r is not a fully qualified domain name" % (fqdn,))
    if address is not None:
        address = str(_ip(address, "server.address"))
    if fqdn is None and address is None:
        _err("server.fqdn", "set fqdn or address: the name or address clients dial (it goes into the "
             "server certificate's SAN and every profile)")
    return fqdn, address


def _addressing(server):
    pool = server.get("pool")
    if pool in (None, ""):
        _err("server.pool", "required: the CIDR clients get addresses from, e.g. 192.168.90.0/24")
    pool_net = _net(pool, "server.pool")
    if pool_net.prefixlen > 30:
        _err("server.pool", "%s is too small for clients (at most /30)" % pool_net)
    dns = [str(_ip(d, "server.dns[%d]" % i)) for i, d in enumerate(_list(server.get("dns"), "server.dns"))]
    if len(dns) > 2:
        _err("server.dns", "mode-config hands out at most two DNS servers here")
    split = []
    for index, item in enumerate(_list(server.get("split_include"), "server.split_include")):
        net = _net(item, "server.split_include[%d]" % index)
        if net.overlaps(pool_net):
            _err("server.split_include[%d]" % index, "%s overlaps the client pool %s" % (net, pool_net))
        split.append(str(net))
    return str(pool_net), dns, split


def _proposal(raw, field, defaults, group_key, encryptions, integrities):
    raw = raw or {}
    if not isinstance(raw, dict):
        _err(field, "expected a mapping")
    unknown = sorted(set(raw) - set(defaults))
    if unknown:
        _err("%s.%s" % (field, unknown[0]), "unknown key (known: %s)" % ", ".join(sorted(defaults)))
    cfg = dict(defaults)
    cfg.update({k: v for k, v in raw.items() if v is not None or k == group_key})
    out = {
        "encryption": _choice(cfg["encryption"], field + ".encryption", encryptions),
        "integrity": _choice(cfg["integrity"], field + ".integrity", integrities),
        "lifetime": _int_range(cfg["lifetime"], field + ".lifetime", 300, 7 * 86400),
    }
    group = cfg[group_key]
    if group in (None, "", "none") and group_key == "pfs_group":
        out[group_key] = None
    else:
        out[group_key] = _choice(_int_range(group, "%s.%s" % (field, group_key), 1, 32),
                                 "%s.%s" % (field, group_key), DH_GROUPS)
    return out


def _crypto(server, warnings):
    ike = _proposal(server.get("ike"), "server.ike", DEFAULT_IKE, "dh_group", IKE_ENCRYPTION, IKE_INTEGRITY)
    esp = _proposal(server.get("esp"), "server.esp", DEFAULT_ESP, "pfs_group", ESP_ENCRYPTION, ESP_INTEGRITY)
    for field, part, key in (("server.ike", ike, "dh_group"), ("server.esp", esp, "pfs_group")):
        if part[key] in WEAK_DH:
            warnings.append("%s.%s %d (modp1024) is weak; Windows' own default, but 14 works on every target OS"
                            % (field, key, part[key]))
        if part["integrity"] == "sha1":
            warnings.append("%s.integrity sha1 is legacy; sha256 works on every target OS" % field)
    if esp["pfs_group"] is None:
        warnings.append("server.esp.pfs_group is none: no perfect forward secrecy for the child SAs")
    return ike, esp


def _auth(server, warnings):
    auth = _choice(server.get("auth") or "certificate", "server.auth", AUTH_METHODS)
    psk = None
    if auth == "psk":
        psk = check_secret(server.get("psk"), "server.psk", min_len=20)
        warnings.append("server.auth psk: every user shares one key and anyone holding it can impersonate "
                        "the server to the others; prefer certificate or eap-mschapv2")
    elif server.get("psk") not in (None, ""):
        _err("server.psk", "set only with server.auth psk (value not shown)")
    return auth, psk


def _server_misc(server):
    name = server.get("name") or "pfne-ikev2"
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        _err("server.name", "%r is not a valid RouterOS object name prefix (1-32 of A-Z a-z 0-9 . _ -)" % (name,))
    days = _int_range(server.get("cert_days", APPLE_MAX_DAYS), "server.cert_days", 1, APPLE_MAX_DAYS)
    wan = str(server.get("wan_interface") or "")
    if wan and not IFACE_RE.fullmatch(wan):
        _err("server.wan_interface", "%r is not a valid interface name" % wan)
    manage = _bool(server.get("manage_firewall", True), "server.manage_firewall")
    return {"name": name, "cert_days": days, "wan_interface": wan, "manage_firewall": manage}


def _user_auth(raw, base, auth, state):
    user = {}
    password = raw.get("password")
    if auth == "eap-mschapv2" and state == "present":
        user["password"] = check_secret(password, base + ".password", min_len=8)
    elif password not in (None, "") and auth != "eap-mschapv2":
        _err(base + ".password", "only used with server.auth eap-mschapv2 (value not shown)")
    else:
        user["password"] = password if password not in (None, "") else None
    passphrase = raw.get("passphrase")
    user["passphrase"] = None if passphrase in (None, "") else check_secret(
        passphrase, base + ".passphrase", min_len=8)
    return user


def _user(raw, base, auth):
    if not isinstance(raw, dict):
        _err(base, "expected a mapping with at least name")
    unknown = sorted(set(raw) - {"name", "state", "os", "password", "passphrase"})
    if unknown:
        _err("%s.%s" % (base, unknown[0]), "unknown key (known: name, os, passphrase, password, state)")
    name = raw.get("name")
    if not isinstance(name, str) or not USERNAME_RE.fullmatch(name):
        _err(base + ".name", "%r is not a valid user name (1-64 of A-Z a-z 0-9 . _ @ -, starting with a "
             "letter or digit)" % (name,))
    state = _choice(raw.get("state") or "present", base + ".state", USER_STATES)
    systems = _list(raw.get("os", list(OS_NAMES)), base + ".os")
    if not systems and state == "present":
        _err(base + ".os", "list at least one of %s" % ", ".join(OS_NAMES))
    for index, item in enumerate(systems):
        _choice(item, "%s.os[%d]" % (base, index), OS_NAMES)
    if len(set(systems)) != len(systems):
        _err(base + ".os", "lists a value twice")
    user = {"name": name, "state": state, "os": systems}
    user.update(_user_auth(raw, base, auth, state))
    return user


def _users(users, auth):
    """Users in order; with psk there is nothing per user on the router to revoke."""
    if users is None:
        users = []
    if not isinstance(users, list):
        _err("users", "expected a list")
    result, seen = [], {}
    for index, raw in enumerate(users):
        user = _user(raw, "users[%d]" % index, auth)
        if auth == "psk" and user["state"] == "revoked":
            _err("users[%d].state" % index, "revoked needs a per-user credential; with server.auth psk every "
                 "user shares server.psk: change the key (and hand it to the others) or use certificate")
        key = user["name"].lower()
        if key in seen:
            _err("users[%d].name" % index, "duplicate user name %r (also users[%d])" % (user["name"], seen[key]))
        seen[key] = index
        result.append(user)
    return result


def normalize(server, users):
    """Validate the role input; return the model (see SHAPE) or raise FieldError naming the field."""
    if not isinstance(server, dict):
        _err("server", "expected a mapping")
    known = {"fqdn", "address", "pool", "dns", "split_include", "auth", "psk", "ike", "esp", "name",
             "cert_days", "wan_interface", "manage_firewall"}
    unknown = sorted(set(server) - known)
    if unknown:
        _err("server.%s" % unknown[0], "unknown key (known: %s)" % ", ".join(sorted(known)))
    warnings = []
    fqdn, address = _identity(server)
    pool, dns, split = _addressing(server)
    auth, psk = _auth(server, warnings)
    ike, esp = _crypto(server, warnings)
    result = {"fqdn": fqdn, "address": address, "remote_id": fqdn or address, "pool": pool, "dns": dns,
              "split_include": split, "auth": auth, "psk": psk, "ike": ike, "esp": esp}
    result.update(_server_misc(server))
    return {"server": result, "users": _users(users, auth), "warnings": warnings}


def check(server, users):
    """For the role's validate step: {'errors': [...], 'warnings': [...]}, no secrets."""
    try:
        model = normalize(server, users)
    except FieldError as exc:
        return {"errors": [str(exc)], "warnings": []}
    return {"errors": [], "warnings": model["warnings"]}
