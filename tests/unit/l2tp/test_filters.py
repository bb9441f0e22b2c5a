"""The thin filter plugin: names, delegation, errors as AnsibleFilterError without secrets."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.filter.l2tp_mobile import FilterModule

from .conftest import fixture_text

F = FilterModule().filters()


def test_filter_names():
    assert sorted(F) == ["l2tp_client_files", "l2tp_client_stale", "l2tp_entries", "l2tp_parse", "l2tp_validate", "l2tp_verify"]


def test_entries_need_no_device_read(config):
    config["exclusive"] = True
    out = F["l2tp_entries"](config, "6.48.6 (long-term)")
    assert out["family"] == "6.44-6.49"
    assert [e["state"] for e in out["entries"] if e["path"] == "/ppp secret"][-1] == "exclusive"


def test_bad_config_raises_without_secret(config):
    config["users"][0]["password"] = "has;semicolon-secret"
    with pytest.raises(AnsibleFilterError) as info:
        F["l2tp_entries"](config, "7.12")
    assert "users[0].password" in str(info.value) and "has;semicolon-secret" not in str(info.value)


def test_bad_version(config):
    with pytest.raises(AnsibleFilterError):
        F["l2tp_entries"](config, "5.26")


def test_parse_kinds():
    assert F["l2tp_parse"](fixture_text("system_resource_v7.txt"), "version") == "7.12.2"
    with pytest.raises(AnsibleFilterError):
        F["l2tp_parse"]("", "bogus")
