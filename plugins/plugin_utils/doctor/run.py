# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The doctor's whole run on the controller: every device's reads -> the contract document and a text table.

Input per inventory host: {"platform": ios|routeros, "version" (RouterOS), "commands": [...], "stdout": [...]}
or {"platform", "error": text} when the read failed. Nothing here touches a device.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import discover, reads, report, state
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import tunnel as ipsec_tunnel


def _device(host, data, salt):
    platform = data.get("platform")
    if platform not in discover.PLATFORMS:
        raise reads.DoctorInputError("%s.platform" % host, "must be ios or routeros, got %r" % (platform,))
    if data.get("error"):
        return {"platform": platform, "outputs": {}, "ends": [], "unparsed": [], "diagnosis": {}, "error": data["error"]}
    commands, stdout = list(data.get("commands") or []), list(data.get("stdout") or [])
    if len(commands) != len(stdout):
        raise reads.DoctorInputError("%s.stdout" % host, "%d outputs for %d commands" % (len(stdout), len(commands)))
    outputs = dict(zip(commands, stdout))
    if platform == "routeros":   # the configuration prints by menu, as discover_routeros reads them
        for menu in reads.menus(data.get("version")):
            if menu + reads.PRINT in outputs:
                outputs[menu] = outputs.pop(menu + reads.PRINT)
    ends, unparsed = discover.ends(platform, outputs, salt, data.get("version"))
    return {"platform": platform, "outputs": outputs, "ends": ends, "unparsed": unparsed,
            "addresses": discover.addresses(platform, outputs), "diagnosis": state.diagnose(platform, outputs)}


def expected(tunnels, sites):
    """pfne_ipsec_tunnels (validated here, errors name the field) + host -> site -> the defined tunnels' ends."""
    if not tunnels:
        return []
    normalized, _warnings = ipsec_tunnel.normalize_all(list(tunnels))
    host_of = dict((site, host) for host, site in sorted(sites.items()) if site)
    out = []
    for tun in normalized:
        if tun["state"] != "present":
            continue
        out.append({"name": tun["name"], "ends": [
            {"host": host_of.get(site), "platform": ep["platform"], "address": ep["public_address"]}
            for site, ep in sorted(tun["endpoints"].items())]})
    return out


def doctor(hosts, salt, tunnels=None, sites=None):
    """hosts: {host: read data}; salt: the run's random bytes (os.urandom) -> (document, unparsed by host)."""
    devices = dict((host, _device(host, data, salt)) for host, data in sorted(hosts.items()))
    doc = report.build(devices, expected(tunnels or [], sites or {}))
    unparsed = dict((h, d["unparsed"] + list((d.get("diagnosis") or {}).get("unparsed") or []))
                    for h, d in devices.items() if d["unparsed"] or (d.get("diagnosis") or {}).get("unparsed"))
    doc["unparsed"] = dict((h, [state.scrub(line) for line in lines]) for h, lines in unparsed.items())
    return doc


def new_salt():
    return os.urandom(16)
