"""playbooks/asa_capture.yml and pfne.netops.asa_capture against the lab ASA over the real
network_cli stack (issues 5 and 12)."""
import datetime
import json
import os
import re
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "asa_capture.yml")
ASA = "edge-asa"
CREATE = "capture %s interface inside match icmp host 10.20.1.10 host 192.0.2.10"
RUN = "pfne.netops.asa_capture : Run, collect and remove the capture"


def _log(lab):
    return lab.control.request("state", device=ASA)["log"]


def _env(tmp_path):
    """Owned records of the test's runs in its own directory (not the user's ~/.ansible)."""
    return {"PFNE_ASA_CAPTURE_STATE_DIR": str(tmp_path / "ledger")}


def _play(tmp_path, tasks):
    path = tmp_path / "play.yml"
    path.write_text("- hosts: asa\n  gather_facts: false\n  tasks:\n" + tasks)
    return str(path)


def test_check_mode_sends_nothing(fresh, tmp_path):
    lab = fresh(ASA)
    run = lab.playbook(PLAYBOOK, check=True, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)},
                       env=_env(tmp_path))
    assert run.rc == 0, run
    assert not [line for line in _log(lab) if "capture" in line]
    plan = run.result("pfne.netops.asa_capture : Validate the capture (no command reaches the device)", ASA)
    (create,) = [c for c in plan["commands"] if c.startswith("capture ")]
    assert re.fullmatch(CREATE % "PFNE_CAP_R[0-9a-f]{6}", create) and plan["changed"] is False


def _tshark(path):
    """[(HH:MM:SS.micro UTC, src, dst, protocol)] of a pcap, as tshark reads it."""
    out = subprocess.run(["tshark", "-r", str(path), "-T", "fields", "-E", "separator=,", "-e", "frame.time_epoch",
                          "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto", "-e", "icmp.type", "-e", "_ws.expert"],
                         capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        epoch, src, dst, proto, icmp_type, expert = line.split(",", 5)
        stamp = datetime.datetime.fromtimestamp(float(epoch), datetime.timezone.utc).strftime("%H:%M:%S.%f")
        rows.append((stamp, src, dst, {"1": "icmp", "6": "tcp"}[proto], icmp_type, expert))
    return rows


def test_capture_both_directions_real_bytes_and_removed(fresh, tmp_path):
    lab = fresh(ASA)
    start = time.monotonic()
    run = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)}, env=_env(tmp_path))
    took = time.monotonic() - start
    assert run.rc == 0, run
    result = run.result(RUN, ASA)
    name = result["capture_name"]
    assert result["packets"] >= 8 and result["verdict"] == "both-ways" and result["removed"] is True
    assert result["complete"] is True and result["unparsed_count"] == 0
    flow = result["flows"][0]
    assert (flow["src"], flow["dst"], flow["protocol"]) == ("10.20.1.10", "192.0.2.10", "icmp")
    assert flow["packets_forward"] > 0 and flow["packets_reverse"] > 0
    log = _log(lab)
    assert CREATE % name in log and "show capture %s dump" % name in log
    assert log.index("no capture %s" % name) < len(log) - 1 and log[-1] == "show capture"
    assert lab.control.state(ASA)["captures"] == []
    # the pcap holds the bytes the ASA printed: tshark reads every frame and agrees with the text
    assert result["pcap_source"] == "dump"
    saved = json.loads((tmp_path / ("edge-asa_%s.json" % name)).read_text())
    frames = _tshark(tmp_path / ("edge-asa_%s.pcap" % name))
    assert len(frames) == len(saved["packets"]) == saved["captured"]
    for (stamp, src, dst, proto, icmp_type, expert), pkt in zip(frames, saved["packets"]):
        assert (stamp, src, dst, proto) == (pkt["time"], pkt["src"], pkt["dst"], pkt["protocol"])
        assert icmp_type == {"icmp: echo request": "8", "icmp: echo reply": "0"}[pkt["info"]]
        assert expert == ""           # no malformed packet or bad checksum
    print("lab play wall time: %.1f s" % took)


ACL_TASKS = """\
    - name: ACLs - two lines (one per direction), standard, one line, mixed
      cisco.asa.asa_config:
        lines:
          - access-list CAP_BOTH extended permit icmp host 10.20.1.10 host 192.0.2.10
          - access-list CAP_BOTH extended permit icmp host 192.0.2.10 host 10.20.1.10
          - access-list CAP_STD standard permit host 10.20.1.10
          - access-list CAP_ONEWAY extended permit icmp host 10.20.1.10 host 192.0.2.10
          - access-list CAP_MIXED standard permit host 10.20.1.10
          - access-list CAP_MIXED extended permit ip host 10.20.1.10 any
          - access-list CAP_MIXED extended permit ip any host 10.20.1.10
    - name: Two-line extended ACL
      pfne.netops.asa_capture: {name: BOTH, interface: inside, access_list: CAP_BOTH, stop: {packets: 4, seconds: 10, poll_interval: 1}}
      register: both
    - name: Standard ACL
      pfne.netops.asa_capture: {name: STD, interface: inside, access_list: CAP_STD}
      register: std
      ignore_errors: true
    - name: One-line ACL acknowledged
      pfne.netops.asa_capture: {name: ONEWAY, interface: inside, access_list: CAP_ONEWAY, access_list_one_way_ok: true, stop: {packets: 4, seconds: 10, poll_interval: 1}}
      register: oneway
    - name: Mixed ACL
      pfne.netops.asa_capture: {name: MIXED, interface: inside, access_list: CAP_MIXED}
      register: mixed
      ignore_errors: true
    - name: The write-up's error, typed by hand
      cisco.asa.asa_command:
        commands: capture BYHAND access-list CAP_MIXED interface inside
      register: byhand
      ignore_errors: true
"""


def test_acl_captures(fresh, tmp_path):
    lab = fresh(ASA)
    run = lab.playbook(_play(tmp_path, ACL_TASKS), limit=ASA, env=_env(tmp_path))
    both = run.result("Two-line extended ACL", ASA)
    assert both["verdict"] == "both-ways" and both["access_list"]["kind"] == "two-way", run
    std = run.result("Standard ACL", ASA)
    assert std["failed"] is True and "matches the source address only" in std["msg"]
    oneway = run.result("One-line ACL acknowledged", ASA)
    assert oneway["verdict"] == "one-way" and oneway["flows"][0]["packets_reverse"] == 0
    mixed = run.result("Mixed ACL", ASA)
    assert "ERROR: Capture doesn't support access-list CAP_MIXED containing mixed policies" in mixed["msg"]
    assert "mixes standard and extended entries" in mixed["msg"]
    assert "containing mixed policies" in run.result("The write-up's error, typed by hand", ASA)["msg"]
    log = _log(lab)
    assert not [line for line in log if line.startswith("capture STD_R")]      # refused before creating
    assert lab.control.state(ASA)["captures"] == []


PATH_TASKS = """\
    - name: Blocked flow at three points
      pfne.netops.asa_capture:
        name: PATH
        interface: inside
        egress_interface: outside
        matches:
          - {host: 10.20.1.10, peer: any}
        stop: {packets: 9, seconds: 15, poll_interval: 1}
      register: path
    - name: A flow with no traffic
      pfne.netops.asa_capture:
        name: QUIET
        interface: inside
        egress_interface: outside
        matches:
          - {host: 10.20.1.11, peer: 198.51.100.25, protocol: tcp, peer_port: 443}
        stop: {seconds: 2, poll_interval: 1}
      register: quiet
"""


def test_where_the_packet_dies(fresh, tmp_path):
    lab = fresh(ASA)
    run = lab.playbook(_play(tmp_path, PATH_TASKS), limit=ASA, env=_env(tmp_path))
    path = run.result("Blocked flow at three points", ASA)
    assert not path.get("failed"), run
    assert path["nat"] == [{"real": "10.20.1.10", "mapped": "203.0.113.10"}]
    flows = dict(((f["protocol"], f["dst"]), f) for f in path["path"])
    ping = flows[("icmp", "192.0.2.10")]["directions"]
    assert ping[0]["last_seen"] == "egress (outside), forwarded"
    assert ping[1]["last_seen"] == "ingress (inside), delivered back"
    syn = flows[("tcp", "198.51.100.25")]["directions"][0]
    assert syn["seen"] == ["ingress"] and syn["drop_reasons"] == {"acl-drop": "Flow is denied by configured rule"}
    assert syn["last_seen"].startswith("dropped by the ASA after ingress (inside): (acl-drop)")
    quiet = run.result("A flow with no traffic", ASA)
    (trace,) = quiet["packet_tracer"]
    assert trace["command"] == "packet-tracer input inside tcp 10.20.1.11 1025 198.51.100.25 443"
    assert trace["parsed"]["action"] == "drop" and trace["parsed"]["drop_reason"] == "acl-drop"
    assert trace["parsed"]["drop_phase"]["type"] == "ACCESS-LIST"
    log = _log(lab)
    for base in (path["capture_name"], quiet["capture_name"]):
        for name in (base, base + "_E", base + "_D"):
            assert "no capture %s" % name in log
    assert "capture %s_E interface outside match ip host 203.0.113.10 any" % path["capture_name"] in log
    assert lab.control.state(ASA)["captures"] == []


def test_foreign_capture_untouched(fresh, tmp_path):
    """Someone's capture with the very name given: the run uses its own name and never touches it."""
    lab = fresh(ASA)
    pre = _play(tmp_path, "    - name: Someone else's capture\n      cisco.asa.asa_command:\n"
                          "        commands: capture PFNE_CAP interface outside match ip host 203.0.113.9 any\n")
    assert lab.playbook(pre, limit=ASA).rc == 0
    run = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)}, env=_env(tmp_path))
    assert run.rc == 0, run
    assert run.result(RUN, ASA)["capture_name"] != "PFNE_CAP"
    assert "no capture PFNE_CAP" not in _log(lab) and lab.control.state(ASA)["captures"] == ["PFNE_CAP"]


LEFTOVER = "capture PFNE_CAP_R00dead interface inside match icmp host 10.20.1.10 host 192.0.2.10"


def test_two_runs_at_once_and_a_leftover(fresh, tmp_path):
    """A leftover of an interrupted run (its capture and owned record; its process gone) is removed,
    not reported as foreign; then two ansible-playbook processes at once against one ASA: each has its
    own capture and its own files, none is created twice, and nothing stays on the device."""
    lab = fresh(ASA)
    pre = _play(tmp_path, "    - name: An interrupted run's capture\n      cisco.asa.asa_command:\n"
                          "        commands: %s\n" % LEFTOVER)
    assert lab.playbook(pre, limit=ASA).rc == 0
    gone = subprocess.Popen(["true"])
    gone.wait()
    ledger = tmp_path / "ledger"
    ledger.mkdir()
    (ledger / "127.0.3.1_{}__PFNE_CAP_R00dead.json".format(lab.port)).write_text(json.dumps({
        "device": "127.0.3.1_%d" % lab.port, "name": "PFNE_CAP_R00dead", "names": ["PFNE_CAP_R00dead"],
        "interface": "inside", "pid": gone.pid, "controller": os.uname()[1], "keep": False}))
    first = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)}, env=_env(tmp_path))
    assert first.rc == 0, first
    assert first.result(RUN, ASA)["removed_leftovers"] == ["PFNE_CAP_R00dead"]
    assert lab.control.state(ASA)["captures"] == [] and os.listdir(str(ledger)) == []

    lab = fresh(ASA)
    runs = [None, None]

    def play(i):
        # each capture waits its full 15 s (packets 0: no count ends it): the two runs' captures overlap even when
        # one process reaches the ASA later than the other (each playbook's pre-flight logs in first)
        runs[i] = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path / "both"),
                                                                "pfne_asa_capture_packets": 0,
                                                                "pfne_asa_capture_seconds": 15},
                               env=_env(tmp_path))
    threads = [threading.Thread(target=play, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = [run.result(RUN, ASA) for run in runs]
    assert all(run.rc == 0 for run in runs), runs
    names = [r["capture_name"] for r in results]
    assert names[0] != names[1]
    log = _log(lab)
    creates = [line for line in log if line.startswith("capture ")]
    assert sorted(creates) == sorted(CREATE % n for n in names)          # one create each, no duplicate
    # they ran at the same time: both captures existed before either was removed
    assert max(log.index(c) for c in creates) < min(log.index("no capture %s" % n) for n in names)
    assert lab.control.state(ASA)["captures"] == []
    for name, result in zip(names, results):
        assert all(name in os.path.basename(f) for f in result["files"])
        saved = json.loads((tmp_path / "both" / ("edge-asa_%s.json" % name)).read_text())
        assert [c for c in saved["commands"] if c.startswith("capture ")] == [CREATE % name]
        other = [n for n in names if n != name][0]
        assert not [c for c in saved["commands"] if other in c]
    assert os.listdir(str(ledger)) == []


def test_capture_removed_when_the_play_fails_after_creating_it(fresh, tmp_path):
    """The ASA refuses the read-back of the capture (a fault injected in the lab): the play
    fails after `capture ...` was accepted, and the capture is still removed."""
    lab = fresh(ASA)
    lab.control.faults(ASA, reject={r"^show capture PFNE_CAP_R[0-9a-f]{6}( dump)?$": "ERROR: Capture is busy"})
    try:
        run = lab.playbook(PLAYBOOK, limit=ASA, extra_vars={"asa_capture_dest": str(tmp_path)}, env=_env(tmp_path))
    finally:
        lab.control.faults(ASA)
    assert run.rc != 0
    name = run.result(RUN, ASA)["capture_name"]
    log = _log(lab)
    assert "no capture %s" % name in log[log.index(CREATE % name):]
    assert lab.control.state(ASA)["captures"] == []
