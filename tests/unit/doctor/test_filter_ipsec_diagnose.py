"""pfne.netops.ipsec_diagnose: the thin filter over doctor.classify, and its documentation."""
import os

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.filter.ipsec_diagnose import FilterModule
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.vocab import CAUSES, PLATFORMS

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
FILTER = FilterModule().filters()["ipsec_diagnose"]


def read(name):
    with open(os.path.join(ROOT, name)) as handle:
        return handle.read()


def test_filter_returns_the_contract_dict():
    result = FILTER(read("tests/unit/fixtures/doctor/real/routeros/identity-1.txt"), "routeros")
    assert sorted(result) == ["also", "cause", "evidence", "peers", "side", "unparsed"]
    assert (result["cause"], result["side"]) == ("identity", "both")
    assert sorted(result["peers"]["34.101.118.166"]) == ["also", "cause", "evidence", "side"]


def test_filter_reads_a_command_modules_stdout_list():
    stdout = [read("tests/unit/fixtures/doctor/real/ios/up-4.txt"), read("tests/unit/fixtures/doctor/real/ios/psk-2.txt")]
    assert FILTER(stdout, "ios")["cause"] == "psk"


@pytest.mark.parametrize("platform", [None, "junos", "mikrotik"])
def test_bad_platform_is_an_ansible_error_naming_the_argument(platform):
    with pytest.raises(AnsibleFilterError, match=r"^ipsec_diagnose: platform: must be one of ios, routeros"):
        FILTER("anything", platform)


def test_bad_text_is_an_ansible_error_naming_the_argument():
    with pytest.raises(AnsibleFilterError, match=r"^ipsec_diagnose: text: "):
        FILTER(42, "ios")


def test_doc_names_the_platforms_and_every_cause():
    doc = yaml.safe_load(read("plugins/filter/ipsec_diagnose.yml"))
    assert doc["DOCUMENTATION"]["version_added"] == "0.3.0"
    assert doc["DOCUMENTATION"]["options"]["platform"]["choices"] == list(PLATFORMS)
    described = doc["RETURN"]["_value"]["contains"]["cause"]["description"]
    assert all(cause in described for cause in CAUSES)


def test_the_user_doc_example_is_what_the_filter_returns():
    doc = read("docs/ipsec_diagnose.md")
    result = FILTER(read("tests/unit/fixtures/doctor/real/ios/psk-3.txt"), "ios")
    assert 'evidence: ["%s"]' % result["evidence"][0] in doc
    assert "cause: %s " % result["cause"] in doc and "side: %s " % result["side"] in doc
