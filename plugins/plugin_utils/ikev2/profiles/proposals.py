# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The router's IKE/ESP proposals (model vocabulary) in each client's words.

One row per model value; a client column is None where that client cannot express the value,
and the translation then raises FieldError naming the model field, before any file is written.

- Apple: apple/device-management mdm/profiles/com.apple.vpn.managed.yaml, IKEv2 >
  IKESecurityAssociationParameters / ChildSecurityAssociationParameters (EncryptionAlgorithm,
  IntegrityAlgorithm, DiffieHellmanGroup, LifeTimeInMinutes 10..1440).
- Windows: Set-VpnConnectionIPsecConfiguration, parameter set CustomPolicy (MicrosoftDocs/
  windows-powershell-docs docset/winserver2022-ps/vpnclient/Set-VpnConnectionIPsecConfiguration.md):
  EncryptionMethod / IntegrityCheckMethod / DHGroup are the IKE SA, CipherTransformConstants /
  AuthenticationTransformConstants / PfsGroup the ESP (child) SA.
- strongSwan (Android app, swanctl): proposal keywords of strongSwan's IKEv2 cipher suites
  (docs.strongswan.org "IKEv2 Cipher Suites"): aes256, aes256gcm16, sha256, prfsha256, modp2048, ecp256.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError

# model encryption: (apple, windows IKE EncryptionMethod, windows ESP CipherTransformConstants,
#                    strongSwan keyword, AEAD)
ENCRYPTION = {
    "aes-128-cbc": ("AES-128", "AES128", "AES128", "aes128", False),
    "aes-256-cbc": ("AES-256", "AES256", "AES256", "aes256", False),
    "aes-128-gcm": ("AES-128-GCM", "GCMAES128", "GCMAES128", "aes128gcm16", True),
    "aes-256-gcm": ("AES-256-GCM", "GCMAES256", "GCMAES256", "aes256gcm16", True),
}
# model integrity: (apple, windows IKE IntegrityCheckMethod, windows ESP
#                   AuthenticationTransformConstants, strongSwan keyword)
INTEGRITY = {
    "sha1": ("SHA1-96", "SHA1", "SHA196", "sha1"),
    "sha256": ("SHA2-256", "SHA256", "SHA256128", "sha256"),
    "sha384": ("SHA2-384", "SHA384", None, "sha384"),
    "sha512": ("SHA2-512", None, None, "sha512"),
}
# model DH group: (apple, windows DHGroup, windows PfsGroup, strongSwan keyword)
DH_GROUPS = {
    1: (1, "Group1", "PFS1", "modp768"),
    2: (2, "Group2", "PFS2", "modp1024"),
    5: (5, None, None, "modp1536"),
    14: (14, "Group14", "PFS2048", "modp2048"),
    15: (15, None, None, "modp3072"),
    16: (16, None, None, "modp4096"),
    19: (19, "ECP256", "ECP256", "ecp256"),
    20: (20, "ECP384", "ECP384", "ecp384"),
    21: (21, None, None, "ecp521"),
    24: (None, "Group24", "PFS24", "modp2048s256"),
}
APPLE_MINUTES = (10, 1440)


def _look(table, key, column, field, client):
    row = table.get(key)
    value = None if row is None else row[column]
    if value is None:
        raise FieldError(field, "%r cannot be expressed in the %s profile; choose a value every "
                                "client of this user accepts" % (key, client))
    return value


def _apple_minutes(seconds, field):
    minutes, rest = divmod(int(seconds), 60)
    low, high = APPLE_MINUTES
    if rest or not low <= minutes <= high:
        raise FieldError(field, "%s s is not a whole number of minutes within %d..%d, the range of Apple's "
                                "LifeTimeInMinutes" % (seconds, low, high))
    return minutes


def apple_sa(part, group_key, field, group=None):
    """Apple SecurityAssociationParameters dict for model part (server.ike or server.esp)."""
    aead = ENCRYPTION.get(part["encryption"], (None,) * 5)[4]
    params = {
        "EncryptionAlgorithm": _look(ENCRYPTION, part["encryption"], 0, field + ".encryption", "Apple"),
        "DiffieHellmanGroup": _look(DH_GROUPS, group if group is not None else part[group_key], 0,
                                    "%s.%s" % (field, group_key), "Apple"),
        "LifeTimeInMinutes": _apple_minutes(part["lifetime"], field + ".lifetime"),
    }
    if not aead or field.endswith(".ike"):
        params["IntegrityAlgorithm"] = _look(INTEGRITY, part["integrity"], 0, field + ".integrity", "Apple")
    return params


def windows_ipsec(ike, esp):
    """Set-VpnConnectionIPsecConfiguration CustomPolicy arguments (ordered pairs)."""
    esp_aead = ENCRYPTION.get(esp["encryption"], (None,) * 5)[4]
    cipher = _look(ENCRYPTION, esp["encryption"], 2, "server.esp.encryption", "Windows")
    auth = cipher if esp_aead else _look(INTEGRITY, esp["integrity"], 2, "server.esp.integrity", "Windows")
    pfs = "None" if esp["pfs_group"] is None else _look(DH_GROUPS, esp["pfs_group"], 2,
                                                        "server.esp.pfs_group", "Windows")
    return [
        ("AuthenticationTransformConstants", auth),
        ("CipherTransformConstants", cipher),
        ("EncryptionMethod", _look(ENCRYPTION, ike["encryption"], 1, "server.ike.encryption", "Windows")),
        ("IntegrityCheckMethod", _look(INTEGRITY, ike["integrity"], 1, "server.ike.integrity", "Windows")),
        ("DHGroup", _look(DH_GROUPS, ike["dh_group"], 1, "server.ike.dh_group", "Windows")),
        ("PfsGroup", pfs),
    ]


def strongswan_ike(ike):
    """strongSwan IKE proposal: AEAD ciphers take the integrity as PRF (aes256gcm16-prfsha256-...)."""
    enc = _look(ENCRYPTION, ike["encryption"], 3, "server.ike.encryption", "strongSwan")
    mac = _look(INTEGRITY, ike["integrity"], 3, "server.ike.integrity", "strongSwan")
    dh = _look(DH_GROUPS, ike["dh_group"], 3, "server.ike.dh_group", "strongSwan")
    middle = "prf" + mac if ENCRYPTION[ike["encryption"]][4] else mac
    return "-".join((enc, middle, dh))


def strongswan_esp(esp):
    """strongSwan ESP proposal; a DH group in it is the PFS group (none: no PFS)."""
    parts = [_look(ENCRYPTION, esp["encryption"], 3, "server.esp.encryption", "strongSwan")]
    if not ENCRYPTION[esp["encryption"]][4]:
        parts.append(_look(INTEGRITY, esp["integrity"], 3, "server.esp.integrity", "strongSwan"))
    if esp["pfs_group"] is not None:
        parts.append(_look(DH_GROUPS, esp["pfs_group"], 3, "server.esp.pfs_group", "strongSwan"))
    return "-".join(parts)
