# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One table for the IOS / IOS-XE crypto objects: each row parses a running-config line
(`getval`), says where it lands in the model (`result`) and renders the line back (`setval`),
with ansible.netcommon's NetworkTemplate as cisco.ios's rm_templates do.

A row with `section` belongs under that header row (its captures are shared with the children).
String values go through `tojson` so that NetworkTemplate's literal_eval keeps them strings
(a PSK or an ACL name such as `0x1234` or `101` must not turn into a number).

Real formats the rows accept (samples and sources: tests/unit/fixtures/ipsec/SOURCES.md):
  * `crypto isakmp key KEY address A         no-xauth`: IOS pads the address before `no-xauth`
    and drops a host mask (IOS 15.2 running-config); `crypto isakmp key 6 CIPHER address A ...`
    with `password encryption aes` (Cisco "Encrypted Preshared Key" guide).
  * named ACL entries: IOS 15 prints ` permit ip ...` / ` deny   ip ...` (the action padded),
    IOS-XE 16/17 print the sequence number first (` 10 permit ip ...`).
  * IKEv2 keyring peers print `pre-shared-key 6 CIPHER` with `password encryption aes`.
  * IOS-XE prints a trailing space after some names (`crypto ikev2 proposal NAME `, `crypto map M 1
    ipsec-isakmp `, ` set transform-set NAME `): lines are read right-stripped.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import re

from ansible_collections.ansible.netcommon.plugins.module_utils.network.common.rm_base.network_template import (
    NetworkTemplate,
)


def _row(name, getval, result, setval, section=None, header=False):
    return {"name": name, "getval": re.compile(getval), "result": result, "setval": setval,
            "section": section, "shared": header}


_S = "{{ %s|tojson }}"          # a string value kept a string
_MAP = {"crypto_maps": {_S % "map": {"{{ seq }}": {}}}}


def _map(**values):
    return {"crypto_maps": {_S % "map": {"{{ seq }}": dict(values)}}}


# fmt: off
PARSERS = [
    _row("version", r"^version (?P<version>\S+)$", {"version": _S % "version"}, "version {{ version }}"),
    _row("password_encryption", r"^password encryption aes$", {"password_encryption_aes": True},
         "password encryption aes"),

    # IKEv1 policy and keys
    _row("isakmp_policy", r"^crypto isakmp policy (?P<priority>\d+)$",
         {"isakmp_policies": {"{{ priority }}": {}}}, "crypto isakmp policy {{ priority }}", header=True),
    _row("isakmp_encr", r"^encr(?:yption)? (?P<encr>\S+(?: \d+)?)$",
         {"isakmp_policies": {"{{ priority }}": {"encryption": _S % "encr"}}}, "encr {{ encryption }}", "isakmp_policy"),
    _row("isakmp_hash", r"^hash (?P<hash>\S+)$",
         {"isakmp_policies": {"{{ priority }}": {"hash": _S % "hash"}}}, "hash {{ hash }}", "isakmp_policy"),
    _row("isakmp_auth", r"^authentication (?P<auth>\S+)$",
         {"isakmp_policies": {"{{ priority }}": {"authentication": _S % "auth"}}},
         "authentication {{ authentication }}", "isakmp_policy"),
    _row("isakmp_group", r"^group (?P<group>\d+)$",
         {"isakmp_policies": {"{{ priority }}": {"group": "{{ group }}"}}}, "group {{ group }}", "isakmp_policy"),
    _row("isakmp_lifetime", r"^lifetime (?P<lifetime>\d+)$",
         {"isakmp_policies": {"{{ priority }}": {"lifetime": "{{ lifetime }}"}}}, "lifetime {{ lifetime }}",
         "isakmp_policy"),
    _row("isakmp_key",
         r"^crypto isakmp key (?:(?P<type>[06]) )?(?P<key>\S+) address (?P<address>\d+\.\d+\.\d+\.\d+)"
         r"(?: (?P<mask>\d+\.\d+\.\d+\.\d+))?(?P<no_xauth>\s+no-xauth)?$",
         {"isakmp_keys": {_S % "address": {"key": _S % "key", "encrypted": "{{ type|d('0') == '6' }}",
                                           "mask": "{{ mask|d('')|tojson }}", "no_xauth": "{{ no_xauth is defined }}"}}},
         "crypto isakmp key {{ '6 ' if encrypted else '' }}{{ key }} address {{ address }}"
         "{{ ' ' + mask if mask else '' }}{{ ' no-xauth' if no_xauth else '' }}"),

    # phase 2
    _row("transform_set", r"^crypto ipsec transform-set (?P<name>\S+) (?P<transforms>.+)$",
         {"transform_sets": {_S % "name": {"transforms": _S % "transforms"}}},
         "crypto ipsec transform-set {{ name }} {{ transforms }}", header=True),
    _row("transform_mode", r"^mode (?P<mode>tunnel|transport)$",
         {"transform_sets": {_S % "name": {"mode": _S % "mode"}}}, "mode {{ mode }}", "transform_set"),

    # IKEv2
    _row("ikev2_proposal", r"^crypto ikev2 proposal (?P<name>\S+)$",
         {"ikev2_proposals": {_S % "name": {}}}, "crypto ikev2 proposal {{ name }}", header=True),
    _row("ikev2_proposal_algo", r"^(?P<what>encryption|integrity|group|prf) (?P<words>.+)$",
         {"ikev2_proposals": {_S % "name": {"{{ what }}": _S % "words"}}}, "{{ what }} {{ words }}", "ikev2_proposal"),
    _row("ikev2_policy", r"^crypto ikev2 policy (?P<name>\S+)$",
         {"ikev2_policies": {_S % "name": {}}}, "crypto ikev2 policy {{ name }}", header=True),
    _row("ikev2_policy_proposal", r"^proposal (?P<proposal>\S+)$",
         {"ikev2_policies": {_S % "name": {"proposals": {_S % "proposal": "on"}}}}, "proposal {{ proposal }}",
         "ikev2_policy"),
    _row("ikev2_policy_match", r"^match (?P<match>.+)$",
         {"ikev2_policies": {_S % "name": {"match": {_S % "match": "on"}}}}, "match {{ match }}", "ikev2_policy"),
    _row("ikev2_keyring", r"^crypto ikev2 keyring (?P<name>\S+)$",
         {"ikev2_keyrings": {_S % "name": {}}}, "crypto ikev2 keyring {{ name }}", header=True),
    _row("ikev2_keyring_peer", r"^peer (?P<peer>\S+)$",
         {"ikev2_keyrings": {_S % "name": {"peers": {_S % "peer": {}}}}}, "peer {{ peer }}", "ikev2_keyring",
         header=True),
    _row("ikev2_peer_address", r"^address (?P<address>[0-9.]+)(?: (?P<mask>[0-9.]+))?$",
         {"ikev2_keyrings": {_S % "name": {"peers": {_S % "peer": {
             "address": _S % "address", "mask": "{{ mask|d('')|tojson }}"}}}}},
         "address {{ address }}{{ ' ' + mask if mask else '' }}", "ikev2_keyring_peer"),
    _row("ikev2_peer_psk", r"^pre-shared-key (?:(?P<type>[06]) )?(?P<key>\S+)$",
         {"ikev2_keyrings": {_S % "name": {"peers": {_S % "peer": {
             "key": _S % "key", "encrypted": "{{ type|d('0') == '6' }}"}}}}},
         "pre-shared-key {{ '6 ' if encrypted else '' }}{{ key }}", "ikev2_keyring_peer"),
    _row("ikev2_profile", r"^crypto ikev2 profile (?P<name>\S+)$",
         {"ikev2_profiles": {_S % "name": {}}}, "crypto ikev2 profile {{ name }}", header=True),
    _row("ikev2_profile_match", r"^match identity remote address (?P<address>[0-9.]+)(?: (?P<mask>[0-9.]+))?$",
         {"ikev2_profiles": {_S % "name": {"match_remote": {"{{ (address + ' ' + mask|d('255.255.255.255'))|tojson }}": "on"}}}},
         "match identity remote address {{ address }} {{ mask }}", "ikev2_profile"),
    _row("ikev2_profile_match_identity",
         r"^match identity remote (?P<kind>fqdn|email) (?:(?P<domain>domain) )?(?P<value>\S+)$",
         {"ikev2_profiles": {_S % "name": {"match_identity": {
             "{{ (kind + ' ' + ('domain ' if domain is defined else '') + value)|tojson }}": "on"}}}},
         "match identity remote {{ kind }} {{ 'domain ' if domain|d(false) else '' }}{{ value }}", "ikev2_profile"),
    _row("ikev2_profile_identity_local", r"^identity local (?P<kind>address|fqdn|email|dn|key-id)(?: (?P<value>\S+))?$",
         {"ikev2_profiles": {_S % "name": {"identity_local": "{{ (kind + (' ' + value if value is defined else ''))|tojson }}"}}},
         "identity local {{ kind }}{{ ' ' + value if value|d('') else '' }}", "ikev2_profile"),
    _row("ikev2_profile_auth", r"^authentication (?P<side>remote|local) (?P<method>\S+)$",
         {"ikev2_profiles": {_S % "name": {"auth_{{ side }}": _S % "method"}}},
         "authentication {{ side }} {{ method }}", "ikev2_profile"),
    _row("ikev2_profile_keyring", r"^keyring local (?P<keyring>\S+)$",
         {"ikev2_profiles": {_S % "name": {"keyring": _S % "keyring"}}}, "keyring local {{ keyring }}", "ikev2_profile"),
    _row("ikev2_profile_lifetime", r"^lifetime (?P<lifetime>\d+)$",
         {"ikev2_profiles": {_S % "name": {"lifetime": "{{ lifetime }}"}}}, "lifetime {{ lifetime }}", "ikev2_profile"),

    # IKEv1 identity and NAT-T (printed only when not the default: address, NAT-T on)
    _row("isakmp_identity", r"^crypto isakmp identity (?P<kind>address|hostname|dn)$", {"isakmp_identity": _S % "kind"},
         "crypto isakmp identity {{ kind }}"),
    _row("nat_transparency", r"^no crypto ipsec nat-transparency udp-encapsulation$", {"nat_transparency": False},
         "crypto ipsec nat-transparency udp-encapsulation"),

    # crypto map entries
    _row("map_entry", r"^crypto map (?P<map>\S+) (?P<seq>\d+) (?P<kind>ipsec-isakmp|ipsec-manual|gdoi)(?: dynamic (?P<dynamic>\S+))?$",
         _map(kind=_S % "kind", dynamic="{{ dynamic|d('')|tojson }}"),
         "crypto map {{ map }} {{ seq }} ipsec-isakmp", header=True),
    _row("map_peer", r"^set peer (?P<peer>\S+)(?: default)?$",
         {"crypto_maps": {_S % "map": {"{{ seq }}": {"peers": {_S % "peer": "on"}}}}}, "set peer {{ peer }}", "map_entry"),
    _row("map_transform_set", r"^set transform-set (?P<tset>.+)$", _map(transform_set=_S % "tset"),
         "set transform-set {{ transform_set }}", "map_entry"),
    _row("map_pfs", r"^set pfs (?P<pfs>group\d+)$", _map(pfs=_S % "pfs"), "set pfs {{ pfs }}", "map_entry"),
    _row("map_lifetime", r"^set security-association lifetime seconds (?P<lifetime>\d+)$", _map(lifetime="{{ lifetime }}"),
         "set security-association lifetime seconds {{ lifetime }}", "map_entry"),
    _row("map_ikev2_profile", r"^set ikev2-profile (?P<profile>\S+)$", _map(ikev2_profile=_S % "profile"),
         "set ikev2-profile {{ ikev2_profile }}", "map_entry"),
    _row("map_match", r"^match address (?P<acl>\S+)$", _map(match_address=_S % "acl"),
         "match address {{ match_address }}", "map_entry"),
    _row("map_description", r"^description (?P<text>.+)$", _map(description=_S % "text"),
         "description {{ description }}", "map_entry"),

    # named extended ACLs (the crypto ACL and the NAT ACL); entries keyed by sequence number,
    # IOS's implicit 10, 20, ... where the release does not print them
    _row("acl", r"^ip access-list extended (?P<name>\S+)$", {"acls": {_S % "name": {}}},
         "ip access-list extended {{ name }}", header=True),
    _row("acl_entry", r"^(?:(?P<seq>\d+) )?(?P<action>permit|deny)\s+(?P<rest>.+)$",
         {"acls": {_S % "name": {"entries": {"{{ seq|d(position * 10) }}": {
             "action": _S % "action", "rest": _S % "rest", "numbered": "{{ seq is defined }}"}}}}},
         "{{ seq ~ ' ' if numbered else '' }}{{ action }} {{ rest }}", "acl"),
    _row("acl_remark", r"^(?:(?P<seq>\d+) )?remark (?P<text>.*)$", {}, "remark {{ text }}", "acl"),

    # interfaces (only the crypto map binding matters) and the NAT rule that names the NAT ACL
    _row("interface", r"^interface (?P<name>\S+)$", {"interfaces": {_S % "name": {}}}, "interface {{ name }}",
         header=True),
    _row("interface_map", r"^crypto map (?P<map>\S+)$", {"interfaces": {_S % "name": {"crypto_map": _S % "map"}}},
         "crypto map {{ crypto_map }}", "interface"),
    _row("nat_source", r"^ip nat inside source (?P<kind>list|route-map) (?P<ref>\S+) .*$",
         {"nat": {"{{ kind }}": {_S % "ref": "on"}}}, "", None),
    _row("route_map", r"^route-map (?P<name>\S+) (?P<action>permit|deny) (?P<seq>\d+)$",
         {"route_maps": {_S % "name": {"{{ seq }}": {"action": _S % "action"}}}}, "route-map {{ name }} {{ action }} {{ seq }}",
         header=True),
    _row("route_map_match", r"^match ip address (?P<acls>.+)$",
         {"route_maps": {_S % "name": {"{{ seq }}": {"acls": _S % "acls"}}}}, "match ip address {{ acls }}", "route_map"),
]
# fmt: on

# headers whose unknown child lines are reported (crypto objects and ACLs): other sections
# (interfaces, route-maps) hold much that is not ours
_STRICT = {"isakmp_policy", "transform_set", "ikev2_proposal", "ikev2_policy", "ikev2_keyring",
           "ikev2_keyring_peer", "ikev2_profile", "map_entry", "acl", "unknown_crypto"}
# a crypto section no row knows (`crypto ipsec profile X`): its lines are reported with the header;
# PKI trustpoints and certificate chains (hex dumps) are reported by their header line only
_UNKNOWN_CRYPTO = re.compile(r"^crypto (?!pki )")
_SKIP = re.compile(r"^(!|end$|Building configuration|Current configuration|$)")


class IosCryptoTemplate(NetworkTemplate):
    """Parse a running-config into the crypto model; render one line of any row."""

    PARSERS = PARSERS

    def __init__(self, lines=None, module=None):
        super(IosCryptoTemplate, self).__init__(lines=lines, tmplt=self, module=module)
        # the table's few templates are compiled once, not once per line (a large ACL has thousands)
        env = self._template.env
        env.from_string = functools.lru_cache(maxsize=512)(env.from_string)

    def parse(self):
        """{model...} plus `unparsed`: crypto lines (top level or in a crypto/ACL section) no row knows."""
        result, unparsed = {}, []
        stack = []    # (indent, row name, captures, children seen)
        for raw in self._lines:
            line = raw.rstrip()
            stripped = line.strip()
            if _SKIP.match(stripped):
                if stripped.startswith("!") or stripped == "end":
                    stack = []
                continue
            indent = len(line) - len(line.lstrip(" "))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            section = stack[-1][1] if stack else None
            if indent and section is None:
                continue          # inside a section that is not ours
            row, cap = self._match(stripped, section)
            if row is None:
                if section in _STRICT or (not indent and stripped.startswith("crypto ")):
                    unparsed.append(stripped)
                if not indent:
                    stack = [(indent, "unknown_crypto" if _UNKNOWN_CRYPTO.match(stripped) else None, {}, [0])]
                continue
            values = {}
            for _i, _n, captured, _c in stack:
                values.update(captured)
            if stack and row["name"] == "acl_entry":
                stack[-1][3][0] += 1
                values["position"] = stack[-1][3][0]
            values.update(cap)
            if row["result"]:
                _merge(result, self._deepformat(row["result"], values))
            if row["shared"]:
                stack.append((indent, row["name"], dict(values), [0]))
        result["unparsed"] = unparsed
        return result

    def _match(self, line, section):
        """The first row of `section` whose getval matches, with its captures."""
        for row in self.PARSERS:
            if row["section"] != section:
                continue
            m = row["getval"].match(line)
            if m:
                return row, dict((k, v) for k, v in m.groupdict().items() if v is not None)
        return None, None

    def line(self, name, data, negate=False):
        return self.render(data, name, negate)


def _merge(into, new):
    """Merge one line's result into the model in place (netcommon's dict_merge copies the whole model per
    line, which is quadratic on a running-config with long ACLs)."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def parse(text):
    return IosCryptoTemplate(lines=(text or "").splitlines()).parse()


_RENDERER = []


def render(row, negate=False, **data):
    """One configuration line of `row` from `data` (the row's setval); negate: the `no` form."""
    if not _RENDERER:
        _RENDERER.append(IosCryptoTemplate())
    return _RENDERER[0].line(row, data, negate)
