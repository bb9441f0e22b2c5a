"""The paste classifier on public real output (issue 24).

Every fixture under tests/unit/fixtures/doctor/real/ holds a public source's text (SOURCES.md
names it); the expected cause / side below were set from what the source says happened and what
the text itself can show, not from running the classifier. Where the source names a cause the
printed text cannot show (the blog whose fix was PFS sees only PROPOSAL_NOT_CHOSEN), the expected
cause is the one the text shows and the source's cause must be listed in `also`.
"""
import os
import re

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.classify import diagnose
from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.vocab import CAUSES, SIDES

HERE = os.path.dirname(__file__)
FIXTURES = os.path.join(HERE, "..", "fixtures", "doctor")

# fixture: (cause, side, causes that must be in `also`, {peer: cause} that must be in `peers`)
EXPECTED = {
    "real/ios/psk-1.txt": ("psk", "both", (), {"198.51.100.2": "psk"}),
    "real/ios/psk-2.txt": ("psk", "both", (), {"192.0.2.1": "psk"}),
    "real/ios/psk-3.txt": ("psk", "both", (), {"192.1.20.2": "psk"}),
    "real/ios/psk-4.txt": ("psk", "local", ("not-a-peer",), {"203.0.113.1": "psk"}),
    "real/ios/psk-5.txt": ("psk", "both", ("identity",), {}),
    "real/ios/ike-proposal-1.txt": ("ike-proposal", "both", (), {"15.1.1.1": "ike-proposal"}),
    "real/ios/pfs-1.txt": ("ipsec-proposal", "both", ("pfs",), {"77.77.77.77": "ipsec-proposal"}),
    "real/ios/traffic-selectors-1.txt": ("traffic-selectors", "both", (), {"203.0.113.30": "traffic-selectors"}),
    "real/ios/traffic-selectors-2.txt": ("ipsec-proposal", "both", ("traffic-selectors",),
                                         {"203.0.113.1": "ipsec-proposal"}),
    "real/ios/ipsec-proposal-1.txt": ("ipsec-proposal", "both", (), {"FC00:123:123:123::1": "ipsec-proposal"}),
    "real/ios/one-way-1.txt": ("one-way", "remote", ("routing",), {"203.0.113.1": "one-way"}),
    "real/ios/dpd-lifetime-1.txt": ("dpd-lifetime", "remote", (), {"103.1.1.1": "dpd-lifetime"}),
    "real/ios/dpd-lifetime-2.txt": ("dpd-lifetime", "remote", (), {"161.132.38.201": "dpd-lifetime"}),
    "real/ios/auth-method-1.txt": ("psk", "both", ("auth-method",), {}),
    "real/ios/identity-1.txt": ("identity", "both", (), {}),
    "real/ios/unreachable-1.txt": ("unreachable", "unknown", ("ike-proposal", "psk"), {"192.168.1.1": "unreachable"}),
    "real/ios/unreachable-2.txt": ("unreachable", "unknown", ("ike-proposal",),
                                   {"100.12.82.2": "unreachable", "100.13.220.2": "up", "100.11.106.2": "up"}),
    "real/ios/not-protected-1.txt": ("not-protected", "remote", ("nat",), {}),
    "real/ios/unknown-1.txt": ("unknown", "unknown", (), {"192.168.145.148": "unknown"}),
    "real/ios/up-1.txt": ("up", "unknown", (), {"203.0.113.10": "up"}),
    "real/ios/up-2.txt": ("up", "unknown", (), {"11.0.1.1": "up"}),
    "real/ios/up-3.txt": ("up", "unknown", (), {"1.1.1.1": "up"}),
    "real/ios/up-4.txt": ("up", "unknown", (), {"66.66.66.2": "up"}),
    "real/routeros/ike-proposal-1.txt": ("ike-proposal", "both", (), {"10.5.107.112": "ike-proposal"}),
    "real/routeros/ike-proposal-2.txt": ("ike-proposal", "both", (), {"10.5.107.112": "ike-proposal"}),
    "real/routeros/ike-proposal-3.txt": ("ike-proposal", "both", ("unreachable",),
                                         {"205.210.31.162": "ike-proposal"}),
    "real/routeros/identity-2.txt": ("psk", "both", ("identity",), {}),
    "real/routeros/identity-3.txt": ("identity", "both", (), {}),
    "real/routeros/identity-1.txt": ("identity", "both", (), {"34.101.118.166": "identity"}),
    "real/routeros/traffic-selectors-1.txt": ("traffic-selectors", "both", (), {}),
    "real/routeros/psk-1.txt": ("psk", "both", ("unreachable",), {"192.168.1.15": "psk"}),
    "real/routeros/unreachable-1.txt": ("unreachable", "remote", (), {"192.168.1.15": "unreachable"}),
    "real/routeros/ipsec-proposal-1.txt": ("ipsec-proposal", "both", (), {"192.168.1.15": "ipsec-proposal"}),
    "real/routeros/up-1.txt": ("up", "unknown", (), {"150.0.0.150": "up"}),
    "real/routeros/up-2.txt": ("up", "unknown", (), {"1.2.3.4": "up"}),
    "real/routeros/up-3.txt": ("up", "unknown", (), {"2.2.2.2": "up"}),
    "real/routeros/up-4.txt": ("up", "unknown", (), {"150.0.0.150": "up"}),
    "real/routeros/up-5.txt": ("up", "unknown", (), {}),
    "composed/ios/ike-proposal-1.txt": ("ike-proposal", "both", (), {"77.77.77.77": "ike-proposal"}),
    "composed/ios/not-bound-1.txt": ("not-bound", "local", (), {"192.168.145.148": "not-bound"}),
    "composed/routeros/policy-invalid-1.txt": ("policy-invalid", "local", (), {"150.0.0.150": "policy-invalid"}),
    "composed/routeros/one-way-1.txt": ("one-way", "unknown", ("routing",), {}),
}


def read(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


def platform_of(name):
    return name.split("/")[1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_classified_as_its_source_shows(name):
    cause, side, also, peers = EXPECTED[name]
    result = diagnose(read(name), platform_of(name))
    assert (result["cause"], result["side"]) == (cause, side), result
    assert set(also) <= set(result["also"]), result["also"]
    assert cause not in result["also"]
    for peer, peer_cause in peers.items():
        assert result["peers"][peer]["cause"] == peer_cause, result["peers"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_and_unparsed_are_lines_of_the_paste(name):
    text = read(name)
    printed = set(line.strip() for line in text.splitlines())
    result = diagnose(text, platform_of(name))
    assert set(result["evidence"]) <= printed
    assert set(result["unparsed"]) <= printed
    assert result["cause"] in CAUSES and result["side"] in SIDES
    assert (result["evidence"] != []) == (result["cause"] != "unknown")
    for peer in result["peers"].values():
        assert peer["cause"] in CAUSES and set(peer["evidence"]) <= printed


def test_every_fixture_file_is_in_the_table_and_in_its_sources():
    on_disk = set()
    for root, _dirs, files in os.walk(FIXTURES):
        on_disk.update(os.path.relpath(os.path.join(root, f), FIXTURES) for f in files if f.endswith(".txt"))
    assert on_disk == set(EXPECTED)
    real = read("real/SOURCES.md")
    composed = read("composed/SOURCES.md")
    missing = []
    for name in sorted(on_disk):
        kind, vendor, base = name.split("/")
        if kind == "real":
            section = real.split("(`real/%s/`)" % vendor, 1)[1].split("\n## ", 1)[0]
            if "| `%s` |" % base not in section:
                missing.append(name)
        elif "| %s/%s |" % (vendor, base) not in composed:
            missing.append(name)
    assert missing == []


def test_cause_table_in_sources_names_every_cause():
    table = read("real/SOURCES.md").split("## Cause table", 1)[1]
    rows = [re.match(r"\|\s*([a-z][a-z-]*)\s*\|", line) for line in table.splitlines()]
    assert sorted(m.group(1) for m in rows if m and m.group(1) != "cause") == sorted(CAUSES)
