"""Every action checks its arguments from its module's DOCUMENTATION (plugin_utils/common/action_args.py).

A survey answer "false"/"no" for a boolean behaves as false; a wrong type fails naming the option,
before any connection is opened. (l2tp_client_profiles has no boolean option: only the type check.)
"""
import importlib
import os
from unittest import mock

import pytest
import yaml
from ansible.errors import AnsibleActionFail

from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args

ACTIONS = ("asa_capture", "l2tp_client_profiles", "routeros_apply", "wlc_mic_audit", "wlc_mic_ignore")
REQUIRED = {"asa_capture": {"name": "CAPIN", "interface": "inside"},
            "l2tp_client_profiles": {"config": {}, "dest": "/tmp/profiles"}}
WLC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "wlc")


def documentation(name):
    return importlib.import_module("ansible_collections.pfne.netops.plugins.modules." + name).DOCUMENTATION


def boolean_options():
    for name in ACTIONS:
        for option, spec in yaml.safe_load(documentation(name))["options"].items():
            if spec.get("type") == "bool":
                yield name, option


@pytest.mark.parametrize("name,option", list(boolean_options()))
@pytest.mark.parametrize("answer,expected", [("false", False), ("no", False), ("yes", True), ("True", True)])
def test_survey_strings_become_booleans(name, option, answer, expected):
    args = checked_args(dict(REQUIRED.get(name, {}), **{option: answer}), documentation(name))
    assert args[option] is expected


def test_defaults_come_from_documentation():
    args = checked_args({"name": "CAPIN", "interface": "inside"}, documentation("asa_capture"))
    assert args["pcap"] == "auto" and args["keep"] is False


class NoDevice:
    def __init__(self, *_args):
        raise AssertionError("a connection was opened")


class AireOS:
    """Answers the audit's show commands from the real-format WLC samples."""
    FILES = {"show sysinfo": "aireos_show_sysinfo.txt", "show ap inventory all": "composed/aireos_show_ap_inventory_all.txt",
             "show ap join stats summary all": "aireos_show_ap_join_stats_summary_all_v8.txt",
             "show msglog": "composed/aireos_show_msglog.txt", "show certificate all": "aireos_show_certificate_all.txt"}

    def __init__(self, *_args):
        self.sent = []

    def get(self, command, prompt=None, answer=None):
        self.sent.append(command)
        if command not in self.FILES:
            return "sysname WLC\n"
        with open(os.path.join(WLC, self.FILES[command])) as handle:
            return handle.read()


class AireOS85(AireOS):
    """The same controller on 8.5.182.0: 7.4.110.0 has no cert-expiry-ignore and is refused (FN63942)."""
    def get(self, command, prompt=None, answer=None):
        return super().get(command, prompt, answer).replace("7.4.110.0", "8.5.182.0")


def run(name, args, connection=NoDevice, check_mode=False, network_os="pfne.netops.aireos"):
    module = importlib.import_module("ansible_collections.pfne.netops.plugins.action." + name)
    task = mock.MagicMock(args=args, async_val=0, check_mode=check_mode)
    conn = mock.MagicMock(socket_path="/tmp/fake.sock")
    play_context = mock.MagicMock(check_mode=check_mode)
    action = module.ActionModule(task, conn, play_context, loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(module, "Connection", connection, create=True), \
            mock.patch("ansible.plugins.action.ActionBase.run", return_value={}):
        return action.run(task_vars={"ansible_network_os": network_os, "inventory_hostname": "dev1"})


@pytest.mark.parametrize("name,args,option", [
    ("asa_capture", {"name": "CAPIN", "interface": "inside", "buffer": "lots"}, "buffer"),
    ("asa_capture", {"name": "CAPIN", "interface": "inside", "keep": "maybe"}, "keep"),
    ("l2tp_client_profiles", {"config": "not a dict", "dest": "/tmp/x"}, "config"),
    ("routeros_apply", {"gather_only": "maybe"}, "gather_only"),
    ("routeros_apply", {"entries": "not a list of dicts"}, "entries"),
    ("wlc_mic_audit", {"warn_days": "soon"}, "warn_days"),
    ("wlc_mic_ignore", {"force": "maybe"}, "force"),
    ("wlc_mic_ignore", {"state": "on"}, "state"),
])
def test_wrong_type_fails_naming_the_option_before_connecting(name, args, option):
    with pytest.raises(AnsibleActionFail, match=r"pfne\.netops\.%s: .*\b%s\b" % (name, option)):
        run(name, args)


@pytest.mark.parametrize("answer,expected", [("false", False), ("true", True)])
def test_asa_capture_circular_buffer_string(answer, expected):
    result = run("asa_capture", {"name": "CAPIN", "interface": "inside", "circular_buffer": answer,
                                 "matches": [{"host": "192.168.100.1"}]}, check_mode=True)
    assert any("circular-buffer" in c for c in result["commands"]) is expected


def test_routeros_apply_gather_only_no_means_apply():
    with pytest.raises(AnsibleActionFail, match="entries is required unless gather_only is true"):
        run("routeros_apply", {"gather_only": "no"})


@pytest.mark.parametrize("answer,forced", [("false", False), ("true", True)])
def test_wlc_mic_ignore_force_string(answer, forced):
    # before the shared check, bool("false") was True and forced the change
    result = run("wlc_mic_ignore", {"force": answer}, check_mode=True, connection=AireOS85)
    assert (result["reason"] == "forced") is forced


@pytest.mark.parametrize("answer,read", [("no", False), ("yes", True)])
def test_wlc_mic_audit_read_msglog_string(answer, read):
    device = AireOS()
    result = run("wlc_mic_audit", {"read_msglog": answer, "as_of": "2026-01-31"}, connection=lambda _path: device)
    assert result["changed"] is False
    assert ("show msglog" in device.sent) is read


def test_suboptions_are_checked_and_completed():
    doc = documentation("routeros_apply")
    entry = {"path": "/ip pool", "match": {"name": "p"}, "singleton": "no"}
    args = checked_args({"entries": [entry]}, doc)
    assert args["entries"][0]["singleton"] is False and args["entries"][0]["state"] == "present"
    with pytest.raises(AnsibleActionFail, match=r"\bstate\b.*present, absent"):
        checked_args({"entries": [dict(entry, state="gone")]}, doc)


def test_wlc_mic_ignore_empty_cert_types_is_an_error_not_mic():
    # an empty list used to fall back to [mic] silently; now it is refused by name before any connection
    with pytest.raises(AnsibleActionFail, match=r"wlc_mic_ignore: cert_types: expected a non-empty list"):
        run("wlc_mic_ignore", {"cert_types": []})
