"""The action plugins over a fake persistent connection: what is sent, check mode, idempotency."""
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import ConnectionError  # noqa: A004 (what network_cli raises)

from ansible_collections.pfne.netops.plugins.action import wlc_mic_audit, wlc_mic_ignore
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect


class FakeConnection:
    """Answers like an AireOS controller; records every command."""

    def __init__(self, outputs):
        self.outputs = outputs
        self.sent = []

    def get(self, command, prompt=None, answer=None):
        self.sent.append(command)
        if command.startswith("config ap cert-expiry-ignore mic"):
            self.outputs["show run-config commands"] = "sysname WLC\nap cert-expiry-ignore mic %s\n" % (
                command.split()[-1])
            return ""
        return self.outputs[command]


def make(action_cls, args, check_mode=False, network_os="pfne.netops.aireos"):
    task = mock.MagicMock()
    task.args = args
    task.async_val = 0
    conn = mock.MagicMock()
    conn.socket_path = "/tmp/fake.sock"
    conn._shell.tmpdir = None
    play_context = mock.MagicMock()
    play_context.check_mode = check_mode
    action = action_cls(task, conn, play_context, loader=None, templar=None, shared_loader_obj=None)
    return action, {"ansible_network_os": network_os}


@pytest.fixture
def aireos(fixture_text):
    return {
        "show sysinfo": fixture_text("aireos_show_sysinfo.txt").replace("7.4.110.0", "8.5.182.0"),
        "show ap inventory all": fixture_text("composed/aireos_show_ap_inventory_all.txt"),
        "show ap join stats summary all": fixture_text("aireos_show_ap_join_stats_summary_all_v8.txt"),
        "show msglog": fixture_text("composed/aireos_show_msglog.txt"),
        "show certificate all": fixture_text("aireos_show_certificate_all.txt"),
        "show run-config commands": "sysname WLC\n",
    }


def run_action(action_cls, args, outputs, check_mode=False):
    fake = FakeConnection(outputs)
    action, task_vars = make(action_cls, args, check_mode)
    module = wlc_mic_audit if action_cls is wlc_mic_audit.ActionModule else wlc_mic_ignore
    with mock.patch.object(module, "Connection", return_value=fake), \
            mock.patch("ansible.plugins.action.ActionBase.run", return_value={}):
        result = action.run(task_vars=task_vars)
    return result, fake


def test_audit_action_is_read_only(aireos):
    result, fake = run_action(wlc_mic_audit.ActionModule, {"as_of": "2026-01-31"}, aireos)
    assert result["changed"] is False and result["platform"] == "aireos"
    assert fake.sent == wlc_collect.COMMANDS["aireos"]
    assert result["report_markdown"].startswith("# WLC certificate audit: TEST-WLC")
    # the msglog's AP (DTLS failures, no serial) while the controller's certificates expired:
    # controller-cert-expired, which the expired-MIC allowance does not fix
    assert result["fix_needed"] is False
    assert result["audit"]["decision"]["not_fixed_by_allowance"] == {
        "controller-cert-expired": ["d4:6d:50:88:12:34"], "unknown": ["00:11:22:33:44:55", "ap01"]}


def test_audit_action_bad_option_before_connecting(aireos):
    with pytest.raises(AnsibleActionFail, match="warn_days: must be 0 or more"):
        run_action(wlc_mic_audit.ActionModule, {"warn_days": -1}, aireos)


def test_fix_check_mode_sends_no_config(aireos):
    result, fake = run_action(wlc_mic_ignore.ActionModule, {"force": True}, aireos, check_mode=True)
    assert result["changed"] is True and result["commands"] == ["config ap cert-expiry-ignore mic enable"]
    assert not [c for c in fake.sent if c.startswith("config")]
    assert "would change" in result["msg"] and "WORKAROUND" in result["msg"]


def test_fix_sends_then_verifies_then_is_idempotent(aireos):
    result, fake = run_action(wlc_mic_ignore.ActionModule, {"force": True}, aireos)
    assert result["changed"] is True
    assert fake.sent == ["show sysinfo", "show run-config commands", "config ap cert-expiry-ignore mic enable",
                         "show run-config commands"]
    assert result["after"]["mic"] is True
    again, fake2 = run_action(wlc_mic_ignore.ActionModule, {"force": True}, fake.outputs)
    assert again["changed"] is False and again["commands"] == []
    assert fake2.sent == ["show sysinfo", "show run-config commands"]


def test_fix_not_needed_sends_nothing(aireos):
    audit = {"decision": {"fix_needed": False, "fix_cert_types": [],
                          "not_fixed_by_allowance": {"image-signing-expired": ["AP1"]}}}
    result, fake = run_action(wlc_mic_ignore.ActionModule, {"audit": audit}, aireos)
    assert result["changed"] is False and fake.sent == []
    assert result["msg"] == ("no change: audit found no AP the expired-certificate allowance would let join; "
                             "image-signing-expired: AP1 (not fixed by the allowance)")


def test_fix_enables_only_the_types_the_audit_needs(aireos):
    audit = {"decision": {"fix_needed": True, "fix_cert_types": ["ssc"], "reasons": ["1 AP(s) ... SSC: AP2"]}}
    result, fake = run_action(wlc_mic_ignore.ActionModule, {"audit": audit, "cert_types": ["mic", "ssc"]}, aireos,
                              check_mode=True)
    assert result["commands"] == ["config ap cert-expiry-ignore ssc enable"]
    assert not [c for c in fake.sent if c.startswith("config")]


def test_fix_refuses_a_release_without_either_command(aireos):
    aireos["show sysinfo"] = aireos["show sysinfo"].replace("8.5.182.0", "7.4.121.0")
    with pytest.raises(AnsibleActionFail, match="AireOS 7.4.121.0 has neither.*nothing was sent"):
        run_action(wlc_mic_ignore.ActionModule, {"force": True}, aireos)


def test_fix_refuses_a_free_form_state_command(aireos):
    with pytest.raises(AnsibleActionFail, match="state_command must be one of"):
        run_action(wlc_mic_ignore.ActionModule, {"force": True, "state_command": "config network telnet enable"},
                   aireos)


def _run_with(fake):
    action, task_vars = make(wlc_mic_ignore.ActionModule, {"force": True, "cert_types": ["mic", "ssc"]})
    # after a lost connection the action opens a new one (here: the same fake, which models its state)
    with mock.patch.object(wlc_mic_ignore, "Connection", return_value=fake), \
            mock.patch.object(wlc_mic_ignore, "reconnect", return_value=fake), \
            mock.patch("ansible.plugins.action.ActionBase.run", return_value={}):
        return action.run(task_vars=task_vars)


def test_fix_rejected_command_fails_with_three_lists(aireos):

    class Rejecting(FakeConnection):
        def get(self, command, prompt=None, answer=None):
            if command.startswith("config"):
                self.sent.append(command)
                return "\nIncorrect usage. Use the '?' or <TAB> key to list commands.\n"
            return super(Rejecting, self).get(command)

    result = _run_with(Rejecting(aireos))
    assert result["failed"] is True and result["changed"] is False
    assert (result["confirmed"], result["in_doubt"], result["not_sent"]) == (
        [], [], ["config ap cert-expiry-ignore ssc enable"])
    assert result["msg"].startswith("wlc_mic_ignore: controller rejected 'config ap cert-expiry-ignore mic enable'")
    assert result["msg"].endswith("read again: still needed config ap cert-expiry-ignore mic enable, "
                                  "config ap cert-expiry-ignore ssc enable")


class Dropping(FakeConnection):
    """The connection is lost while `drop_on` runs (after the controller applied it)."""

    def __init__(self, outputs, drop_on, reread_fails=False):
        super(Dropping, self).__init__(outputs)
        self.drop_on, self.reread_fails, self.dropped = drop_on, reread_fails, False

    def get(self, command, prompt=None, answer=None):
        if self.dropped and self.reread_fails:
            raise ConnectionError("socket closed")
        out = super(Dropping, self).get(command)
        if command == self.drop_on:
            self.dropped = True
            raise ConnectionError("socket closed")
        return out


def test_drop_on_the_last_command_is_reported_in_doubt_then_read_again(aireos):
    result = _run_with(Dropping(aireos, "config ap cert-expiry-ignore mic enable"))
    assert result["failed"] is True and result["changed"] is True
    assert (result["confirmed"], result["in_doubt"], result["not_sent"]) == (
        [], ["config ap cert-expiry-ignore mic enable"], ["config ap cert-expiry-ignore ssc enable"])
    assert "connection lost while sending" in result["msg"]
    assert result["msg"].endswith("read again: still needed config ap cert-expiry-ignore ssc enable")


def test_drop_without_a_way_back_says_so(aireos):
    result = _run_with(Dropping(aireos, "config ap cert-expiry-ignore mic enable", reread_fails=True))
    assert result["failed"] is True and result["changed"] is True
    assert "could not read the state again" in result["msg"] and "run the audit again" in result["msg"]


def test_fix_bad_state_fails_before_connecting(aireos):
    with pytest.raises(AnsibleActionFail, match="state must be one of: enabled, disabled"):
        run_action(wlc_mic_ignore.ActionModule, {"state": "on"}, aireos)


class Fake9800(FakeConnection):
    """A 9800 CLI: the PKI section, the connection options (refusals read here), a line it refuses, and
    the configuration mode a refusal leaves the session in (the section read fails there, as on IOS-XE)."""

    def __init__(self, outputs, refuse=None):
        super(Fake9800, self).__init__(outputs)
        self.refuse, self.mode, self.option = refuse, "exec", None

    def get_option(self, name):
        return self.option

    def set_option(self, name, value):
        self.option = value

    def get(self, command, prompt=None, answer=None):
        self.sent.append(command)
        if command == "configure terminal":
            self.mode = "config"
        elif command == "end":
            self.mode = "exec"
        elif command.startswith("show ") and self.mode != "exec":
            return "show running-config | section crypto pki\r\n% Invalid input detected at '^' marker.\r\n"
        elif self.refuse and command.startswith(self.refuse):
            return command + "\r\n% Incomplete command.\r\n"
        return self.outputs.get(command, "")


def _run_9800(fake):
    action, task_vars = make(wlc_mic_ignore.ActionModule, {"force": True}, network_os="cisco.ios.ios")
    with mock.patch.object(wlc_mic_ignore, "Connection", return_value=fake), \
            mock.patch("ansible.plugins.action.ActionBase.run", return_value={}):
        return action.run(task_vars=task_vars)


def test_c9800_fix_sends_the_blocks_itself(fixture_text):
    fake = Fake9800({"show running-config | section crypto pki": fixture_text("c9800_run_section_crypto_pki_default.txt")})
    result = _run_9800(fake)
    assert result["changed"] is True and not result.get("failed")
    assert fake.sent == ["show running-config | section crypto pki",
                         "configure terminal", "crypto pki certificate map PFNE_EXPIRED_MIC 1",
                         "issuer-name co cisco manufacturing ca", "end",
                         "configure terminal", "crypto pki trustpool policy",
                         "match certificate PFNE_EXPIRED_MIC allow expired-certificate", "end"]
    assert result["confirmed"] == result["commands"]


def test_c9800_refusal_leaves_configuration_mode_before_reading_again(fixture_text):
    """Issue 22 item 4: the re-read after a 9800 refusal failed while the session sat in ca-trustpool mode."""
    fake = Fake9800({"show running-config | section crypto pki": fixture_text("c9800_run_section_crypto_pki_default.txt")},
                    refuse="match certificate")
    result = _run_9800(fake)
    assert result["failed"] is True and result["failed_command"] == " match certificate PFNE_EXPIRED_MIC allow expired-certificate"
    assert fake.sent[-2:] == ["end", "show running-config | section crypto pki"]
    assert "% Incomplete command." in result["msg"]
    assert result["msg"].endswith("read again: still needed crypto pki certificate map PFNE_EXPIRED_MIC 1,  issuer-name co "
                                  "cisco manufacturing ca, crypto pki trustpool policy,  match certificate "
                                  "PFNE_EXPIRED_MIC allow expired-certificate"), result["msg"]
    assert result["confirmed"] == ["crypto pki certificate map PFNE_EXPIRED_MIC 1", " issuer-name co cisco manufacturing ca",
                                   "crypto pki trustpool policy"]
    assert result["not_sent"] == [] and result["in_doubt"] == []
