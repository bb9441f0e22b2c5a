"""Faults in the middle of a change (issue 14): drop the connection at the first, a middle and the
last configuration command, and reject one, for the RouterOS engine (7.x), the ASA capture, the
AireOS fix and the IOS crypto map (IOS-XE 17, the reject on IOS 15). One lab device per case, so one ansible-playbook run covers every case at once:
run 1 with the faults (each case fails with the three lists, nothing unreported), run 2 without
(converges), run 3 (sends no configuration line). The lab's drop closes the session when the line is
typed, before it runs, and only once (`once`: the re-read after the failure gets a new session).
"""
import copy
from concurrent.futures import ThreadPoolExecutor
import os
import re
import time

import pytest
import yaml

from ansible_collections.pfne.netops.plugins.filter.ipsec_site import ipsec_ios_lines
from ansible_collections.pfne.netops.plugins.plugin_utils.ios.config_send import flatten_blocks
from tests.integration.labrun import INVENTORY, RunningLab

PSK = 'matrix psk "q" $x 0123'
ROS = {  # case -> lab faults on that RouterOS 7 device
    "ros-first": {"drop_on": r"^/ip ipsec proposal add", "once": True},
    "ros-middle": {"drop_on": r"^/ip firewall filter add", "once": True},
    "ros-last": {"drop_on": r"^/ppp secret add", "once": True},
    "ros-reject": {"reject": {r"^/ip firewall filter add": "failure: already have such entry"}},
}
ASA = {  # create, read, remove are the capture's device changes and its read
    "asa-first": {"drop_on": r"^capture PFNE_CAP_R", "once": True},
    "asa-middle": {"drop_on": r"^show capture PFNE_CAP_R[0-9a-f]{6}$", "once": True},   # the read
    "asa-last": {"drop_on": r"^no capture PFNE_CAP_R", "once": True},
    "asa-reject": {"reject": {r"^no capture PFNE_CAP_R": "ERROR: Capture is busy, try again later"}},
}
WLC = {  # two commands (mic, ssc): the first is also the middle
    "wlc-first": {"drop_on": r"^config ap cert-expiry-ignore mic", "once": True},
    "wlc-last": {"drop_on": r"^config ap cert-expiry-ignore ssc", "once": True},
    "wlc-reject": {"reject": {r"^config ap cert-expiry-ignore ssc": "Incorrect input! Use 'config ap ?' for help"}},
}
IOS = {  # the key line goes first, the interface binding last (one ipsec_ios_apply task)
    "ios-first": {"drop_on": r"^crypto isakmp key ", "once": True},
    "ios-middle": {"drop_on": r"^set transform-set ", "once": True},
    "ios-last": {"drop_on": r"^crypto map PFNE-MAP$", "once": True},
    "ios-reject": {"reject": {r"^match address ": "% Invalid input detected at '^' marker."}},
}
IOS_VERSIONS = {"ios-reject": ("15.4(3)M3", "GigabitEthernet0/0")}   # the others: hq-rtr's IOS-XE 17
with open(os.path.join(os.path.dirname(INVENTORY), "group_vars", "all", "ipsec.yml")) as _handle:
    IOS_TUNNELS = [t for t in yaml.safe_load(_handle)["pfne_ipsec_tunnels"] if t["name"] == "hq-branch64"]
IOS_READ = re.compile(r"^(show |terminal |enable$)")
FAULTS = dict(ROS, **dict(ASA, **dict(WLC, **IOS)))

PLAYBOOK = """\
- name: RouterOS engine
  hosts: matrix_ros
  gather_facts: false
  tasks:
    - name: Apply
      pfne.netops.routeros_apply:
        entries:
          - path: /ip ipsec proposal
            match: {name: pfne-m}
            properties: {auth-algorithms: sha256, enc-algorithms: aes-256-cbc, pfs-group: modp2048}
          - path: /ip firewall filter
            match: {comment: "pfne:m:ike"}
            properties: {chain: input, action: accept, protocol: udp, dst-port: "500,4500"}
            place_before: {chain: input, action: drop}
          - path: /ppp secret
            match: {name: pfne-m-user}
            properties: {service: l2tp, profile: default-encryption, password: "{{ psk }}"}
            secret: [password]
      ignore_errors: true
- name: ASA capture
  hosts: matrix_asa
  gather_facts: false
  tasks:
    - name: Capture
      pfne.netops.asa_capture:
        name: PFNE_CAP
        interface: inside
        matches: [{host: 10.20.1.10, peer: 192.0.2.10, protocol: icmp}]
        stop: {packets: 4, seconds: 6, poll_interval: 1}
      ignore_errors: true
- name: AireOS fix
  hosts: matrix_wlc
  gather_facts: false
  tasks:
    - name: Fix
      pfne.netops.wlc_mic_ignore: {force: true, cert_types: [mic, ssc]}
      ignore_errors: true
- name: IOS crypto map
  hosts: matrix_ios
  gather_facts: false
  roles:
    - role: pfne.netops.cisco_crypto_map
      cisco_crypto_map_verify: false
"""


def _inventory(path):
    """One lab device per case, cloned from the lab's branch-ros7, edge-asa and wlc-aireos."""
    with open(INVENTORY) as handle:
        data = yaml.safe_load(handle)
    groups = data["all"]["children"]
    base = {"ros": groups["routeros"], "asa": groups["asa"], "wlc": groups["wlc"]["children"]["aireos"],
            "ios": dict(groups["ios"], vars=dict(groups["ios"]["vars"], pfne_ipsec_site="hq",
                                                 pfne_ipsec_tunnels=IOS_TUNNELS))}
    source = {"ros": base["ros"]["hosts"]["branch-ros7"], "asa": base["asa"]["hosts"]["edge-asa"],
              "wlc": dict(base["wlc"]["hosts"]["wlc-aireos"], lab_ap_count=4, lab_ap_expired=1, lab_ap_expiring=0),
              "ios": base["ios"]["hosts"]["hq-rtr"]}
    children = {}
    for kind, cases, net in (("ros", ROS, "127.0.12"), ("asa", ASA, "127.0.13"), ("wlc", WLC, "127.0.14"),
                             ("ios", IOS, "127.0.15")):
        hosts = {}
        for k, case in enumerate(sorted(cases)):
            hosts[case] = dict(copy.deepcopy(source[kind]), ansible_host="%s.%d" % (net, k + 1))
            if case in IOS_VERSIONS:
                hosts[case].update(lab_version=IOS_VERSIONS[case][0], pfne_ipsec_wan_interface=IOS_VERSIONS[case][1])
        children["matrix_" + kind] = {"vars": dict(base[kind].get("vars") or {}), "hosts": hosts}
    data["all"]["children"] = children
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return path


def _config_lines(log, case):
    if case.startswith("ros"):
        return [line for line in log if line.startswith("/") and " print" not in line]
    if case.startswith("ios"):
        return [line for line in log if line.strip() and not IOS_READ.match(line.strip())]
    if case.startswith("wlc"):
        return [line for line in log if line.startswith("config ") and line != "config paging disable"]
    return [line for line in log if line.startswith(("capture ", "no capture "))]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fault_matrix")
    (tmp / "run").mkdir()
    started = time.monotonic()
    lab = RunningLab(tmp / "run", inventory=_inventory(str(tmp / "source.yml")))
    play = tmp / "matrix.yml"
    play.write_text(PLAYBOOK)
    env = {"PFNE_ASA_CAPTURE_STATE_DIR": str(tmp / "ledger")}
    out = {"ios_before": dict((case, lab.control.state(case)["running_config"]) for case in IOS)}
    try:
        for run in ("faults", "rerun", "third"):
            for case, faults in FAULTS.items():
                lab.control.faults(case, **(faults if run == "faults" else {}))
                lab.control.request("clear_log", device=case)
            # the IOS play in its own ansible-playbook beside the others (plays of one run go one after another)
            with ThreadPoolExecutor(2) as pool:
                ios = pool.submit(lab.playbook, str(play), limit="matrix_ios", env=env)
                result = lab.playbook(str(play), limit="!matrix_ios", extra_vars={"psk": PSK}, env=env)
            out[run] = {"result": result, "stdout": result.stdout, "ios": ios.result(),
                        "log": dict((case, lab.control.log(case)) for case in FAULTS),
                        "captures": dict((case, lab.control.state(case)["captures"]) for case in ASA)}
        print("fault matrix: 3 ansible-playbook runs over %d cases in %.1f s"
              % (len(FAULTS), time.monotonic() - started))
        yield out
    finally:
        lab.stop()


def _task(run, case):
    for name, host, res in run["result"].tasks(case):
        if name in ("Apply", "Capture", "Fix"):
            return res
    raise KeyError("%s: %r" % (case, run["result"]))


@pytest.mark.parametrize("case", sorted(ROS))
def test_routeros_engine(matrix, case):
    first, rerun, third = (_task(matrix[r], case) for r in ("faults", "rerun", "third"))
    assert first["failed"] is True, first
    # the three lists (and the refused command) cover every planned command: nothing unreported
    listed = first["confirmed"] + first["in_doubt"] + first["not_sent"] + [first.get("failed_command")] * (
        "failed_command" in first)
    assert sorted(listed) == sorted(first["commands"]), first
    assert ("failed_command" in first) == (case == "ros-reject") and bool(first["in_doubt"]) == (case != "ros-reject")
    # after the failure the device was read again (a new connection after a drop) and says what is there:
    # exactly what the rerun then sends
    after = first["after_failure"]
    assert after["reread"] is True and after["reconnected"] is (case != "ros-reject"), after
    assert after["rerun_would_send"] == rerun["commands"]
    # the lab drops the line before it runs: the dropped line is not on the device; the line before it printed
    # nothing and no later answer proved it (RouterOS prints nothing on success), so it is in doubt too, and the
    # re-read finds it there
    if case != "ros-reject":
        *before, dropped = first["in_doubt"]
        assert len(before) == (0 if case == "ros-first" else 1), first["in_doubt"]
        assert after["in_doubt_applied"] == dict([(dropped, False)] + [(line, True) for line in before]), after
    assert PSK not in matrix["faults"]["stdout"] and "********" in repr(first)
    assert not rerun.get("failed") and rerun["changed"] is True
    assert not third.get("failed") and third["changed"] is False
    assert _config_lines(matrix["third"]["log"][case], case) == []


@pytest.mark.parametrize("case", sorted(ASA))
def test_asa_capture(matrix, case):
    first, rerun, third = (_task(matrix[r], case) for r in ("faults", "rerun", "third"))
    if case == "asa-last":
        # the dropped `no capture` never ran: the read-back fails, a new connection still lists the
        # capture, the removal is sent there and read back; the capture was already read, so it warns
        assert not first.get("failed") and first["removed"] is True and first["verdict"] == "both-ways", first
        assert any("reconnected to remove the captures" in w for w in first["warnings"])
        assert _config_lines(matrix["faults"]["log"][case], case).count("no capture %s" % first["capture_name"]) == 2
    elif case == "asa-reject":
        assert first["failed"] is True, first
        # the refused removal: the task fails with the exact command; the capture stays and is said to
        assert first["removed"] is False and first["left_on_device"] == [first["capture_name"]]
        assert "no capture %s" % first["capture_name"] in first["msg"]
        assert matrix["faults"]["captures"][case] == [first["capture_name"]]
        # the rerun recognises it as this collection's leftover and removes it
        assert rerun["removed_leftovers"] == [first["capture_name"]]
    else:
        assert first["failed"] is True, first
        assert "connection to the device was lost" in first["msg"] and "capture spec is not the cause" in first["msg"]
        # asa-first: the create was dropped before it ran, so nothing was created and nothing needed removing
        assert first["removed"] is (case != "asa-first") and first.get("left_on_device", []) == [], first
        assert matrix["faults"]["captures"][case] == []
        assert any("reconnected to remove the captures" in w for w in first["warnings"])
        if case == "asa-first":    # the drop is named on the create line, not on the poll after it
            assert "lost while 'capture %s interface inside match icmp" % first["capture_name"] in first["msg"], first["msg"]
        if case == "asa-middle":   # network_cli answered the cut-off read without an error: the header is missing
            assert "without the 'packets captured' header" in first["msg"]
    for run, res in ((matrix["faults"], first), (matrix["rerun"], rerun), (matrix["third"], third)):
        if res.get("removed"):    # never keeps a capture it reported removed
            assert res["capture_name"] not in run["captures"][case]
    assert not rerun.get("failed") and rerun["verdict"] == "both-ways" and matrix["rerun"]["captures"][case] == []
    # a capture run creates and removes its own capture each time: the third run does only that
    assert _config_lines(matrix["third"]["log"][case], case) == [
        "capture %s interface inside match icmp host 10.20.1.10 host 192.0.2.10" % third["capture_name"],
        "no capture %s" % third["capture_name"]]
    assert matrix["third"]["captures"][case] == []


@pytest.mark.parametrize("case", sorted(WLC))
def test_aireos_fix(matrix, case):
    first, rerun, third = (_task(matrix[r], case) for r in ("faults", "rerun", "third"))
    assert first["failed"] is True, first
    refused = [first["failed_command"]] if "failed_command" in first else []
    assert sorted(first["confirmed"] + first["in_doubt"] + first["not_sent"] + refused) == sorted(first["commands"])
    assert bool(refused) == (case == "wlc-reject") and bool(first["in_doubt"]) == (case != "wlc-reject")
    assert "read again: still needed" in first["msg"], first["msg"]          # read again (new connection after a drop)
    assert first.get("reconnected", False) is (case != "wlc-reject")
    assert not rerun.get("failed") and rerun["changed"] is True
    assert not third.get("failed") and third["changed"] is False
    assert _config_lines(matrix["third"]["log"][case], case) == []


IOS_APPLY = "pfne.netops.cisco_crypto_map : Apply the crypto map change (keys first, stops at the first refusal, secrets masked)"


@pytest.mark.parametrize("case", sorted(IOS))
def test_ios_crypto_map(matrix, case):
    runs = [matrix[r]["ios"] for r in ("faults", "rerun", "third")]
    first = runs[0].result(IOS_APPLY, case)
    assert first["failed"] is True, first
    # the three lists and the refused line cover every line the planner gave for the router as it was
    # (keys masked): nothing unreported
    wan = IOS_VERSIONS.get(case, ("", "GigabitEthernet0/0/0"))[1]
    tunnels = copy.deepcopy(IOS_TUNNELS)
    tunnels[0]["endpoints"]["hq"]["ios"]["interface"] = wan
    planned = ipsec_ios_lines(tunnels, "hq", matrix["ios_before"][case])
    refused = [first["refused"]] if first.get("refused") else []
    assert sorted(first["confirmed"] + first["in_doubt"] + first["not_sent"] + refused) == sorted(
        flatten_blocks(planned["masked_blocks"])), first
    # line by line: a dropped line is the one in doubt, a refused line is in no list
    dropped = {"ios-first": "crypto isakmp key ", "ios-middle": " set transform-set ", "ios-last": " crypto map PFNE-MAP"}
    if case == "ios-reject":
        assert first["in_doubt"] == [] and first["refused"].startswith(" match address "), first
    else:
        assert len(first["in_doubt"]) == 1 and first["in_doubt"][0].startswith(dropped[case]), first
    assert first["reconnected"] is (case != "ios-reject") and ("connection lost" in first["msg"]) is first["reconnected"], first["msg"]
    if case == "ios-reject":
        assert "Invalid input detected" in first["msg"]
    # read again after the failure: what a rerun would send is what the rerun then sends
    shown = runs[1].result(IOS_APPLY, case)
    assert runs[1].stats[case]["failures"] == 0 and shown["changed"] is True, runs[1].stats[case]
    assert sorted(first["rerun_would_send"]) == sorted(shown["commands"]), (first, shown)
    # a rerun types a block's header again when one of its lines is missing; every line under a header it sends
    # was in doubt, not sent or refused
    assert first["rerun_would_send"] and set(line for line in first["rerun_would_send"] if line.startswith(" ")) <= set(
        first["in_doubt"] + first["not_sent"] + refused), first
    assert runs[2].stats[case]["failures"] == 0 and runs[2].stats[case]["changed"] == 0, runs[2].stats[case]
    assert _config_lines(matrix["third"]["log"][case], case) == []
    for run in runs:
        assert IOS_TUNNELS[0]["psk"] not in run.stdout + run.stderr
    assert "crypto isakmp key ******** address 203.0.113.3 no-xauth" in repr(first)
