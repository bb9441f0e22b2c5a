"""In-process round trip: L2TP entries -> RouterOS core -> lab RouterOS device -> /ppp active.

Covers the four syntax families (6.24-6.42 as the write-up, 6.43.x, 6.44-6.49, 7.x); 6.43+ use
`set [find where name="default"]` on the default IPsec (peer) profile/proposal.  One read of each
menu per apply, as the role does.
"""
import copy

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import mobile as l2tp_mobile
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import routeros as l2tp_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import verify as l2tp_verify
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import diff as core
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros import family as routeros_family
from lab.devices.routeros import RouterOSDevice, RouterOSSession

from .conftest import BASE


def _session(version):
    device = RouterOSDevice("r1", {"lab_version": version, "username": "admin", "password": "admin"})
    return RouterOSSession(device, lambda text: None, lambda: None, 0)


def _apply(session, model, version):
    out = l2tp_routeros.render(model, version)
    reads = {cmd: session._run(cmd) for cmd in core.read_commands(out["entries"])}
    plan = core.plan(out["entries"], core.parse_current(out["entries"], reads))
    for command in plan["commands"]:
        assert session._run(command).strip() == "", command
    return plan


@pytest.mark.parametrize("version", ["6.42.7", "6.43.16", "6.49.10", "7.16.2"])
def test_configures_then_is_idempotent_and_a_client_connects(version):
    session = _session(version)
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    first = _apply(session, model, version)
    assert first["changed"] and all("lab-only-psk" not in c and "lab-pass" not in c for c in first["masked_commands"])
    rule = [c for c in first["masked_commands"] if "pfne:l2tp:ike" in c][0]
    assert "place-before=" in rule   # before the defconf input drop
    assert _apply(session, model, version)["commands"] == []
    active = l2tp_verify.parse_active(session._run("/ppp active print"))
    assert [(s["name"], s["service"], s["address"]) for s in active] == [("alice", "l2tp", "192.168.89.10")]
    verdict = l2tp_verify.verify(model, routeros_family.family(version), session._run("/interface l2tp-server server print"),
                                 session._run("/ppp secret print detail without-paging"))
    assert verdict["ok"], verdict["problems"]


def test_password_change_is_one_masked_set():
    session = _session("6.42.7")
    cfg = copy.deepcopy(BASE)
    _apply(session, l2tp_mobile.normalize(cfg)[0], "6.42.7")
    cfg["users"][0]["password"] = "alice-new-pass-3"
    plan = _apply(session, l2tp_mobile.normalize(cfg)[0], "6.42.7")
    assert len(plan["masked_commands"]) == 1
    assert plan["masked_commands"][0].startswith('/ppp secret set [find where name="alice"] password=********')
    assert "alice-new-pass-3" not in repr(plan["masked_commands"]) + repr(plan["diff"]) + repr(plan["changes"])


def test_inconsistent_psk_means_no_session():
    session = _session("6.42.7")
    _apply(session, l2tp_mobile.normalize(copy.deepcopy(BASE))[0], "6.42.7")
    session._run('/ip ipsec peer set [find where exchange-mode=main-l2tp] secret=other-psk-xx')
    assert l2tp_verify.parse_active(session._run("/ppp active print")) == []


@pytest.mark.parametrize("version", ["6.42.7", "7.16.2"])
def test_no_session_when_the_proposal_lacks_what_clients_offer(version):
    """Windows/Apple L2TP clients propose ESP HMAC-SHA1 with AES-CBC/3DES: a SHA-256-only proposal
    (the role warns about it) leaves /ppp active empty, and verify's session check fails."""
    session = _session(version)
    cfg = copy.deepcopy(BASE)
    cfg["integrity"] = ["sha256"]
    _apply(session, l2tp_mobile.normalize(cfg)[0], version)
    assert l2tp_verify.parse_active(session._run("/ppp active print")) == []
    cfg["integrity"] = ["sha256", "sha1"]
    _apply(session, l2tp_mobile.normalize(cfg)[0], version)
    assert [s["name"] for s in l2tp_verify.parse_active(session._run("/ppp active print"))] == ["alice"]
