"""Where does a packet die: show xlate, packet-tracer (real samples) and the per-flow verdict."""
import os
import struct

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import validate_match
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import parse_asa_capture
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.path import (
    nat_pairs,
    packet_tracer_command,
    parse_packet_tracer,
    parse_xlate,
    translate_match,
    where_it_died,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.pcap import pcap_from_frames, read_pcap

from .test_asa_capture_parse import load


def test_show_xlate_pairs():
    xlates = parse_xlate(load("show_xlate.txt"))
    assert [(x["real_interface"], x["real"], x["mapped_interface"], x["mapped"]) for x in xlates] == [
        ("any", "10.90.67.2", "any", "10.9.1.0"), ("inside", "192.168.1.150", "outside", "172.18.254.252")]
    pairs = nat_pairs(xlates, given=[{"real": "10.90.67.2", "mapped": "198.51.100.7"}])
    assert pairs == {"10.90.67.2": "198.51.100.7", "192.168.1.150": "172.18.254.252"}
    match = validate_match({"host": "192.168.1.150", "peer": "8.8.8.8", "protocol": "icmp"}, "m")
    assert translate_match(match, pairs)["host"] == {"kind": "host", "address": "172.18.254.252"}


def test_packet_tracer_both_real_forms():
    asa = parse_packet_tracer(load("packet_tracer_drop_asa.txt"))
    assert (asa["action"], asa["drop_reason"], asa["drop_text"], asa["drop_location"]) == (
        "drop", "acl-drop", "Flow is denied by configured rule", None)
    assert (asa["drop_phase"]["phase"], asa["drop_phase"]["type"], asa["drop_phase"]["config"]) == (
        2, "ACCESS-LIST", ["Implicit Rule"])
    ftd = parse_packet_tracer(load("packet_tracer_drop_ftd.txt"))
    assert ftd["drop_location"] == "frame 0x00005611d409b518 flow (NA)/NA"
    assert ftd["drop_phase"]["phase"] == 4 and ftd["drop_phase"]["subtype"] == "log"
    assert ftd["drop_phase"]["config"][1].startswith("access-list CSM_FW_ACL_ advanced deny ip any any")
    assert [p["result"] for p in ftd["phases"]] == ["ALLOW", "ALLOW", "ALLOW", "DROP"]
    assert ftd["input_interface"] == "inside(vrfid:0)"


def test_packet_tracer_command():
    tcp = validate_match({"host": "10.0.0.5", "peer": "192.0.2.1", "protocol": "tcp", "peer_port": "eq 443"}, "m")
    assert packet_tracer_command("inside", tcp) == "packet-tracer input inside tcp 10.0.0.5 1025 192.0.2.1 443"
    icmp = validate_match({"host": "10.0.0.5", "peer": "192.0.2.1"}, "m")
    assert packet_tracer_command("inside", icmp) == "packet-tracer input inside icmp 10.0.0.5 8 0 192.0.2.1"
    assert packet_tracer_command("inside", validate_match({"host": "10.0.0.5"}, "m")) is None


INGRESS = """
4 packets captured

   1: 10:00:00.000001       10.20.1.10 > 192.0.2.10: icmp: echo request
   2: 10:00:00.000600       192.0.2.10 > 10.20.1.10: icmp: echo reply
   3: 10:00:00.250000       10.20.1.10.40001 > 198.51.100.25.443: S 1:1(0) win 29200 <mss 1460>
   4: 10:00:01.000001       10.20.1.10 > 192.0.2.9: icmp: echo request
4 packets shown
"""
EGRESS = """
3 packets captured

   1: 10:00:00.000100       203.0.113.10 > 192.0.2.10: icmp: echo request
   2: 10:00:00.000500       192.0.2.10 > 203.0.113.10: icmp: echo reply
   3: 10:00:01.000100       203.0.113.10 > 192.0.2.9: icmp: echo request
3 packets shown
"""
DROPS = """
1 packet captured

   1: 10:00:00.250100       10.20.1.10.40001 > 198.51.100.25.443: S 1:1(0) win 29200 <mss 1460> Drop-reason: (acl-drop) Flow is denied by configured rule, Drop-location: frame 0x00005611d409b518 flow (NA)/NA
1 packet shown
"""


def test_where_it_died_per_flow_and_direction():
    report = where_it_died({"ingress": ("inside", parse_asa_capture(INGRESS)["packets"]),
                            "egress": ("outside", parse_asa_capture(EGRESS)["packets"]),
                            "asp-drop": parse_asa_capture(DROPS)["packets"]}, {"10.20.1.10": "203.0.113.10"})
    last = dict(((e["dst"], d["direction"]), d["last_seen"]) for e in report for d in e["directions"])
    assert last[("192.0.2.10", "forward")] == "egress (outside), forwarded"
    assert last[("192.0.2.10", "reverse")] == "ingress (inside), delivered back"
    assert last[("198.51.100.25", "forward")] == (
        "dropped by the ASA after ingress (inside): (acl-drop) Flow is denied by configured rule")
    assert last[("198.51.100.25", "reverse")] == "not seen"
    assert last[("192.0.2.9", "forward")] == "egress (outside), forwarded"
    assert last[("192.0.2.9", "reverse")] == "not seen"     # no reply came back to the outside


def test_pcap_from_the_printed_bytes():
    parsed = parse_asa_capture(load("show_capture_packet_dump_ciscodump.txt"))
    data, written, skipped = pcap_from_frames(parsed["packets"])
    assert (written, skipped) == (1, 0)
    pcap = read_pcap(data)
    (secs, micro, incl, orig, frame) = pcap["records"][0]
    assert incl == orig == 98 and micro == 108469 and frame == bytes.fromhex(parsed["packets"][0]["hex"])
    assert struct.unpack("!H", frame[12:14])[0] == 0x0800 and secs % 86400 == 20 * 3600 + 40 * 60 + 1


def _tshark_fields(path):
    import subprocess
    out = subprocess.run(["tshark", "-r", str(path), "-T", "fields", "-E", "separator=,", "-e", "ip.src",
                          "-e", "ip.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport",
                          "-e", "arp.src.proto_ipv4"], capture_output=True, text=True, check=True).stdout
    return [tuple(line.split(",")) for line in out.splitlines()]


def test_tshark_opens_both_pcap_kinds_and_agrees(tmp_path):
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.pcap import pcap_bytes
    real = tmp_path / "real.pcap"
    real.write_bytes(pcap_from_frames(parse_asa_capture(load("show_capture_packet_dump_ciscodump.txt"))["packets"])[0])
    assert _tshark_fields(real) == [("10.124.255.212", "10.124.255.5", "", "", "", "")]
    for name in ("composed/show_capture_tcp.txt", "composed/show_capture_arp_udp.txt", "show_capture_duoin.txt"):
        packets = parse_asa_capture(load(name))["packets"]
        synthetic = tmp_path / (os.path.basename(name) + ".pcap")
        synthetic.write_bytes(pcap_bytes(packets))
        rows = _tshark_fields(synthetic)
        assert len(rows) == len(packets)
        for row, pkt in zip(rows, packets):
            if pkt["protocol"] == "arp":
                assert row[5] == pkt["src"]
            else:
                assert row[:2] == (pkt["src"], pkt["dst"])
                if pkt["protocol"] == "tcp":
                    assert row[2:4] == (str(pkt["src_port"]), str(pkt["dst_port"]))


class _Device(object):
    """A device with a capture of `count` packets; records which channel each command took."""

    def __init__(self, count):
        self.count, self.sent, self.direct = count, [], []
        line = "   %d: 10:00:00.000001       10.0.0.1 > 10.0.0.2: icmp: echo request"
        self.text = "\n%d packets captured\n\n%s\n%d packets shown\n" % (
            count, "\n".join(line % i for i in range(1, count + 1)), count)

    def send(self, command):
        self.sent.append(command)
        if command == "show capture":
            return ""
        if command.endswith("| include captured"):
            return "%d packets captured" % self.count
        return self.text if command.startswith("show capture") else ""


class _Shell(object):
    def __init__(self, device):
        self.device, self.closed = device, False

    def run(self, command):
        self.device.direct.append(command)
        return self.device.text

    def close(self):
        self.closed = True


def _spec():
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import validate_capture
    return validate_capture({"name": "BIG", "interface": "inside", "matches": [{"host": "10.0.0.1"}],
                             "stop": {"packets": 1}})


def test_large_captures_are_read_over_a_direct_channel():
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.run import run_capture
    device = _Device(2500)
    shells = []
    result = run_capture(_spec(), device.send, read="text",
                         bulk=lambda: shells.append(_Shell(device)) or shells[-1])
    assert result["read_channel"] == "ssh" and device.direct == ["show capture BIG"]
    assert "show capture BIG" not in device.sent and shells[0].closed
    assert len(result["parsed"]["packets"]) == 2500 and result["removed"] is True
    # small captures, or a direct channel that cannot open: network_cli reads it
    small = _Device(10)
    assert run_capture(_spec(), small.send, read="text", bulk=lambda: _Shell(small))["read_channel"] == "network_cli"

    def refused():
        raise OSError("Authentication failed")
    device = _Device(2500)
    result = run_capture(_spec(), device.send, read="text", bulk=refused)
    assert result["read_channel"] == "network_cli" and "show capture BIG" in device.sent
    assert any("Authentication failed" in w for w in result["warnings"])


def test_direct_shell_logs_in_while_the_capture_fills_and_read_time_is_reported():
    """With stop.packets >= 2000 the direct shell opens in a thread when the capture is created: the
    polling does not wait for its login. A shell that turns out not to be needed is closed."""
    import threading
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import validate_capture
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.run import run_capture
    spec = validate_capture({"name": "BIG", "interface": "inside", "matches": [{"host": "10.0.0.1"}],
                             "stop": {"packets": 2500, "seconds": 60}})
    device = _Device(2500)
    shells, login_threads = [], []

    def login():
        login_threads.append(threading.current_thread())
        shells.append(_Shell(device))
        return shells[-1]
    ticks = iter(range(100))
    result = run_capture(spec, device.send, read="text", bulk=login, clock=lambda: float(next(ticks)),
                         sleep=lambda s: None)
    assert login_threads and login_threads[0] is not threading.current_thread()   # not on the polling's thread
    assert result["read_channel"] == "ssh" and device.direct == ["show capture BIG"] and shells[0].closed
    assert isinstance(result["read_seconds"], float) and result["read_seconds"] > 0
    # fewer packets than the direct read is worth: the shell opened early is closed unused
    small = _Device(10)
    spare = []
    result = run_capture(spec, small.send, read="text", bulk=lambda: spare.append(_Shell(small)) or spare[-1],
                         clock=lambda: float(next(ticks)), sleep=lambda s: None)
    assert result["read_channel"] == "network_cli" and spare and spare[0].closed and small.direct == []


def test_lost_connection_reconnects_to_remove_the_capture():
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.run import (
        AsaCaptureRunError, AsaConnectionLost, run_capture)
    import pytest
    device = _Device(5)

    lost = []

    def send(command):          # the connection dies while the capture is read, and stays dead
        if command == "show capture BIG" or lost:
            lost.append(command)
            raise AsaConnectionLost(command, "Socket is closed")
        return device.send(command)
    shells = []
    with pytest.raises(AsaCaptureRunError) as err:
        run_capture(_spec(), send, read="text", bulk=lambda: shells.append(_Shell(device)) or shells[-1])
    assert "connection to the device was lost while 'show capture BIG' ran" in str(err.value)
    assert device.direct == ["no capture BIG", "show capture"] and shells[0].closed
    assert err.value.result["removed"] is True
    assert any("reconnected to remove the captures" in w for w in err.value.result["warnings"])


def test_removal_lost_on_the_dead_channel_is_sent_again_after_reconnecting():
    """`no capture` answered empty by a channel that had just closed (it never ran), then the read-back
    fails: the new connection still lists the capture, so the removal is sent there and read again."""
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.run import AsaConnectionLost, run_capture
    device = _Device(5)
    dead = []

    def send(command):
        if command == "no capture BIG":
            dead.append(command)
            return ""                       # what network_cli returns when the channel closes
        if dead:
            raise AsaConnectionLost(command, "Socket is closed")
        return device.send(command)

    class Listing(_Shell):
        present = True

        def run(self, command):
            self.device.direct.append(command)
            if command == "no capture BIG":
                Listing.present = False
                return ""
            return ("capture BIG type raw-data interface inside [Capturing - 0 bytes]\n"
                    "  match ip host 10.0.0.1 any\n") if Listing.present else ""
    result = run_capture(_spec(), send, read="text", bulk=lambda: Listing(device))
    assert device.direct == ["show capture", "no capture BIG", "show capture"]
    assert result["removed"] is True and result["left_on_device"] == []
