# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco IOS crypto-map configuration (lines + parents for cisco.ios.ios_config) for one tunnel.

IOS syntax seen in: pastebin GKt6D5zJ (isakmp policy `encr aes 256` / `hash sha256` /
`authentication pre-share` / `group 14`, `crypto ipsec transform-set X esp-aes 256 esp-sha256-hmac`
+ ` mode tunnel`), pastebin PDRL89a7 (IKEv2 proposal/policy/keyring/profile), the write-up itself
(`crypto isakmp key KEY address PEER no-xauth`, `crypto map NAME SEQ ipsec-isakmp` with set peer /
set transform-set / match address, `crypto map NAME` on the WAN interface).
Lines equal to an IOS default that running-config does not print are left out (isakmp `hash sha`,
`lifetime 86400`, crypto map SA lifetime 3600 s, IKEv2 profile `lifetime 86400`), so a second run is
idempotent.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    import netaddr
except ImportError:  # pragma: no cover
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils import ipsec_vocab as vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec_tunnel import sides
from ansible_collections.pfne.netops.plugins.plugin_utils.field_error import FieldError


class IosPlanError(FieldError):
    """The running-config forbids the change (would clobber something); names the field."""


def object_name(tunnel):
    return "PFNE-" + tunnel["name"]


# ---------------------------------------------------------------- running-config
def parse_running_config(text):
    """Sections of interest from `show running-config`.

    Returns {"crypto_maps": {map: {seq: {"kind": "ipsec-isakmp", "lines": [...], "match_address": str|None}}},
             "interfaces": {name: {"crypto_map": str|None, "lines": [...]}},
             "isakmp_policies": {priority: [lines]}, "top": [top-level lines]}
    """
    result = {"crypto_maps": {}, "interfaces": {}, "isakmp_policies": {}, "top": []}
    current = None
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("!"):
            if line.startswith("!"):
                current = None
            continue
        if not line.startswith(" "):
            current = None
            result["top"].append(line)
            m = re.match(r"^crypto map (\S+) (\d+) (ipsec-isakmp|ipsec-manual|gdoi)(?:\s+dynamic\s+(\S+))?", line)
            if m:
                entry = {"kind": m.group(3), "lines": [], "match_address": None, "dynamic": m.group(4)}
                result["crypto_maps"].setdefault(m.group(1), {})[int(m.group(2))] = entry
                current = ("map", entry)
                continue
            m = re.match(r"^interface (\S+)", line)
            if m:
                entry = {"crypto_map": None, "lines": []}
                result["interfaces"][m.group(1)] = entry
                current = ("interface", entry)
                continue
            m = re.match(r"^crypto isakmp policy (\d+)", line)
            if m:
                entry = []
                result["isakmp_policies"][int(m.group(1))] = entry
                current = ("policy", entry)
                continue
            continue
        if current is None:
            continue
        child = line.strip()
        kind, entry = current
        if kind == "map":
            entry["lines"].append(child)
            m = re.match(r"^match address (\S+)", child)
            if m:
                entry["match_address"] = m.group(1)
        elif kind == "interface":
            entry["lines"].append(child)
            m = re.match(r"^crypto map (\S+)", child)
            if m:
                entry["crypto_map"] = m.group(1)
        else:
            entry.append(child)
    return result


def _find_interface(parsed, name):
    for iface in parsed["interfaces"]:
        if iface.lower() == name.lower():
            return iface
    return None


def _lowest_free(used, start=10, step=10):
    n = start
    while n in used:
        n += step
    return n


def pick_map_seq(parsed, map_name, acl_name, wanted=None):
    """Sequence number for our crypto map entry, never clobbering another entry."""
    entries = parsed["crypto_maps"].get(map_name, {})
    for seq, entry in sorted(entries.items()):
        if entry["match_address"] == acl_name:
            if wanted is not None and wanted != seq:
                raise IosPlanError("ios.map_seq", "crypto map %s already protects %s at sequence %d, not %d; "
                                                  "remove map_seq or set it to %d" % (map_name, acl_name, seq, wanted, seq))
            return seq
    if wanted is not None:
        if wanted in entries:
            raise IosPlanError("ios.map_seq", "crypto map %s %d is already used (match address %s); choose a free "
                                              "sequence number or leave map_seq unset" % (
                                                  map_name, wanted, entries[wanted]["match_address"] or "none"))
        return wanted
    return _lowest_free(set(entries))


def isakmp_policy_lines(tunnel):
    ike = tunnel["ike"]
    lines = ["encr " + vocab.to_ios("ike_encryption", ike["encryption"], "ike.encryption", 1)]
    hash_word = vocab.to_ios("ike_integrity", ike["integrity"], "ike.integrity", 1)
    if hash_word != vocab.IOS_ISAKMP_DEFAULT_HASH:
        lines.append("hash " + hash_word)
    lines.append("authentication pre-share")
    lines.append("group " + vocab.to_ios("dh", ike["dh_group"], "ike.dh_group"))
    if ike["lifetime"] != vocab.IOS_ISAKMP_DEFAULT_LIFETIME:
        lines.append("lifetime %d" % ike["lifetime"])
    return lines


def pick_isakmp_priority(parsed, lines, wanted=None):
    """Reuse an identical policy, honour a wanted free priority, else the lowest free multiple of 10."""
    policies = parsed["isakmp_policies"]
    for prio, existing in sorted(policies.items()):
        if sorted(existing) == sorted(lines) and (wanted is None or wanted == prio):
            return prio
    if wanted is not None:
        if wanted in policies:
            raise IosPlanError("ios.isakmp_priority", "crypto isakmp policy %d exists with other settings (%s); "
                                                      "choose a free priority or leave it unset" % (
                                                          wanted, "; ".join(policies[wanted])))
        return wanted
    return _lowest_free(set(policies))


def wildcard(cidr):
    net = netaddr.IPNetwork(cidr)
    if net.prefixlen == 32:
        return "host %s" % net.ip
    return "%s %s" % (net.network, net.hostmask)


def acl_lines(local, remote):
    return ["permit ip %s %s" % (wildcard(lsub), wildcard(rsub)) for lsub in local["subnets"] for rsub in remote["subnets"]]


def ios_config_blocks(tunnel, site, running_config=""):
    """Ordered list of {"parents": [...], "lines": [...], "secret": bool} for cisco.ios.ios_config.

    Also returns the chosen numbers: {"blocks": [...], "map": name, "map_seq": n, "isakmp_priority": n|None,
    "acl": name, "interface": name}. Raises IosPlanError (field named) when the running-config forbids it.
    """
    local, remote = sides(tunnel, site)
    if local["platform"] != "ios":
        raise IosPlanError("pfne_ipsec_site", "endpoint %s of tunnel %s is %s, not ios" % (site, tunnel["name"], local["platform"]))
    parsed = parse_running_config(running_config)
    ios = local["ios"]
    name = object_name(tunnel)
    map_name = ios["crypto_map"]
    iface = _find_interface(parsed, ios["interface"]) if running_config else ios["interface"]
    if iface is None:
        raise IosPlanError("ios.interface", "interface %s is not in the running-config" % ios["interface"])
    if running_config:
        current_map = parsed["interfaces"][iface]["crypto_map"]
        if current_map and current_map != map_name:
            raise IosPlanError("ios.interface", "interface %s already carries crypto map %s; an interface holds one "
                                                "crypto map, so set ios.crypto_map: %s to add this tunnel to it" % (
                                                    iface, current_map, current_map))
    seq = pick_map_seq(parsed, map_name, name, ios.get("map_seq"))
    esp = tunnel["esp"]
    blocks = [{"parents": ["ip access-list extended %s" % name], "lines": acl_lines(local, remote), "secret": False}]
    transform = "%s %s" % (vocab.to_ios("esp_encryption", esp["encryption"], "esp.encryption"),
                           vocab.to_ios("esp_integrity", esp["integrity"], "esp.integrity"))
    blocks.append({"parents": ["crypto ipsec transform-set %s %s" % (name, transform)], "lines": ["mode tunnel"], "secret": False})
    priority = None
    map_lines = ["set peer %s" % remote["public_address"]]
    if tunnel["esp"]["lifetime"] != vocab.IOS_SA_DEFAULT_LIFETIME:
        map_lines.append("set security-association lifetime seconds %d" % tunnel["esp"]["lifetime"])
    map_lines.append("set transform-set %s" % name)
    pfs = vocab.to_ios("pfs", tunnel["pfs"], "pfs")
    if pfs:
        map_lines.append("set pfs %s" % pfs)
    if tunnel["ike_version"] == 1:
        policy = isakmp_policy_lines(tunnel)
        priority = pick_isakmp_priority(parsed, policy, ios.get("isakmp_priority"))
        blocks.append({"parents": ["crypto isakmp policy %d" % priority], "lines": policy, "secret": False})
        blocks.append({"parents": [], "lines": ["crypto isakmp key %s address %s no-xauth" % (
            tunnel["psk"], remote["public_address"])], "secret": True})
    else:
        ike = tunnel["ike"]
        blocks.append({"parents": ["crypto ikev2 proposal %s" % name], "lines": [
            "encryption " + vocab.to_ios("ike_encryption", ike["encryption"], "ike.encryption", 2),
            "integrity " + vocab.to_ios("ike_integrity", ike["integrity"], "ike.integrity", 2),
            "group " + vocab.to_ios("dh", ike["dh_group"], "ike.dh_group"),
        ], "secret": False})
        blocks.append({"parents": ["crypto ikev2 policy %s" % name], "lines": ["proposal %s" % name], "secret": False})
        blocks.append({"parents": ["crypto ikev2 keyring %s" % name, "peer %s" % remote["site"]], "lines": [
            "address %s" % remote["public_address"], "pre-shared-key %s" % tunnel["psk"]], "secret": True})
        profile = [
            "match identity remote address %s 255.255.255.255" % remote["public_address"],
            "authentication remote pre-share",
            "authentication local pre-share",
            "keyring local %s" % name,
        ]
        if ike["lifetime"] != vocab.IOS_IKEV2_DEFAULT_LIFETIME:
            profile.append("lifetime %d" % ike["lifetime"])
        blocks.append({"parents": ["crypto ikev2 profile %s" % name], "lines": profile, "secret": False})
        map_lines.append("set ikev2-profile %s" % name)
    map_lines.append("match address %s" % name)
    blocks.append({"parents": ["crypto map %s %d ipsec-isakmp" % (map_name, seq)], "lines": map_lines, "secret": False})
    blocks.append({"parents": ["interface %s" % iface], "lines": ["crypto map %s" % map_name], "secret": False})
    return {"blocks": blocks, "map": map_name, "map_seq": seq, "isakmp_priority": priority, "acl": name, "interface": iface}


def reserve(running_config, plan):
    """Running-config text plus the map entry and isakmp policy `plan` chose, so that the next
    tunnel planned in the same run picks other numbers (or reuses an identical policy)."""
    extra = []
    for block in plan["blocks"]:
        head = block["parents"][0] if block["parents"] else ""
        if head.startswith("crypto map ") or head.startswith("crypto isakmp policy "):
            extra.append(head)
            extra.extend(" " + line for line in block["lines"])
    return (running_config or "").rstrip("\n") + "\n" + "\n".join(extra) + "\n"


def ios_absent_lines(tunnel, site, running_config):
    """Top-level `no ...` lines removing what this collection created for the tunnel (only what exists).

    The isakmp policy (possibly shared) and the interface binding of the map are left alone.
    """
    local, remote = sides(tunnel, site)
    parsed = parse_running_config(running_config)
    name = object_name(tunnel)
    lines = []
    for seq, entry in sorted(parsed["crypto_maps"].get(local["ios"]["crypto_map"], {}).items()):
        if entry["match_address"] == name:
            lines.append("no crypto map %s %d" % (local["ios"]["crypto_map"], seq))
    top = parsed["top"]
    prefixes = (
        ("ip access-list extended %s" % name, "no ip access-list extended %s" % name),
        ("crypto ipsec transform-set %s " % name, "no crypto ipsec transform-set %s" % name),
        ("crypto ikev2 profile %s" % name, "no crypto ikev2 profile %s" % name),
        ("crypto ikev2 policy %s" % name, "no crypto ikev2 policy %s" % name),
        ("crypto ikev2 keyring %s" % name, "no crypto ikev2 keyring %s" % name),
        ("crypto ikev2 proposal %s" % name, "no crypto ikev2 proposal %s" % name),
    )
    for prefix, command in prefixes:
        if any(line == prefix.strip() or line.startswith(prefix) for line in top):
            lines.append(command)
    for line in top:
        m = re.match(r"^crypto isakmp key (\S+) address %s(\s|$)" % re.escape(remote["public_address"]), line)
        if m:
            lines.append("no crypto isakmp key %s address %s" % (m.group(1), remote["public_address"]))
    return lines


def safety_net(minutes=5, archive_path="flash:pfne-rollback"):
    """Commands for the optional safety net around a change on the WAN interface.

    `archive` + `path` must exist for `configure terminal revert timer` (configuration rollback
    confirmed change); `configure confirm` stops the timer once verify passed.
    """
    minutes = int(minutes)
    if not 1 <= minutes <= 120:
        raise IosPlanError("safety_net_minutes", "must be 1..120")
    return {
        "archive": {"parents": ["archive"], "lines": ["path %s" % archive_path]},
        "start": "configure terminal revert timer %d" % minutes,
        "confirm": "configure confirm",
    }


def config_tree(text):
    """`show running-config` text -> nested {line: {child line: {...}}} by indentation ('!' ends a section)."""
    root = {}
    stack = [(-1, root)]
    for raw in (text or "").splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("!"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        while stack[-1][0] >= indent:
            stack.pop()
        node = stack[-1][1].setdefault(stripped, {})
        stack.append((indent, node))
    return root


def block_present(tree, block):
    """True when every line of the block is already under its parents, line by line as
    cisco.ios.ios_config compares them (match: line); such a block needs no ios_config call."""
    node = tree
    for parent in block["parents"]:
        if parent not in node:
            return False
        node = node[parent]
    return all(line in node for line in block["lines"])


def mask_blocks(blocks, secrets):
    """Copy of blocks with secrets replaced by ******** (for display)."""
    out = []
    for block in blocks:
        masked = []
        for line in list(block["parents"]) + list(block["lines"]):
            for secret in secrets:
                if secret:
                    line = line.replace(secret, "********")
            masked.append(line)
        n = len(block["parents"])
        out.append(dict(block, parents=masked[:n], lines=masked[n:]))
    return out
