# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Catalyst 9800 configuration the expired-MIC fix owns, as parse/render rows (ansible.netcommon
NetworkTemplate, the same table style and parser as ios_crypto_template.py): PKI certificate maps on
the AP manufacturing CA issuers, and the trustpool policy line that allows them expired.

IOS-XE prints the certificate-map issuer value lower case (``issuer-name co cisco manufacturing ca``),
so a second run compares equal.  Lines of the trustpool policy and of other PKI sections that are not
the fix's own (``chain-validation``, trustpoints, certificate chains) are left to the controller.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import textwrap

from ansible_collections.pfne.netops.plugins.plugin_utils.ios.crypto_template import IosCryptoTemplate, _row

_S = "{{ %s|tojson }}"
# fmt: off
PARSERS = [
    _row("cert_map", r"^crypto pki certificate map (?P<name>\S+) (?P<seq>\d+)$",
         {"maps": {_S % "name": {"{{ seq }}": {}}}}, "crypto pki certificate map {{ name }} {{ seq }}", header=True),
    _row("cert_map_issuer", r"^issuer-name co (?P<issuer>.+)$",
         {"maps": {_S % "name": {"{{ seq }}": {"issuers": {"{{ issuer|lower|trim|tojson }}": "on"}}}}},
         "issuer-name co {{ issuer }}", "cert_map"),
    _row("trustpool", r"^crypto pki trustpool policy$", {"trustpool": {}}, "crypto pki trustpool policy", header=True),
    _row("trustpool_allow_expired", r"^match certificate (?P<map>\S+) allow expired-certificate$",
         {"trustpool": {"allow_expired": {_S % "map": "on"}}},
         "match certificate {{ map }} allow expired-certificate", "trustpool"),
]
# fmt: on


class C9800PkiTemplate(IosCryptoTemplate):
    PARSERS = PARSERS


_RENDERER = []


def parse(text):
    """``show running-config | section crypto pki`` -> {'maps': {name: {seq: {'issuers': {...}}}},
    'trustpool': {'allow_expired': {map: 'on'}}, 'unparsed': [...]}."""
    return C9800PkiTemplate(lines=textwrap.dedent(text or "").splitlines()).parse()


def render(row, negate=False, **data):
    """One configuration line of ``row`` (its setval); negate: the ``no`` form."""
    if not _RENDERER:
        _RENDERER.append(C9800PkiTemplate())
    return _RENDERER[0].line(row, data, negate)
