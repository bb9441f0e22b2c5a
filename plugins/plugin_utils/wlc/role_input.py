# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every input of the wlc_mic_ignore role, checked before the first device contact.

``check(values)`` takes the role's variables without their ``wlc_mic_ignore_`` prefix (plus
``ap_names``: {AP inventory host: its name on the controller}) and returns one message per problem,
each naming the variable; values that could hold a line break are shown escaped (``%r``).

Limits (collection limits, chosen for real fleets; each message gives the number):
``aps`` and ``known_aps`` at most MAX_APS (6000: the AP capacity of the largest controllers,
Catalyst 9800-80 and AireOS 8540), ``ap_hosts`` at most MAX_AP_HOSTS (200 AP logins in one run),
``warn_days`` 0-MAX_WARN_DAYS (3650: the 10-year MIC lifetime), ``verify_retries`` 1-MAX_RETRIES,
``verify_delay`` 0-MAX_DELAY seconds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import parse_as_of
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.collect import AP_NAME_RE
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import CERT_TYPES, MAP_NAME_RE
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.serial import try_decode_serial

PREFIX = "wlc_mic_ignore_"
MAX_APS = 6000
MAX_AP_HOSTS = 200
MAX_WARN_DAYS = 3650
MAX_RETRIES = 100
MAX_DELAY = 600
AP_NAME_RULE = "AP names are 1-64 characters without control characters or line breaks"


def _int_in(values, key, low, high, errors):
    value = values.get(key)
    try:
        number = int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or str(number) != str(value).strip():
        errors.append("%s%s: expected a whole number, got %r" % (PREFIX, key, value))
    elif not low <= number <= high:
        errors.append("%s%s: must be %d to %d, got %d" % (PREFIX, key, low, high, number))


def _numbers(values, errors):
    _int_in(values, "warn_days", 0, MAX_WARN_DAYS, errors)
    _int_in(values, "verify_retries", 1, MAX_RETRIES, errors)
    _int_in(values, "verify_delay", 0, MAX_DELAY, errors)


def _choices(values, errors):
    if values.get("force") is True and values.get("state") == "disabled":
        errors.append("%sforce: true cannot be combined with %sstate: disabled (force only enables the "
                      "allowance; disabled always reverts it)" % (PREFIX, PREFIX))
    types = values.get("cert_types")
    if not isinstance(types, list) or not types:
        errors.append("%scert_types: must list at least one of %s" % (PREFIX, ", ".join(CERT_TYPES)))
    elif any(t not in CERT_TYPES for t in types):
        errors.append("%scert_types: only %s are known, got %r" % (PREFIX, ", ".join(CERT_TYPES), types))
    name = values.get("map_name")
    if not isinstance(name, str) or not MAP_NAME_RE.fullmatch(name):
        errors.append("%smap_name: 1-64 letters, digits, '_', '-', '.' (no spaces, quotes or line breaks), "
                      "got %r" % (PREFIX, name))
    as_of = values.get("as_of")
    if as_of not in (None, ""):
        try:
            parse_as_of(as_of)
        except ValueError:
            errors.append("%sas_of: expected an ISO 8601 date such as 2026-01-31, got %r" % (PREFIX, as_of))


def _names(field, names, errors, limit=MAX_APS):
    if len(names) > limit:
        errors.append("%s%s: %d entries; at most %d" % (PREFIX, field, len(names), limit))
        return
    bad = [n for n in names if not isinstance(n, str) or not AP_NAME_RE.fullmatch(n)]
    if bad:
        errors.append("%s%s: %s, got %r" % (PREFIX, field, AP_NAME_RULE, bad[0]))


def _known_aps(known, errors):
    if not isinstance(known, list):
        errors.append("%sknown_aps: expected a list of {name, serial[, mac, model]}" % PREFIX)
        return
    if len(known) > MAX_APS:
        errors.append("%sknown_aps: %d entries; at most %d" % (PREFIX, len(known), MAX_APS))
        return
    for idx, ap in enumerate(known):
        field = "%sknown_aps[%d]" % (PREFIX, idx)
        if not isinstance(ap, dict) or not ap.get("name") or not ap.get("serial"):
            errors.append("%s: needs name and serial" % field)
            continue
        for key in ("name", "mac", "model"):
            if key in ap and not (isinstance(ap[key], str) and AP_NAME_RE.fullmatch(ap[key])):
                errors.append("%s.%s: 1-64 characters without control characters or line breaks, got %r"
                              % (field, key, ap[key]))
        err = try_decode_serial(ap["serial"])[1]
        if err:
            errors.append("%s.serial: %s" % (field, err))


def _aps(values, errors):
    aps = values.get("aps")
    if not isinstance(aps, list):
        errors.append("%saps: expected a list of AP names" % PREFIX)
    else:
        _names("aps", aps, errors)
    _known_aps(values.get("known_aps"), errors)
    outputs = values.get("ap_outputs")
    if not isinstance(outputs, dict):
        errors.append("%sap_outputs: expected {AP name: {certificates: text, log: text}}" % PREFIX)
    else:
        _names("ap_outputs", list(outputs), errors)
    hosts = values.get("ap_hosts")
    if not isinstance(hosts, list):
        errors.append("%sap_hosts: expected a list of inventory host names" % PREFIX)
        return
    _names("ap_hosts", hosts, errors, MAX_AP_HOSTS)
    names = values.get("ap_names") or {}
    bad = sorted((h, n) for h, n in names.items() if not isinstance(n, str) or not AP_NAME_RE.fullmatch(n))
    if bad:
        errors.append("wlc_ap_name of AP host %r: %s, got %r" % (bad[0][0], AP_NAME_RULE, bad[0][1]))


def check(values):
    """[message, ...] (empty when every input is usable); never raises on a bad value."""
    errors = []
    _numbers(values, errors)
    _choices(values, errors)
    _aps(values, errors)
    return errors
