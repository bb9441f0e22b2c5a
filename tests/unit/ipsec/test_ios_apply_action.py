"""pfne.netops.ipsec_ios_apply (the crypto map change in one task) over a fake IOS connection:
keys first, interface binding last, the first refusal stops it, `end` then a re-read, everything masked;
check mode sends nothing; --diff gives the touched sections once, masked, with the router's other secrets."""
from unittest import mock

import pytest

from ansible_collections.pfne.netops.plugins.action import ipsec_ios_apply as action_mod

PSK = "LabOnly-Not-A-Secret-1"
OTHER = "0ther"      # another peer's 5-character key the collection does not own
RUNNING = """!
username netadmin privilege 15 password 0 Adm1nPw
!
crypto isakmp key %s address 192.0.2.99
!
interface GigabitEthernet0/0
 ip address 203.0.113.2 255.255.255.0
!
interface GigabitEthernet0/1
 ip address 10.2.0.1 255.255.255.0
!
end
""" % OTHER


class FakeIos(object):
    """Answers like the IOS CLI (empty output and the prompt); refuses lines containing ``refuse``;
    ``drop``: the channel closes on that line (network_cli returns the text None)."""

    def __init__(self, refuse=None, drop=None, running=RUNNING):
        self.refuse, self.drop, self.running = refuse, drop, running
        self.typed, self.option = [], None

    def __call__(self, socket_path):
        return self

    def get_option(self, name):
        return self.option

    def set_option(self, name, value):
        self.option = value

    def get(self, command):
        self.typed.append(command)
        if command == "show running-config":
            return self.running
        if self.drop and self.drop in command:
            self.drop = None
            return "None"
        if self.refuse and self.refuse in command:
            return command + "\n        ^\n% Invalid input detected at '^' marker.\n\nbranch(config-crypto-map)#"
        return ""


def tunnels():
    return [{"name": "hq-branch", "psk": PSK, "endpoints": {
        "hq": {"platform": "routeros", "public_address": "198.51.100.1", "subnets": ["10.1.0.0/24"]},
        "branch": {"platform": "ios", "public_address": "203.0.113.2", "subnets": ["10.2.0.0/24"],
                   "ios": {"interface": "GigabitEthernet0/0"}}}}]


def make_action(args, check_mode=False, diff=False):
    task = mock.MagicMock()
    task.args = dict({"tunnels": tunnels(), "site": "branch"}, **args)
    task.async_val = 0
    task.check_mode = check_mode
    task.diff = diff
    connection = mock.MagicMock()
    connection.socket_path = "/tmp/fake.sock"
    connection._shell.tmpdir = None
    connection.ssh_type = "libssh"
    connection.get_option.return_value = False
    return action_mod.ActionModule(task, connection, mock.MagicMock(), loader=None, templar=None,
                                   shared_loader_obj=None)


@pytest.fixture
def ios(monkeypatch):
    def install(**kw):
        fake = FakeIos(**kw)
        monkeypatch.setattr(action_mod, "Connection", fake)
        return fake
    return install


def _no_secret(result):
    for value in (PSK, OTHER, "Adm1nPw"):
        assert value not in repr(result)


def test_keys_first_binding_last_one_session_per_block(ios):
    fake = ios()
    result = make_action({"running_config_from": "running"}).run(task_vars={"running": {"stdout": [RUNNING]}})
    assert not result.get("failed") and result["changed"] is True
    config = [line for line in fake.typed if not line.startswith("show ")]
    assert config[:3] == ["configure terminal", "crypto isakmp key %s address 198.51.100.1 no-xauth" % PSK, "end"]
    assert config[-4:] == ["configure terminal", "interface GigabitEthernet0/0", "crypto map PFNE-MAP", "end"]
    assert "show running-config" not in fake.typed         # read once, by the role's read task
    assert result["confirmed"] == result["commands"] and result["in_doubt"] == result["not_sent"] == []
    _no_secret(result)


def test_first_refusal_stops_then_end_then_read_again(ios):
    fake = ios(refuse="match address")
    result = make_action({}).run(task_vars={})
    assert result["failed"] is True and not result["reconnected"]
    assert result["refused"] == " match address PFNE-hq-branch" and "% Invalid input detected" in result["msg"]
    assert "crypto map PFNE-MAP" not in fake.typed      # never bound
    refused_at = fake.typed.index(next(t for t in fake.typed if t.startswith("match address")))
    assert fake.typed[refused_at + 1:] == ["end", "show running-config"]
    # the three lists and the refused line cover every planned line
    assert sorted(result["confirmed"] + result["not_sent"] + [result["refused"]]) == sorted(result["commands"])
    assert result["rerun_would_send"] and "read again: a rerun would send" in result["msg"]
    _no_secret(result)


def test_a_dropped_line_is_in_doubt_and_the_reread_uses_a_new_connection(ios, monkeypatch):
    fake = ios(drop="set transform-set")
    new = FakeIos()
    monkeypatch.setattr(action_mod, "reconnect", lambda action, conn: new)
    result = make_action({}).run(task_vars={})
    assert result["failed"] and result["reconnected"] is True and "connection lost" in result["msg"]
    assert result["in_doubt"] == [next(c for c in result["commands"] if "set transform-set" in c)]
    assert new.typed == ["show running-config"] and "end" not in fake.typed[fake.typed.index("set transform-set PFNE-hq-branch"):]
    _no_secret(result)


def test_check_mode_sends_nothing_and_diff_shows_the_sections_masked(ios):
    fake = ios()
    result = make_action({}, check_mode=True, diff=True).run(task_vars={})
    assert [t for t in fake.typed if not t.startswith("show ")] == []
    assert result["changed"] is True and result["not_sent"] == result["commands"]
    assert "crypto isakmp key ******** address 198.51.100.1 no-xauth" in result["commands"]
    diff = result["diff"]
    assert diff["before"] == "interface GigabitEthernet0/0\n"       # the touched section; nothing of ours yet
    assert "interface GigabitEthernet0/0\n crypto map PFNE-MAP\n" in diff["after"]
    assert "username" not in diff["before"] + diff["after"]          # sections the change does not touch stay out
    _no_secret(result)


def test_second_run_sends_nothing(ios):
    first = ios()
    make_action({}).run(task_vars={})
    applied = FakeIos(running=_apply(RUNNING, first.typed))
    second = make_action({"running_config_from": "r"}).run(task_vars={"r": {"stdout": [applied.running]}})
    assert second["changed"] is False and second["commands"] == []


def _apply(running, typed):
    """The lab's effect of the typed blocks, enough for the planner: append each block as a section."""
    out, block = running.replace("end\n", ""), []
    for line in typed:
        if line == "configure terminal":
            block = []
        elif line == "end":
            out += "\n".join([block[0]] + [" " + child for child in block[1:]]) + "\n!\n" if block else ""
        elif not line.startswith("show "):
            block.append(line)
    return out


def test_diff_shows_only_the_crypto_lines_of_the_interface(ios):
    running = RUNNING.replace(" ip address 203.0.113.2 255.255.255.0\n",
                              " ip address 203.0.113.2 255.255.255.0\n ip ospf message-digest-key 1 md5 0spfK3y\n")
    ios(running=running)
    result = make_action({}, check_mode=True, diff=True).run(task_vars={})
    diff = result["diff"]
    assert diff["before"] == "interface GigabitEthernet0/0\n"
    assert "interface GigabitEthernet0/0\n crypto map PFNE-MAP\n" in diff["after"]
    assert "0spfK3y" not in repr(result)
