# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filters for the wlc_mic_ignore role; the logic lives in plugin_utils/wlc/.

Documentation of each filter: the YAML file of the same name beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
wlc_aireos = LazyModule("wlc.aireos")
wlc_aplog = LazyModule("wlc.aplog")
wlc_c9800 = LazyModule("wlc.c9800")
wlc_certs = LazyModule("wlc.certs")
wlc_serial = LazyModule("wlc.serial")
wording = LazyModule("wlc.wording")


def _call(name, func, *args):
    try:
        return func(*args)
    except ValueError as exc:  # every parser error derives from ValueError
        raise AnsibleFilterError("%s: %s" % (name, exc))


def _report(name, func, key, text):
    """{key: what the parser read, 'unparsed': the lines it did not understand}."""
    unparsed = []
    return {key: _call(name, func, text, unparsed), "unparsed": unparsed}


def parse_wlc_ap_inventory(text):
    """AireOS show ap inventory all -> {aps: [{name, pid, vid, serial, descr}], unparsed}."""
    return _report("parse_wlc_ap_inventory", wlc_aireos.parse_ap_inventory, "aps", text)


def parse_wlc_join_stats(text):
    """AireOS show ap join stats summary all -> {aps: [{base_mac, ethernet_mac, name, ip, joined}], unparsed}."""
    return _report("parse_wlc_join_stats", wlc_aireos.parse_join_stats, "aps", text)


def parse_wlc_certificates(text):
    """AireOS show certificate all -> {certificates: [{name, subject, issuer, ..., valid_to}], unparsed}."""
    return _report("parse_wlc_certificates", wlc_certs.parse_wlc_certificates, "certificates", text)


def parse_pki_certificates(text):
    """IOS / IOS-XE / AP show crypto pki certificates -> {certificates: [one dict per block], unparsed}."""
    return _report("parse_pki_certificates", wlc_certs.parse_pki_certificates, "certificates", text)


def parse_c9800_join_summary(text):
    """9800 show wireless stats ap join summary -> {aps: [rows with failure phase and reason], unparsed}."""
    return _report("parse_c9800_join_summary", wlc_c9800.parse_join_summary, "aps", text)


def parse_capwap_log(text):
    """AP log text -> {events: [{timestamp, mnemonic, peer, kind, text, detail, ...}], unparsed}."""
    return _call("parse_capwap_log", wlc_aplog.capwap_log_report, text)


def cisco_serial_date(serial):
    """Cisco serial -> {serial, year, week, manufactured, mic_expires, ...}."""
    return _call("cisco_serial_date", wlc_serial.decode_serial, serial)


def cert_expiry(certs, as_of=None, warn_days=90):
    """Certificates (a list, or a parse_*_certificates result) -> list with days_left and state."""
    if isinstance(certs, dict) and "certificates" in certs:
        certs = certs["certificates"]
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
