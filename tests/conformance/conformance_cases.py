"""Lab conformance: each command the lab serves that genieparser or ntc-templates can parse, per
lab personality, with what the parsed fields must equal in the lab's own state.

A case with `divergence` records a known disagreement: the test asserts it is still there (so a
fix shows up as a failure that asks for the entry to be dropped and docs/conformance.md regenerated).
"""
import re
from dataclasses import dataclass
from typing import Callable

from lab.devices import KINDS, wlc_fleet
from . import facts
from .lab_cli import IPSEC_DOWN, IPSEC_HUBS, IPSEC_UP, IPSEC_V2, lab_hosts

_LAB_HOSTS = {name: spec for name, spec in lab_hosts().items() if spec.get("lab_kind")}
_LABEL = {"ios": "IOS router", "c9800": "Catalyst 9800 (IOS-XE)", "ap": "IOS AP", "asa": "ASA", "aireos": "AireOS",
          "routeros": "RouterOS"}


def hosts(kind):
    """The lab inventory's hosts of one device kind: every such host gets the kind's cases."""
    return sorted(name for name, spec in _LAB_HOSTS.items() if spec["lab_kind"] == kind)


def release(host):
    """The host's software release: its lab_version, else its kind's default."""
    spec = _LAB_HOSTS[host]
    return str(spec.get("lab_version") or KINDS[spec["lab_kind"]].version).split()[0]


def personality(host):
    return "%s %s" % (_LABEL[_LAB_HOSTS[host]["lab_kind"]], release(host))


@dataclass(frozen=True)
class Case:
    command: str
    host: str
    judge: str                   # "genie <os>" or "ntc <platform>"
    check: Callable              # (parsed, lab) -> None; asserts parsed fields equal the lab's state
    divergence: str = ""         # known disagreement, explained (the test asserts it persists)
    symptom: str = ""            # text the disagreement shows (in the parser error or the mismatch)
    real_sample: str = ""        # a real sample (under tests/unit/fixtures) the independent parser fails on too

    @property
    def personality(self):
        return personality(self.host)

    @property
    def id(self):
        return "%s|%s|%s" % (self.command, self.host, self.judge)


# ------------------------------------------------------------------ show version
def _version_of(lab, host):
    return str(lab.device(host).version)


def _ios_line_version(version):
    """IOS-XE prints its release twice: `Cisco IOS XE Software, Version 16.06.05`, then the IOS line with
    `Version 16.6.5` (genieparser iosxe ShowVersion golden_output_isr4k_output.txt); parsers read the second."""
    if int(version.split(".")[0]) < 16:
        return version
    return ".".join(re.sub(r"^0(?=\d)", "", part) for part in version.split("."))


def ios_version_genie(parsed, lab, host):
    v = parsed["version"]
    dev = lab.device(host)
    xe = int(_version_of(lab, host).split(".")[0]) >= 16
    assert v["version"] == _ios_line_version(_version_of(lab, host))
    assert v.get("xe_version") == (_version_of(lab, host) if xe else None)
    assert v["hostname"] == dev.hostname_now
    assert v["os"] == ("IOS-XE" if xe else "IOS")


def ios_version_ntc(parsed, lab, host):
    (row,) = parsed
    dev = lab.device(host)
    assert row["version"] == _ios_line_version(_version_of(lab, host))
    assert row["hostname"] == dev.hostname_now


def ap_version(parsed, lab, host):
    dev = lab.device(host)
    if isinstance(parsed, list):
        (row,) = parsed
        assert (row["version"], row["hostname"], row["serial"]) == (_version_of(lab, host), dev.hostname_now, [dev.serial])
    else:
        v = parsed["version"]
        assert (v["version"], v["hostname"]) == (_version_of(lab, host), dev.hostname_now)
        assert v["chassis_sn"] == dev.serial


def asa_version(parsed, lab, host):
    dev = lab.device(host)
    if isinstance(parsed, list):
        (row,) = parsed
        version, hostname = row["version"], row["hostname"]
    else:
        version, hostname = parsed["version"]["asa_version"], parsed["version"]["hostname"]
    assert (version, hostname) == (_version_of(lab, host), dev.hostname_now)


# ------------------------------------------------------------------ show ip interface brief
def ip_interface_brief(parsed, lab, host):
    config = facts.ios_interfaces(lab.run(host, "show running-config"))
    if isinstance(parsed, list):
        seen = {r["interface"]: (None if r["ip_address"] == "unassigned" else r["ip_address"],
                                 r["status"] == "administratively down") for r in parsed}
    else:
        seen = {name: (None if r["ip_address"] == "unassigned" else r["ip_address"], r["status"] == "administratively down")
                for name, r in parsed["interface"].items()}
    assert seen == config


# ------------------------------------------------------------------ show clock
def clock(parsed, lab, host):
    if isinstance(parsed, list):
        (row,) = parsed
        day_name = row["dayweek"]
    else:
        row, day_name = parsed, parsed["day_of_week"]
    assert facts.weekday_matches(day_name, row["day"], row["month"], row["year"]), row


# ------------------------------------------------------------------ IPsec (hq-rtr against two RouterOS branches)
def isakmp_sa(parsed, lab, host):
    rows = list(parsed["isakmp_stats"]["IPv4"].values())
    by_peer = {r["destination"]: r for r in rows}
    assert set(by_peer) == {lab.wan(IPSEC_UP), lab.wan(IPSEC_DOWN)}
    assert all(r["source"] == lab.wan(host) for r in rows)
    assert by_peer[lab.wan(IPSEC_UP)]["session_state"] == "QM_IDLE"          # phase 1 done
    assert by_peer[lab.wan(IPSEC_DOWN)]["session_state"].startswith("MM_")    # PSK differs: main mode never ends
    assert len({r["conn_id"] for r in rows}) == 2


def ipsec_sa(parsed, lab, host):
    (iface,) = parsed["interface"].values()
    assert (iface["crypto_map_tag"], iface["local_addr"]) == ("CMAP", lab.wan(host))
    flows = {f["peer_ip"]: f for f in iface["ident"].values()}
    assert set(flows) == {lab.wan(IPSEC_UP), lab.wan(IPSEC_DOWN), lab.wan(IPSEC_V2)}
    for branch, up in ((IPSEC_UP, True), (IPSEC_DOWN, False), (IPSEC_V2, True)):
        flow = flows[lab.wan(branch)]
        assert (flow["local_ident"]["addr"], flow["remote_ident"]["addr"]) == (lab.lan_net(host), lab.lan_net(branch))
        assert flow["remote_crypto_endpt"] == lab.wan(branch)
        assert (flow["pkts_encaps"] > 0) is up and (flow["pkts_decaps"] > 0) is up
        assert bool(flow["inbound_esp_sas"]) is up and bool(flow["outbound_esp_sas"]) is up
        assert (flow["pfs"], flow["dh_group"]) == ("Y", "group14")
        if up:
            (out_spi,) = flow["outbound_esp_sas"]["spi"]
            assert flow["current_outbound_spi"] == out_spi
            for sa in list(flow["inbound_esp_sas"]["spi"].values()) + list(flow["outbound_esp_sas"]["spi"].values()):
                assert sa["transform"] == "esp-256-aes esp-sha256-hmac" and sa["status"] == "ACTIVE(ACTIVE)"


def ikev2_sa(parsed, lab, host):
    (sa,) = parsed["ipv4"].values()                      # only the IKEv2 entry; the IKEv1 peers are not listed
    assert (sa["local_ip"], sa["remote_ip"], sa["status"]) == (lab.wan(host), lab.wan(IPSEC_V2), "READY")
    assert (sa["encryption"], sa["keysize"], sa["prf"], sa["dh_group"]) == ("AES-CBC", 256, "SHA256", 14)  # typed
    assert parsed["ipv6"] == {}


# ------------------------------------------------------------------ AP certificates
def genie_pki_certs(parsed):
    """genie's trustpoint tree -> [(kind, cert)] (a trustpoint holds one cert or a list)."""
    out = []
    for tp in parsed["trustpoints"].values():
        for kind, certs in tp["associated_trustpoints"].items():
            for cert in certs if isinstance(certs, list) else [certs]:
                out.append((kind, cert))
    return out


def _check_mic(lab, host, serial_hex, subject_cn, start, end):
    dev = lab.device(host)
    assert facts.mac12(dev.mac) in subject_cn.lower()
    year, week = facts.serial_week(dev.serial)         # MIC issued in the manufacture week
    assert start.year == year and abs(start.isocalendar()[1] - week) <= 1, (start, dev.serial)
    assert end.year - start.year == 10                   # 10-year MIC (built 2005-2017)
    assert serial_hex


def ap_pki(parsed, lab, host):
    if isinstance(parsed, list):
        mics = [r for r in parsed if r["certificate_type"] == "Certificate"]
        (mic,) = mics
        _check_mic(lab, host, mic["serial_number"], mic["subject_cn"], facts.ios_date(mic["start_date"]),
                   facts.ios_date(mic["end_date"]))
        return
    certs = genie_pki_certs(parsed)
    (mic,) = [c for k, c in certs if k == "certificate"]
    _check_mic(lab, host, mic["serial_number_in_hex"], mic["subject"]["cn"],
               facts.ios_date(mic["validity_date"]["start_date"]), facts.ios_date(mic["validity_date"]["end_date"]))


# ------------------------------------------------------------------ AP log
def ap_logging(parsed, lab, host):
    lines = [ln for ln in lab.run(host, "show logging").splitlines() if ln.startswith("*")]
    expected = [tuple(ln.split("%")[1].split(":")[0].split("-")) for ln in lines]
    if isinstance(parsed, list):
        assert [(r["facility"], r["severity"], r["mnemonic"]) for r in parsed] == expected
    else:
        assert [tuple(ln.split("%")[1].split(":")[0].split("-")) for ln in parsed["logs"]] == expected
        assert parsed["logging"]["buffer"]["messages_logged"] >= len(lines)


# ------------------------------------------------------------------ 9800 wireless
def _fleet(lab, host):
    return wlc_fleet.fleet(lab.device(host)).aps


def c9800_ap_summary(parsed, lab, host):
    joined = {ap.name: ap for ap in _fleet(lab, host) if not ap.expired}   # no allowance configured
    if isinstance(parsed, list):
        rows = {r["ap_name"]: (r["ip_address"], facts.mac12(r["mac_address"]), facts.mac12(r["radio_mac"])) for r in parsed}
    else:
        assert parsed["ap_neighbor_count"] == len(joined)
        rows = {n: (r["ap_ip_address"], facts.mac12(r["ethernet_mac"]), facts.mac12(r["radio_mac"]))
                for n, r in parsed["ap_name"].items()}
    assert rows == {n: (ap.ip, facts.mac12(ap.eth_mac), facts.mac12(ap.base_mac)) for n, ap in joined.items()}


def c9800_join_summary(parsed, lab, host):
    aps = _fleet(lab, host)
    assert parsed["ap_count"] == len(aps)
    got = {facts.mac12(mac): (r["ap_name"], r["ip_address"], r["status"]) for mac, r in parsed["base_mac"].items()}
    assert got == {facts.mac12(ap.base_mac): (ap.name, ap.ip, "Not Joined" if ap.expired else "Joined") for ap in aps}
    failed = [r for r in parsed["base_mac"].values() if r["status"] == "Not Joined"]
    assert failed and all(r["failure_phase"] == "Dtls-Handshake" for r in failed)


def c9800_ap_config_general(parsed, lab, host):
    joined = [ap for ap in _fleet(lab, host) if not ap.expired]
    got = {n: (facts.mac12(r["cisco_ap_identifier"]), facts.mac12(r["mac_address"]), r["ip_address"], r["ap_model"],
               r["ap_serial_number"], r["operation_state"], r["ap_certificate_type"]) for n, r in parsed["ap_name"].items()}
    assert got == {ap.name: (facts.mac12(ap.base_mac), facts.mac12(ap.eth_mac), ap.ip, ap.model, ap.serial, "Registered",
                             "Manufacturer Installed Certificate") for ap in joined}


def c9800_trustpoint(parsed, lab, host):
    # the controller's own certificate for CAPWAP: a named trustpoint holding a MIC/SSC/LSC
    assert parsed["trustpoint_name"] and parsed["certificate_type"] in ("MIC", "SSC", "LSC")
    assert parsed["certificate_info"] == "Available"


def c9800_vlan(parsed, lab, host):
    ifaces = facts.ios_interfaces(lab.run(host, "show running-config"))
    if isinstance(parsed, list):
        vlans = {r["vlan_id"]: r["vlan_name"] for r in parsed}
        ports = [p for r in parsed for p in r["interfaces"]]
    else:
        vlans = {k: v["name"] for k, v in parsed["vlans"].items()}
        ports = [p for v in parsed["vlans"].values() for p in v.get("interfaces", [])]
    # IOS always has VLAN 1 and the reserved 1002-1005; member ports are interfaces of the box
    assert {"1", "1002", "1003", "1004", "1005"} <= set(vlans) and vlans["1"] == "default"
    expand = {"Gi": "GigabitEthernet", "Te": "TenGigabitEthernet"}
    assert ports and all(expand.get(p[:2], p[:2]) + p[2:] in ifaces or p in ifaces for p in ports), (ports, ifaces)


# ------------------------------------------------------------------ AireOS
def aireos_sysinfo(parsed, lab, host):
    (row,) = parsed
    dev = lab.device(host)
    assert (row["product_version"], row["system_name"], row["ip_address"]) == (dev.version, dev.hostname, dev.management_ip)


def aireos_inventory(parsed, lab, host):
    (row,) = parsed
    sysinfo = lab.run(host, "show sysinfo")
    bia = next(ln.split()[-1] for ln in sysinfo.splitlines() if ln.startswith("Burned-in MAC Address"))
    assert row["bia"] == bia                               # the same controller in both commands
    facts.serial_week(row["sn"])                           # a Cisco serial
    assert row["pid"].startswith("AIR-CT")


# ------------------------------------------------------------------ RouterOS
def ros_resource(parsed, lab, host):
    (row,) = parsed
    version = lab.device(host).spec["lab_version"]
    assert row["version"] == version
    assert row["architecture_name"] and row["board_name"]
    # build-time: `Dec/20/2023 08:41:00` up to 7.12.2, `2024-04-17 12:47:58` from 7.14.3 (real samples:
    # tests/unit/fixtures/l2tp/system_resource_v7.txt, tests/unit/fixtures/routeros/system_resource_print_7.txt)
    build_time = row["build_time"]
    assert facts.routeros_date_style(version) in (None, facts.date_style(build_time)), "build-time " + build_time


def ros_identity(parsed, lab, host):
    assert parsed == [{"name": lab.device(host).hostname}]


def ros_routerboard(parsed, lab, host):
    (row,) = parsed
    assert row["routerboard"] == "yes"
    assert row["current_firmware"] == lab.device(host).spec["lab_version"].split()[0]


def ros_ip_address(parsed, lab, host):
    spec = lab.device(host).spec
    got = {"%s/%s" % (r["ip"], r["subnet"]) for r in parsed}
    assert got == {spec["lab_wan_address"] + "/24", spec["lab_lan_address"] + "/24"}


# ------------------------------------------------------------------ ASA
def asa_interface_brief(parsed, lab, host):
    config = facts.ios_interfaces(lab.run(host, "show running-config"))
    seen = {r["interface"]: (None if r["ip_address"] == "unassigned" else r["ip_address"],
                             r["status"].startswith("admin")) for r in parsed}
    assert seen == config


def asa_access_list(parsed, lab, host):
    config = [ln.split() for ln in lab.run(host, "show running-config").splitlines() if ln.startswith("access-list ")]
    got = [(r["acl_name"], r["type"], r["action"], r["protocol"]) for r in parsed if r["action"]]
    assert got == [tuple(words[1:5]) for words in config]


# ------------------------------------------------------------------ commands the lab answers with nothing
def _leaves(parsed):
    """Every scalar in a parse result (genie dict or ntc rows): for checks that do not depend on its shape."""
    if isinstance(parsed, dict):
        return {v for item in parsed.values() for v in _leaves(item)}
    if isinstance(parsed, list):
        return {v for item in parsed for v in _leaves(item)}
    return {str(parsed)}


def ios_inventory(parsed, lab, host):
    version = lab.run(host, "show version")
    model = next(line.split()[1] for line in version.splitlines() if "bytes of memory" in line)
    assert model in _leaves(parsed), (model, parsed)      # the chassis row names the model show version prints


def ios_crypto_map(parsed, lab, host):
    leaves = _leaves(parsed)
    assert {lab.wan(IPSEC_UP), lab.wan(IPSEC_DOWN), lab.wan(IPSEC_V2)} <= leaves, parsed    # one entry per typed peer


def _bind(check, host):
    return lambda parsed, lab: check(parsed, lab, host)


_ROS_BUILD_TIME = ("build-time: 2024-11-04", "RouterOS 7.14+ prints dates as `2024-04-17 12:47:58` (7.14.3 sample "
                   "tests/unit/fixtures/routeros/system_resource_print_7.txt) and so does the lab's 7.16; ntc's template "
                   "only knows `Dec/20/2023 08:41:00` (7.12 and older) and raises: the independent parser is wrong here.",
                   "routeros/system_resource_print_7.txt")
NTC_AP_PKI = ("Trustpool cisco-m2-root-cert",
              "ntc's template takes one word after `Associated Trustpoints:` and needs a value after `Storage:`; "
              "the 3702 AP of community.cisco.com 5033673 prints `Associated Trustpoints: Trustpool cisco-m2-root-cert` "
              "and an empty `Storage:` (tests/unit/fixtures/wlc/ap_show_crypto_pki_certificates_flat_5033673.txt), "
              "as the lab does; the independent parser is wrong here.",
              "wlc/ap_show_crypto_pki_certificates_flat_5033673.txt")
NTC_AP_EA = ("ea=support@cisco.com",
             "ntc's template reads `e=` but not `ea=` under `Subject:`; the AP of networkoc.net prints "
             "`ea=support@cisco.com` after `Name:` (tests/unit/fixtures/wlc/ap_show_crypto_pki_certificates_expired_mic.txt); "
             "the independent parser is wrong here.",
             "wlc/ap_show_crypto_pki_certificates_expired_mic.txt")


def fill(pair, **values):
    """(symptom, reason) with {placeholders} filled in."""
    return tuple(part.format(**values) for part in pair)


def _cases():
    out = []

    def add(command, hosts, judges, check, divergence=("", "", "")):
        for host in hosts:
            for judge in judges:
                out.append(Case(command, host, judge, _bind(check, host), divergence[1], divergence[0], divergence[2]))

    ios, c9800, ap, asa, aireos, ros = (hosts(k) for k in ("ios", "c9800", "ap", "asa", "aireos", "routeros"))
    add("show version", ios + c9800, ["genie iosxe"], ios_version_genie)
    add("show version", ios + c9800, ["ntc cisco_ios"], ios_version_ntc)
    add("show version", ios, ["genie ios"], ios_version_genie)
    add("show version", ap, ["genie ios", "ntc cisco_ios"], ap_version)
    add("show version", asa, ["genie asa", "ntc cisco_asa"], asa_version)
    add("show interface ip brief", asa, ["ntc cisco_asa"], asa_interface_brief)
    add("show access-list", asa, ["ntc cisco_asa"], asa_access_list)
    add("show ip interface brief", ios + c9800, ["genie iosxe", "ntc cisco_ios"], ip_interface_brief)
    add("show clock", ios + c9800 + ap, ["genie iosxe", "ntc cisco_ios"], clock)
    add("show crypto isakmp sa", list(IPSEC_HUBS), ["genie iosxe"], isakmp_sa)
    add("show crypto ipsec sa", list(IPSEC_HUBS), ["genie iosxe"], ipsec_sa)
    add("show crypto ikev2 sa", list(IPSEC_HUBS), ["genie iosxe"], ikev2_sa)
    add("show crypto map", list(IPSEC_HUBS), ["genie iosxe"], ios_crypto_map)
    ios15 = [h for h in ios if int(release(h).split(".")[0]) < 16]   # IOS 15.4 (ISR G2): genie's ios parser
    add("show inventory", [h for h in ios if h not in ios15] + c9800, ["genie iosxe"], ios_inventory)
    add("show inventory", ios15, ["genie ios", "ntc cisco_ios"], ios_inventory)
    add("show crypto pki certificates", ap, ["genie ios"], ap_pki)
    add("show crypto pki certificates", ap, ["ntc cisco_ios"], ap_pki, NTC_AP_PKI)
    add("show logging", ap, ["ntc cisco_ios"], ap_logging)
    add("show logging", ap, ["genie ios"], ap_logging)
    add("show ap summary", c9800, ["genie iosxe", "ntc cisco_ios"], c9800_ap_summary)
    add("show wireless stats ap join summary", c9800, ["genie iosxe"], c9800_join_summary)
    add("show ap config general", c9800, ["genie iosxe"], c9800_ap_config_general)
    add("show wireless management trustpoint", c9800, ["genie iosxe"], c9800_trustpoint)
    add("show vlan", c9800, ["genie iosxe", "ntc cisco_ios"], c9800_vlan)
    add("show sysinfo", aireos, ["ntc cisco_wlc_ssh"], aireos_sysinfo)
    add("show inventory", aireos, ["ntc cisco_wlc_ssh"], aireos_inventory)
    iso = [h for h in ros if facts.routeros_date_style(release(h)) == "iso"]
    add("/system resource print", [h for h in ros if h not in iso], ["ntc mikrotik_routeros"], ros_resource)
    add("/system resource print", iso, ["ntc mikrotik_routeros"], ros_resource, _ROS_BUILD_TIME)
    add("/system identity print", ros, ["ntc mikrotik_routeros"], ros_identity)
    add("/system routerboard print", ros, ["ntc mikrotik_routeros"], ros_routerboard)
    add("/ip address print", ros, ["ntc mikrotik_routeros"], ros_ip_address)
    return out


CASES = _cases()
