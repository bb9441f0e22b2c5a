"""Faults injected on demand through the lab's control port reach Ansible."""
import os
import time

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "show_version.yml")


def test_rejected_command_fails_the_task_with_the_device_error(lab, fresh):
    fresh("hq-rtr")
    lab.control.faults("hq-rtr", reject={"^show version$": "% Invalid input detected at '^' marker."})
    try:
        result = lab.playbook(PLAYBOOK)
    finally:
        lab.control.faults("hq-rtr")
    assert result.rc != 0
    assert "Invalid input" in result.result("Run show version", "hq-rtr")["msg"]


def test_connection_dropped_after_n_commands_is_reported(lab, fresh):
    fresh("hq-rtr")
    lab.control.faults("hq-rtr", drop_after=7)   # enable, show privilege, terminal x3, show version, show vlan
    try:
        result = lab.playbook(PLAYBOOK)
    finally:
        lab.control.faults("hq-rtr")
    assert result.rc != 0
    log = lab.control.log("hq-rtr")
    assert "show clock" in log and log.count("show version") <= 2


def test_slow_device_still_answers(lab, fresh):
    fresh("hq-rtr")
    lab.control.faults("hq-rtr", delay=0.2)
    try:
        start = time.monotonic()
        result = lab.playbook(PLAYBOOK)
        elapsed = time.monotonic() - start
    finally:
        lab.control.faults("hq-rtr")
    assert result.rc == 0, result
    commands = len(lab.control.log("hq-rtr"))
    assert elapsed >= 0.2 * commands   # every reply waited
