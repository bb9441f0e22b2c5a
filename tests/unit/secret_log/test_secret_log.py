"""secret_log: refusals read by the collection, the three lists, masking, run-time exposure warning."""
import pytest

from ansible_collections.cisco.ios.plugins.terminal.ios import TerminalModule as IosTerminal
from ansible_collections.community.routeros.plugins.terminal.routeros import TerminalModule as RosTerminal
from ansible_collections.pfne.netops.plugins.plugin_utils.common import secret_log

KEY = "k3y-Only-In-Tests"
IOS_REFUSAL = ("crypto isakmp key " + KEY + " address 203.0.113.2 no-xauth\r\n"
               "                    ^\r\n% Invalid input detected at '^' marker.\r\n\r\nhq-rtr(config)#")


class FakeConnection:
    """The JSON-RPC proxy's get_option / set_option, recorded."""

    def __init__(self, value=None):
        self.options = {secret_log.OPTION: value}
        self.calls = []

    def get_option(self, name):
        return self.options[name]

    def set_option(self, name, value):
        self.calls.append(value)
        self.options[name] = value


def test_refusals_read_here_switches_the_error_patterns_off_and_back():
    conn = FakeConnection([{"pattern": "custom"}])
    with secret_log.refusals_read_here(conn):
        assert conn.options[secret_log.OPTION] == secret_log.NEVER_MATCHES
    assert conn.options[secret_log.OPTION] == [{"pattern": "custom"}]


def test_refusals_read_here_restores_after_an_exception():
    conn = FakeConnection()
    with pytest.raises(RuntimeError):
        with secret_log.refusals_read_here(conn):
            raise RuntimeError("lost")
    assert conn.options[secret_log.OPTION] is None   # None: network_cli uses the terminal plugin's own


def test_never_matching_pattern_matches_nothing_as_network_cli_compiles_it():
    import re
    pattern = re.compile(b"%s" % secret_log.NEVER_MATCHES[0]["pattern"].encode())
    assert pattern.search(IOS_REFUSAL.encode()) is None and pattern.search(b"") is None


def test_find_refusal_uses_the_terminal_plugins_bytes_patterns():
    assert secret_log.find_refusal(IOS_REFUSAL, IosTerminal.terminal_stderr_re) == \
        "% Invalid input detected at '^' marker."
    assert secret_log.find_refusal("hq-rtr(config)#", IosTerminal.terminal_stderr_re) is None
    ros = '/ppp secret add name=alice password=%s\r\ninvalid value for argument password\r\n[admin@r] > ' % KEY
    assert secret_log.find_refusal(ros, RosTerminal.terminal_stderr_re) == "invalid value for argument password"
    assert secret_log.find_refusal("", RosTerminal.terminal_stderr_re) is None


def test_mask_replaces_the_longest_secret_first():
    assert secret_log.mask("x=abcdef y=abc", ["abc", "abcdef", ""]) == "x=******** y=********"
    assert secret_log.mask(None, ["a"]) == ""


@pytest.mark.parametrize("verbosity, log_path, persistent, ssh_type, expected", [
    (0, None, False, "paramiko", None),
    (3, None, False, "paramiko", None),          # -vvv on screen only: nothing of ansible-connection shown
    (2, "/tmp/a.log", False, "paramiko", None),  # its tracebacks are logged at -vvv only
    (3, "/tmp/a.log", False, "paramiko", "-vvv with a log file (/tmp/a.log) over paramiko"),
    (3, "/tmp/a.log", False, None, "-vvv with a log file (/tmp/a.log) over paramiko"),   # unknown: warn
    (3, "/tmp/a.log", False, "libssh", None),    # libssh's timeouts carry no command text
    (0, None, True, "libssh", "persistent_log_messages is on"),
])
def test_exposure_warning(verbosity, log_path, persistent, ssh_type, expected):
    warning = secret_log.exposure_warning(verbosity, log_path, persistent, ssh_type)
    if expected is None:
        assert warning is None
    else:
        assert warning.startswith(expected)
