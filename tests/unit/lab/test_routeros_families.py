"""The lab's RouterOS per family, and the IPsec renderer against it, in process (no SSH).

Real-sample anchors: the 6.43.8 export (tests/unit/fixtures/routeros/export_6_43_8_ipsec.rsc),
RouterOS 7's multi-line settings print (tests/unit/fixtures/l2tp/server_print_v7_*.txt).
"""
import copy
import os
import re

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import routeros as ipsec_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import diff as routeros_diff
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import parse_print
from lab.devices import routeros_schema
from lab.devices.routeros import RouterOSDevice, RouterOSSession

EXPORT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "routeros", "export_6_43_8_ipsec.rsc")
TUNNEL = {
    "name": "hq-branch", "psk": "LabOnly-Not-A-Secret-1",
    "ike": {"lifetime": 86400, "dh_group": 14},
    "endpoints": {
        "hq": {"platform": "routeros", "public_address": "203.0.113.2", "subnets": ["192.168.88.0/24"]},
        "branch": {"platform": "ios", "public_address": "198.51.100.1", "subnets": ["10.10.1.0/24"],
                   "ios": {"interface": "GigabitEthernet0/0"}},
    },
}
VERSIONS = {"6.24-6.42": "6.42.7", "6.43.x": "6.43.16", "6.44-6.49": "6.49.10", "7.x": "7.16.2"}


def _session(version):
    device = RouterOSDevice("r1", {"lab_version": version, "username": "admin", "password": "admin"})
    return RouterOSSession(device, lambda text: None, lambda: None, 0)


def _export_sections():
    text = open(EXPORT).read().replace("\\\n    ", "")
    sections, current = {}, None
    for line in text.splitlines():
        if line.startswith("/"):
            current = line
        elif current and line.startswith(("set ", "add ")):
            line = re.sub(r"\[[^\]]*\]", "", line)   # `[ find default=yes ]` names no property
            sections.setdefault(current, set()).update(re.findall(r"([a-z][a-z0-9-]*)=", line))
    return sections


def test_6_43_peer_profile_follows_the_real_export():
    sections = _export_sections()
    assert "/ip ipsec peer profile" in sections and "/ip ipsec profile" not in sections
    lab = {name for name, _ in routeros_schema.menu("/ip ipsec peer profile", "6.43")["props"]}
    assert lab == sections["/ip ipsec peer profile"]
    tun, _ = normalize(copy.deepcopy(TUNNEL))
    profile = next(e for e in ipsec_routeros.routeros_entries(tun, "hq", "6.43.x") if e["path"] == "/ip ipsec peer profile")
    assert set(profile["properties"]) | {"name"} <= sections["/ip ipsec peer profile"]


@pytest.mark.parametrize("menu,word", [("/ip ipsec profile print", "profile"),
                                       ("/ip ipsec identity print", "identity")])
def test_6_43_refuses_the_6_44_menus(menu, word):
    out = _session("6.43.16").execute(menu)
    assert out.startswith("bad command name %s (line 1 column" % word)


def test_6_44_refuses_the_peer_profile_menu_and_6_43_the_peer_name():
    assert _session("6.49.10").execute("/ip ipsec peer profile print").startswith("bad command name profile")
    assert _session("6.43.16").execute("/ip ipsec peer add name=x address=1.2.3.4/32").startswith(
        "expected end of command")


def test_7_prints_list_settings_one_per_line_in_its_own_order():
    session = _session("7.16.2")
    assert session.execute("/interface l2tp-server server set authentication=mschap2,chap") == ""
    text = session.execute("/interface l2tp-server server print")
    assert re.search(r"authentication: chap\n {10,}mschap2\n", text), text
    assert parse_print(text)["authentication"] == ["chap", "mschap2"]
    six = _session("6.49.10")
    six.execute("/interface l2tp-server server set authentication=mschap2,chap")
    assert parse_print(six.execute("/interface l2tp-server server print"))["authentication"] == "chap,mschap2"


def test_durations_print_in_weeks():
    session = _session("7.16.2")
    session.execute("/ip ipsec profile add name=p lifetime=7d")
    assert "lifetime=1w" in session.execute("/ip ipsec profile print terse")


def test_a_week_typed_as_7d_converges():
    """RouterOS prints 604800 s as 1w: the engine compares durations as seconds (and lists as sets)."""
    session = _session("7.16.2")
    entries = [routeros_diff.desired_entry("/ip ipsec profile", {"name": "p"}, {
        "lifetime": "7d", "dh-group": "modp1024,modp2048", "enc-algorithm": "aes-128,aes-256"})]
    for run in (1, 2):
        reads = {cmd: session.execute(cmd) for cmd in routeros_diff.read_commands(entries)}
        commands = routeros_diff.plan(entries, routeros_diff.parse_current(entries, reads))["commands"]
        if run == 1:
            assert [session.execute(c) for c in commands] == [""]
            assert "lifetime=1w" in reads[next(iter(reads))] or "lifetime=1w" in session.execute(
                "/ip ipsec profile print terse")
    assert commands == []


def test_sha384_only_on_7():
    assert _session("7.16.2").execute("/ip ipsec profile add name=p hash-algorithm=sha384") == ""
    assert _session("6.49.10").execute("/ip ipsec profile add name=p hash-algorithm=sha384").startswith(
        "input does not match any value of hash-algorithm")


@pytest.mark.parametrize("family", sorted(VERSIONS))
def test_ipsec_entries_converge_on_every_family(family):
    """One-week IKE lifetime and reordered algorithm lists: the second plan is empty on every family."""
    session = _session(VERSIONS[family])
    tun, _ = normalize(copy.deepcopy(TUNNEL))
    entries = ipsec_routeros.routeros_entries(tun, "hq", family)
    for run in (1, 2):
        reads = {cmd: session.execute(cmd) for cmd in routeros_diff.read_commands(entries)}
        assert not [o for o in reads.values() if o.startswith(("bad command", "expected"))], reads
        plan = routeros_diff.plan(entries, routeros_diff.parse_current(entries, reads))
        if run == 2:
            assert plan["commands"] == [], plan["commands"]
            break
        for command in plan["commands"]:
            assert session.execute(command) == "", command
