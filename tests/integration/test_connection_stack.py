"""The real Ansible connection stack (network_cli + vendor cliconf/terminal)
against every lab device kind, over both SSH transports."""
import os

import pytest

HERE = os.path.dirname(__file__)
HOSTS = ["hq-rtr", "wlc-9800", "edge-asa", "branch-ros6", "branch-ros64", "branch-ros7", "wlc-aireos", "ap-lobby"]


@pytest.mark.parametrize("transport", ["paramiko", "libssh"])
def test_vendor_modules_over_network_cli(lab, fresh, transport):
    fresh("hq-rtr", "wlc-9800")
    result = lab.playbook(os.path.join(HERE, "playbooks", "connection_proof.yml"),
                          extra_vars={"ansible_network_cli_ssh_type": transport})
    assert result.rc == 0, result
    for host in HOSTS:
        assert result.stats[host]["failures"] == 0, (host, result)
        assert result.stats[host]["ok"] >= 2, (host, result)
    assert result.stats["hq-rtr"]["changed"] == 1   # only the first ios_config


def test_enable_mode_is_entered_with_the_become_password(lab, fresh):
    fresh("hq-rtr")
    result = lab.playbook(os.path.join(HERE, "playbooks", "connection_proof.yml"), limit="hq-rtr")
    assert result.rc == 0, result
    log = lab.control.log("hq-rtr")
    assert log[:3] == ["enable", "show privilege", "terminal length 0"]


def test_wrong_enable_password_is_refused(lab, fresh):
    fresh("hq-rtr")
    result = lab.playbook(os.path.join(HERE, "playbooks", "connection_proof.yml"), limit="hq-rtr",
                          extra_vars={"ansible_become_password": "wrong"})
    assert result.rc != 0
    assert "Access denied" in result.stdout or "enable mode" in result.stdout
