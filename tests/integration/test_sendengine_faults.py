"""Failure-path faults of issue 22 item 4, with the lab's fault injection, through the real network_cli stack:
a 9800 refusal followed by a working re-read (the session leaves ca-trustpool mode first), and a dropped AP
read named as the lost connection, not as an AP with SSH off.  (The ASA cases: tests/unit/asa and
test_fault_matrix.py's asa-first; the IOS crypto map: test_fault_matrix.py and test_secret_refusal.py.)"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "wlc_mic_ignore.yml")
ROLE = "pfne.netops.wlc_mic_ignore : "
FIX = ROLE + "Allow or stop allowing expired AP certificates (reads the state first)"
NOT_READ = ROLE + "Name the APs that could not be read"
# the lab inventory is copied without its host_vars: force the 9800 change, name the AP to read
FAST = {"wlc_mic_ignore_verify_delay": 1, "wlc_mic_ignore_verify_retries": 1, "wlc_mic_ignore_force": True}


def _config(lab, host):
    return [line for line in lab.control.log(host) if line.startswith(("crypto pki", "issuer-name", "match certificate",
                                                                       "no ", "configure terminal", "end"))]


def test_9800_refusal_is_followed_by_end_and_a_working_reread(lab, fresh, tmp_path):
    fresh("wlc-9800")
    lab.control.faults("wlc-9800", reject={r"^match certificate ": "% Invalid input detected at '^' marker."})
    try:
        first = lab.playbook(PLAYBOOK, limit="wlc-9800", extra_vars=dict(FAST, wlc_mic_ignore_report_dir=str(tmp_path)))
    finally:
        lab.control.faults("wlc-9800")
    fix = first.result(FIX, "wlc-9800")
    assert fix["failed"] is True and fix["failed_command"] == " match certificate PFNE_EXPIRED_MIC allow expired-certificate"
    # read again on the same session, out of configuration mode: what is really there, and what is missing
    assert "could not read" not in fix["msg"], fix["msg"]
    assert fix["msg"].endswith("read again: still needed crypto pki trustpool policy,  match certificate "
                               "PFNE_EXPIRED_MIC allow expired-certificate"), fix["msg"]
    log = [line.strip() for line in lab.control.log("wlc-9800")]
    refused = log.index("match certificate PFNE_EXPIRED_MIC allow expired-certificate")
    assert log[refused + 1:refused + 3] == ["end", "show running-config | section crypto pki"], log[refused:]
    assert fix["confirmed"] == ["crypto pki certificate map PFNE_EXPIRED_MIC 1", " issuer-name co cisco manufacturing ca",
                                "crypto pki trustpool policy"] and fix["in_doubt"] == fix["not_sent"] == []
    # the rerun sends exactly what the re-read said; the third run types nothing
    lab.control.request("clear_log", device="wlc-9800")
    again = lab.playbook(PLAYBOOK, limit="wlc-9800", extra_vars=dict(FAST, wlc_mic_ignore_report_dir=str(tmp_path)))
    assert again.result(FIX, "wlc-9800")["commands"] == ["crypto pki trustpool policy",
                                                         " match certificate PFNE_EXPIRED_MIC allow expired-certificate"]
    lab.control.request("clear_log", device="wlc-9800")
    third = lab.playbook(PLAYBOOK, limit="wlc-9800", extra_vars=dict(FAST, wlc_mic_ignore_report_dir=str(tmp_path)))
    assert third.stats["wlc-9800"]["changed"] == 0 and _config(lab, "wlc-9800") == []


def test_a_dropped_ap_read_is_named_as_a_lost_connection(lab, fresh, tmp_path):
    fresh("wlc-aireos", "ap-lobby")
    lab.control.faults("ap-lobby", drop_on=r"^show crypto pki certificates", once=True)
    try:
        run = lab.playbook(PLAYBOOK, limit="wlc-aireos", check=True,
                           extra_vars=dict(FAST, wlc_mic_ignore_report_dir=str(tmp_path),
                                           wlc_mic_ignore_ap_hosts=["ap-lobby"]))
    finally:
        lab.control.faults("ap-lobby")
    msg = run.result(NOT_READ, "wlc-aireos")["msg"]
    assert msg.startswith("Not read: ap-lobby (the connection was lost or the read failed: "), msg
    assert "SSH off" not in msg


ASA_PLAY = """\
- name: ASA capture
  hosts: edge-asa
  gather_facts: false
  tasks:
    - name: Capture
      pfne.netops.asa_capture:
        name: PFNE_CAP
        interface: inside
        matches: [{host: 10.20.1.10, peer: 192.0.2.10, protocol: icmp}]
        stop: {packets: 4, seconds: 6, poll_interval: 1}
      ignore_errors: true
"""


def test_asa_refused_create_leaves_no_run_record(lab, fresh, tmp_path):
    fresh("edge-asa")
    play = tmp_path / "capture.yml"
    play.write_text(ASA_PLAY)
    ledger = tmp_path / "ledger"
    lab.control.faults("edge-asa", reject={r"^capture PFNE_CAP_R": "ERROR: % Invalid input detected at '^' marker."})
    try:
        run = lab.playbook(str(play), env={"PFNE_ASA_CAPTURE_STATE_DIR": str(ledger)})
    finally:
        lab.control.faults("edge-asa")
    res = run.result("Capture", "edge-asa")
    assert res["failed"] is True and "the ASA refused 'capture %s" % res["capture_name"] in res["msg"], res["msg"]
    assert lab.control.state("edge-asa")["captures"] == []
    # nothing was created: no record is left for later runs to chase as a leftover
    assert not ledger.exists() or list(ledger.iterdir()) == []
    again = lab.playbook(str(play), env={"PFNE_ASA_CAPTURE_STATE_DIR": str(ledger)})
    res = again.result("Capture", "edge-asa")
    assert not res.get("failed") and res["removed_leftovers"] == [] and not any("leftover" in w for w in res["warnings"])
