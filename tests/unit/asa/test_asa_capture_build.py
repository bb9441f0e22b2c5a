"""Validation (errors name the field), exact command lists, `show capture` list parser, synthetic pcap."""
import datetime
import os
import struct

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import (
    AsaCaptureError,
    build_commands,
    count_command,
    is_ours,
    parse_capture_list,
    parse_captured_count,
    validate_capture,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.acl import classify_acl
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import parse_asa_capture
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.pcap import pcap_bytes, read_pcap

FIX = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "asa")


def spec(**over):
    args = {"name": "CAPIN", "interface": "inside", "matches": [{"host": "192.168.100.1", "peer": "192.168.200.1"}]}
    args.update(over)
    return validate_capture(args)


def test_inline_match_command():
    assert build_commands(spec()) == ["capture CAPIN interface inside match ip host 192.168.100.1 host 192.168.200.1"]


def test_all_options_and_several_matches():
    s = spec(buffer=1048576, packet_length=1522, circular_buffer=True, matches=[
        {"host": "10.1.1.0/24", "protocol": "tcp", "peer": "any", "peer_port": "eq 443"},
        {"host": "host 10.2.2.2", "protocol": "udp", "host_port": "range 1000 2000", "peer": "10.3.0.0 255.255.0.0"},
        {"host": "10.4.4.4", "protocol": "icmp"},
        {"host": "10.5.5.5", "protocol": "tcp", "host_port": 22, "peer_port": {"op": "gt", "port": 1023}},
    ])
    assert build_commands(s) == [
        "capture CAPIN buffer 1048576 interface inside packet-length 1522 circular-buffer "
        "match tcp 10.1.1.0 255.255.255.0 any eq 443",
        "capture CAPIN interface inside match udp host 10.2.2.2 range 1000 2000 10.3.0.0 255.255.0.0",
        "capture CAPIN interface inside match icmp host 10.4.4.4 any",
        "capture CAPIN interface inside match tcp host 10.5.5.5 eq 22 any gt 1023",
    ]
    assert count_command("CAPIN") == "show capture CAPIN | include captured"


@pytest.mark.parametrize("over, field", [
    ({"interface": "inside lan"}, "interface"),
    ({"interface": ""}, "interface"),
    ({"name": "my capture"}, "name"),
    ({"name": "match"}, "name"),
    ({"name": "x" * 33}, "name"),
    ({"name": "/all"}, "name"),
    ({"buffer": 1000}, "buffer"),
    ({"buffer": 33554433}, "buffer"),
    ({"packet_length": 9217}, "packet_length"),
    ({"packet_length": "big"}, "packet_length"),
    ({"matches": [{"host": "10.1.1.300"}]}, "matches[0].host"),
    ({"matches": [{"host": "10.1.1.1/24"}]}, "matches[0].host"),
    ({"matches": [{"host": "10.1.1.1", "peer": "nowhere"}]}, "matches[0].peer"),
    ({"matches": [{"host": "10.1.1.1", "protocol": "gre"}]}, "matches[0].protocol"),
    ({"matches": [{"host": "10.1.1.1", "protocol": "icmp", "host_port": 80}]}, "matches[0].host_port"),
    ({"matches": [{"host": "10.1.1.1", "protocol": "tcp", "peer_port": "range 20 10"}]}, "matches[0].peer_port"),
    ({"matches": [{"host": "10.1.1.1", "protocol": "tcp", "peer_port": "eq 70000"}]}, "matches[0].peer_port"),
    ({"matches": [{"host": "10.1.1.1", "protocol": "tcp", "peer_port": "between 1 2"}]}, "matches[0].peer_port"),
    ({"matches": [{"peer": "10.1.1.1"}]}, "matches[0].host"),
    ({"matches": []}, "matches"),
    ({"stop": {"seconds": 0}}, "stop.seconds"),
    ({"stop": {"packets": -1}}, "stop.packets"),
])
def test_validation_names_the_field(over, field):
    with pytest.raises(AsaCaptureError) as err:
        spec(**over)
    assert err.value.field == field
    assert str(err.value).startswith(field + ": ")


def test_acl_capture_validated_and_classified_on_the_device():
    with pytest.raises(AsaCaptureError) as err:
        validate_capture({"name": "C1", "interface": "inside", "access_list": "CAP ACL"})
    assert err.value.field == "access_list"
    s = validate_capture({"name": "C1", "interface": "inside", "access_list": "CAP_ACL"})
    assert build_commands(s) == ["capture C1 access-list CAP_ACL interface inside"]
    # Cisco's capture-guide ACL: one line per direction -> two-way
    guide = ("access-list CAP_ACL extended permit ip host 10.1.1.1 any\n"
             "access-list CAP_ACL extended permit ip any host 10.1.1.1\n")
    assert classify_acl("CAP_ACL", guide)["kind"] == "two-way"
    assert classify_acl("CAP_ACL", guide.splitlines()[0])["kind"] == "one-way"
    assert classify_acl("CAP_ACL", "access-list CAP_ACL standard permit host 10.1.1.1\n")["kind"] == "standard"
    mixed = "access-list CAP_ACL standard permit host 10.1.1.1\n" + guide
    assert classify_acl("CAP_ACL", mixed)["kind"] == "mixed"
    assert classify_acl("CAP_ACL", "access-list OTHER extended permit ip any any\n")["kind"] == "missing"
    # subnets and port names: the way back is covered by a wider line with the ports mirrored
    ports = ("access-list W extended permit tcp host 10.1.1.1 10.2.0.0 255.255.0.0 eq www\n"
             "access-list W extended permit tcp 10.2.0.0 255.255.0.0 eq 80 10.1.0.0 255.255.0.0\n")
    assert classify_acl("W", ports)["kind"] == "one-way"     # 10.1.0.0/16 -> has no way back
    ports = ports.replace("10.1.0.0 255.255.0.0", "host 10.1.1.1")
    assert classify_acl("W", ports)["kind"] == "two-way"


def test_port_names_compare_by_meaning():
    listing = parse_capture_list("capture C1 type raw-data interface inside [Capturing - 0 bytes]\n"
                                 "  match tcp host 10.1.1.1 any eq www\n")
    mine = spec(name="C1", matches=[{"host": "10.1.1.1", "protocol": "tcp", "peer_port": 80}])
    assert is_ours(listing["C1"], mine) is True
    other = spec(name="C1", matches=[{"host": "10.1.1.1", "protocol": "tcp", "peer_port": 443}])
    assert is_ours(listing["C1"], other) is False


def test_names_validated_on_the_full_string():
    for bad in ("CAP\n", "CAP ", "inside\n"):
        with pytest.raises(AsaCaptureError):
            validate_capture({"name": bad, "interface": "inside", "matches": [{"host": "10.0.0.1"}]})
        with pytest.raises(AsaCaptureError):
            validate_capture({"name": "C1", "interface": bad, "matches": [{"host": "10.0.0.1"}]})


def test_show_capture_list():
    with open(os.path.join(FIX, "show_capture_list.txt")) as handle:
        listing = parse_capture_list(handle.read())
    assert list(listing) == ["DUOout", "DUOin", "asa_cap"]
    assert listing["DUOout"] == {
        "name": "DUOout", "type": "raw-data", "interfaces": ["outside"], "access_list": None, "buffer": None,
        "packet_length": None, "circular_buffer": True, "state": "Capturing", "bytes": 38314,
        "matches": ["match ip host 192.168.200.1 host 192.168.100.1"]}
    assert listing["asa_cap"]["access_list"] == "asa_cap" and listing["asa_cap"]["matches"] == []
    mine = spec(name="DUOin", matches=[{"host": "192.168.200.1", "peer": "192.168.100.1"}])
    assert is_ours(listing["DUOin"], mine) is True
    assert is_ours(listing["DUOout"], mine) is False   # other interface
    assert parse_captured_count("\n8 packets captured\n") == 8
    assert parse_captured_count("") is None


def test_synthetic_pcap():
    with open(os.path.join(FIX, "composed/show_capture_tcp.txt")) as handle:
        tcp = parse_asa_capture(handle.read())["packets"]
    with open(os.path.join(FIX, "show_capture_duoin.txt")) as handle:
        icmp = parse_asa_capture(handle.read())["packets"]
    with open(os.path.join(FIX, "composed/show_capture_arp_udp.txt")) as handle:
        other = parse_asa_capture(handle.read())["packets"]
    data = pcap_bytes(icmp[:1] + tcp + other, datetime.date(2020, 8, 20))
    pcap = read_pcap(data)
    assert pcap["version"] == (2, 4) and pcap["linktype"] == 1
    recs = pcap["records"]
    assert len(recs) == 1 + 3 + 5
    secs, micro, incl, orig, frame = recs[0]
    assert (secs, micro) == (1597916472, 535281)           # 2020-08-20 09:41:12.535281
    assert frame[12:14] == b"\x81\x00" and struct.unpack("!H", frame[14:16])[0] == 2 and frame[16:18] == b"\x08\x00"
    assert frame[18 + 12:18 + 20] == bytes([192, 168, 100, 1, 192, 168, 200, 1]) and frame[18 + 20] == 8  # echo request
    syn = recs[1][4]
    sport, dport, seq, ack, off, flags, win = struct.unpack("!HHIIBBH", syn[34:50])
    assert (sport, dport, seq, ack, flags, win) == (12869, 80, 3624439037, 0, 0x02, 8192)
    synack = recs[2][4]
    assert struct.unpack("!HHIIBBH", synack[34:50])[5] == 0x12
    arp_req = recs[4][4]
    assert arp_req[:6] == b"\xff" * 6 and arp_req[16:18] == b"\x08\x06"
    arp_reply = recs[5][4]
    assert arp_reply[18 + 8:18 + 14] == bytes([0, 1, 0x43, 0x9e, 0x5c, 0x3f])   # is-at MAC as sender
    udp_rec = recs[6]
    assert udp_rec[3] == 14 + 20 + 8 + 36 and udp_rec[2] == 14 + 20 + 8      # headers kept, length as printed
