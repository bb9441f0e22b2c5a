# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filters for the wlc_mic_ignore role; the logic lives in plugin_utils/wlc_*.py.

Documentation of each filter: the YAML file of the same name beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils import wlc_aireos, wlc_aplog, wlc_c9800, wlc_certs, wlc_serial
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import wording


def _call(name, func, *args):
    try:
        return func(*args)
    except ValueError as exc:  # every parser error derives from ValueError
        raise AnsibleFilterError("%s: %s" % (name, exc))


def parse_wlc_ap_inventory(text):
    """AireOS show ap inventory all -> [{name, pid, vid, serial, descr}]."""
    return _call("parse_wlc_ap_inventory", wlc_aireos.parse_ap_inventory, text)


def parse_wlc_join_stats(text):
    """AireOS show ap join stats summary all -> [{base_mac, ethernet_mac, name, ip, joined}]."""
    return _call("parse_wlc_join_stats", wlc_aireos.parse_join_stats, text)


def parse_wlc_certificates(text):
    """AireOS show certificate all -> [{name, subject, issuer, serial_number, valid_from, valid_to, ...}]."""
    return _call("parse_wlc_certificates", wlc_certs.parse_wlc_certificates, text)


def parse_pki_certificates(text):
    """IOS / IOS-XE / AP show crypto pki certificates -> one dict per block."""
    return _call("parse_pki_certificates", wlc_certs.parse_pki_certificates, text)


def parse_c9800_join_summary(text):
    """9800 show wireless stats ap join summary -> rows with failure phase and reason."""
    return _call("parse_c9800_join_summary", wlc_c9800.parse_join_summary, text)


def parse_capwap_log(text):
    """AP log text -> [{timestamp, mnemonic, peer, kind, text}]."""
    return _call("parse_capwap_log", wlc_aplog.parse_capwap_log, text)


def cisco_serial_date(serial):
    """Cisco serial -> {serial, year, week, manufactured, mic_expires, ...}."""
    return _call("cisco_serial_date", wlc_serial.decode_serial, serial)


def cert_expiry(certs, as_of=None, warn_days=90):
    """Certificates -> same list with days_left and state (expired/expiring/valid)."""
    return _call("cert_expiry", wlc_certs.cert_expiry, certs, as_of, warn_days)


def wlc_mic_joined(before, after):
    """Of the APs not joined in the first audit, which joined in the re-audit: {blocked, joined, still_out, msg}."""
    return _call("wlc_mic_joined", wording.joined_after, before, after)


class FilterModule(object):
    def filters(self):
        return {
            "parse_wlc_ap_inventory": parse_wlc_ap_inventory,
            "parse_wlc_join_stats": parse_wlc_join_stats,
            "parse_wlc_certificates": parse_wlc_certificates,
            "parse_pki_certificates": parse_pki_certificates,
            "parse_ap_pki_certificates": parse_pki_certificates,
            "parse_c9800_join_summary": parse_c9800_join_summary,
            "parse_capwap_log": parse_capwap_log,
            "cisco_serial_date": cisco_serial_date,
            "cert_expiry": cert_expiry,
            "wlc_mic_joined": wlc_mic_joined,
        }
