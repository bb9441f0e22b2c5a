# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the two discoverers: the end skeleton, the salted key fingerprint, selectors."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import hmac

try:
    import netaddr
except ImportError:  # pragma: no cover
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab


def psk_fingerprint(key, salt):
    """Salted fingerprint (16 hex) of a pre-shared key; ``salt`` is the run's random salt (bytes)."""
    if key is None or key == "":
        return None
    return hmac.new(salt, str(key).encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def cidr(text):
    """'10.1.1.0/24' -> ('10.1.1.0/24', False); '10.1.1.5/24' -> ('10.1.1.0/24', True) (host bits set)."""
    net = netaddr.IPNetwork(str(text).strip())
    return str(net.cidr), net.ip != net.network and net.prefixlen < 32


def end_skeleton(platform):
    """An end with every field present (empty), so the comparison never meets a missing key."""
    return {"platform": platform, "local_address": None, "peer_address": None, "addresses": [],
            "ike_version": None, "ike": [], "esp": [], "esp_lifetime": None, "pfs": None, "selectors": [],
            "host_bits": [], "psk_fingerprint": None, "psk_state": "missing",
            "identity": {"local": {"type": "address", "value": None}, "remote": {"type": "any", "value": None}},
            "nat_t": True, "bound": True, "policy_flags": [], "nat_rules_catching": [], "firewall_drops": [],
            "warnings": [], "source": []}


def canonical(convert, kind, word, *args):
    """The vocab word for a device word, or ``?word`` when the table does not know it."""
    try:
        return convert(kind, word, *args)
    except (vocab.UnsupportedError, ValueError, TypeError, AttributeError):
        return "?%s" % (word,)


def proposals(encryptions, integrities, groups, lifetime):
    """Every combination a device offers (RouterOS and IKEv2 accept lists)."""
    return [{"encryption": e, "integrity": i, "dh_group": g, "lifetime": lifetime}
            for e in encryptions for i in integrities for g in groups]


def covers(outer, inner):
    """True when network ``outer`` holds network ``inner`` (CIDR strings)."""
    try:
        return netaddr.IPNetwork(inner) in netaddr.IPNetwork(outer)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return False
