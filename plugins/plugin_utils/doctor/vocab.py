# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tunnel doctor's fixed vocabulary (issue 24): every cause and side it may name.

Causes:
  up                 tunnel established and passing traffic both ways
  ike-version        one end speaks IKEv1, the other IKEv2
  ike-proposal       phase-1 encryption / integrity / DH group not agreed
  psk                pre-shared key differs
  ipsec-proposal     phase-2 transform / proposal not agreed
  pfs                PFS on one side only, or different PFS groups
  traffic-selectors  ACL / policy not mirror images (proxy identities refused)
  identity           ID type or value (address vs FQDN, my-id / remote-id) refused
  auth-method        one end uses certificates / EAP, the other a PSK (or a bad certificate)
  nat                NAT in the path (NAT-T off on one side) or a NAT rule catching tunnel traffic
  unreachable        no IKE answer from the peer (address wrong, UDP 500/4500 or ESP dropped)
  not-protected      one side sends the traffic unencrypted or has no crypto for it
  not-bound          crypto map not applied to the interface
  policy-invalid     RouterOS policy invalid or disabled
  routing            traffic not routed into the tunnel
  one-way            SAs up, traffic counted in one direction only, cause not visible
  dpd-lifetime       dead-peer detection / lifetime disagreement tearing SAs down
  not-a-peer         IKE from an address that is no configured peer
  other              a known failure outside the causes above
  unknown            nothing in the text shows a cause
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

CAUSES = (
    "up", "ike-version", "ike-proposal", "psk", "ipsec-proposal", "pfs", "traffic-selectors",
    "identity", "auth-method", "nat", "unreachable", "not-protected", "not-bound", "policy-invalid",
    "routing", "one-way", "dpd-lifetime", "not-a-peer", "other", "unknown",
)

SIDES = ("local", "remote", "both", "unknown")

PLATFORMS = ("ios", "routeros")
