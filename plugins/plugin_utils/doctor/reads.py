# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the doctor reads from each device, in one list (one session): configuration, SA state, logs.

Kept apart from the diagnosis (run.py, discover_*): the role asks for a device's reads once per host,
in that host's own worker process, and this module imports nothing heavy.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family

IOS_COMMANDS = ["show running-config", "show crypto isakmp sa", "show crypto ikev2 sa", "show crypto ipsec sa"]
IOS_LOG_COMMANDS = ["show crypto session detail", "show logging"]
ROUTEROS_STATE_COMMANDS = ["/ip ipsec installed-sa print detail without-paging"]
ROUTEROS_LOG_COMMANDS = ['/log print where topics~"ipsec"']

BASE_MENUS = ("/ip ipsec peer", "/ip ipsec proposal", "/ip ipsec policy", "/ip firewall filter",
              "/ip firewall nat", "/ip address")
PHASE1_MENU = {"6.24-6.42": None, "6.43.x": "/ip ipsec peer profile", "6.44-6.49": "/ip ipsec profile",
               "7.x": "/ip ipsec profile"}
PRINT = " print detail without-paging"


class DoctorInputError(FieldError):
    """Input the doctor cannot use; names the field."""


def menus(version):
    """The RouterOS menus to print for a version (or family), in read order."""
    fam = routeros_family.family(version)
    out = list(BASE_MENUS)
    if PHASE1_MENU[fam]:
        out.insert(1, PHASE1_MENU[fam])
    if routeros_family.has_identity(fam):
        out.insert(2, "/ip ipsec identity")
    return out


def peer_state_command(version):
    """The IKE peer-state print of the family (routeros/family.py: remote-peers before 6.43, active-peers after)."""
    return routeros_family.PEER_STATE_COMMANDS[routeros_family.family(version)][0]


def read_commands(platform, version=None, logs=True, peer_state=None):
    """Every read of one device, in one list (one session): configuration, SA state, logs."""
    if platform == "ios":
        return IOS_COMMANDS + (IOS_LOG_COMMANDS if logs else [])
    if platform != "routeros":
        raise DoctorInputError("platform", "must be ios or routeros, got %r" % (platform,))
    commands = [menu + PRINT for menu in menus(version)]
    commands.append(peer_state or peer_state_command(version))
    return commands + ROUTEROS_STATE_COMMANDS + (ROUTEROS_LOG_COMMANDS if logs else [])
