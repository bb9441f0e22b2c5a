# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filters for the site-to-site IPsec roles; the logic lives in plugins/plugin_utils/ipsec/.

Documentation of each filter: the YAML file of the same name beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
ipsec_ios = LazyModule("ipsec.ios")
ipsec_routeros = LazyModule("ipsec.routeros")
ipsec_tunnel = LazyModule("ipsec.tunnel")
ipsec_verify = LazyModule("ipsec.verify")
ipsec_vocab = LazyModule("ipsec.vocab")
routeros_parse = LazyModule("routeros.parse")


def _errors():
    """The input errors the ipsec modules raise (looked up when one is being handled: imported lazily)."""
    return (ipsec_tunnel.IpsecValidationError, ipsec_vocab.UnsupportedError, ipsec_ios.IosPlanError)


def _tunnels(tunnels, site=None):
    try:
        norm, _warnings = ipsec_tunnel.normalize_all(list(tunnels or []))
    except _errors() as exc:
        raise AnsibleFilterError("ipsec: %s" % exc)
    if site is not None:
        norm = [t for t in norm if site in t["endpoints"]]
    return norm


def ipsec_validate(tunnels, site=None, platform=None, routeros_version=None):
    """{'errors', 'warnings', 'tunnels'}: messages name the field and never hold a PSK."""
    result = {"errors": [], "warnings": [], "tunnels": []}
    try:
        norm, warnings = ipsec_tunnel.normalize_all(list(tunnels or []))
        result["warnings"] = warnings
        for tun in norm:
            if site is not None and site not in tun["endpoints"]:
                continue
            if site is not None:
                local, _remote = ipsec_tunnel.sides(tun, site)
                if platform and local["platform"] != platform:
                    raise ipsec_tunnel.IpsecValidationError(
                        "pfne_ipsec_tunnels[%s].endpoints.%s.platform" % (tun["name"], site),
                        "is %s but this host is %s" % (local["platform"], platform))
                if platform == "routeros" and routeros_version:
                    ipsec_vocab.routeros_syntax(routeros_version)
            result["tunnels"].append(tun["name"])
    except _errors() as exc:
        result["errors"].append(ipsec_tunnel.mask_secrets(str(exc), tunnels if isinstance(tunnels, list) else []))
    return result


def ipsec_endpoints(tunnels, site):
    """Per tunnel of this site, the public facts the roles need (no PSK)."""
    out = []
    for tun in _tunnels(tunnels, site):
        local, remote = ipsec_tunnel.sides(tun, site)
        out.append({"name": tun["name"], "state": tun["state"], "ike_version": tun["ike_version"],
                    "local_site": site, "remote_site": remote["site"], "platform": local["platform"],
                    "local_address": local["public_address"], "remote_address": remote["public_address"],
                    "local_subnets": local["subnets"], "remote_subnets": remote["subnets"]})
    return out


def ipsec_routeros_entries(tunnels, site, version):
    """Desired entries (shared RouterOS contract) for every tunnel of this site; version or syntax family."""
    try:
        syntax = version if version in ipsec_vocab.ROUTEROS_SYNTAXES else ipsec_vocab.routeros_syntax(version)
        entries = []
        for tun in _tunnels(tunnels, site):
            entries.extend(ipsec_routeros.routeros_entries(tun, site, syntax))
        return entries
    except _errors() as exc:
        raise AnsibleFilterError("ipsec_routeros_entries: %s" % exc)


def ipsec_routeros_syntax(version):
    try:
        return ipsec_vocab.routeros_syntax(version)
    except ipsec_vocab.UnsupportedError as exc:
        raise AnsibleFilterError(str(exc))


def ipsec_ios_lines(tunnels, site, running_config="", update_password="on_create"):
    """{'blocks': [{parents, lines, secret}] (only the differences), 'masked_blocks', 'tunnels', 'notes', 'unparsed'}.

    A definition the running-config forbids gives {'error': message naming the field} instead, so that the
    role can show it although the plan itself is not logged (it holds the keys).
    """
    try:
        return ipsec_ios.plan_site(_tunnels(tunnels), site, running_config, update_password)
    except _errors() as exc:
        return {"error": "ipsec_ios_lines: %s" % ipsec_tunnel.mask_secrets(str(exc), tunnels), "blocks": [],
                "masked_blocks": [], "tunnels": [], "notes": [], "unparsed": []}


def ipsec_ios_safety_net(minutes=5, archive_path="flash:pfne-rollback"):
    try:
        return ipsec_ios.safety_net(minutes, archive_path)
    except ipsec_ios.IosPlanError as exc:
        raise AnsibleFilterError(str(exc))


# The public parse_* filters return what they read AND the lines they did not understand
# ({'sas'|'flows'|'rows': [...], 'unparsed': [...]}); nothing is dropped silently.
def parse_isakmp_sa(text):
    return ipsec_verify.read_isakmp_sa(text)


def parse_ios_crypto_ipsec_sa(text):
    return ipsec_verify.read_ipsec_sa(text)


def _routeros_rows(text):
    rows, skipped = routeros_parse.parse_print_report(text)
    return {"rows": rows if isinstance(rows, list) else [rows], "unparsed": list(skipped)}


def parse_routeros_ipsec_sa(text):
    return _routeros_rows(text)


def parse_ikev2_sa(text):
    return ipsec_verify.read_ikev2_sa(text)


def ipsec_tunnel_state(outputs, platform, peer, local=None, ike_version=1):
    """outputs: the verify commands' outputs: RouterOS [peers, installed-sa]; IOS [isakmp sa, ipsec sa]
    plus `show crypto ikev2 sa` third for IKEv2 tunnels."""
    if not isinstance(outputs, (list, tuple)) or len(outputs) not in (2, 3):
        raise AnsibleFilterError("ipsec_tunnel_state: outputs must be the two (IOS: two or three) command outputs")
    if platform == "ios":
        ikev2 = ipsec_verify.read_ikev2_sa(outputs[2]) if len(outputs) == 3 else None
        return ipsec_verify.ios_tunnel_state(ipsec_verify.read_isakmp_sa(outputs[0]),
                                             ipsec_verify.parse_ipsec_sa(outputs[1]), peer, ike_version, ikev2)
    if platform == "routeros":
        return ipsec_verify.routeros_tunnel_state(_routeros_rows(outputs[0])["rows"],
                                                  _routeros_rows(outputs[1])["rows"], peer, local)
    raise AnsibleFilterError("ipsec_tunnel_state: platform must be ios or routeros")


def ipsec_compare(mine, theirs, name):
    """Fields of tunnel `name` that differ between two hosts' pfne_ipsec_tunnels (values never shown)."""
    def pick(tunnels):
        for tun in _tunnels(tunnels):
            if tun["name"] == name:
                return tun
        return None
    a, b = pick(mine), pick(theirs)
    if a is None or b is None:
        return ["tunnel %s missing on one side" % name]
    return ipsec_tunnel.compare_definitions(a, b)


class FilterModule(object):
    def filters(self):
        return {
            "ipsec_validate": ipsec_validate,
            "ipsec_endpoints": ipsec_endpoints,
            "ipsec_routeros_entries": ipsec_routeros_entries,
            "ipsec_routeros_syntax": ipsec_routeros_syntax,
            "ipsec_ios_lines": ipsec_ios_lines,
            "ipsec_ios_safety_net": ipsec_ios_safety_net,
            "parse_isakmp_sa": parse_isakmp_sa,
            "parse_ios_crypto_ipsec_sa": parse_ios_crypto_ipsec_sa,
            "parse_ikev2_sa": parse_ikev2_sa,
            "parse_routeros_ipsec_sa": parse_routeros_ipsec_sa,
            "ipsec_tunnel_state": ipsec_tunnel_state,
            "ipsec_compare": ipsec_compare,
        }
