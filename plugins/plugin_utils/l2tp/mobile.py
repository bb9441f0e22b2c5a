# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""L2TP/IPsec for mobile clients: the input model and its validation.

Plain Python, no Ansible objects.  ``normalize(raw)`` returns ``(model, warnings)`` or raises
``L2tpConfigError`` whose message names the offending field and never contains a password or
the IPsec secret.

Facts behind the rules (sources in docs/l2tp_mobile.md, "Sources"):
- RouterOS L2TP server properties and their values: MikroTik "L2TP" manual (help.mikrotik.com,
  authentication pap|chap|mschap1|mschap2, max-mtu/max-mru default 1450, use-ipsec no|yes|required).
- Windows L2TP/IPsec client, KB 325158 "Default encryption settings for the Microsoft L2TP/IPSec
  VPN client": 3DES, SHA1, Diffie-Hellman group 2, transport mode, ESP, hard-coded in earlier clients.
  Current clients also negotiate AES-CBC with SHA1 (public strongSwan/libreswan road-warrior configs
  list aes256-sha1 / aes128-sha1 for Windows native clients: opnsense/core issue 8786).
- Apple macOS/iOS L2TP client offers a list of IKEv1 transforms including 3DES/SHA1/MODP1024 and
  negotiates ESP AES-128-CBC/HMAC-SHA1 (evokelektrique/tunnel-forge issue 13, captured negotiation).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.quote import check_console_secret

# RouterOS vocabulary kept deliberately small (to merge later with plugin_utils/ipsec/vocab.py).
ESP_ENCRYPTION = ("aes-256-cbc", "aes-128-cbc", "3des")
ESP_INTEGRITY = ("sha256", "sha1")
IKE_HASH = ("sha256", "sha1")
DH_GROUPS = ("modp2048", "modp1024")
AUTH_METHODS = ("mschap2", "mschap1", "chap", "pap")
WEAK_AUTH = ("mschap1", "chap", "pap")
USE_ENCRYPTION = ("yes", "no", "required", "default")

# IKE (phase 1) encryption names differ from ESP names on RouterOS: peer/profile take aes-256,
# proposal takes aes-256-cbc (MikroTik "IPsec" manual, peer/profile and proposal tables).
IKE_ENC_NAME = {"aes-256-cbc": "aes-256", "aes-128-cbc": "aes-128", "3des": "3des"}

DEFAULTS = {
    "pool_name": "pfne-l2tp-pool",
    "profile_name": "pfne-l2tp",
    "proposal_name": "pfne-l2tp",
    "dns_servers": [],
    "lan_subnets": [],
    "mtu": 1460,
    "mru": 1460,
    "authentication": ["mschap2"],
    "use_encryption": "required",
    "change_tcp_mss": True,
    "exclusive": False,
    "wan_interface": "",
    "manage_firewall": True,
    "manage_default_ipsec": True,
    "connection_name": "",
    "server_address": "",
    "send_all_traffic": True,
    "encryption": ["aes-256-cbc", "aes-128-cbc"],
    "integrity": ["sha256", "sha1"],
    "ike_hash": "sha1",
    "dh_groups": ["modp2048", "modp1024"],
}

MTU_MIN = 576   # IPv4 minimum datagram every host must accept (RFC 791); below breaks PPP clients
MTU_MAX = 1500  # the tunnel rides a 1500-byte WAN; anything larger only fragments
MTU_ADVISED = 1460  # the write-up's value; 1500 minus L2TP/IPsec overhead

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
IFACE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


class L2tpConfigError(FieldError):
    """Bad input; ``field`` is the dotted path of the offending input."""


def _err(field, message):
    raise L2tpConfigError(field, message)


def _ipv4(value, field):
    try:
        return ipaddress.IPv4Address(str(value).strip())
    except ValueError:
        _err(field, "not an IPv4 address: %r" % (value,))


def _as_list(value, field):
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value]
    _err(field, "expected a list")


def _choice_list(value, field, allowed):
    items = _as_list(value, field)
    if not items:
        _err(field, "must list at least one of %s" % ", ".join(allowed))
    for item in items:
        if item not in allowed:
            _err(field, "unsupported value %r (supported: %s)" % (item, ", ".join(allowed)))
    if len(set(items)) != len(items):
        _err(field, "lists a value twice")
    return items


def _int_range(value, field, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        _err(field, "not an integer: %r" % (value,))
    if isinstance(value, bool) or not low <= number <= high:
        _err(field, "%s is out of range %d..%d" % (value, low, high))
    return number


def _bool(value, field):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("yes", "true", "1", "no", "false", "0"):
        return value.lower() in ("yes", "true", "1")
    _err(field, "expected a boolean")


def check_secret(value, field, min_len=1, max_len=128):
    """Validate a password/PSK without ever echoing it."""
    return check_console_secret(value, field, L2tpConfigError, min_len, max_len)


def parse_pool(raw):
    """Accept {'start','end'} or 'a-b'; return (start, end) IPv4Address."""
    if isinstance(raw, dict):
        start, end = raw.get("start"), raw.get("end")
    elif isinstance(raw, str) and "-" in raw:
        start, end = raw.split("-", 1)
    else:
        raise _err("pool", "expected {start: A, end: B} or 'A-B'")
    start = _ipv4(start, "pool.start")
    end = _ipv4(end, "pool.end")
    if end < start:
        _err("pool.end", "pool range reversed: end %s is before start %s" % (end, start))
    return start, end


def _range_overlaps(start, end, network):
    return not (end < network.network_address or start > network.broadcast_address)


def _normalize_users(raw_users, pool):
    users, seen = [], {}
    if raw_users is None:
        raw_users = []
    if not isinstance(raw_users, list):
        _err("users", "expected a list")
    for index, raw in enumerate(raw_users):
        base = "users[%d]" % index
        if not isinstance(raw, dict):
            _err(base, "expected a mapping with name and password")
        name = raw.get("name")
        if not isinstance(name, str) or not USERNAME_RE.fullmatch(name):
            _err(base + ".name", "%r is not a valid PPP user name (1-64 of A-Z a-z 0-9 . _ @ -, "
                 "starting with a letter or digit)" % (name,))
        key = name.lower()
        if key in seen:
            _err(base + ".name", "duplicate user name %r (also users[%d])" % (name, seen[key]))
        seen[key] = index
        state = raw.get("state", "present")
        if state not in ("present", "absent"):
            _err(base + ".state", "must be present or absent")
        user = {"name": name, "state": state, "enabled": _bool(raw.get("enabled", True), base + ".enabled")}
        if state == "present":
            user["password"] = check_secret(raw.get("password"), base + ".password")
            address = raw.get("address")
            if address not in (None, ""):
                ip = _ipv4(address, base + ".address")
                if pool[0] <= ip <= pool[1]:
                    _err(base + ".address", "%s lies inside the pool %s-%s" % (ip, pool[0], pool[1]))
                user["address"] = str(ip)
        users.append(user)
    return users


def _check_names(cfg):
    for field in ("pool_name", "profile_name", "proposal_name"):
        if not NAME_RE.fullmatch(str(cfg[field])):
            _err(field, "%r is not a valid RouterOS object name" % (cfg[field],))


def _addressing(cfg):
    """Pool, local address, LAN subnets and DNS servers, checked against each other."""
    pool = parse_pool(cfg.get("pool"))
    local = _ipv4(cfg.get("local_address"), "local_address")
    if pool[0] <= local <= pool[1]:
        _err("local_address", "%s lies inside the pool %s-%s" % (local, pool[0], pool[1]))
    lans = []
    for index, subnet in enumerate(_as_list(cfg["lan_subnets"], "lan_subnets")):
        try:
            net = ipaddress.IPv4Network(subnet, strict=False)
        except ValueError:
            _err("lan_subnets[%d]" % index, "not an IPv4 network: %r" % (subnet,))
        if _range_overlaps(pool[0], pool[1], net):
            _err("pool", "range %s-%s overlaps the LAN %s (lan_subnets[%d])" % (pool[0], pool[1], net, index))
        lans.append(str(net))
    dns = [str(_ipv4(d, "dns_servers[%d]" % i)) for i, d in enumerate(_as_list(cfg["dns_servers"], "dns_servers"))]
    if len(dns) > 2:
        _err("dns_servers", "RouterOS PPP profiles hand out at most two DNS servers")
    return {"pool_name": cfg["pool_name"], "pool_start": str(pool[0]), "pool_end": str(pool[1]),
            "local_address": str(local), "lan_subnets": lans, "dns_servers": dns}, pool


def _ppp_link(cfg, warnings):
    """MTU/MRU, PPP authentication methods and encryption use."""
    mtu = _int_range(cfg["mtu"], "mtu", MTU_MIN, MTU_MAX)
    mru = _int_range(cfg["mru"], "mru", MTU_MIN, MTU_MAX)
    for field, value in (("mtu", mtu), ("mru", mru)):
        if value > MTU_ADVISED:
            warnings.append("%s %d exceeds %d: L2TP/IPsec packets will fragment on a 1500-byte WAN"
                            % (field, value, MTU_ADVISED))
    auth = _choice_list(cfg["authentication"], "authentication", AUTH_METHODS)
    if "mschap2" not in auth:
        _err("authentication", "must include mschap2 (the generated Windows and Apple profiles use MS-CHAPv2)")
    for method in auth:
        if method in WEAK_AUTH:
            warnings.append("authentication %s is legacy and weak; mschap2 alone is enough for Windows and Apple clients"
                            % method)
    if cfg["use_encryption"] not in USE_ENCRYPTION:
        _err("use_encryption", "must be one of %s" % ", ".join(USE_ENCRYPTION))
    return {"mtu": mtu, "mru": mru, "authentication": auth, "use_encryption": cfg["use_encryption"]}


def _ipsec_policy(cfg, warnings):
    """Pre-shared key and the ESP/IKE proposal, with warnings for legacy choices."""
    ipsec_secret = check_secret(cfg.get("ipsec_secret"), "ipsec_secret", min_len=8)
    if len(ipsec_secret) < 16:
        warnings.append("ipsec_secret is shorter than 16 characters; a pre-shared key is only as strong as its length")
    encryption = _choice_list(cfg["encryption"], "encryption", ESP_ENCRYPTION)
    integrity = _choice_list(cfg["integrity"], "integrity", ESP_INTEGRITY)
    dh_groups = _choice_list(cfg["dh_groups"], "dh_groups", DH_GROUPS)
    ike_hash = cfg["ike_hash"]
    if ike_hash not in IKE_HASH:
        _err("ike_hash", "unsupported value %r (supported: %s)" % (ike_hash, ", ".join(IKE_HASH)))
    if "3des" in encryption:
        warnings.append("encryption includes 3des (legacy, 64-bit block); keep it only for old Windows clients")
    if integrity == ["sha1"]:
        warnings.append("integrity is SHA-1 only (legacy); add sha256")
    if dh_groups == ["modp1024"]:
        warnings.append("dh_groups is modp1024 only (DH group 2, 1024-bit, legacy); add modp2048")
    if "sha1" not in integrity:
        warnings.append("integrity lacks sha1: Windows and Apple L2TP clients propose HMAC-SHA1 for ESP and may fail")
    if not set(encryption) & {"aes-256-cbc", "aes-128-cbc"}:
        warnings.append("encryption has no AES cipher")
    return {"ipsec_secret": ipsec_secret, "encryption": encryption, "integrity": integrity,
            "ike_hash": ike_hash, "dh_groups": dh_groups}


def _users_and_exclusive(cfg, pool):
    users = _normalize_users(cfg.get("users"), pool)
    exclusive = _bool(cfg["exclusive"], "exclusive")
    if exclusive and not any(u["state"] == "present" for u in users):
        _err("exclusive", "exclusive is true but users (mikrotik_l2tp_mobile_users) lists no present user: "
             "that would remove every user this collection made on the router; list the users to keep, "
             "or set exclusive (mikrotik_l2tp_mobile_exclusive) to false")
    return users, exclusive


def normalize(raw):
    """Validate the raw role input; return (model, warnings)."""
    if not isinstance(raw, dict):
        _err("l2tp_mobile", "expected a mapping")
    cfg = dict(DEFAULTS)
    cfg.update({k: v for k, v in raw.items() if v is not None})
    warnings = []
    _check_names(cfg)
    addressing, pool = _addressing(cfg)
    link = _ppp_link(cfg, warnings)
    ipsec = _ipsec_policy(cfg, warnings)
    wan = str(cfg["wan_interface"] or "")
    if wan and not IFACE_RE.fullmatch(wan):
        _err("wan_interface", "%r is not a valid interface name" % wan)
    users, exclusive = _users_and_exclusive(cfg, pool)

    model = {
        "pool_name": addressing["pool_name"],
        "pool_start": addressing["pool_start"],
        "pool_end": addressing["pool_end"],
        "profile_name": cfg["profile_name"],
        "proposal_name": cfg["proposal_name"],
        "local_address": addressing["local_address"],
        "lan_subnets": addressing["lan_subnets"],
        "dns_servers": addressing["dns_servers"],
    }
    model.update(link)
    model["change_tcp_mss"] = _bool(cfg["change_tcp_mss"], "change_tcp_mss")
    model.update(ipsec)
    model.update({
        "wan_interface": wan,
        "manage_firewall": _bool(cfg["manage_firewall"], "manage_firewall"),
        "manage_default_ipsec": _bool(cfg["manage_default_ipsec"], "manage_default_ipsec"),
        "exclusive": exclusive,
        "users": users,
        "server_address": str(cfg["server_address"] or ""),
        "connection_name": str(cfg["connection_name"] or ""),
        "send_all_traffic": _bool(cfg["send_all_traffic"], "send_all_traffic"),
    })
    return model, warnings


def check(raw):
    """Validation for the role's validate step: {'errors': [...], 'warnings': [...]} - no secrets."""
    try:
        _model, warnings = normalize(raw)
    except L2tpConfigError as exc:
        return {"errors": [str(exc)], "warnings": []}
    return {"errors": [], "warnings": warnings}
