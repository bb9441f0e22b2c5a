# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one RouterOS version -> syntax family table of the collection.

Every role, renderer and verify step asks this module; nothing else derives a family.

=============  ==================================================================================
family         what differs (sources: tests/unit/fixtures/routeros/SOURCES.md)
=============  ==================================================================================
6.24-6.42      phase-1 settings, secret, auth-method, exchange-mode, generate-policy all on
               ``/ip ipsec peer`` (no name); policies ``sa-src-address``/``sa-dst-address``;
               IKE state in ``/ip ipsec remote-peers``.
6.43.x         ``/ip ipsec peer profile`` holds phase 1; the peer keeps secret, auth-method,
               exchange-mode, generate-policy and points at it with ``profile=``; still no peer
               name, no ``/ip ipsec identity``, policies still ``sa-*`` (public 6.43.8 export).
6.44-6.49      ``/ip ipsec profile``, peer ``name=``, ``/ip ipsec identity``, policy ``peer=``
               (6.44.3 changelog: identity "introduced in v6.44"); ``active-peers``.
7.x            as 6.44 for the menus used here; ``use-ipsec=required``; IKE ``sha384``;
               settings print lists one value per line.
=============  ==================================================================================

The oldest release the collection supports is 6.24 (the L2TP/IPsec write-up's release).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

FAMILIES = ("6.24-6.42", "6.43.x", "6.44-6.49", "7.x")
OLDEST = (6, 24)
_VERSION_RE = re.compile(r"\s*v?(\d+)\.(\d+)")

# Command that lists IKE peers and their state, first choice then fallback.  remote-peers is
# documented on 6.x before the IPsec rework and active-peers on 6.44+ (6.46 and 6.49.2 samples,
# RouterOS 7); 6.43.x is not confirmed by any public sample, so verify asks for the first and
# falls back to the second when the device answers "bad command name".
PEER_STATE_COMMANDS = {
    "6.24-6.42": ("/ip ipsec remote-peers print", "/ip ipsec active-peers print detail"),
    "6.43.x": ("/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"),
    "6.44-6.49": ("/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"),
    "7.x": ("/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"),
}


class RouterOSVersionError(ValueError):
    """A version string the table cannot place; the message names the field ``routeros_version``."""

    field = "routeros_version"


def version_tuple(version):
    match = _VERSION_RE.match(str(version or ""))
    if not match:
        raise RouterOSVersionError("routeros_version: cannot read a RouterOS version from %r" % (version,))
    return int(match.group(1)), int(match.group(2))


def family(version):
    """'6.43.8' -> '6.43.x', '6.49.10 (long-term)' -> '6.44-6.49', '7.16.2' -> '7.x'; a family name passes through."""
    if version in FAMILIES:
        return version
    major, minor = version_tuple(version)
    if (major, minor) < OLDEST:
        raise RouterOSVersionError(
            "routeros_version: RouterOS %s is older than %d.%d, the oldest release this collection supports"
            % (version, OLDEST[0], OLDEST[1]))
    if major == 6:
        if minor <= 42:
            return "6.24-6.42"
        if minor == 43:
            return "6.43.x"
        return "6.44-6.49"
    if major == 7:
        return "7.x"
    raise RouterOSVersionError("routeros_version: RouterOS %s is newer than the 7.x syntax this collection knows"
                               % version)


def has_identity(fam):
    """True where /ip ipsec identity, peer name= and policy peer= exist (6.44+)."""
    return family(fam) in ("6.44-6.49", "7.x")


def is_7(fam):
    return family(fam) == "7.x"
