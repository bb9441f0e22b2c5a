# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tunnel ends discovered from what a device prints, in one neutral shape for both vendors.

An end is one (device, remote peer) pair: the crypto map entry (IOS) or the peer with its
policies (RouterOS) that protects traffic towards one peer address::

    {"platform", "local_address", "peer_address", "addresses" (every address of the device),
     "ike_version", "ike": [{"encryption", "integrity", "dh_group", "lifetime"}],
     "esp": [{"encryption", "integrity"}], "esp_lifetime", "pfs", "selectors": [[local, remote]],
     "host_bits": [selector text with host bits set], "psk_fingerprint" (or None), "psk_state"
     ("set" | "missing" | "encrypted" | "hidden"), "identity": {"local": {type, value},
     "remote": {type, value}}, "nat_t", "bound", "policy_flags": [..], "nat_rules_catching": [..],
     "firewall_drops": [..], "warnings": [..], "source": [config lines, secrets masked]}

Algorithms are the canonical words of ipsec/vocab.py (aes-256, sha256, DH group numbers); a word
the table does not know is kept as the device printed it, prefixed with ``?``, so it never
matches anything by accident and is shown as is.

The pre-shared key never leaves this module: ``psk_fingerprint`` is an HMAC-SHA256 of the key
keyed by a salt the controller draws for the run (never written anywhere), so two ends holding
the same key get the same fingerprint in that run and nothing else can be learnt from it.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import discover_ios, discover_routeros

PLATFORMS = ("ios", "routeros")


def ends(platform, outputs, salt, version=None):
    """Tunnel ends of one device. ``outputs``: IOS: {"show running-config": text}; RouterOS:
    {menu path: print text} (see discover_routeros.MENUS). Returns (ends, unparsed lines)."""
    if platform == "ios":
        return discover_ios.ends(outputs.get("show running-config") or "", salt)
    if platform == "routeros":
        return discover_routeros.ends(outputs, salt, version)
    raise ValueError("platform: must be ios or routeros, got %r" % (platform,))


def addresses(platform, outputs):
    """Every address the device holds (IOS interface addresses, RouterOS /ip address), to find the owner of a peer."""
    if platform == "ios":
        return sorted(set(discover_ios.interface_addresses(outputs.get("show running-config") or "").values()))
    return discover_routeros.addresses(outputs)
