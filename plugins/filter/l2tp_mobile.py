# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filters for the mikrotik_l2tp_mobile role; the logic lives in plugin_utils/l2tp/.

Documentation of each filter: the YAML file of the same name beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
l2tp_clients = LazyModule("l2tp.clients")
l2tp_mobile = LazyModule("l2tp.mobile")
l2tp_routeros = LazyModule("l2tp.routeros")
routeros_family = LazyModule("routeros.family")
verify_utils = LazyModule("l2tp.verify")


def _model(config):
    try:
        model, _warnings = l2tp_mobile.normalize(config)
    except l2tp_mobile.L2tpConfigError as exc:
        raise AnsibleFilterError("l2tp_mobile: %s" % exc)
    return model


def l2tp_validate(config):
    """{'errors': [...], 'warnings': [...]} - never contains a password or the PSK."""
    return l2tp_mobile.check(config)


def l2tp_entries(config, version):
    """Desired RouterOS entries for the device version: {'family', 'entries'}."""
    try:
        return l2tp_routeros.render(_model(config), version)
    except l2tp_routeros.L2tpVersionError as exc:
        raise AnsibleFilterError("l2tp_mobile: %s" % exc)


def l2tp_client_files(config):
    """[{'path', 'content'}] client profiles (Windows .ps1 and Apple .mobileconfig per user)."""
    try:
        return l2tp_clients.client_files(_model(config))
    except ValueError as exc:
        raise AnsibleFilterError("l2tp_mobile: %s" % exc)


def l2tp_client_stale(config, plan=None):
    """File names of client profiles to delete (absent, disabled or removed users)."""
    entries = plan.get("entries") if isinstance(plan, dict) else plan
    return l2tp_clients.stale_files(_model(config), entries)


def l2tp_parse(text, kind):
    """Parse RouterOS output: kind is server, secrets, active or version."""
    parsers = {
        "server": verify_utils.parse_server,
        "secrets": verify_utils.parse_secrets,
        "active": verify_utils.parse_active,
        "version": verify_utils.parse_version,
    }
    if kind not in parsers:
        raise AnsibleFilterError("l2tp_parse: kind must be one of %s" % ", ".join(sorted(parsers)))
    return parsers[kind](text)


def l2tp_verify(config, version, server_text, secrets_text, active_text=None):
    """Read-back verdict {'ok', 'problems', 'sessions', 'server'} (no secrets)."""
    try:
        family = routeros_family.family(version)
    except routeros_family.RouterOSVersionError as exc:
        raise AnsibleFilterError("l2tp_mobile: %s" % exc)
    return verify_utils.verify(_model(config), family, server_text, secrets_text, active_text)


class FilterModule(object):
    def filters(self):
        return {
            "l2tp_validate": l2tp_validate,
            "l2tp_entries": l2tp_entries,
            "l2tp_client_files": l2tp_client_files,
            "l2tp_client_stale": l2tp_client_stale,
            "l2tp_parse": l2tp_parse,
            "l2tp_verify": l2tp_verify,
        }
