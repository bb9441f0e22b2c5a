"""An interrupted L2TP change never loses the server's IPsec secret (issue 22, item 2).

The plan runs against the in-process lab RouterOS and stops at every configuration line in turn,
in the ways a real run stops there: the line is refused or the connection drops before it runs
(the device does not apply it), or the line runs and the connection drops before its prompt
comes back (applied, never confirmed).  A rerun on the state left behind must put the PSK back on
the server (and on the dynamic identity or peer RouterOS derives from it), and verify must pass.
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

PSK = BASE["ipsec_secret"]
SERVER = "/interface l2tp-server server"


def _session(version):
    device = RouterOSDevice("r1", {"lab_version": version, "username": "admin", "password": "admin"})
    return RouterOSSession(device, lambda text: None, lambda: None, 0)


def _plan(session, model, version):
    entries = l2tp_routeros.render(model, version)["entries"]
    reads = dict((cmd, session._run(cmd)) for cmd in core.read_commands(entries))
    return core.plan(entries, core.parse_current(entries, reads))


def _psk_holders(session):
    """Every place the device keeps the L2TP PSK: the server and the IPsec entry derived from it."""
    tables = session.device.state()["tables"]
    held = {"server": tables[SERVER][0].get("ipsec-secret", "")}
    for path in ("/ip ipsec identity", "/ip ipsec peer"):
        for row in tables.get(path, []):
            if "secret" in row:
                held[path] = row["secret"]
    return held


def _verdict(session, model, version):
    return l2tp_verify.verify(model, routeros_family.family(version), session._run(SERVER + " print"),
                              session._run("/ppp secret print detail without-paging"),
                              session._run("/ppp active print"))


@pytest.mark.parametrize("version", ["6.42.7", "6.49.10", "7.16.2"])
@pytest.mark.parametrize("applied", [False, True], ids=["not-applied", "applied-unconfirmed"])
def test_a_rerun_after_an_interruption_at_any_line_restores_the_psk(version, applied):
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    commands = _plan(_session(version), model, version)["commands"]
    assert any(c.startswith(SERVER + " set") and "ipsec-secret=" in c for c in commands)
    entries = l2tp_routeros.render(model, version)["entries"]
    for stop in range(len(commands)):
        session = _session(version)
        for command in core.read_commands(entries):   # the apply's read (place-before numbers)
            session._run(command)
        for command in commands[:stop + applied]:
            assert session._run(command).strip() == "", command
        rerun = _plan(session, model, version)
        for command in rerun["commands"]:
            assert session._run(command).strip() == "", command
        where = "%s stopped at %r" % (version, commands[stop].split(" [")[0][:60])
        assert set(_psk_holders(session).values()) == {PSK}, where
        verdict = _verdict(session, model, version)
        assert verdict["ok"] and [s["name"] for s in verdict["sessions"]] == ["alice"], (where, verdict["problems"])
        assert _plan(session, model, version)["commands"] == [], where


def test_the_psk_fingerprint_is_written_after_the_line_that_sets_the_psk():
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    commands = _plan(_session("7.16.2"), model, "7.16.2")["commands"]
    with_fp = [i for i, c in enumerate(commands) if "pfne:l2tp:psk pfne-fp:" in c]
    server = next(i for i, c in enumerate(commands) if c.startswith(SERVER + " set"))
    assert with_fp == [server + 1]
    assert commands[server + 1].startswith('/ip pool set [find where name="pfne-l2tp-pool"] comment=')


def test_an_empty_server_secret_is_never_taken_as_set():
    """The state an interrupted run of the old plan left: the pool's comment vouches for the PSK
    (its fingerprint was written by the first line) while the server holds none."""
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    session = _session("7.16.2")
    for command in _plan(session, model, "7.16.2")["commands"]:
        session._run(command)
    session._run(SERVER + ' set ipsec-secret=""')
    assert "pfne-fp:" in session.device.state()["tables"]["/ip pool"][0]["comment"]
    rerun = _plan(session, model, "7.16.2")
    assert rerun["masked_commands"][0] == SERVER + " set ipsec-secret=********"
    for command in rerun["commands"]:
        session._run(command)
    assert set(_psk_holders(session).values()) == {PSK}


def test_a_hidden_server_secret_is_judged_by_the_fingerprint():
    """RouterOS 7 without the sensitive policy prints no ipsec-secret line: the pool's fingerprint,
    written only after a confirmed server set, decides."""
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    entries = l2tp_routeros.render(model, "7.16.2")["entries"]
    fp = core.fingerprint(next(e for e in entries if e["path"] == SERVER))
    pool = {"index": 0, "flags": "", "properties": {"name": "pfne-l2tp-pool", "ranges": "192.168.89.10-192.168.89.99"}}
    hidden = {"index": None, "flags": "", "properties": {"use-ipsec": "required"}}
    for comment, sent in (("pfne:l2tp:psk pfne-fp:" + fp, False), ("pfne:l2tp:psk", True),
                          ("pfne:l2tp:psk pfne-fp:0123456789abcdef", True)):
        current = {"/ip pool": [dict(pool, properties=dict(pool["properties"], comment=comment))], SERVER: [hidden]}
        masked = core.plan(entries, current)["masked_commands"]
        assert any("ipsec-secret=********" in c for c in masked) is sent, comment


def test_verify_names_an_empty_server_secret():
    model = l2tp_mobile.normalize(copy.deepcopy(BASE))[0]
    session = _session("7.16.2")
    for command in _plan(session, model, "7.16.2")["commands"]:
        session._run(command)
    session._run(SERVER + ' set ipsec-secret=""')
    verdict = _verdict(session, model, "7.16.2")
    assert not verdict["ok"]
    assert any(p.startswith("l2tp-server ipsec-secret is not set") for p in verdict["problems"])
    assert l2tp_verify.secret_state("  use-ipsec: required\n") == "hidden"
