"""`site.yml --check` over the whole lab inventory (issue 22, item 3): every host ends ok with no
failure, and no device receives a configuration line; once with ansible-playbook and once as an AWX
Check job (ansible-runner, job_type check = `--check` on the job's command line).

What counts as a read is the same per kind of device as in the rest of the suite: RouterOS
`<menu> print`, IOS/IOS-XE/AP/9800/ASA `show ...` plus the session set-up network_cli and the
vendors' terminal plugins send (`terminal ...`, `enable`, `no terminal pager`), AireOS `show ...`
plus `config paging disable` (a session setting of the AireOS terminal plugin). Anything else in a
device's command log is a configuration line and fails the test.
"""
import json
import os
import re

import ansible_runner

from lab.topology import inventory_hosts
from tests.integration.test_awx_runner import private_data_dir

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, "playbooks", "site.yml")
READS = {
    "routeros": re.compile(r"^/[a-z0-9 -]+ print\b"),
    "aireos": re.compile(r"^(show |config paging disable$)"),
}
IOS_LIKE_READ = re.compile(r"^(show |terminal (length|width) |enable$|no terminal pager$)")


def _hosts(lab):
    return dict((name, spec["lab_kind"]) for name, spec in inventory_hosts(lab.inventory).items()
                if spec.get("lab_kind"))


def _writes(lab, hosts):
    """{host: [lines typed on the device that are not reads]} (empty lists dropped)."""
    found = {}
    for host, kind in hosts.items():
        read = READS.get(kind, IOS_LIKE_READ)
        lines = [line.strip() for line in lab.control.log(host) if line.strip()]
        assert lines, "%s: nothing was read (the play did not reach it)" % host
        writes = [line for line in lines if not read.match(line)]
        if writes:
            found[host] = writes
    return found


def _fresh(lab, fresh, hosts):
    fresh(*hosts)
    return dict((host, lab.control.state(host)) for host in hosts)


def _state_without_log(state):
    """A device's state without its command log and session counter (they count reads too); a
    RouterOS menu that was only printed shows up as an empty table (a settings menu as one row
    without values), the same as none."""
    out = dict((k, v) for k, v in state.items() if k not in ("log", "sessions"))
    if isinstance(out.get("tables"), dict):
        out["tables"] = dict((path, rows) for path, rows in out["tables"].items()
                             if any(set(row) - set([".flags"]) for row in rows))
    if "run_config_commands" in out:   # AireOS: the terminal plugin's `config paging disable` on every login
        out["run_config_commands"] = [c for c in out["run_config_commands"] if not c.startswith("config paging ")]
    return out


def test_site_check_mode_with_ansible_playbook(lab, fresh):
    hosts = _hosts(lab)
    before = _fresh(lab, fresh, hosts)
    result = lab.playbook(SITE, check=True)
    assert result.rc == 0, result
    assert sorted(result.stats) == sorted(hosts)
    for host, stats in result.stats.items():
        assert stats["failures"] == 0 and stats["unreachable"] == 0 and stats["ok"] > 0, (host, stats)
    facts = [host for _task, host, res in result.tasks() if _task == "Read device facts through the connection plugin"
             and not res.get("failed") and res.get("stdout")]
    assert sorted(facts) == sorted(hosts)
    assert _writes(lab, hosts) == {}
    changed = [host for host in hosts   # and nothing the devices hold changed
               if _state_without_log(lab.control.state(host)) != _state_without_log(before[host])]
    assert changed == []


def test_site_check_job_through_ansible_runner(lab, fresh, tmp_path):
    hosts = _hosts(lab)
    _fresh(lab, fresh, hosts)
    pdd = private_data_dir(str(tmp_path), lab)
    with open(os.path.join(pdd, "env", "cmdline"), "w") as handle:
        handle.write("--ask-vault-pass --check")    # an AWX job template with job_type: check
    runner = ansible_runner.run(private_data_dir=pdd, playbook="playbooks/site.yml", ident="check", quiet=True)
    events = list(runner.events)
    failures = [(e["event_data"].get("host"), e["event_data"].get("task"), e["event_data"].get("res", {}).get("msg"))
                for e in events if e["event"] in ("runner_on_failed", "runner_on_unreachable")
                and not e["event_data"].get("ignore_errors")]
    assert (runner.status, runner.rc, failures) == ("successful", 0, []), runner.stdout.read()[-3000:]
    stats = events[-1]["event_data"]
    assert events[-1]["event"] == "playbook_on_stats"
    assert sorted(stats["ok"]) == sorted(hosts) and stats["failures"] == {} and stats["dark"] == {}, json.dumps(stats)
    assert _writes(lab, hosts) == {}
