"""pfne.netops.routeros_apply against the lab's RouterOS devices: converge, converge again."""
import os

import pytest

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "routeros_apply.yml")
HOSTS = ["branch-ros6", "branch-ros64", "branch-ros7"]
PSK = 'lab only psk "quoted" $x 0123'
READS = {"/system resource print", "/ip ipsec proposal print terse without-paging",
         "/ip firewall filter print terse without-paging", "/ppp secret print terse without-paging"}


def _config_lines(log):
    return [line for line in log if line.strip() and line.strip() not in READS]


def _typed(lab, host):
    """Lines typed by the playbook (network_cli's own set-up lines excluded)."""
    return [line.strip() for line in lab.control.log(host) if line.strip().startswith("/")]


@pytest.mark.parametrize("host", HOSTS)
def test_converge_then_no_change(fresh, host):
    lab = fresh(host)
    first = lab.playbook(PLAYBOOK, limit=host)
    assert first.rc == 0, first
    facts = first.result("Read the RouterOS version", host)
    assert facts["syntax_family"] == {"branch-ros6": "6.24-6.42", "branch-ros64": "6.44-6.49", "branch-ros7": "7.x"}[host]
    applied = first.result("Apply entries", host)
    assert applied["changed"] is True
    assert applied["commands"][0] == (
        "/ip ipsec proposal add name=pfne-test auth-algorithms=sha256 enc-algorithms=aes-256-cbc pfs-group=modp2048")
    # the lab's defconf: input drop invalid is the second filter rule (print number 1)
    assert applied["commands"][1] == (
        "/ip firewall filter add comment=pfne:test:core:ike chain=input action=accept protocol=udp "
        "dst-port=500,4500 place-before=1")
    assert applied["commands"][2].startswith("/ppp secret add name=pfne-test-user service=l2tp "
                                             "profile=default-encryption password=******** comment=pfne-fp:")
    assert PSK not in first.stdout
    rules = lab.control.state(host)["tables"]["/ip firewall filter"]
    assert [r.get("comment") for r in rules[:3]] == [
        "defconf: accept established,related,untracked", "pfne:test:core:ike", "defconf: drop invalid"]

    lab.control.request("clear_log", device=host)
    second = lab.playbook(PLAYBOOK, limit=host)
    assert second.rc == 0, second
    again = second.result("Apply entries", host)
    assert again["changed"] is False
    assert again["commands"] == []
    typed = _typed(lab, host)
    assert typed and set(typed) <= READS, typed


def test_check_mode_sends_no_config_command(fresh):
    lab = fresh("branch-ros7")
    result = lab.playbook(PLAYBOOK, check=True, limit="branch-ros7")
    assert result.rc == 0, result
    assert result.result("Apply entries", "branch-ros7")["changed"] is True
    typed = _typed(lab, "branch-ros7")
    assert set(typed) <= READS, typed


def test_diff_masks_the_secret(fresh):
    lab = fresh("branch-ros64")
    result = lab.playbook(PLAYBOOK, "--diff", limit="branch-ros64")
    assert result.rc == 0, result
    diff = result.result("Apply entries", "branch-ros64")["diff"]
    assert "password=********" in diff["after"]
    assert PSK not in result.stdout


def test_absent_removes_what_was_added(fresh):
    lab = fresh("branch-ros6")
    assert lab.playbook(PLAYBOOK, limit="branch-ros6").rc == 0
    removed = lab.playbook(PLAYBOOK, limit="branch-ros6", extra_vars={"pfne_test_state": "absent"})
    assert removed.rc == 0, removed
    commands = removed.result("Apply entries", "branch-ros6")["commands"]
    assert commands[0] == '/ppp secret remove [find where name="pfne-test-user"]'
    assert commands[1] == '/ip firewall filter remove [find where comment="pfne:test:core:ike"]'
    assert commands[2] == '/ip ipsec proposal remove [find where name="pfne-test"]'
    tables = lab.control.state("branch-ros6")["tables"]
    assert not any(r.get("comment", "").startswith("pfne:") for r in tables["/ip firewall filter"])
