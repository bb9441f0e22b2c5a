"""One apply run (plain Python) and the action plugin over a fake persistent connection."""
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail
from ansible.module_utils.connection import ConnectionError as AnsibleConnectionError

from ansible_collections.pfne.netops.plugins.action import routeros_apply as action_mod
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.apply import (
    RouterOSApplyError,
    apply,
    find_error,
    gather,
)

from .conftest import load

PSK = "hq-branch psk 0123"
ENTRIES = [
    {"path": "/ip ipsec proposal", "match": {"name": "pfne-hq-branch"},
     "properties": {"auth-algorithms": "sha256", "enc-algorithms": "aes-256-cbc", "pfs-group": "modp2048"}},
    {"path": "/ip ipsec identity", "match": {"comment": "pfne:ipsec:hq-branch:identity"},
     "properties": {"peer": "pfne-hq-branch", "auth-method": "pre-shared-key", "secret": PSK},
     "secret": ["secret"]},
    {"path": "/ip firewall filter", "match": {"comment": "pfne:ipsec:hq-branch:ike"},
     "properties": {"chain": "input", "action": "accept", "protocol": "udp", "dst-port": "500,4500"},
     "place_before": {"chain": "input", "action": "drop"}},
]


class FakeRouter(object):
    """Answers reads from canned text; records everything sent."""

    def __init__(self, version_file="system_resource_print_7.txt", reads=None, errors=None):
        self.version_text = load(version_file)
        self.reads = reads or {}
        self.errors = errors or {}
        self.sent = []

    def __call__(self, command):
        self.sent.append(command)
        if command == "/system resource print":
            return self.version_text
        for prefix, answer in self.errors.items():
            if command.startswith(prefix):
                if isinstance(answer, Exception):
                    raise answer
                return answer
        if " print" in command:
            return self.reads.get(command, "")
        return ""


def reads_with_firewall():
    return {"/ip firewall filter print terse without-paging": load("composed/firewall_filter_print_terse.raw")}


def test_find_error_lines():
    assert find_error("expected end of command (line 1 column 16)") == "expected end of command (line 1 column 16)"
    assert find_error("\r\nfailure: already have such entry\r\n") == "failure: already have such entry"
    assert find_error("input does not match any value of interface") is not None
    assert find_error(" 0    comment=failure: x name=a") is None
    assert find_error("") is None


def test_gather_real_versions():
    assert gather(FakeRouter("system_resource_print_6.txt")) == {"version": "6.48.6", "syntax_family": "6.44-6.49",
                                                                   "peer_state_commands": ["/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"]}
    assert gather(FakeRouter()) == {"version": "7.14.3", "syntax_family": "7.x", "peer_state_commands": ["/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"]}


def test_apply_sends_reads_then_commands_in_order():
    router = FakeRouter(reads=reads_with_firewall())
    out = apply(ENTRIES, router)
    reads = ["/system resource print",
             "/ip ipsec proposal print terse without-paging",
             "/ip ipsec identity print terse without-paging",
             "/ip firewall filter print terse without-paging"]
    assert router.sent[:4] == reads
    config, probe = router.sent[4:-1], router.sent[-1]
    assert probe == "/system identity print"   # proves the connection answered after the last command
    assert [c.split(" add ")[0] for c in config] == ["/ip ipsec proposal", "/ip ipsec identity", "/ip firewall filter"]
    assert PSK in config[1] or '"%s"' % PSK in config[1]
    assert config[2].endswith("place-before=1")
    assert out["changed"] is True
    assert out["commands"][1].endswith("secret=********")
    assert PSK not in repr(out)
    assert out["version"] == "7.14.3" and out["syntax_family"] == "7.x"


def test_check_mode_sends_no_config_command():
    router = FakeRouter(reads=reads_with_firewall())
    out = apply(ENTRIES, router, check_mode=True)
    assert all(c == "/system resource print" or " print" in c for c in router.sent)
    assert len(router.sent) == 4
    assert out["changed"] is True and len(out["commands"]) == 3


def test_second_run_is_a_no_op():
    router = FakeRouter(reads=reads_with_firewall())
    first = apply(ENTRIES, router)
    # feed the device state the first run created back in print terse layout
    from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import fingerprint, validate_entries
    fp = fingerprint(validate_entries([ENTRIES[1]])[0])
    reads = reads_with_firewall()
    reads["/ip ipsec proposal print terse without-paging"] = (
        " 0  * name=default auth-algorithms=sha1 enc-algorithms=aes-256-cbc,aes-192-cbc,aes-128-cbc "
        "lifetime=30m pfs-group=modp1024\n"
        " 1    name=pfne-hq-branch auth-algorithms=sha256 enc-algorithms=aes-256-cbc lifetime=30m pfs-group=modp2048\n")
    reads["/ip ipsec identity print terse without-paging"] = (
        " 0    comment=pfne:ipsec:hq-branch:identity pfne-fp:%s peer=pfne-hq-branch auth-method=pre-shared-key "
        "secret=\"%s\" generate-policy=no\n" % (fp, PSK))
    reads["/ip firewall filter print terse without-paging"] = reads["/ip firewall filter print terse without-paging"] \
        .replace(" 1    comment=defconf: drop invalid",
                 " 1    comment=pfne:ipsec:hq-branch:ike chain=input action=accept protocol=udp dst-port=500,4500\n"
                 " 2    comment=defconf: drop invalid")
    router2 = FakeRouter(reads=reads)
    second = apply(ENTRIES, router2)
    assert first["changed"] and not second["changed"]
    assert second["commands"] == []
    assert len(router2.sent) == 4  # the reads only


def test_error_output_stops_and_names_the_command():
    router = FakeRouter(reads=reads_with_firewall(), errors={
        "/ip ipsec identity add": "failure: peer pfne-hq-branch does not exist\r\n"})
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    exc = err.value
    assert "command 2 of 3 failed" in exc.message
    assert "failure: peer pfne-hq-branch does not exist" in exc.message
    assert "secret=********" in exc.message and PSK not in exc.message
    assert exc.details["commands_sent"][0].startswith("/ip ipsec proposal add")
    assert not any(c.startswith("/ip firewall filter add") for c in router.sent)


@pytest.mark.parametrize("output", [
    "missing value(s) of argument(s) numbers",
    "ambiguous value of action, more than one possible value matches input",
    "value of max-mtu out of range (0..65535)",
    "invalid value for argument address",
    "syntax error (line 1 column 5)",
    "bad command name profile (line 1 column 10)",
    "no such item",
])
def test_every_error_form_stops_the_run(output):
    assert find_error("\r\n%s\r\n" % output) == output
    router = FakeRouter(reads=reads_with_firewall(), errors={"/ip ipsec identity add": output + "\r\n"})
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    assert err.value.details["failed_command"].startswith("/ip ipsec identity add")
    assert err.value.details["confirmed"] == [err.value.details["commands"][0]]
    assert err.value.details["in_doubt"] == [] and len(err.value.details["not_sent"]) == 1


class DroppingRouter(FakeRouter):
    """network_cli after the channel closed: the command returns empty output, the next send raises."""

    def __init__(self, drop_at, **kwargs):
        super(DroppingRouter, self).__init__(**kwargs)
        self.drop_at, self.config_sent = drop_at, 0

    def __call__(self, command):
        if " print" not in command:
            self.config_sent += 1
        if self.config_sent > self.drop_at or (self.config_sent == self.drop_at and " print" in command):
            raise AnsibleConnectionError("socket closed by peer; secret %s" % PSK)
        return super(DroppingRouter, self).__call__(command)


def test_dropped_connection_three_lists_masked():
    # the channel closes while command 1 runs: its empty output proves nothing, command 2 (with the
    # PSK) hits the closed connection (it may or may not have left): both in doubt, command 3 not sent
    router = DroppingRouter(1, reads=reads_with_firewall())
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    details = err.value.details
    assert details["confirmed"] == []
    assert details["in_doubt"] == details["commands"][:2] and details["in_doubt"][1].endswith("secret=********")
    assert details["not_sent"] == [details["commands"][2]]
    assert PSK not in err.value.message + repr(details)
    # one command later: the first is confirmed (the second got an answer on the same connection)
    router = DroppingRouter(2, reads=reads_with_firewall())
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    assert err.value.details["confirmed"] == [err.value.details["commands"][0]]
    assert err.value.details["in_doubt"] == err.value.details["commands"][1:]


def test_drop_after_the_last_command_leaves_it_in_doubt():
    router = DroppingRouter(3, reads=reads_with_firewall())
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    details = err.value.details
    assert len(details["confirmed"]) == 2 and details["in_doubt"] == [details["commands"][2]]
    assert details["not_sent"] == []


def test_connection_error_text_is_masked():
    router = FakeRouter(reads=reads_with_firewall(), errors={
        "/ip ipsec identity add": AnsibleConnectionError('invalid value for argument secret "%s"' % PSK)})
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router)
    assert PSK not in err.value.message
    assert "********" in err.value.message


def test_missing_menu_on_old_version_fails_in_read_phase():
    router = FakeRouter("system_resource_print_6.txt", errors={
        "/ip ipsec identity print": "bad command name identity (line 1 column 11)"})
    with pytest.raises(RouterOSApplyError, match="reading failed: /ip ipsec identity print terse"):
        apply(ENTRIES, router)
    assert all(" add " not in c for c in router.sent)


def test_invalid_entries_fail_before_anything_is_sent():
    router = FakeRouter()
    with pytest.raises(Exception, match=r"entries\[0\]\.path"):
        apply([{"path": "ip ipsec", "match": {"name": "x"}}], router)
    assert router.sent == []


# ------------------------------------------------------------------ the action plugin

class FakeConnection(object):
    routers = []

    def __init__(self, socket_path):
        assert socket_path == "/tmp/fake.sock"
        self.router = FakeConnection.routers[0]

    def get(self, command):
        return self.router(command)

    def get_option(self, name):   # secret_log.refusals_read_here
        return None

    def set_option(self, name, value):
        self.router.options = value


def make_action(args, check_mode=False):
    task = mock.MagicMock()
    task.args = args
    task.async_val = 0
    task.check_mode = check_mode
    task.action = "pfne.netops.routeros_apply"
    connection = mock.MagicMock()
    connection.socket_path = "/tmp/fake.sock"
    connection._shell.tmpdir = None
    return action_mod.ActionModule(task, connection, mock.MagicMock(), loader=None, templar=None,
                                   shared_loader_obj=None)


@pytest.fixture
def router(monkeypatch):
    fake = FakeRouter(reads=reads_with_firewall())
    FakeConnection.routers = [fake]
    monkeypatch.setattr(action_mod, "Connection", FakeConnection)
    return fake


def test_action_check_mode_sends_nothing(router):
    result = make_action({"entries": ENTRIES}, check_mode=True).run(task_vars={})
    assert result["changed"] is True
    assert [c for c in router.sent if " print" not in c] == []
    assert result["commands"][1].endswith("secret=********")
    assert PSK not in repr(result)


def test_action_sends_in_order(router):
    result = make_action({"entries": ENTRIES}).run(task_vars={})
    config = [c for c in router.sent if " print" not in c]
    assert [c.split(" add ")[0] for c in config] == ["/ip ipsec proposal", "/ip ipsec identity", "/ip firewall filter"]
    assert result["changed"] is True
    assert result["version"] == "7.14.3"
    assert PSK not in repr(result)
    assert "secret=********" in result["diff"]["after"]


def test_action_gather_only(router):
    result = make_action({"gather_only": True}).run(task_vars={})
    assert result == {"changed": False, "version": "7.14.3", "syntax_family": "7.x",
                      "peer_state_commands": ["/ip ipsec active-peers print detail", "/ip ipsec remote-peers print"]}
    assert router.sent == ["/system resource print"]


def test_action_failure_is_masked(router):
    router.errors = {"/ip ipsec identity add": "invalid value for argument secret\r\n"}
    result = make_action({"entries": ENTRIES}).run(task_vars={})
    assert result["failed"] is True
    assert result["failed_command"].endswith("secret=********")
    assert PSK not in repr(result)


def test_action_validates_before_connecting(router):
    with pytest.raises(AnsibleActionFail, match=r"entries\[1\]\.match"):
        make_action({"entries": [ENTRIES[0], {"path": "/ip ipsec peer", "match": {}}]}).run(task_vars={})
    assert router.sent == []


def test_action_requires_entries(router):
    with pytest.raises(AnsibleActionFail, match="entries is required"):
        make_action({}).run(task_vars={})


def test_action_rejects_unknown_option(router):
    with pytest.raises(AnsibleActionFail, match="Invalid options"):
        make_action({"entries": [], "colour": "red"}).run(task_vars={})


IDENTITY = "  name: MikroTik\r\n"
PROPOSAL_DONE = ("0   name=pfne-hq-branch auth-algorithms=sha256 enc-algorithms=aes-256-cbc lifetime=30m "
                 "pfs-group=modp2048\r\n")


def test_lost_connection_reread_over_a_new_one_says_what_is_there():
    # commands 1 and 2 in doubt; the new connection shows the proposal there and the identity missing
    router = DroppingRouter(1, reads=reads_with_firewall())
    again = FakeRouter(reads=dict(reads_with_firewall(), **{
        "/system identity print": IDENTITY, "/ip ipsec proposal print terse without-paging": PROPOSAL_DONE}))
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router, reconnect=lambda: again)
    details = err.value.details
    after = details["after_failure"]
    assert after["reconnected"] is True and after["reread"] is True and after["device_matches"] is False
    proposal, identity = details["in_doubt"]
    assert after["in_doubt_applied"] == {proposal: True, identity: False}
    assert [c.split(" add")[0] for c in after["rerun_would_send"]] == ["/ip ipsec identity", "/ip firewall filter"]
    # the reads ran between two answered probes, on the new connection only
    assert again.sent[0] == again.sent[-1] == "/system identity print"
    assert "over a new connection" in err.value.message and PSK not in err.value.message + repr(details)


def test_refused_command_reread_on_the_same_connection():
    router = FakeRouter(reads=dict(reads_with_firewall(), **{"/system identity print": IDENTITY}), errors={
        "/ip ipsec identity add": "failure: peer pfne-hq-branch does not exist\r\n"})
    called = []
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router, reconnect=lambda: called.append(1))
    after = err.value.details["after_failure"]
    assert called == [] and after["reconnected"] is False and after["reread"] is True
    # the fake does not keep state: every command is still missing, which the re-read says
    assert len(after["rerun_would_send"]) == 3 and "a rerun sends 3 command(s)" in err.value.message


def test_reread_that_gets_no_answer_says_the_state_is_unknown():
    router = DroppingRouter(3, reads=reads_with_firewall())
    silent = FakeRouter(reads=reads_with_firewall())      # the probe gets empty output
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, router, reconnect=lambda: silent)
    after = err.value.details["after_failure"]
    assert after["reread"] is False and "could not be read again" in err.value.message
    assert err.value.details["in_doubt"] == [err.value.details["commands"][2]]   # the three lists stay
    with pytest.raises(RouterOSApplyError) as err:
        apply(ENTRIES, DroppingRouter(3, reads=reads_with_firewall()))          # no way to reconnect
    assert "no way to reconnect" in err.value.details["after_failure"]["error"]
