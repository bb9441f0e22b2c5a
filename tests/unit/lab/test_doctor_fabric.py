"""Issue 24: the lab reproduces each tunnel failure cause from two hand-typed configurations
(lab/doctor_fleet.py types them, lab/ipsec_model.py negotiates, lab/fabric_doctor.py prints) and
prints the forms real devices print (sources: lab/fabric_doctor.py docstring, SOURCES.md)."""
import pytest

from lab import doctor_fleet, extensions
from lab.devices import KINDS

IOS = ["show logging", "show crypto isakmp sa", "show crypto ikev2 sa", "show crypto session detail",
       "show crypto ipsec sa"]
ROS = ['/log print where topics~"ipsec"', "/ip ipsec active-peers print", "/ip ipsec remote-peers print",
       "/ip ipsec policy print", "/ip ipsec installed-sa print"]


class _Lab:
    def __init__(self, hosts):
        extensions.load()
        self.devices = {}
        for name, spec in hosts.items():
            spec.update(ansible_user="admin", ansible_password="pw", ansible_become_password="en")
            self.devices[name] = KINDS[spec["lab_kind"]](name, spec, self)

    def read(self, name):
        device = self.devices[name]
        out = []
        session = device.open_session(out.append, lambda drop=False: None)
        session.page_length = 0
        if device.kind == "ios":
            session.mode = "exec"
        text = {}
        for line in IOS if device.kind == "ios" else ROS:
            out.clear()
            session.feed(line + "\r")
            text[line] = "".join(out).replace("\r\n", "\n").split("\n", 1)[1]     # without the echo
        return text


def _flags(printed, number):
    """The flag letters of entry `number` in a RouterOS print (columns T X D I A *)."""
    line = next(x for x in printed.split("\n") if x.startswith("%2d " % number))
    return line[3:9].strip()


def _pair(left, right, cause=None, faulty=None, ike=1):
    lab = _Lab(doctor_fleet.pair_hosts(0, left, right, cause, faulty, ike))
    return lab.read("t000-l"), lab.read("t000-r")


def test_a_healthy_hand_typed_pair_is_up_on_both_ends_with_traffic_both_ways():
    ios, ros = _pair("ios15", "ros7")
    assert "QM_IDLE           1001 ACTIVE" in ios["show crypto isakmp sa"]
    assert "Session status: UP-ACTIVE" in ios["show crypto session detail"]
    assert "#pkts encaps: 10" in ios["show crypto ipsec sa"] and "#pkts decaps: 10" in ios["show crypto ipsec sa"]
    assert "%CRYPTO" not in ios["show logging"]
    assert "0  established" in ros["/ip ipsec active-peers print"]
    assert "ph2-state=established" in ros["/ip ipsec policy print"]
    assert "ipsec,error" not in ros['/log print where topics~"ipsec"']


def test_startup_config_is_not_in_the_command_log_and_bad_lines_stop_the_lab():
    lab = _Lab(doctor_fleet.pair_hosts(0, "ios15", "ros7"))
    assert all(d.log == [] for d in lab.devices.values())
    hosts = doctor_fleet.pair_hosts(1, "ios15", "ros7")
    hosts["t001-r"]["lab_startup_config"].append("add bogus=1")
    with pytest.raises(ValueError, match="add bogus=1"):
        _Lab(hosts)


@pytest.mark.parametrize("ros", ["ros6", "ros64", "ros7"])
def test_psk_mismatch_prints_each_vendors_lines(ros):
    ios, rout = _pair("ios15", ros, "psk", "left")
    assert "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 127.9.0.2 failed its sanity check or is malformed" \
        in ios["show logging"]
    assert "MM_KEY_EXCH" in ios["show crypto isakmp sa"]
    log = rout['/log print where topics~"ipsec"']
    assert "ipsec,error 127.9.0.1 parsing packet failed, possible cause: wrong password" in log
    # release forms: 7.x dates its lines, 6.x prints the time only
    assert log.startswith(" 2026-12-07 ") if ros == "ros7" else log[:2].isdigit()
    peers = rout["/ip ipsec remote-peers print" if ros == "ros6" else "/ip ipsec active-peers print"]
    assert "established" not in peers


def test_phase1_proposal_mismatch_prints_the_manuals_lines():
    ios, ros = _pair("ios15", "ros64", "ike-proposal", "right")
    log = ros['/log print where topics~"ipsec"']
    for line in ("ipsec,error no suitable proposal found.", "ipsec,error 127.9.0.1 failed to get valid proposal.",
                 "ipsec,error 127.9.0.1 failed to pre-process ph1 packet (side: 1, status 1).",
                 "ipsec,error 127.9.0.1 phase1 negotiation failed."):
        assert line in log
    assert "MM_NO_STATE" in ios["show crypto isakmp sa"]
    assert "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 127.9.0.2" in ios["show logging"]


@pytest.mark.parametrize("cause,faulty", [("ipsec-proposal", "left"), ("pfs", "right"), ("traffic-selectors", "left"),
                                          ("not-bound", "left"), ("policy-invalid", "right")])
def test_phase2_failures_keep_phase1_up_and_print_quick_mode_lines(cause, faulty):
    ios, ros = _pair("ios15", "ros7", cause, faulty)
    if cause != "not-bound":
        assert "QM_IDLE" in ios["show crypto isakmp sa"] and "Session status: UP-IDLE" in ios["show crypto session detail"]
    assert "Processing of Quick mode failed with peer at 127.9.0.2" in ios["show logging"]
    log = ros['/log print where topics~"ipsec"']
    assert "failed to pre-process ph2 packet (side: 1, status: 1)." in log
    assert ("failed to get sainfo." in log) == (cause in ("traffic-selectors", "policy-invalid"))
    assert "ph2-state=no-phase2" in ros["/ip ipsec policy print"]
    if cause == "policy-invalid":
        assert _flags(ros["/ip ipsec policy print"], 1) == "X"


def test_a_disabled_peer_makes_its_policy_invalid_flag_i():
    hosts = doctor_fleet.pair_hosts(0, "ios15", "ros7")
    hosts["t000-r"]["lab_startup_config"] += ["/ip ipsec peer", "set [ find name=pfne-peer ] disabled=yes"]
    lab = _Lab(hosts)
    ros, ios = lab.read("t000-r"), lab.read("t000-l")
    assert _flags(ros["/ip ipsec policy print"], 1) == "I"
    assert "MM_NO_STATE" in ios["show crypto isakmp sa"]


def test_own_firewall_dropping_ike_means_no_answer_on_both_vendors():
    ios, ros = _pair("iosxe", "ros7", "unreachable", "right")
    assert "MM_NO_STATE" in ios["show crypto isakmp sa"]
    ios2, ros2 = _pair("ios15", "ros6", "unreachable", "left")
    assert "phase1 negotiation failed due to time up 127.9.0.2[500]<=>127.9.0.1[500]" in \
        ros2['/log print where topics~"ipsec"']


def test_nat_rule_catching_tunnel_traffic_is_one_way_with_the_receivers_not_ipsec_line():
    ios, ros = _pair("ios15", "ros7", "nat-rule", "right")
    assert "#pkts encaps: 10" in ios["show crypto ipsec sa"] and "#pkts decaps: 0" in ios["show crypto ipsec sa"]
    assert "%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /10.100.0.1, " \
           "src_addr= 127.9.0.2, prot= 1" in ios["show logging"]
    ios, ros = _pair("ios15", "ros7", "nat-rule", "left")
    assert "#pkts encaps: 0" in ios["show crypto ipsec sa"] and "#pkts decaps: 10" in ios["show crypto ipsec sa"]


def test_nat_t_off_with_nat_in_the_path_gives_sas_without_decaps_on_both_ends():
    ios, ros = _pair("ios15", "ros7", "nat-t", "left")
    assert "QM_IDLE" in ios["show crypto isakmp sa"]
    assert "#pkts encaps: 10" in ios["show crypto ipsec sa"] and "#pkts decaps: 0" in ios["show crypto ipsec sa"]


def test_one_way_path_fault_shows_only_on_the_counters():
    ios, ros = _pair("ios15", "ros7", "one-way", "left")
    assert "#pkts decaps: 0" in ios["show crypto ipsec sa"] and "%CRYPTO" not in ios["show logging"]
    assert "ipsec,error" not in ros['/log print where topics~"ipsec"']


def _sa_flags(printed):
    """{(src, dst): flag letters} of an `installed-sa print`."""
    out = {}
    for line in printed.split("\n"):
        if " spi=" in line:
            words = dict(w.split("=", 1) for w in line.split() if "=" in w)
            out[(words["src-address"], words["dst-address"])] = line.split(" spi=")[0][3:].replace(" ", "")
    return out


def test_routeros7_marks_the_sas_that_carried_traffic_with_s_and_6x_prints_no_such_flag():
    _ios, ros = _pair("ios15", "ros7")
    assert ros["/ip ipsec installed-sa print"].startswith("Flags: S - seen-traffic; H - hw-aead; A - AH, E - ESP")
    assert _sa_flags(ros["/ip ipsec installed-sa print"]) == {("127.9.0.1", "127.9.0.2"): "SE", ("127.9.0.2", "127.9.0.1"): "SE"}
    # ESP from the IOS end lost before the RouterOS end: its inbound SA never sees traffic, its outbound does
    _ios, ros = _pair("ios15", "ros7", "one-way", "right")
    assert _sa_flags(ros["/ip ipsec installed-sa print"]) == {("127.9.0.1", "127.9.0.2"): "E", ("127.9.0.2", "127.9.0.1"): "SE"}
    # the RouterOS end's masquerade sends the tunnel's traffic in clear: its outbound SA stays unused
    _ios, ros = _pair("ios15", "ros7", "nat-rule", "right")
    assert _sa_flags(ros["/ip ipsec installed-sa print"]) == {("127.9.0.1", "127.9.0.2"): "SE", ("127.9.0.2", "127.9.0.1"): "E"}
    _ios, ros = _pair("ios15", "ros64")
    assert set(_sa_flags(ros["/ip ipsec installed-sa print"]).values()) == {"E"}


def test_ios_nat_t_off_is_the_ios_command_not_the_asa_one():
    ios_host = doctor_fleet.pair_hosts(0, "ios15", "ros7", "nat-t", "left")["t000-l"]
    assert "\nno crypto ipsec nat-transparency udp-encapsulation\n" in ios_host["lab_startup_config"]
    assert "nat-traversal" not in ios_host["lab_startup_config"]


def test_ikev2_identity_and_psk_forms():
    ios, ros = _pair("iosxe", "ros7", "identity", "right", ike=2)
    log = ros['/log print where topics~"ipsec"']
    assert "ipsec,error identity not found for responder: ADDR4:127.9.0.2 peer: ADDR4:127.9.0.1" in log
    assert "READY" not in ios["show crypto ikev2 sa"]
    ios, ros = _pair("iosxe", "ros7", "identity", "left", ike=2)
    assert "ipsec,error got fatal error: AUTHENTICATION_FAILED" in ros['/log print where topics~"ipsec"']
    ios, ros = _pair("iosxe", "ros7", "psk", "right", ike=2)
    assert "got fatal error: AUTHENTICATION_FAILED" in ros['/log print where topics~"ipsec"']
    ios, ros = _pair("iosxe", "ros7", ike=2)
    assert "READY" in ios["show crypto ikev2 sa"]


def test_ike_version_mismatch_leaves_the_v1_initiator_without_answer():
    ios, ros = _pair("ios15", "ros64", "ike-version", "right")
    assert "MM_NO_STATE" in ios["show crypto isakmp sa"]
    assert "established" not in ros["/ip ipsec active-peers print"]


@pytest.mark.parametrize("left,right", [("ios15", "iosxe"), ("ros7", "ros6"), ("ros64", "ros7")])
def test_same_vendor_pairs_come_up_and_break(left, right):
    lab = _Lab(doctor_fleet.pair_hosts(0, left, right))
    a = lab.read("t000-l")
    up = a.get("show crypto isakmp sa") or a.get("/ip ipsec active-peers print") + a["/ip ipsec remote-peers print"]
    assert "QM_IDLE" in up or "established" in up
    lab = _Lab(doctor_fleet.pair_hosts(0, left, right, "psk", "right"))
    a = lab.read("t000-l")
    text = a.get("show logging") or a['/log print where topics~"ipsec"']
    assert "IKMP_BAD_MESSAGE" in text or "wrong password" in text


@pytest.mark.parametrize("left,right,faulty", [("ios15", "ros7", "right"), ("ros64", "iosxe", "right"),
                                               ("ios15", "ros6", "left")])
def test_an_end_without_crypto_for_the_tunnel_leaves_the_other_without_answer(left, right, faulty):
    lab = _Lab(doctor_fleet.pair_hosts(0, left, right, "no-crypto", faulty))
    bare, other = ("t000-r", "t000-l") if faulty == "right" else ("t000-l", "t000-r")
    held = lab.devices[bare]
    if held.kind == "ios":
        assert "crypto" not in held.running_config()
    else:
        assert held.table("/ip ipsec peer") == []          # the stock default proposal and policy template stay
        assert [e for e in held.table("/ip ipsec policy") if "T" not in e["flags"]] == []
    seen = lab.read(other)
    if lab.devices[other].kind == "ios":
        assert "MM_NO_STATE" in seen["show crypto isakmp sa"] and "Session status: DOWN-NEGOTIATING" in \
            seen["show crypto session detail"]
    else:
        assert "phase1 negotiation failed due to time up" in seen['/log print where topics~"ipsec"']


def test_healthy_ends_type_the_same_phase2_lifetime():
    hosts = doctor_fleet.pair_hosts(0, "ios15", "ros7")
    assert "lifetime=1h" in " ".join(hosts["t000-r"]["lab_startup_config"])
    assert "security-association lifetime" not in hosts["t000-l"]["lab_startup_config"]   # IOS default: 3600 s
    assert doctor_fleet.CAUSE_OF["nat-rule"] == doctor_fleet.CAUSE_OF["nat-t"] == "nat"
