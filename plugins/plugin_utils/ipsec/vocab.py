# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Translation table between one tunnel definition and each platform's vocabulary.

Canonical (platform-neutral) vocabulary used by ipsec_tunnel:
  encryption: aes-128 | aes-192 | aes-256 | 3des
  integrity:  sha1 | sha256 | sha384 | sha512
  DH / PFS:   IANA group numbers 2 5 14 15 16 19 20 21 24 (PFS may also be "none")
  lifetimes:  seconds (int)

Sources for the platform words (facts, not code, were taken from them):
  * RouterOS profile/peer `enc-algorithm=aes-256`, `hash-algorithm=sha256`, `dh-group=modp2048`,
    proposal `enc-algorithms=aes-256-cbc auth-algorithms=sha256 pfs-group=modp2048 lifetime=30m`:
    help.mikrotik.com "IPsec" (ROS docs); pastebin GKt6D5zJ / PDRL89a7 (Cisco<->MikroTik configs).
  * RouterOS DH group table (modp768..modp8192, ecp256/384/521 = groups 1-5, 14-21, no group 24):
    help.mikrotik.com "IPsec", section Diffie-Hellman Groups (diff page 11993097).
  * IOS `encr aes 256` / `hash sha256` / `group 14` / `authentication pre-share`,
    transform-set `esp-aes 256 esp-sha256-hmac`, IKEv2 proposal `encryption aes-cbc-256`,
    `integrity sha256`: pastebin GKt6D5zJ and PDRL89a7; IOS `show crypto ipsec sa` prints the
    transform as `esp-256-aes esp-sha256-hmac` (genieparser ShowCryptoIpsecSa golden output).
  * IOS defaults hidden in running-config (isakmp `hash sha`, `lifetime 86400`; crypto map SA
    lifetime 3600 s): Cisco IOS Security Command Reference (`crypto isakmp policy`, `lifetime`,
    `set security-association lifetime`) - the renderer omits lines equal to a default so that
    ios_config stays idempotent.
  * RouterOS 7 profiles accept IKE `hash-algorithm=sha384` (help.mikrotik.com "IPsec", profile
    hash-algorithm: md5|sha1|sha256|sha384|sha512); the 6.x manual (wiki Manual:IP/IPsec) lists
    md5|sha1|sha256|sha512, so 6.x refuses it (ROUTEROS_FAMILIES below).  No RouterOS release lists
    sha384 for ESP `auth-algorithms` (md5|null|sha1|sha256|sha512 in both manuals): refused.
  * Claim from the work brief "RouterOS 6.24-6.42 has no IKEv2" was NOT confirmed: the v6.0+
    MikroTik wiki Manual:IP/IPsec lists `exchange-mode=ike2` for peers. It is not refused.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re


from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import (
    RouterOSParseError,
    format_duration,
    parse_duration,
)

ENCRYPTIONS = ("aes-128", "aes-192", "aes-256", "3des")
INTEGRITIES = ("sha1", "sha256", "sha384", "sha512")
DH_GROUPS = (2, 5, 14, 15, 16, 19, 20, 21, 24)

LEGACY_ENCRYPTION = ("3des",)
LEGACY_INTEGRITY = ("sha1",)
LEGACY_DH = (2, 5)

# canonical -> platform word; None means "the platform cannot do it"
IKE_ENCRYPTION = {
    "aes-128": {"routeros": "aes-128", "ios_isakmp": "aes", "ios_ikev2": "aes-cbc-128"},
    "aes-192": {"routeros": "aes-192", "ios_isakmp": "aes 192", "ios_ikev2": "aes-cbc-192"},
    "aes-256": {"routeros": "aes-256", "ios_isakmp": "aes 256", "ios_ikev2": "aes-cbc-256"},
    "3des": {"routeros": "3des", "ios_isakmp": "3des", "ios_ikev2": "3des"},
}
IKE_INTEGRITY = {
    "sha1": {"routeros": "sha1", "ios_isakmp": "sha", "ios_ikev2": "sha1"},
    "sha256": {"routeros": "sha256", "ios_isakmp": "sha256", "ios_ikev2": "sha256"},
    "sha384": {"routeros": "sha384", "ios_isakmp": "sha384", "ios_ikev2": "sha384"},
    "sha512": {"routeros": "sha512", "ios_isakmp": "sha512", "ios_ikev2": "sha512"},
}
# RouterOS words that only some syntax families accept (routeros_family.FAMILIES); absent = all
ROUTEROS_FAMILIES = {
    ("ike_integrity", "sha384"): ("7.x",),
}
ESP_ENCRYPTION = {
    "aes-128": {"routeros": "aes-128-cbc", "ios": "esp-aes"},
    "aes-192": {"routeros": "aes-192-cbc", "ios": "esp-aes 192"},
    "aes-256": {"routeros": "aes-256-cbc", "ios": "esp-aes 256"},
    "3des": {"routeros": "3des", "ios": "esp-3des"},
}
ESP_INTEGRITY = {
    "sha1": {"routeros": "sha1", "ios": "esp-sha-hmac"},
    "sha256": {"routeros": "sha256", "ios": "esp-sha256-hmac"},
    "sha384": {"routeros": None, "ios": "esp-sha384-hmac"},
    "sha512": {"routeros": "sha512", "ios": "esp-sha512-hmac"},
}
DH = {
    2: {"routeros": "modp1024", "ios": "2"},
    5: {"routeros": "modp1536", "ios": "5"},
    14: {"routeros": "modp2048", "ios": "14"},
    15: {"routeros": "modp3072", "ios": "15"},
    16: {"routeros": "modp4096", "ios": "16"},
    19: {"routeros": "ecp256", "ios": "19"},
    20: {"routeros": "ecp384", "ios": "20"},
    21: {"routeros": "ecp521", "ios": "21"},
    24: {"routeros": None, "ios": "24"},
}

# IOS defaults that running-config does not print (see module docstring)
IOS_ISAKMP_DEFAULT_HASH = "sha"
IOS_ISAKMP_DEFAULT_LIFETIME = 86400
IOS_IKEV2_DEFAULT_LIFETIME = 86400
IOS_SA_DEFAULT_LIFETIME = 3600

# IKEv1 (`crypto isakmp policy` / `group`) DH groups per IOS train.  IOS 15: the list one IOS 15
# train offers (1 2 5 14 15 16 19 20 24, no 21; issue 11, from a device's `group ?`).  IOS-XE 16/17:
# the IOS XE 17 command reference syntax `group {1|2|5|14|15|16|19|20|21|24}` (unconfirmed on a
# device).  IKEv2 proposals are not restricted here.
IOS_ISAKMP_GROUPS = {
    "15": (1, 2, 5, 14, 15, 16, 19, 20, 24),
    "xe": (1, 2, 5, 14, 15, 16, 19, 20, 21, 24),
}


def ios_train(version):
    """'15.4' / '15.4(3)M3' -> '15'; '16.9' / '17.9' / '17.09.04a' -> 'xe' (IOS-XE); None when unknown."""
    m = re.match(r"^\s*(\d+)\.", str(version or ""))
    if not m:
        return None
    return "xe" if int(m.group(1)) >= 16 else "15"


def check_ios_isakmp_group(group, version, field):
    """Refuse an IKEv1 DH group the IOS release cannot configure, naming the field."""
    train = ios_train(version)
    if train is None:
        return
    allowed = IOS_ISAKMP_GROUPS[train]
    if int(group) not in allowed:
        raise UnsupportedError(field, "IOS %s offers IKEv1 (isakmp) DH groups %s, not %s" % (
            version, ", ".join(str(g) for g in allowed), group))


ROUTEROS_SYNTAXES = routeros_family.FAMILIES

_TABLES = {
    "ike_encryption": IKE_ENCRYPTION,
    "ike_integrity": IKE_INTEGRITY,
    "esp_encryption": ESP_ENCRYPTION,
    "esp_integrity": ESP_INTEGRITY,
}


class UnsupportedError(FieldError):
    """A platform (or OS version) cannot do what the definition asks; names the field."""


def _lookup(table_name, value, key, field, platform_label):
    table = _TABLES[table_name]
    if value not in table:
        raise UnsupportedError(field, "unknown value %r" % (value,))
    word = table[value].get(key)
    if word is None:
        raise UnsupportedError(field, "%s cannot use %s" % (platform_label, value))
    return word


def to_routeros(kind, value, field=None, syntax=None):
    """kind: ike_encryption | ike_integrity | esp_encryption | esp_integrity | dh | pfs.

    ``syntax``: the RouterOS family (or version); words some families lack are refused there.
    """
    field = field or kind
    families = ROUTEROS_FAMILIES.get((kind, value))
    if families and syntax is not None and routeros_family.family(syntax) not in families:
        raise UnsupportedError(field, "RouterOS %s cannot use %s (only %s)" % (
            routeros_family.family(syntax), value, ", ".join(families)))
    if kind in ("dh", "pfs"):
        if kind == "pfs" and value == "none":
            return "none"
        entry = DH.get(value)
        if entry is None:
            raise UnsupportedError(field, "unknown DH group %r" % (value,))
        if entry["routeros"] is None:
            raise UnsupportedError(field, "RouterOS has no DH group %s" % value)
        return entry["routeros"]
    return _lookup(kind, value, "routeros", field, "RouterOS")


def to_ios(kind, value, field=None, ike_version=1):
    """IOS words; for ike_* the isakmp (IKEv1) or ikev2 proposal vocabulary."""
    field = field or kind
    if kind == "dh":
        entry = DH.get(value)
        if entry is None:
            raise UnsupportedError(field, "unknown DH group %r" % (value,))
        return entry["ios"]
    if kind == "pfs":
        if value == "none":
            return None
        return "group" + to_ios("dh", value, field)
    if kind.startswith("ike_"):
        key = "ios_isakmp" if int(ike_version) == 1 else "ios_ikev2"
    else:
        key = "ios"
    return _lookup(kind, value, key, field, "Cisco IOS")


def _reverse(table, key, word):
    for canonical, words in table.items():
        if words.get(key) == word:
            return canonical
    raise UnsupportedError(key, "no canonical value for %r" % (word,))


def from_routeros(kind, word):
    if kind in ("dh", "pfs"):
        if kind == "pfs" and word == "none":
            return "none"
        for group, words in DH.items():
            if words["routeros"] == word:
                return group
        raise UnsupportedError(kind, "no canonical value for %r" % (word,))
    return _reverse(_TABLES[kind], "routeros", word)


def from_ios(kind, word, ike_version=1):
    if kind == "dh":
        return int(word)
    if kind == "pfs":
        if word in (None, "", "none"):
            return "none"
        return int(word.replace("group", ""))
    if kind.startswith("ike_"):
        key = "ios_isakmp" if int(ike_version) == 1 else "ios_ikev2"
    else:
        key = "ios"
    return _reverse(_TABLES[kind], key, word)


def seconds_to_routeros(seconds):
    """604800 -> '1w', 86400 -> '1d', 5400 -> '1h30m': the RouterOS engine's duration form."""
    return format_duration(seconds)


def routeros_to_seconds(text):
    """'1w' -> 604800, '1h30m' -> 5400, '00:30:00' -> 1800 (the RouterOS engine's parser)."""
    try:
        return parse_duration(text)
    except RouterOSParseError as exc:
        raise ValueError(str(exc))


def routeros_syntax(version):
    """RouterOS version ('6.43.8', '6.49.10 (long-term)', '7.15.3') -> family (routeros_family table)."""
    try:
        return routeros_family.family(version)
    except routeros_family.RouterOSVersionError as exc:
        raise UnsupportedError("routeros_version", str(exc).split(": ", 1)[1])


def check_platform(tunnel, platform, routeros_version=None, field_prefix="tunnel"):
    """Raise UnsupportedError naming the field if `platform` cannot do what the normalized tunnel asks."""
    ike, esp = tunnel["ike"], tunnel["esp"]
    fields = (
        ("ike_encryption", ike["encryption"], "ike.encryption"),
        ("ike_integrity", ike["integrity"], "ike.integrity"),
        ("dh", ike["dh_group"], "ike.dh_group"),
        ("esp_encryption", esp["encryption"], "esp.encryption"),
        ("esp_integrity", esp["integrity"], "esp.integrity"),
        ("pfs", tunnel["pfs"], "pfs"),
    )
    for kind, value, name in fields:
        full = "%s.%s" % (field_prefix, name)
        if platform == "routeros":
            to_routeros(kind, value, full, routeros_version)
        elif platform == "ios":
            to_ios(kind, value, full, tunnel["ike_version"])
        else:
            raise UnsupportedError(field_prefix + ".platform", "unknown platform %r" % (platform,))
    if platform == "routeros" and routeros_version is not None:
        routeros_syntax(routeros_version)
