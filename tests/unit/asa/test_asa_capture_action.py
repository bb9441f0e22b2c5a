"""Action plugin pfne.netops.asa_capture against a fake persistent Connection."""
import json
import os
from unittest.mock import MagicMock

import pytest
from ansible.module_utils.connection import ConnectionError
from ansible.playbook.play_context import PlayContext

import ansible_collections.pfne.netops.plugins.action.asa_capture as action_mod

FIX = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "asa")
with open(os.path.join(FIX, "show_capture_duoin.txt")) as _h:
    DUOIN = _h.read()


class FakeASA(object):
    """Answers like the ASA over cisco.asa cliconf; errors raise ConnectionError as the terminal plugin does."""

    def __init__(self, listing="", capture_text=DUOIN, fail_on=None, interrupt_on=None, acl=""):
        self.sent = []
        self.acl = acl
        self.listing = listing
        self.capture_text = capture_text
        self.fail_on = fail_on or {}
        self.interrupt_on = interrupt_on
        self.exists = False

    def get(self, command):
        self.sent.append(command)
        if self.interrupt_on and command.startswith(self.interrupt_on):
            raise KeyboardInterrupt()
        for prefix, message in self.fail_on.items():
            if command.startswith(prefix):
                raise ConnectionError(message)
        if command == "show capture":
            extra = ("capture CAPIN_R0a1b2c type raw-data interface inside [Capturing - 0 bytes]\n"
                     "  match icmp host 192.168.100.1 host 192.168.200.1\n") if self.exists else ""
            return self.listing + extra
        if command.startswith("capture CAPIN_R0a1b2c"):
            self.exists = True
            return ""
        if command == "no capture CAPIN_R0a1b2c":
            self.exists = False
            return ""
        if command == "show capture CAPIN_R0a1b2c | include captured":
            return "8 packets captured"
        if command.startswith("show running-config access-list "):
            return self.acl
        if command in ("show capture CAPIN_R0a1b2c", "show capture CAPIN_R0a1b2c dump"):
            return self.capture_text
        raise AssertionError("unexpected command %r" % command)


@pytest.fixture(autouse=True)
def ledger(tmp_path, monkeypatch):
    """Owned records of this test's runs, away from the user's ~/.ansible."""
    path = tmp_path / "ledger"
    monkeypatch.setenv("PFNE_ASA_CAPTURE_STATE_DIR", str(path))
    return path


ARGS = {"name": "CAPIN", "interface": "inside",
        "matches": [{"host": "192.168.100.1", "peer": "192.168.200.1", "protocol": "icmp"}],
        "stop": {"packets": 8, "seconds": 5, "poll_interval": 1}}


def run(args, device, check_mode=False, monkeypatch=None, socket_path="/tmp/fake.sock"):
    task = MagicMock()
    task.args = args
    task.async_val = 0
    task.check_mode = check_mode
    play_context = PlayContext()
    play_context.check_mode = check_mode
    connection = MagicMock()
    connection.socket_path = socket_path
    plugin = action_mod.ActionModule(task, connection, play_context, loader=None, templar=None,
                                     shared_loader_obj=None)
    created = []

    def factory(path):
        created.append(path)
        return device
    monkeypatch.setattr(action_mod, "Connection", factory)
    monkeypatch.setattr(action_mod, "new_run_token", lambda: "0a1b2c")   # the run's own capture name: CAPIN_R0a1b2c
    result = plugin.run(task_vars={"inventory_hostname": "edge-asa"})
    return result, created


def test_check_mode_sends_nothing(monkeypatch):
    device = FakeASA()
    result, created = run(ARGS, device, check_mode=True, monkeypatch=monkeypatch)
    assert device.sent == [] and created == []
    assert result["commands"] == [
        "show capture",
        "capture CAPIN_R0a1b2c interface inside match icmp host 192.168.100.1 host 192.168.200.1",
        "show capture CAPIN_R0a1b2c | include captured",
        "show capture CAPIN_R0a1b2c",
        "no capture CAPIN_R0a1b2c",
        "show capture"]
    # a capture that is removed again leaves the ASA as it was: nothing would change
    assert result["changed"] is False and not result.get("failed")


def test_run_collects_both_directions_and_removes(monkeypatch, tmp_path):
    device = FakeASA()
    result, _ = run(dict(ARGS, dest=str(tmp_path)), device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert device.sent == [
        "show capture",
        "capture CAPIN_R0a1b2c interface inside match icmp host 192.168.100.1 host 192.168.200.1",
        "show capture CAPIN_R0a1b2c | include captured",
        "show capture CAPIN_R0a1b2c dump",
        "no capture CAPIN_R0a1b2c",
        "show capture"]
    assert result["packets"] == 8 and result["bidirectional"] is True and result["removed"] is True
    assert result["one_way_flows"] == [] and result["stopped_by"] == "packets"
    saved = json.loads((tmp_path / "edge-asa_CAPIN_R0a1b2c.json").read_text())
    assert saved["captured"] == 8 and len(saved["packets"]) == 8 and saved["flows"][0]["bidirectional"]
    assert (tmp_path / "edge-asa_CAPIN_R0a1b2c.pcap").read_bytes()[:4] == b"\xd4\xc3\xb2\xa1"
    # the fake device refuses nothing but prints no frame bytes: the synthetic fallback is named
    assert result["pcap_source"] == "synthetic" and saved["pcap_source"] == "synthetic"
    assert sorted(result["files"]) == sorted([str(tmp_path / "edge-asa_CAPIN_R0a1b2c.json"), str(tmp_path / "edge-asa_CAPIN_R0a1b2c.pcap")])


def test_foreign_capture_untouched(monkeypatch):
    device = FakeASA(listing="capture CAPIN_R0a1b2c type raw-data interface outside [Capturing - 512 bytes]\n"
                             "  match ip host 10.9.9.9 any\n")
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert device.sent == ["show capture"]
    assert "not created by pfne.netops.asa_capture" in result["msg"] and "left untouched" in result["msg"]


def test_cleanup_when_reading_fails(monkeypatch):
    device = FakeASA(fail_on={"show capture CAPIN_R0a1b2c": "ERROR: % connection lost mid-read"})
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert device.sent[-2:] == ["no capture CAPIN_R0a1b2c", "show capture"] and result["removed"] is True


def test_cleanup_on_interruption(monkeypatch):
    device = FakeASA(interrupt_on="show capture CAPIN_R0a1b2c |")
    with pytest.raises(KeyboardInterrupt):
        run(ARGS, device, monkeypatch=monkeypatch)
    assert device.sent == [
        "show capture",
        "capture CAPIN_R0a1b2c interface inside match icmp host 192.168.100.1 host 192.168.200.1",
        "show capture CAPIN_R0a1b2c | include captured",
        "no capture CAPIN_R0a1b2c",
        "show capture"]


def test_keep_leaves_capture(monkeypatch):
    device = FakeASA()
    result, _ = run(dict(ARGS, keep=True), device, monkeypatch=monkeypatch)
    assert "no capture CAPIN_R0a1b2c" not in device.sent and result["kept"] is True and result["removed"] is False


MIXED_ACL = ("access-list MIXED standard permit host 192.168.100.1\n"
             "access-list MIXED extended permit ip host 192.168.100.1 any\n"
             "access-list MIXED extended permit ip any host 192.168.100.1\n")


def test_mixed_policies_error_explained(monkeypatch):
    device = FakeASA(acl=MIXED_ACL, fail_on={
        "capture CAPIN_R0a1b2c": "ERROR: Capture doesn't support access-list MIXED containing mixed policies"})
    args = {"name": "CAPIN", "interface": "inside", "access_list": "MIXED"}
    result, _ = run(args, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert "access-list MIXED mixes standard and extended entries" in result["msg"]
    assert "remove the standard entries" in result["msg"]
    assert result["access_list"]["kind"] == "mixed"
    # the create failed: the list is re-read and nothing is removed because nothing was left behind
    assert device.sent == ["show capture", "show running-config access-list MIXED",
                           "capture CAPIN_R0a1b2c access-list MIXED interface inside", "show capture"]


@pytest.mark.parametrize("acl, kind, reason", [
    ("access-list ONE standard permit host 192.168.100.1\n", "standard", "matches the source address only"),
    ("access-list ONE extended permit icmp host 192.168.100.1 host 192.168.200.1\n", "one-way",
     "no line for the way back of: access-list ONE extended permit icmp host 192.168.100.1 host 192.168.200.1"),
])
def test_one_way_acl_refused_before_anything_is_created(monkeypatch, acl, kind, reason):
    device = FakeASA(acl=acl)
    result, _ = run({"name": "CAPIN", "interface": "inside", "access_list": "ONE"}, device, monkeypatch=monkeypatch)
    assert result["failed"] is True and result["access_list"]["kind"] == kind
    assert reason in result["msg"] and "access_list_one_way_ok" in result["msg"]
    assert device.sent == ["show capture", "show running-config access-list ONE"]
    # acknowledged: the one-way capture runs, with a warning
    device = FakeASA(acl=acl)
    result, _ = run({"name": "CAPIN", "interface": "inside", "access_list": "ONE", "access_list_one_way_ok": True,
                     "stop": {"packets": 8, "seconds": 5}}, device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert "capture CAPIN_R0a1b2c access-list ONE interface inside" in device.sent
    assert any("one-way capture acknowledged" in w for w in result["warnings"])


def test_two_way_extended_acl_allowed(monkeypatch):
    acl = ("access-list CAP extended permit ip host 192.168.100.1 any\n"
           "access-list CAP extended permit ip any host 192.168.100.1\n")
    device = FakeASA(acl=acl)
    result, _ = run({"name": "CAPIN", "interface": "inside", "access_list": "CAP", "stop": {"packets": 8}},
                    device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert result["access_list"]["kind"] == "two-way" and result["bidirectional"] is True


def test_bad_input_fails_before_connecting(monkeypatch):
    device = FakeASA()
    result, created = run(dict(ARGS, interface="inside lan"), device, monkeypatch=monkeypatch)
    assert result["failed"] is True and result["field"] == "interface"
    assert created == [] and device.sent == []


def test_needs_persistent_connection(monkeypatch):
    result, created = run(ARGS, FakeASA(), monkeypatch=monkeypatch, socket_path=None)
    assert result["failed"] is True and "network_cli" in result["msg"] and created == []


def test_connection_loss_named_as_the_cause(monkeypatch):
    device = FakeASA(fail_on={"show capture CAPIN_R0a1b2c | include": "Socket is closed"})
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert result["msg"].startswith("the connection to the device was lost while 'show capture CAPIN_R0a1b2c | include captured' ran")
    assert "capture spec is not the cause" in result["msg"]
    assert "no capture CAPIN_R0a1b2c" in device.sent


def test_a_capture_that_cannot_be_removed_fails_with_the_command(monkeypatch):
    device = FakeASA(fail_on={"no capture CAPIN_R0a1b2c": "ERROR: Capture CAPIN_R0a1b2c is busy"})
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True and result["left_on_device"] == ["CAPIN_R0a1b2c"]
    assert result["msg"].endswith("remove it by hand: no capture CAPIN_R0a1b2c")
    assert device.sent[-2:] == ["no capture CAPIN_R0a1b2c", "show capture"]     # the list was read to confirm


def test_a_cut_off_read_is_a_lost_connection(monkeypatch):
    device = FakeASA(capture_text="None")      # what network_cli handed back when the lab cut the session
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert "without the 'packets captured' header" in result["msg"] and "capture spec is not the cause" in result["msg"]
    assert "no capture CAPIN_R0a1b2c" in device.sent


LEFTOVER = ("capture CAPIN_R00dead type raw-data interface inside [Capturing - 0 bytes]\n"
            "  match icmp host 192.168.100.1 host 192.168.200.1\n")


class LeftoverASA(FakeASA):
    """FakeASA holding one more capture (of an earlier run) until `no capture` removes it."""

    def __init__(self, other, **kwargs):
        super(LeftoverASA, self).__init__(**kwargs)
        self.other = other

    def get(self, command):
        if command == "no capture CAPIN_R00dead":
            self.sent.append(command)
            self.other = ""
            return ""
        self.listing = self.other
        return super(LeftoverASA, self).get(command)


def _record(ledger, pid, keep=False):
    from ansible_collections.pfne.netops.plugins.plugin_utils.asa.owner import write_record
    path = write_record(str(ledger), "edge-asa_22", {"name": "CAPIN_R00dead", "interface": "inside"},
                        ["CAPIN_R00dead"], keep)
    record = json.load(open(path))
    record["pid"] = pid
    json.dump(record, open(path, "w"))
    return path


def _dead_pid():
    import subprocess
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_leftover_of_a_finished_run_removed_and_read_back(monkeypatch, ledger):
    path = _record(ledger, _dead_pid())
    device = LeftoverASA(LEFTOVER)
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert device.sent[:3] == ["show capture", "no capture CAPIN_R00dead", "show capture"]
    assert result["removed_leftovers"] == ["CAPIN_R00dead"]
    assert not os.path.exists(path)                  # the record goes with the capture
    assert os.listdir(str(ledger)) == []             # and this run's own record after its removal


def test_capture_of_a_run_still_going_is_left_alone(monkeypatch, ledger):
    path = _record(ledger, os.getpid())              # this process: the run is alive
    device = LeftoverASA(LEFTOVER)
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert "no capture CAPIN_R00dead" not in device.sent and result["removed_leftovers"] == []
    assert any("still going" in w for w in result["warnings"]) and os.path.exists(path)


def test_run_pattern_without_record_is_not_foreign_and_not_removed(monkeypatch):
    device = LeftoverASA(LEFTOVER)
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert not result.get("failed"), result
    assert "no capture CAPIN_R00dead" not in device.sent
    assert any("no owned record" in w for w in result["warnings"])


def test_kept_capture_replaced_only_by_a_keep_run(monkeypatch, ledger):
    _record(ledger, _dead_pid(), keep=True)
    device = LeftoverASA(LEFTOVER)
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert "no capture CAPIN_R00dead" not in device.sent and any("kept" in w for w in result["warnings"])
    device = LeftoverASA(LEFTOVER)
    result, _ = run(dict(ARGS, keep=True), device, monkeypatch=monkeypatch)
    assert "no capture CAPIN_R00dead" in device.sent and result["removed_leftovers"] == ["CAPIN_R00dead"]


def test_failed_run_keeps_its_record_when_the_capture_may_remain(monkeypatch, ledger):
    device = FakeASA(fail_on={"show capture CAPIN_R0a1b2c |": "Socket is closed", "no capture": "Socket is closed"})
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True and result["capture_name"] == "CAPIN_R0a1b2c"
    (left,) = os.listdir(str(ledger))
    assert "CAPIN_R0a1b2c" in left                   # the next run recognises it as a leftover


def test_a_refused_create_leaves_no_run_record(monkeypatch, ledger):
    """Issue 22 item 4: the record of a capture the ASA refused to create stayed for later runs."""
    device = FakeASA(fail_on={"capture CAPIN_R0a1b2c": "ERROR: % Invalid input detected at '^' marker."})
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True and "the ASA refused 'capture CAPIN_R0a1b2c" in result["msg"]
    assert "no capture CAPIN_R0a1b2c" not in device.sent       # nothing was created, nothing to remove
    assert os.listdir(str(ledger)) == []                       # and nothing for the next run to chase


class ClosingASA(FakeASA):
    """The channel closes while the create line is typed: network_cli answers it with the text None,
    then every later command fails (the lab's drop_on, tests/integration/test_fault_matrix.py)."""

    def get(self, command):
        if getattr(self, "closed", False):
            self.sent.append(command)
            raise ConnectionError("Socket is closed")
        if command.startswith("capture CAPIN_R0a1b2c"):
            self.sent.append(command)
            self.closed = True
            return "None"
        return super(ClosingASA, self).get(command)


def test_a_drop_while_creating_names_the_create_step(monkeypatch):
    """Issue 22 item 4: the drop was blamed on the poll command that came after the create."""
    device = ClosingASA()
    result, _ = run(ARGS, device, monkeypatch=monkeypatch)
    assert result["failed"] is True
    assert ("the connection to the device was lost while 'capture CAPIN_R0a1b2c interface inside match icmp "
            "host 192.168.100.1 host 192.168.200.1' ran") in result["msg"], result["msg"]
    assert "include captured" not in result["msg"]
    assert not any(c.endswith("| include captured") for c in device.sent)   # nothing after the lost create
