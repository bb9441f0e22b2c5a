"""An interrupted L2TP change does not lose the server's IPsec secret (issue 22, item 2).

Faults at and just before the L2TP server `set` (the line that carries ipsec-secret), on RouterOS
6.42 (the write-up's syntax: a static peer) and 7.16 (a dynamic peer and identity RouterOS derives
from the server): the line is refused, or the connection drops as it is typed (the lab drops before
the line runs, once). `/ppp profile add` is the line before the server set on both; the pool added
before it used to carry the PSK's fingerprint, so the rerun trusted a PSK the device never got.
One lab device per case, one ansible-playbook run per phase: run 1 with the faults (each case fails),
run 2 without (must restore the PSK everywhere the device keeps it, and verify must pass), run 3
(sends no configuration line). Secrets are the lab-only values of inventories/lab/group_vars.
"""
import copy
import os
import re

import pytest
import yaml

from tests.integration.labrun import INVENTORY, RunningLab

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "l2tp_mobile.yml")
with open(os.path.join(os.path.dirname(INVENTORY), "group_vars", "all", "l2tp.yml")) as _handle:
    PSK = yaml.safe_load(_handle)["mikrotik_l2tp_mobile_ipsec_secret"]
SERVER_SET = r"^/interface l2tp-server server set .*ipsec-secret="
BEFORE = r"^/ppp profile add "
FAULTS = {
    "refused-at": {"reject": {SERVER_SET: "input does not match any value of authentication"}},
    "dropped-at": {"drop_on": SERVER_SET, "once": True},
    "refused-before": {"reject": {BEFORE: "failure: already have such name"}},
    "dropped-before": {"drop_on": BEFORE, "once": True},
}
SOURCES = {"ros6": "branch-ros6", "ros7": "branch-ros7"}   # 6.42.7 and 7.16.2 in the lab inventory
CASES = sorted("%s-%s" % (ros, fault) for ros in SOURCES for fault in FAULTS)
APPLY = "pfne.netops.mikrotik_l2tp_mobile : Apply L2TP server, IPsec, firewall and users"
VERIFY = "pfne.netops.mikrotik_l2tp_mobile : Assert the server and users are as configured"
READ_RE = re.compile(r"^/[a-z0-9 -]+ print\b")


def _inventory(path):
    with open(INVENTORY) as handle:
        data = yaml.safe_load(handle)
    routeros = data["all"]["children"]["routeros"]
    hosts = {}
    for k, case in enumerate(CASES):
        hosts[case] = dict(copy.deepcopy(routeros["hosts"][SOURCES[case[:4]]]), ansible_host="127.0.22.%d" % (k + 1))
    data["all"]["children"] = {"routeros": {"vars": routeros["vars"], "hosts": hosts}}
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    # the lab's example variables (l2tp.yml) beside the copy, as RunningLab links them for its own
    os.symlink(os.path.join(os.path.dirname(INVENTORY), "group_vars"), os.path.join(os.path.dirname(path), "group_vars"))
    return path


def _psk_holders(state):
    """Where the device keeps the L2TP PSK: the server, and the peer (6.42, static) or the
    identity (7.x, dynamic, derived from the server)."""
    tables = state["tables"]
    held = {"server": tables["/interface l2tp-server server"][0].get("ipsec-secret", "")}
    for path in ("/ip ipsec identity", "/ip ipsec peer"):
        for row in tables.get(path, []):
            if "secret" in row:
                held[path] = row["secret"]
    return held


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("l2tp_interrupts")
    (tmp / "run").mkdir()
    lab = RunningLab(tmp / "run", inventory=_inventory(str(tmp / "source.yml")))
    extra = {"mikrotik_l2tp_mobile_client_dir": str(tmp / "clients") + "/{{ inventory_hostname }}"}
    out = {}
    try:
        for run in ("faults", "rerun", "third"):
            for case in CASES:
                lab.control.faults(case, **(FAULTS[case[5:]] if run == "faults" else {}))
                lab.control.request("clear_log", device=case)
            result = lab.playbook(PLAYBOOK, extra_vars=extra)
            out[run] = {"result": result, "states": dict((case, lab.control.state(case)) for case in CASES)}
        yield out
    finally:
        lab.stop()


@pytest.mark.parametrize("case", CASES)
def test_a_rerun_restores_the_psk_and_verifies(runs, case):
    first = runs["faults"]["result"].result(APPLY, case)
    assert first.get("failed") is True, first
    typed = [line.strip() for line in runs["faults"]["states"][case]["log"]]
    fault_on = SERVER_SET if case.endswith("-at") else BEFORE
    assert any(re.search(fault_on, line) for line in typed), typed   # the fault hit the line it names
    # after the fault no fingerprint vouches for a PSK the server does not hold
    held = _psk_holders(runs["faults"]["states"][case])
    assert held["server"] == "", held
    assert not any("pfne-fp:" in (row.get("comment") or "")
                   for row in runs["faults"]["states"][case]["tables"].get("/ip pool", []))
    assert PSK not in runs["faults"]["result"].stdout

    rerun = runs["rerun"]["result"]
    assert not rerun.result(APPLY, case).get("failed"), rerun.result(APPLY, case)
    assert any("ipsec-secret=********" in c for c in rerun.result(APPLY, case)["commands"])
    held = _psk_holders(runs["rerun"]["states"][case])
    assert set(held.values()) == {PSK} and len(held) == 2, sorted(held)
    verify = rerun.result(VERIFY, case)
    assert not verify.get("failed") and verify["msg"] == "L2TP server verified; sessions: ['alice']", verify.get("msg")
    assert [task for task, _host, res in rerun.tasks(case) if res.get("failed")] == []

    third = runs["third"]["result"].result(APPLY, case)
    assert not third.get("failed") and third["changed"] is False, third
    assert [line for line in (x.strip() for x in runs["third"]["states"][case]["log"])
            if line.startswith("/") and not READ_RE.match(line)] == []
