"""Differential parsing: each public parse_* filter of the collection that has an independent
counterpart, run with it on the lab's output and on every real sample of that command in
tests/unit/fixtures; the fields both report must be equal.

`divergences` names the samples where the two disagree for a known reason (the independent
parser is wrong or stricter on a real format); the test asserts the disagreement is still there.
"""
import os
from dataclasses import dataclass, field
from typing import Callable

from ansible_collections.pfne.netops.plugins.filter import ipsec_site, l2tp_mobile, parse_asa_capture, wlc_mic

from . import facts
from .conformance_cases import NTC_AP_EA, NTC_AP_PKI, fill, genie_pki_certs
from .lab_cli import ROOT, lab_cli

FIXTURES = os.path.join(ROOT, "tests", "unit", "fixtures")
FILTERS = {}
for _module in (ipsec_site, l2tp_mobile, parse_asa_capture, wlc_mic):
    FILTERS.update(_module.FilterModule().filters())

# Our parse filters with no counterpart in genieparser or ntc-templates (checked in their indexes).
NO_COUNTERPART = {
    "parse_routeros_ipsec_sa": "ntc-templates has no RouterOS `/ip ipsec` template; genie has no RouterOS parsers",
    "parse_asa_capture": "neither has a `show capture` parser (FIELD-FACTS: Cisco ASA capture)",
    "parse_wlc_ap_inventory": "no `cisco_wlc_ssh` template for `show ap inventory all`; genie's aireos parsers cover "
                              "only `show boot` and `ping`",
    "parse_wlc_join_stats": "no template or parser for AireOS `show ap join stats summary all`",
    "parse_wlc_certificates": "no template or parser for AireOS `show certificate all`",
    "l2tp_parse server/secrets/active": "ntc-templates has no `/interface l2tp-server`, `/ppp secret` or `/ppp active` "
                                         "template (its `version` kind is compared with `/system resource print`)",
}


@dataclass(frozen=True)
class Sample:
    name: str                    # "lab <host>" or the fixture path under tests/unit/fixtures
    host: str = ""
    command: str = ""
    may_be_empty: bool = False   # a real "nothing to show" answer

    def text(self):
        if self.host:
            return lab_cli().run(self.host, self.command)
        with open(os.path.join(FIXTURES, self.name)) as handle:
            return handle.read()


@dataclass(frozen=True)
class Differential:
    filter: str
    command: str
    judge: str
    theirs: Callable             # judge's parse -> the common fields, normalised
    mine: Callable               # our filter's result -> the same fields
    samples: tuple
    divergences: dict = field(default_factory=dict)   # sample name -> (symptom seen in the mismatch, why)
    args: tuple = ()             # the filter's arguments after the text

    def ours(self, text):
        return self.mine(FILTERS[self.filter](text, *self.args))

    @property
    def name(self):
        return " ".join((self.filter,) + self.args)

    @property
    def id(self):
        return "%s|%s" % (self.name, self.judge)


# ------------------------------------------------------------------ IOS IPsec
def isakmp_ours(result):
    assert result["unparsed"] == [], result["unparsed"]      # every line read (issue 28)
    return sorted((r["dst"], r["src"], r["state"], r["conn_id"], r["status"]) for r in result["sas"])


def isakmp_genie(parsed):
    return sorted((r["destination"], r["source"], r["session_state"], r["conn_id"], r["status"])
                  for family in parsed["isakmp_stats"].values() for r in family.values())


def _spi(text):
    return int(str(text).split("(")[0], 16)


def _cidr(ident):
    return "%s/%d" % (ident["addr"], sum(bin(int(o)).count("1") for o in ident["mask"].split(".")))


def ipsec_ours(result):
    assert result["unparsed"] == [], result["unparsed"]
    flows = result["flows"]
    return sorted((f["interface"], f["local_ident"]["network"], f["remote_ident"]["network"], f["current_peer"],
                   f["pkts_encaps"], f["pkts_decaps"], _spi(f["current_outbound_spi"]),
                   tuple(sorted(_spi(sa["spi"]) for sa in f["inbound_esp_sas"])),
                   tuple(sorted(_spi(sa["spi"]) for sa in f["outbound_esp_sas"])),
                   tuple(sorted(sa["transform"] for sa in f["inbound_esp_sas"] + f["outbound_esp_sas"])))
                  for f in flows)


def ipsec_genie(parsed):
    out = []
    for name, iface in parsed["interface"].items():
        for f in iface["ident"].values():
            sas_in = f.get("inbound_esp_sas", {}).get("spi", {})
            sas_out = f.get("outbound_esp_sas", {}).get("spi", {})
            out.append((name, _cidr(f["local_ident"]), _cidr(f["remote_ident"]), f["peer_ip"],
                        f["pkts_encaps"], f["pkts_decaps"], _spi(f["current_outbound_spi"]),
                        tuple(sorted(_spi(s) for s in sas_in)), tuple(sorted(_spi(s) for s in sas_out)),
                        tuple(sorted(sa["transform"] for sa in list(sas_in.values()) + list(sas_out.values())))))
    return sorted(out)


_IKEV2_FIELDS = ("tunnel_id", "local_port", "remote_port", "fvrf", "ivrf", "status", "encryption", "keysize", "prf",
                 "hash", "dh_group", "auth_sign", "auth_verify", "active_time")


def ikev2_ours(result):
    assert result["unparsed"] == [], result["unparsed"]
    sas = result["sas"]
    return sorted((sa["ip_version"], sa["local"], sa["remote"], sa["lifetime"]) + tuple(sa[k] for k in _IKEV2_FIELDS)
                  for sa in sas)


def ikev2_genie(parsed):
    return sorted((int(family[-1]), sa["local_ip"], sa["remote_ip"], sa["life_time"]) + tuple(sa[k] for k in _IKEV2_FIELDS)
                  for family, sas in parsed.items() for sa in sas.values())


# ------------------------------------------------------------------ certificates
def _iso(ios_text):
    return facts.ios_date(ios_text).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hex(serial):
    return (serial or "").upper()      # no serial line (networkoc.net's AP): empty in all three


def pki_ours(result):
    certs = result["certificates"]
    return sorted((c["kind"], _hex(c["serial_number"]), c["valid_from"], c["valid_to"],
                   c["issuer"].get("cn"), c["subject"].get("cn")) for c in certs)


def pki_genie(parsed):
    return sorted((kind, _hex(c.get("serial_number_in_hex")), _iso(c["validity_date"]["start_date"]),
                   _iso(c["validity_date"]["end_date"]), c["issuer"].get("cn"), c["subject"].get("cn"))
                  for kind, c in genie_pki_certs(parsed))


def pki_ntc(rows):
    return sorted((r["certificate_type"].lower().replace(" ", "_"), _hex(r["serial_number"]), _iso(r["start_date"]),
                   _iso(r["end_date"]), r["issuer_cn"] or None, r["subject_cn"] or None) for r in rows)


# ------------------------------------------------------------------ 9800 join summary
def join_ours(result):
    assert result["unparsed"] == [], result["unparsed"]
    rows = result["aps"]
    return sorted((facts.mac12(r["base_mac"]), facts.mac12(r["ethernet_mac"]), r["name"], r["ip"], r["joined"],
                   r["failure_phase"], r["disconnect_reason"]) for r in rows)


def join_genie(parsed):
    return sorted((facts.mac12(mac), facts.mac12(r["visitors_mac"]), r["ap_name"], r["ip_address"],
                   r["status"] == "Joined", r["failure_phase"], r["disconnect_reason"])
                  for mac, r in parsed["base_mac"].items())


# ------------------------------------------------------------------ AP log
def log_ours(result):
    return sorted((" ".join((e["timestamp"] or "").split()), e["mnemonic"] or e["kind"])   # COS: no mnemonic
                  for e in result["events"])


def log_ntc(rows):
    return sorted(("%s %s %s" % (r["month"], r["day"], r["time"]), "%s-%s-%s" % (r["facility"], r["severity"], r["mnemonic"]))
                  for r in rows if r["facility"])   # rows without a facility: continuation lines


# ------------------------------------------------------------------ RouterOS version
def version_ours(version):
    return [version]


def version_ntc(rows):
    return [row["version"].split()[0] for row in rows]     # `7.16.2 (stable)` -> the number


def _lab(host, command):
    return Sample("lab " + host, host=host, command=command)


_PKI_SAMPLES = (_lab("ap-lobby", "show crypto pki certificates"),
                Sample("wlc/ap_show_crypto_pki_certificates_expired_mic.txt"),
                Sample("wlc/ap_show_crypto_pki_certificates_flat_5033673.txt"),
                Sample("wlc/ap_show_crypto_pki_certificates_layer77.txt"),
                Sample("wlc/ios_show_crypto_pki_certificates_ntc1.txt"),
                Sample("wlc/ios_show_crypto_pki_certificates_subject_ip.txt"),
                Sample("wlc/iosxe_show_crypto_pki_certificates_3850_wrapped.txt"))
_LAYER77 = ("{symptom}", "1242 AP (2017) layout: `Certificate Serial Number: 00` without `(hex)`, one-space indents and the "
            "echoed command line; {judge} does not read it, ours does (tests/unit/wlc).")
_GENIE_MERGE = ("!= genie ios", "genie files each block under (trustpoint, kind) and merges blocks that share them: with several "
                "CA certificates (an AP's `Cisco Root CA M2` and `Cisco Manufacturing CA`, or two CAs under one "
                "trustpoint) one CA is lost and the other gets its dates; ours returns one entry per block.")
_FLAT = ("the forum copy of community.cisco.com 5033673 keeps the echoed command line and lost every indentation: "
         "{judge}; ours reads it (tests/unit/wlc).")
_NO_SERIAL = ("serial_number_in_hex", "genie's schema requires `Certificate Serial Number (hex)`; the AP of networkoc.net "
              "prints no serial line, so genie raises; ours returns the block with no serial.")
_NTC_PROMPT = ("the sample starts with the echoed command line: ntc's template stops there (TextFSM State Error); "
               "ours skips the prompt echo.")
_NTC_NO_TIMESTAMP = ("AP console messages printed without a timestamp (AIR-CT5760 notes): ntc's IOS `show logging` "
                     "template needs the timestamp and returns no row; ours reads each message from its mnemonic.")
DIFFERENTIALS = [
    Differential("parse_isakmp_sa", "show crypto isakmp sa", "genie iosxe", isakmp_genie, isakmp_ours,
                 (_lab("hq-rtr", "show crypto isakmp sa"), _lab("hq-rtr-ios15", "show crypto isakmp sa"),
                  Sample("ipsec/ios_show_crypto_isakmp_sa.txt"),
                  Sample("ipsec/ios_show_crypto_isakmp_sa_slot.txt")),
                 {"ipsec/ios_show_crypto_isakmp_sa.txt": ("'MM_NO_STATE', 29188, 'ACTIVE')",
                  "genie reads the status column as one word: `ACTIVE (deleted)` (MM_NO_STATE rows) becomes `ACTIVE`; "
                  "ours keeps `ACTIVE (deleted)` as printed."),
                  "ipsec/ios_show_crypto_isakmp_sa_slot.txt": ("KeyError: 'isakmp_stats'",
                  "genie does not know the layout with a `slot` column (KeyError in its parser); ours reads it.")}),
    Differential("parse_ios_crypto_ipsec_sa", "show crypto ipsec sa", "genie iosxe", ipsec_genie, ipsec_ours,
                 (_lab("hq-rtr", "show crypto ipsec sa"), _lab("hq-rtr-ios15", "show crypto ipsec sa"),
                  Sample("ipsec/ios_show_crypto_ipsec_sa.txt"))),
    Differential("parse_ikev2_sa", "show crypto ikev2 sa", "genie iosxe", ikev2_genie, ikev2_ours,
                 (_lab("hq-rtr", "show crypto ikev2 sa"), _lab("hq-rtr-ios15", "show crypto ikev2 sa"),
                  Sample("ipsec/iosxe_show_crypto_ikev2_sa.txt"),
                  Sample("ipsec/iosxe_show_crypto_ikev2_sa_ipv6.txt"), Sample("ipsec/ios_show_crypto_ikev2_sa_noprf.txt")),
                 {"ipsec/ios_show_crypto_ikev2_sa_noprf.txt": ("SchemaMissingKeyError",
                  "the older `Encr:` line without `PRF:` (R16 lab notes): genie's pattern needs `PRF:`, so its schema "
                  "misses the encryption, key size, hash, DH group and auth fields; ours reads them (prf null).")}),
    Differential("parse_pki_certificates", "show crypto pki certificates", "genie ios", pki_genie, pki_ours,
                 _PKI_SAMPLES, {"lab ap-lobby": _GENIE_MERGE, "wlc/ap_show_crypto_pki_certificates_expired_mic.txt": _NO_SERIAL,
                                "wlc/ap_show_crypto_pki_certificates_flat_5033673.txt": fill(
                                    ("SchemaEmptyParserError", _FLAT), judge="genie reads only indented lines (empty result)"),
                                "wlc/ios_show_crypto_pki_certificates_ntc1.txt": _GENIE_MERGE,
                                "wlc/ap_show_crypto_pki_certificates_layer77.txt":
                                fill(_LAYER77, judge="genie (empty result)", symptom="SchemaEmptyParserError"),
                                "wlc/iosxe_show_crypto_pki_certificates_3850_wrapped.txt": (
                                    "'1901-10-07T06:32:01Z'",
                                    "the 3850 printed the end of Cisco Root CA M2 and Manufacturing CA SHA2 wrapped by a "
                                    "32-bit clock (`Oct 7 1901`): genie returns the printed year, ours the real date "
                                    "(2037-11-12, flagged valid_to_wrapped); genie also merges CA blocks that share a "
                                    "trustpoint (`... Trustpool`), so its dates land on the wrong CA.")}),
    Differential("parse_pki_certificates", "show crypto pki certificates", "ntc cisco_ios", pki_ntc, pki_ours,
                 _PKI_SAMPLES, {"lab ap-lobby": NTC_AP_PKI,
                                "wlc/ap_show_crypto_pki_certificates_flat_5033673.txt": fill(
                                    ("HBL-2125.2-STRS#show crypto pki", _FLAT),
                                    judge="ntc raises on the command line (without it, on the `Trustpool` line)"),
                                "wlc/ap_show_crypto_pki_certificates_expired_mic.txt": NTC_AP_EA,
                                "wlc/ap_show_crypto_pki_certificates_layer77.txt":
                                fill(_LAYER77, judge="ntc", symptom="AP0019.e832.0320#show crypto pki"),
                                "wlc/ios_show_crypto_pki_certificates_subject_ip.txt": (
                                    "Input Line: R14#sh crypto pki cer", _NTC_PROMPT),
                                "wlc/iosxe_show_crypto_pki_certificates_3850_wrapped.txt": (
                                    "Input Line: Switch#show crypto pki cert", _NTC_PROMPT)}),
    Differential("parse_c9800_join_summary", "show wireless stats ap join summary", "genie iosxe", join_genie, join_ours,
                 (_lab("wlc-9800", "show wireless stats ap join summary"),
                  Sample("wlc/c9800_show_wireless_stats_ap_join_summary.txt"))),
    Differential("parse_capwap_log", "show logging", "ntc cisco_ios", log_ntc, log_ours,
                 (_lab("ap-lobby", "show logging"), Sample("wlc/ap_log_networkoc_cert_unknown.txt"),
                  Sample("wlc/ap_log_pki_expired.txt"), Sample("wlc/ap_log_cos_cert_error10.txt"),
                  Sample("wlc/ap_log_pki_expired_no_timestamp.txt"), Sample("wlc/ap_log_dtls_no_timestamp.txt")),
                 {"wlc/ap_log_pki_expired.txt": (
                     "('Dec 2 16:33:45.999', 'other')",
                     "IOS AP console lines without `%FAC-SEV-MNEMONIC` in this verbatim log (community.cisco.com "
                     "5353677): ntc returns no row for the two `AP has SHA2 MIC certificate ...` lines and an empty row "
                     "for `DTLS_CLIENT_ERROR: ... Certificate verified failed!`; ours reports all three (that one as "
                     "`peer_verify_failed`), as a parser that drops no input must. The independent parser is narrower here."),
                  "wlc/ap_log_pki_expired_no_timestamp.txt": ("!= ntc cisco_ios []", _NTC_NO_TIMESTAMP),
                  "wlc/ap_log_dtls_no_timestamp.txt": ("!= ntc cisco_ios []", _NTC_NO_TIMESTAMP),
                  "wlc/ap_log_cos_cert_error10.txt": (
                     "ours [(",
                     "AP-COS console lines (`[*MM/DD/YYYY HH:MM:SS.mmm] ...`, no `%FAC-SEV-MNEMONIC`): ntc's IOS "
                     "`show logging` template returns no row; ours reads them (1800/2800/3800 APs log this way).")}),
    Differential("l2tp_parse", "/system resource print", "ntc mikrotik_routeros", version_ntc, version_ours,
                 tuple(_lab(host, "/system resource print") for host in ("branch-ros6", "branch-ros64", "branch-ros7")) +
                 (Sample("l2tp/system_resource_v6.txt"), Sample("l2tp/system_resource_v7.txt"),
                  Sample("routeros/system_resource_print_6.txt"), Sample("routeros/system_resource_print_7.txt")),
                 {"routeros/system_resource_print_7.txt": (
                     "build-time: 2024-04-17",
                     "RouterOS 7.14.3 prints `build-time: 2024-04-17 12:47:58`; ntc's template only knows "
                     "`Dec/20/2023 08:41:00` (7.12 and older) and raises; ours reads the version."),
                  "lab branch-ros7": (
                     "build-time: 2024-11-04",
                     "The lab's 7.16 prints the build-time as 7.14+ do (`2024-11-04 11:58:52`, the layout of "
                     "routeros/system_resource_print_7.txt); ntc's template raises on it; ours reads the version.")},
                 args=("version",)),
]
