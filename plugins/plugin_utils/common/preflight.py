# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pre-flight checks before any change: the one table of inventory groups and network OSes.

Two steps, run by every change playbook for every host it will change:
  1. without connecting: the host's ``ansible_network_os`` is one its inventory group takes
     (``network_os_error``), so a typo fails in seconds instead of after a command timeout;
  2. connected: the device answers its version command with its vendor's signature and, where the
     vendor needs it, sits in privileged mode (``device_error``).  A connection error is reported as
     the transport gave it (``connection_error``), with the secrets masked.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask

# network OS -> (short names Ansible resolves to it, version command, what its answer holds, name)
# Signatures from the vendors' own output: `show version` (Cisco IOS / IOS XE, ASA),
# `/system resource print` (RouterOS `platform: MikroTik`), `show sysinfo` (AireOS `Product Version`).
PLATFORMS = {
    "cisco.ios.ios": (("ios",), "show version", r"Cisco IOS( XE)? Software", "Cisco IOS / IOS XE", True),
    "community.routeros.routeros": (("routeros",), "/system resource print", r"platform: MikroTik",
                                    "MikroTik RouterOS", False),
    "cisco.asa.asa": (("asa",), "show version", r"Cisco Adaptive Security Appliance Software", "Cisco ASA", True),
    "pfne.netops.aireos": ((), "show sysinfo", r"Product Version\.+\s*\S", "Cisco AireOS WLC", False),
}

# inventory group -> the network OSes it takes (the groups the playbooks target)
GROUP_OS = {
    "ios": ("cisco.ios.ios",),
    "routeros": ("community.routeros.routeros",),
    "asa": ("cisco.asa.asa",),
    "aireos": ("pfne.netops.aireos",),
    "c9800": ("cisco.ios.ios",),
    "wlc": ("pfne.netops.aireos", "cisco.ios.ios"),
}


def canonical_os(network_os):
    """The FQCN of ``network_os`` (short names as Ansible resolves them), or the value as given."""
    value = (network_os or "").strip()
    for fqcn, (short, _cmd, _sig, _name, _priv) in PLATFORMS.items():
        if value == fqcn or value in short:
            return fqcn
    return value


def expected_os(group_names):
    """(groups of the table the host is in, network OSes every one of them takes)."""
    groups = [g for g in group_names or [] if g in GROUP_OS]
    allowed = None
    for group in groups:
        allowed = [o for o in (allowed if allowed is not None else GROUP_OS[group]) if o in GROUP_OS[group]]
    return groups, allowed or []


def network_os_error(host, group_names, network_os):
    """'' when ``network_os`` fits the host's groups; else a message naming the variable and host."""
    groups, allowed = expected_os(group_names)
    if not groups:
        return ""   # a group this table does not know: the connection check below still runs
    if not allowed:
        return "%s: the groups %s take different network OSes; put the host in one of them" % (
            host, ", ".join(groups))
    if not network_os:
        return "%s: ansible_network_os is not set; the group %s takes %s" % (host, groups[0], " or ".join(allowed))
    if canonical_os(network_os) not in allowed:
        return ("%s: ansible_network_os is %s but the host is in the group %s, which takes %s: fix "
                "ansible_network_os (or the host's group) in the inventory" % (
                    host, network_os, groups[0], " or ".join(allowed)))
    return ""


def version_command(network_os):
    """The command whose answer says what the device is, or None for an OS outside the table."""
    entry = PLATFORMS.get(canonical_os(network_os))
    return entry[1] if entry else None


def device_error(host, network_os, version_output, prompt, become):
    """'' when the device is what ``network_os`` says and privileged where the vendor needs it."""
    entry = PLATFORMS.get(canonical_os(network_os))
    if entry is None:
        return ""
    _short, command, signature, name, needs_enable = entry
    if not re.search(signature, version_output or ""):
        first = next((line.strip() for line in (version_output or "").splitlines() if line.strip()), "(no output)")
        return ("%s: ansible_network_os is %s but the device does not answer `%s` as %s does "
                "(first line: %s): check ansible_host and ansible_network_os" % (
                    host, network_os, command, name, first[:120]))
    lines = (prompt or "").strip().splitlines()
    last = lines[-1].strip() if lines else ""
    if needs_enable and not last.endswith("#"):
        return ("%s: not in privileged mode (prompt %r)%s: set ansible_become: true, ansible_become_method: "
                "enable and ansible_become_password" % (host, last[-40:], ", although ansible_become is set" if become else ""))
    return ""


# (what the transport's error says, the inventory variables that fix it)
CONNECTION_FIXES = (
    (r"elevate privilege|enable mode|become",
     "check ansible_become_password (the enable secret) and ansible_become_method: enable"),
    (r"[Aa]uthentication|[Aa]ccess denied|[Pp]ermission denied", "check ansible_user and ansible_password"),
    (r"[Rr]efused|[Tt]imed? ?out|[Nn]o route|[Uu]nreachable|[Nn]ame or service|resolve",
     "check ansible_host and ansible_port, and that the device is up and reachable from this controller"),
)


def connection_fix(text):
    """What to check in the inventory for a connection error text ("" when the text is not known)."""
    for pattern, fix in CONNECTION_FIXES:
        if re.search(pattern, text):
            return fix
    return ""


def connection_error(host, address, port, error, secrets):
    """The transport's own error text with every secret masked, naming the host and address, and
    what to fix when the error is a known one."""
    text = str(error).strip() or error.__class__.__name__
    fix = connection_fix(text)
    return mask("%s: cannot use the connection to %s port %s: %s. %sNo host of this run was changed" % (
        host, address, port, text, fix[:1].upper() + fix[1:] + ". " if fix else ""), secrets)
