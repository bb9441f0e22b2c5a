"""parse_asa_capture / capture_flows / summary on real-format samples (tests/unit/fixtures/asa/SOURCES.md)."""
import os

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import (
    capture_flows,
    capture_summary,
    frame_bytes,
    parse_asa_capture,
    verdict,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import parse_captured_count

FIX = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "asa")


def load(name):
    with open(os.path.join(FIX, name)) as handle:
        return handle.read()


def test_8021q_icmp_both_ways():
    parsed = parse_asa_capture(load("show_capture_duoin.txt"))
    assert parsed["captured"] == 8
    assert len(parsed["packets"]) == 8
    assert parsed["packets"][0] == {
        "index": 1, "time": "09:41:12.535281", "vlan": 2, "src": "192.168.100.1", "src_port": None,
        "dst": "192.168.200.1", "dst_port": None, "protocol": "icmp", "info": "icmp: echo request",
        "drop_reason": None, "drop_text": None}
    assert parsed["packets"][2]["info"] == "icmp: echo reply"
    assert parsed["packets"][2]["src"] == "192.168.200.1"
    flows = capture_flows(parsed["packets"])
    assert len(flows) == 1
    flow = flows[0]
    assert (flow["src"], flow["dst"], flow["protocol"]) == ("192.168.100.1", "192.168.200.1", "icmp")
    assert (flow["packets_forward"], flow["packets_reverse"], flow["bidirectional"]) == (4, 4, True)
    assert flow["vlans"] == [2] and flow["first_index"] == 1 and flow["last_index"] == 8


def test_tcp_flags_options_and_ports():
    parsed = parse_asa_capture(load("composed/show_capture_tcp.txt"))
    syn, synack, ack = parsed["packets"]
    assert syn["protocol"] == "tcp" and syn["vlan"] is None
    assert (syn["src"], syn["src_port"], syn["dst"], syn["dst_port"]) == ("1.1.1.1", 12869, "2.2.2.2", 80)
    assert syn["info"] == "S 3624439037:3624439037(0) win 8192 <mss 1460,nop,wscale 8,nop,nop,sackOK>"
    assert synack["info"].startswith("S 285283040:285283040(0) ack 3624439038")
    assert (synack["src_port"], synack["dst_port"]) == (80, 12869)
    assert ack["info"] == ". ack 285283041 win 64860"
    flows = capture_flows(parsed)
    assert len(flows) == 1 and flows[0]["bidirectional"]
    assert (flows[0]["packets_forward"], flows[0]["packets_reverse"]) == (2, 1)


def test_wrapped_lines_joined_and_summary_ignored():
    parsed = parse_asa_capture(load("show_capture_asp_wrapped.txt"))
    assert parsed["captured"] == 2
    assert [p["index"] for p in parsed["packets"]] == [1, 2]
    first = parsed["packets"][0]
    assert first["info"] == "S 2669456341:2669456341(0) win 4128 <mss 536>"
    assert (first["drop_reason"], first["drop_text"], first["drop_location"]) == (
        "acl-drop", "Flow is denied by configured rule", None)
    assert parsed["unparsed_count"] == 0
    flows = capture_flows(parsed["packets"])
    assert len(flows) == 1
    assert flows[0]["bidirectional"] is False and flows[0]["packets_forward"] == 2
    assert (flows[0]["drops"], flows[0]["drop_reasons"]) == (2, {"acl-drop": 2})
    summary = capture_summary("cap1", parsed, flows)
    assert "1 one-way" in summary
    assert "ONE-WAY: nothing seen from 10.94.0.51:15868" in summary


def test_arp_and_udp():
    parsed = parse_asa_capture(load("composed/show_capture_arp_udp.txt"))
    who, reply, q, a, ntp = parsed["packets"]
    assert who == {"index": 1, "time": "18:37:38.479893", "vlan": 10, "src": "10.1.1.2", "src_port": None,
                   "dst": "10.1.1.1", "dst_port": None, "protocol": "arp",
                   "info": "arp who-has 10.1.1.1 tell 10.1.1.2", "drop_reason": None, "drop_text": None}
    assert (reply["protocol"], reply["src"], reply["dst"], reply["vlan"]) == ("arp", "10.1.1.1", None, 10)
    assert (q["protocol"], q["src_port"], q["dst_port"], q["info"]) == ("udp", 51893, 53, "udp 36")
    flows = capture_flows(parsed["packets"])
    assert [(f["protocol"], f["src"], f["src_port"], f["dst"], f["dst_port"]) for f in flows] == [
        ("arp", "10.1.1.2", None, "10.1.1.1", None),
        ("udp", "10.1.1.2", 51893, "10.1.1.53", 53),
        ("udp", "10.1.1.2", 123, "10.1.1.254", 123)]
    assert [(f["packets_forward"], f["packets_reverse"], f["bidirectional"]) for f in flows] == [
        (1, 1, True), (1, 1, True), (1, 0, False)]
    # the NTP packet has a different 5-tuple: its own, one-way flow
    assert [f["src_port"] for f in flows if not f["bidirectional"]] == [123]


def test_crlf_trailing_blanks_and_prompt_echo():
    text = "edge-asa# show capture X\r\n\r\n2 packets captured\r\n\r\n   1: 00:00:01.000001       10.0.0.1 > 10.0.0.2: icmp: echo request   \r\n   2: 00:00:01.000900       10.0.0.2 > 10.0.0.1: icmp: echo reply\r\n2 packets shown\r\nedge-asa# "
    parsed = parse_asa_capture(text)
    assert [p["info"] for p in parsed["packets"]] == ["icmp: echo request", "icmp: echo reply"]
    assert parsed["captured"] == 2


def test_empty_and_no_header():
    empty = {"captured": 0, "packets": [], "unparsed_count": 0, "unparsed": []}
    assert parse_asa_capture("") == empty
    assert parse_asa_capture("\n0 packets captured\n\n0 packets shown\n") == empty
    with pytest.raises(TypeError):
        parse_asa_capture(42)


def test_icmp_without_colon_and_dump_bytes():
    """ciscodump's real ASA sample: `A > B icmp: echo request` (no colon), hex dump, singular trailer."""
    parsed = parse_asa_capture(load("show_capture_packet_dump_ciscodump.txt"))
    assert parsed["captured"] == 4599 and parsed["unparsed_count"] == 0
    (pkt,) = parsed["packets"]
    assert (pkt["src"], pkt["dst"], pkt["protocol"], pkt["info"]) == (
        "10.124.255.212", "10.124.255.5", "icmp", "icmp: echo request")
    frame = frame_bytes(pkt)
    assert len(frame) == 98 and frame[12:14] == b"\x08\x00" and frame[23] == 1     # IPv4, ICMP
    assert frame[26:30] == bytes([10, 124, 255, 212]) and frame[30:34] == bytes([10, 124, 255, 5])


def test_both_icmp_forms_make_one_two_way_flow():
    text = ("\n2 packets captured\n\n"
            "   1: 20:40:01.108469       10.124.255.212 > 10.124.255.5 icmp: echo request\n"
            "   2: 20:40:01.108901       10.124.255.5 > 10.124.255.212: icmp: echo reply\n2 packets shown\n")
    parsed = parse_asa_capture(text)
    flows = capture_flows(parsed)
    assert len(flows) == 1 and flows[0]["bidirectional"] is True
    assert verdict(parsed, flows) == "both-ways"


def test_asp_drop_reason_and_location_singular_counts():
    parsed = parse_asa_capture(load("show_capture_asp_drop_location.txt"))
    assert parsed["captured"] == 1 and parsed["unparsed_count"] == 0
    (pkt,) = parsed["packets"]
    assert pkt["info"] == "R 2338118548:2338118548(0) win 0"
    assert (pkt["drop_reason"], pkt["drop_text"]) == ("tcp-rstfin-ooo", "TCP RST/FIN out of order")
    assert pkt["drop_location"] == "frame 0x000055870affc2df flow (NA)/NA"
    assert (pkt["src_port"], pkt["dst_port"], pkt["protocol"]) == (42098, 443, "tcp")
    assert capture_flows(parsed)[0]["drop_reasons"] == {"tcp-rstfin-ooo": 1}
    assert parse_captured_count("1 packet captured") == 1
    assert parse_captured_count("0 packets captured") == 0


def test_lines_not_understood_are_counted_and_make_the_verdict_incomplete():
    text = ("\n3 packets captured\n\n"
            "   1: 20:40:01.108469       10.0.0.1 > 10.0.0.2: icmp: echo request\n"
            "   2: 20:40:01.108470       fe80::1 > ff02::1: icmp6: neighbor sol\n"
            "garbage the parser has never seen\n"
            "   3: 20:40:01.108471       10.0.0.1 > 10.0.0.2: icmp: echo request\n3 packets shown\n")
    parsed = parse_asa_capture(text)
    assert len(parsed["packets"]) == 3
    assert parsed["unparsed_count"] == 2
    assert parsed["unparsed"][1] == "garbage the parser has never seen"
    assert parsed["unparsed"][0].startswith("2: 20:40:01.108470")
    flows = capture_flows([p for p in parsed["packets"] if p["protocol"] != "unknown"])
    assert verdict(parsed, flows) == "incomplete"
    assert "INCOMPLETE: 2 line(s) not understood" in capture_summary("X", parsed, flows)


def test_lines_not_understood_are_reported_in_the_order_printed():
    text = ("\n4 packets captured\n\n"
            "header line the parser has never seen\n"
            "   1: 20:40:01.108469       10.0.0.1 > 10.0.0.2: icmp: echo request\n"
            "garbage after packet one\n"
            "   2: 20:40:01.108470       fe80::1 > ff02::1: icmp6: neighbor sol\n"
            "   3: 20:40:01.108471       10.0.0.1 > 10.0.0.2: icmp: echo request\n"
            "garbage after packet three\n"
            "more garbage after packet three\n"
            "   4: 20:40:01.108472       fe80::2 > ff02::1: icmp6: neighbor adv\n4 packets shown\n")
    parsed = parse_asa_capture(text)
    assert [line.split(":")[0] if line[0].isdigit() else line for line in parsed["unparsed"]] == [
        "header line the parser has never seen", "garbage after packet one", "2",
        "garbage after packet three", "more garbage after packet three", "4"]
    assert parsed["unparsed_count"] == 6


@pytest.mark.parametrize("odd", ["   7: 1234", "   7: bad time and all", "  7:", "7 packets lost",
                                 "\tindented text after a foreign line"])
def test_no_line_vanishes_whatever_its_shape(odd):
    text = ("4 packets captured\n\n"
            "   1: 20:40:01.108469       10.0.0.1 > 10.0.0.2: icmp: echo request   \n"
            "   2: 20:40:01.108470       10.0.0.2 > 10.0.0.1: icmp: echo reply\n"
            "header the parser has never seen\n" + odd + "\n"
            "   3: 20:40:01.108471       10.0.0.1 > 10.0.0.2: icmp: echo request\n"
            "   4: 20:40:01.108472       10.0.0.2 > 10.0.0.1: icmp: echo reply\n4 packets shown\n")
    parsed = parse_asa_capture(text)
    seen = [p["index"] for p in parsed["packets"]]
    assert seen[:2] == [1, 2] and seen[-2:] == [3, 4]
    assert parsed["packets"][0]["info"] == "icmp: echo request"      # trailing blanks dropped
    # the foreign line and the odd one are both accounted for: as not understood, or as a packet
    # whose protocol is unknown (also counted)
    assert parsed["unparsed_count"] == 2, parsed["unparsed"]
    assert "header the parser has never seen" in parsed["unparsed"]


def test_filters_registered():
    from ansible_collections.pfne.netops.plugins.filter.capture_flows import FilterModule as Flows
    from ansible_collections.pfne.netops.plugins.filter.parse_asa_capture import FilterModule as Parse
    parsed = Parse().filters()["parse_asa_capture"]([load("show_capture_duoin.txt")])
    assert parsed["captured"] == 8
    assert Flows().filters()["capture_flows"](parsed)[0]["bidirectional"] is True


# ---- issue 28: `show capture NAME detail` (MACs, ethertype, Length, the IP line below) ----

def test_detail_form_udp_with_bad_checksum():
    parsed = parse_asa_capture(load("show_capture_detail_udp_id0.txt"))
    assert parsed["unparsed_count"] == 0, parsed["unparsed"]
    assert parsed["packets"] == [{
        "index": 1, "time": "23:24:22.526431", "vlan": None, "src": "10.0.3.4", "src_port": 10000,
        "dst": "10.0.3.6", "dst_port": 2123, "protocol": "udp", "info": "udp 97 (DF) (ttl 64, id 0)",
        "drop_reason": None, "drop_text": None, "src_mac": "0050.568d.992b", "dst_mac": "0050.568d.c0e2",
        "ethertype": "0x0800", "length": 139, "checksum": "bad udp cksum d16b!"}]
    flows = capture_flows(parsed)
    assert [(f["protocol"], f["src"], f["src_port"], f["dst"], f["dst_port"]) for f in flows] == [
        ("udp", "10.0.3.4", 10000, "10.0.3.6", 2123)]


def test_detail_form_fragments_join_their_datagram_flow():
    parsed = parse_asa_capture(load("show_capture_detail_udp_frag.txt"))
    assert parsed["captured"] == 7 and parsed["unparsed_count"] == 0, parsed["unparsed"]
    first, second, last = parsed["packets"][0], parsed["packets"][1], parsed["packets"][-1]
    assert (first["src"], first["src_port"], first["dst_port"], first["protocol"]) == ("192.168.1.38", 1027, 8000, "udp")
    assert first["fragment"] == {"id": 218, "length": 1480, "offset": 0, "more": True}
    assert first["checksum"] == "bad udp cksum 5b10!" and first["length"] == 1514
    assert second["fragment"] == {"id": 218, "length": 1480, "offset": 1480, "more": True, "first_index": 1}
    assert (second["protocol"], second["src_port"], second["dst_port"]) == ("udp", 1027, 8000)
    assert second["checksum"] is None and second["info"] == "(frag 218:1480@1480+) (ttl 64)"
    assert last["fragment"]["more"] is False and last["fragment"]["offset"] == 8880 and last["length"] == 162
    flows = capture_flows(parsed)
    assert len(flows) == 1 and flows[0]["packets"] == 7 and flows[0]["dst_port"] == 8000


def test_detail_form_unknown_ip_line_and_bare_detail_line_are_reported():
    text = ("3 packets captured\n\n"
            "   1: 11:05:29.907301 0050.568d.992b 0050.568d.c0e2 0x86dd Length: 86\n"
            "      fe80::1 > ff02::1: icmp6: neighbor sol\n"
            "   2: 11:05:29.907302 0050.568d.992b 0050.568d.c0e2 0x0800 Length: 60\n"
            "   3: 11:05:29.907303 0050.568d.c0e2 0050.568d.992b 0x0800 Length: 74\n"
            "      10.0.3.6 > 10.0.3.4: icmp: echo reply\n3 packets shown\n")
    parsed = parse_asa_capture(text)
    assert [p["index"] for p in parsed["packets"]] == [1, 2, 3]
    assert [p["protocol"] for p in parsed["packets"]] == ["unknown", "unknown", "icmp"]
    assert parsed["packets"][0]["ethertype"] == "0x86dd" and parsed["packets"][2]["src_mac"] == "0050.568d.c0e2"
    assert parsed["unparsed_count"] == 2
    assert parsed["unparsed"][0] == "1: 11:05:29.907301 fe80::1 > ff02::1: icmp6: neighbor sol"
