# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the read-only audit commands through a ``run(command) -> text`` callable.

The action plugin passes a function that sends one command over the
persistent network_cli connection; tests pass a dict lookup.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import aireos
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import c9800
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.aplog import capwap_log_report
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.audit import (
    Fleet,
    add_ap_evidence,
    add_joins,
    add_wlc_events,
    assess,
    decide,
    summarize,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import (
    cert_expiry,
    check_warn_days,
    parse_as_of,
    parse_pki_certificates,
    parse_wlc_certificates,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.fix import FixInputError, aireos_command_name
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.serial import try_decode_serial

PLATFORMS = ("aireos", "c9800")
AIREOS_STATE_COMMAND = "show run-config commands"
# The only commands the state may be read with (read-only; a free-form command reached the
# controller even in check mode before, issue 14).
STATE_COMMANDS = (AIREOS_STATE_COMMAND,
                  'grep include "ap cert-expiry-ignore" "show run-config commands"',
                  'grep include "ap cert-expiry-ignore mic enable" "show run-config commands"')
# Output size matters: network_cli (libssh) searches the whole response so far with
# every prompt/error regex after each read, so a reply's cost grows with its square.
# `show ap config general` is ~170 lines per AP; IOS-XE `| include` with a regex
# alternation keeps the lines the audit reads. The join table keeps only the APs that
# are not joined (joined ones are "Registered" in the first command).
C9800_AP_GENERAL = ("show ap config general | include ^Cisco AP Name|^MAC Address|^AP Model"
                    "|^AP Serial Number|^Operation State|^AP Certificate Expiry")
C9800_JOIN = "show wireless stats ap join summary | include Number of APs|Not Joined"
COMMANDS = {
    "aireos": ["show sysinfo", "show ap inventory all", "show ap join stats summary all",
               "show msglog", "show certificate all", AIREOS_STATE_COMMAND],
    "c9800": ["show version", C9800_AP_GENERAL,
              C9800_JOIN, "show wireless management trustpoint",
              "show crypto pki certificates <trustpoint>",
              "show running-config | section crypto pki"],
}
TRUSTPOINT_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
AP_NAME_RE = re.compile(r"[^\x00-\x1f\x7f]{1,64}")
DEFAULTS = {
    "as_of": None, "warn_days": 90, "aps": [], "known_aps": [], "ap_outputs": {},
    "force": False, "treat_cert_failures_as_expired": False, "read_msglog": True,
    "state_command": AIREOS_STATE_COMMAND,
}


class AuditInputError(ValueError):
    """Options that are wrong before anything is sent."""


def platform_from_network_os(network_os):
    """ansible_network_os -> 'aireos' | 'c9800'."""
    name = (network_os or "").split(".")[-1].lower()
    if name in ("aireos", "cisco_wlc", "wlc"):
        return "aireos"
    if name in ("ios", "iosxe", "ios_xe", "c9800"):
        return "c9800"
    raise AuditInputError(
        "ansible_network_os %r: expected an AireOS cliconf (pfne.netops.aireos) or cisco.ios.ios for a 9800"
        % (network_os,))


def check_state_command(command):
    if command not in STATE_COMMANDS:
        raise AuditInputError("state_command: expected one of %s; got %r"
                              % (" | ".join(STATE_COMMANDS), command))
    return command


def check_options(options):
    """Validate and complete options; raises AuditInputError naming the field."""
    opts = dict(DEFAULTS)
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise AuditInputError("unknown option(s): %s" % ", ".join(sorted(unknown)))
    opts.update(dict((k, v) for k, v in options.items() if v is not None))
    try:
        opts["warn_days"] = check_warn_days(opts["warn_days"])
        opts["as_of"] = parse_as_of(opts["as_of"]).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError as exc:
        raise AuditInputError(str(exc))
    if not isinstance(opts["aps"], list) or not all(isinstance(a, str) and a for a in opts["aps"]):
        raise AuditInputError("aps: expected a list of AP names")
    for field, names in (("aps", opts["aps"]), ("ap_outputs", list(opts["ap_outputs"] or {}))):
        bad = [n for n in names if not isinstance(n, str) or not AP_NAME_RE.fullmatch(n)]
        if bad:
            raise AuditInputError("%s: AP names are 1-64 characters without control characters or line "
                                  "breaks; got %r" % (field, bad[0]))
    if not isinstance(opts["known_aps"], list):
        raise AuditInputError("known_aps: expected a list of {name, serial[, mac, model]}")
    for idx, ap in enumerate(opts["known_aps"]):
        if not isinstance(ap, dict) or not ap.get("name") or not ap.get("serial"):
            raise AuditInputError("known_aps[%d]: needs name and serial" % idx)
        if not isinstance(ap["name"], str) or not AP_NAME_RE.fullmatch(ap["name"]):
            raise AuditInputError("known_aps[%d].name: AP names are 1-64 characters without control characters "
                                  "or line breaks; got %r" % (idx, ap["name"]))
        _info, err = try_decode_serial(ap["serial"])
        if err:
            raise AuditInputError("known_aps[%d].serial: %s" % (idx, err))
    check_state_command(opts["state_command"])
    if not isinstance(opts["ap_outputs"], dict):
        raise AuditInputError("ap_outputs: expected {ap name: {certificates: text, log: text}}")
    return opts


def _read(unparsed, command, parse, text):
    """parse(text) keeping the lines it did not understand under unparsed[command]."""
    lines = []
    result = parse(text, lines)
    if lines:
        unparsed[command] = lines
    return result


def _aireos(run, opts, fleet, unparsed):
    facts = aireos.parse_sysinfo(run("show sysinfo"))
    inv_text = run("show ap inventory all")
    inventory = _read(unparsed, "show ap inventory all", aireos.parse_ap_inventory, inv_text)
    if not inventory and inv_text.strip():
        raise aireos.WlcParseError("show ap inventory all: output has no 'Inventory for <AP>' block: %r"
                                   % inv_text.strip()[:120])
    for ap in inventory:  # AireOS inventories only the APs that are joined
        fleet.add(ap["name"], model=ap["pid"], serial=ap["serial"], join_state="joined")
    add_joins(fleet, _read(unparsed, "show ap join stats summary all", aireos.parse_join_stats,
                           run("show ap join stats summary all")))
    if opts["read_msglog"]:
        add_wlc_events(fleet, aireos.parse_msglog(run("show msglog")))
    wlc_certs = _read(unparsed, "show certificate all", parse_wlc_certificates, run("show certificate all"))
    state = aireos.parse_cert_ignore_state(run(opts["state_command"]))
    try:
        facts["allowance_command"], facts["allowance_refused"] = aireos_command_name(facts["version"]), None
    except FixInputError as exc:
        facts["allowance_command"], facts["allowance_refused"] = None, str(exc)
    facts.update({"ignore_state": state, "ignore_enabled": bool(state.get("mic"))})
    return facts, wlc_certs


def _c9800(run, opts, fleet, unparsed):
    facts = c9800.parse_show_version(run("show version"))
    # `show ap summary` adds nothing the next two commands do not print (name, model,
    # MACs, IP) and doubles the read on a large controller; parse_ap_summary stays public.
    for ap in c9800.parse_ap_config_general(run(C9800_AP_GENERAL)):
        rec = fleet.add(ap["name"], ap["mac"], model=ap["model"], serial=ap["serial"], ip=ap["ip"],
                        actual_expiry=ap["certificate_expiry"])
        if (ap["operation_state"] or "").lower() == "registered":
            rec["join_state"] = "joined"
    add_joins(fleet, _read(unparsed, C9800_JOIN, c9800.parse_join_summary, run(C9800_JOIN)))
    facts["trustpoint"] = c9800.parse_management_trustpoint(run("show wireless management trustpoint"))
    wlc_certs = []
    name = facts["trustpoint"]["trustpoint_name"]
    if TRUSTPOINT_RE.fullmatch(name):  # the controller's own name, still checked before it is sent
        command = "show crypto pki certificates %s" % name
        for cert in _read(unparsed, command, parse_pki_certificates, run(command)):
            if cert["kind"] == "certificate" and name in cert["trustpoints"]:
                wlc_certs.append({"name": "%s device cert" % name, "subject": cert["subject"].get("cn"),
                                  "issuer": cert["issuer"].get("cn"), "serial_number": cert["serial_number"],
                                  "valid_from": cert["valid_from"], "valid_to": cert["valid_to"],
                                  "valid_to_wrapped": cert["valid_to_wrapped"],
                                  "valid_to_printed": cert.get("valid_to_printed")})
    state = c9800.parse_pki_allow_expired(run("show running-config | section crypto pki"))
    manuf = [i for i in state["allowed_issuers"] if "manufacturing ca" in i]
    facts.update({"ignore_state": dict(state, mic=bool(manuf)), "ignore_enabled": bool(manuf),
                  "allowance_command": "crypto pki trustpool policy", "allowance_refused": None})
    return facts, wlc_certs


def run_audit(run, platform, options=None):
    """Read the controller and return the audit dict (nothing is changed)."""
    if platform not in PLATFORMS:
        raise AuditInputError("platform: expected aireos or c9800, got %r" % (platform,))
    opts = check_options(options or {})
    sent = []

    def _run(command):
        sent.append(command)
        return run(command)

    fleet = Fleet()
    for ap in opts["known_aps"]:
        fleet.add(ap["name"], ap.get("mac"), serial=ap["serial"], model=ap.get("model"))
    unparsed = {}
    facts, wlc_certs = (_aireos if platform == "aireos" else _c9800)(_run, opts, fleet, unparsed)
    known = set(a["name"] for a in fleet.aps if a["name"])
    missing = [n for n in opts["aps"] + list(opts["ap_outputs"]) if n not in known]
    if missing:
        raise AuditInputError("aps: unknown AP name(s) on this controller: %s" % ", ".join(sorted(set(missing))))
    evidence = {}
    for name, outs in opts["ap_outputs"].items():
        log = capwap_log_report(outs.get("log") or "")
        evidence[name] = {
            "certificates": _read(unparsed, "%s: show crypto pki certificates" % name, parse_pki_certificates,
                                  outs.get("certificates") or ""),
            "log_events": log["events"], "unparsed": log["unparsed"],
        }
    add_ap_evidence(fleet, evidence)
    wlc_certs = cert_expiry(wlc_certs, opts["as_of"], opts["warn_days"]) if wlc_certs else []
    records = assess(fleet, opts["as_of"], opts["warn_days"], wlc_certs, platform)
    if opts["aps"]:
        records = [r for r in records if r["name"] in opts["aps"]]
    decision = decide(records, platform, facts["ignore_state"], opts["force"],
                      opts["treat_cert_failures_as_expired"])
    if facts.get("allowance_refused") and decision["fix_needed"]:
        decision["reasons"].append(facts["allowance_refused"])
    return {
        "controller": facts.get("system_name"),
        "platform": platform,
        "version": facts.get("version"),
        "as_of": opts["as_of"],
        "warn_days": opts["warn_days"],
        "ignore_state": facts["ignore_state"],
        "allowance_command": facts.get("allowance_command"),
        "allowance_refused": facts.get("allowance_refused"),
        "wlc_certificates": wlc_certs,
        "trustpoint": facts.get("trustpoint"),
        "aps": records,
        "summary": summarize(records),
        "decision": decision,
        "commands": sent,
        "unparsed": unparsed,
    }
