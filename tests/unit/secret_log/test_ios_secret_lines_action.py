"""pfne.netops.ios_secret_lines over a fake persistent connection."""
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.pfne.netops.plugins.action import ios_secret_lines as action_mod
from ansible_collections.pfne.netops.plugins.plugin_utils import secret_log

KEY = "k3y-Only-In-Tests"
KEY_LINE = "crypto isakmp key %s address 203.0.113.2 no-xauth" % KEY
KEYRING = {"parents": ["crypto ikev2 keyring PFNE-x", "peer branch"],
           "lines": ["address 203.0.113.3", "pre-shared-key %s" % KEY], "secret": True}


class FakeIos(object):
    """Answers like the IOS CLI; refuses lines matching `refuse`. Records what was typed and the
    connection's terminal_stderr_re option at that moment."""

    def __init__(self, refuse=None):
        self.refuse = refuse
        self.typed = []
        self.option = None

    def __call__(self, socket_path):
        return self

    def get_option(self, name):
        return self.option

    def set_option(self, name, value):
        self.option = value

    def get(self, command):
        self.typed.append((command, self.option))
        if self.refuse and self.refuse in command:
            return command + "\n        ^\n% Invalid input detected at '^' marker.\n\nhq-rtr(config)#"
        return ""


def make_action(args, check_mode=False):
    task = mock.MagicMock()
    task.args = args
    task.async_val = 0
    task.check_mode = check_mode
    connection = mock.MagicMock()
    connection.socket_path = "/tmp/fake.sock"
    connection._shell.tmpdir = None
    connection.ssh_type = "libssh"
    connection.get_option.return_value = False
    play_context = mock.MagicMock()
    play_context.network_os = "cisco.ios.ios"
    return action_mod.ActionModule(task, connection, play_context, loader=None, templar=None,
                                   shared_loader_obj=None)


@pytest.fixture
def ios(monkeypatch):
    def install(refuse=None):
        fake = FakeIos(refuse)
        monkeypatch.setattr(action_mod, "Connection", fake)
        return fake
    return install


def test_check_mode_sends_nothing_and_masks(ios):
    fake = ios()
    result = make_action({"blocks": [{"lines": [KEY_LINE], "secret": True}], "secrets": [KEY]},
                         check_mode=True).run(task_vars={})
    assert fake.typed == []
    assert result["changed"] is True
    assert result["commands"] == ["crypto isakmp key ******** address 203.0.113.2 no-xauth"]


def test_sends_each_block_with_the_error_patterns_off_then_restores_them(ios):
    fake = ios()
    result = make_action({"blocks": [{"lines": [KEY_LINE]}, KEYRING], "secrets": [KEY]}).run(task_vars={})
    assert [line for line, _option in fake.typed] == [
        "configure terminal", KEY_LINE, "end",
        "configure terminal", "crypto ikev2 keyring PFNE-x", "peer branch", "address 203.0.113.3",
        "pre-shared-key %s" % KEY, "end"]
    assert all(option == secret_log.NEVER_MATCHES for _line, option in fake.typed)
    assert fake.option is None
    assert not result.get("failed") and result["changed"] is True
    assert result["confirmed"] == result["commands"] == [
        "crypto isakmp key ******** address 203.0.113.2 no-xauth", "crypto ikev2 keyring PFNE-x", "peer branch",
        "address 203.0.113.3", "pre-shared-key ********"]
    assert result["not_sent"] == [] and KEY not in repr(result)


def test_a_refusal_stops_there_with_three_masked_lists(ios):
    fake = ios(refuse="crypto isakmp key")
    result = make_action({"blocks": [{"lines": [KEY_LINE]}, KEYRING], "secrets": [KEY]}).run(task_vars={})
    assert result["failed"] is True and result["changed"] is False
    assert result["refused"] == "crypto isakmp key ******** address 203.0.113.2 no-xauth"
    assert result["confirmed"] == [] and result["in_doubt"] == []
    assert result["not_sent"][-1] == "pre-shared-key ********"
    assert "% Invalid input detected" in result["msg"] and KEY not in repr(result)
    assert [line for line, _option in fake.typed][-1] == "end"   # left configuration mode


def test_unknown_option_is_refused_naming_it(ios):
    ios()
    with pytest.raises(AnsibleActionFail, match="blocks"):
        make_action({"blocks": [{"lines": ["x"], "bogus": 1}]}).run(task_vars={})
