"""The AireOS cliconf answers the "Press Enter to continue..." stop of show run-config
(netmiko's cisco_wlc_ssh: it appears even with paging disabled) and nothing else."""
from unittest import mock

from ansible_collections.pfne.netops.plugins.cliconf.aireos import Cliconf


def sent_with(command):
    cliconf = Cliconf(mock.MagicMock())
    with mock.patch.object(Cliconf, "send_command", return_value="out") as send:
        cliconf.get(command)
    return send.call_args.kwargs


def test_run_config_stop_is_answered_with_enter():
    for command in ("show run-config commands",
                    'grep include "ap cert-expiry-ignore" "show run-config commands"'):
        kwargs = sent_with(command)
        assert (kwargs["prompt"], kwargs["answer"], kwargs["newline"]) == ("Press Enter to continue", "", True)


def test_other_commands_have_no_prompt():
    assert sent_with("show sysinfo")["prompt"] is None
