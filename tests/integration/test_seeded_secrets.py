"""Secrets the collection does not manage never leave the devices (issue 22, item 1; docs/secrets.md).

Every lab device kind is seeded with secrets in every form it prints them (lab/seeded.py: IOS 15 and
IOS-XE 17 routers, RouterOS 6.24 / 6.43 / 6.44 / 7 families, AireOS, 9800, ASA). Two runs over the
whole lab, combined so that together they cover every path the issue names:

  1. playbooks/site.yml (every role) through ansible-runner, as AWX runs it, at -vvv with --diff and
     ANSIBLE_LOG_PATH, with a fault in the middle of the change on five devices (the IOS-XE router
     loses its connection at a crypto map line, RouterOS 6.42 refuses a firewall rule, RouterOS 7
     loses its connection at one, the ASA at the capture read) while the IOS 15 router and the other
     devices converge;
  2. every capability's playbook (site.yml without its facts play, which fails in check mode on
     RouterOS: issue 22 item 3, another helper's) in check mode with --diff at -vvv and a log file,
     as a plain ansible-playbook (stdout and stderr apart), against the lab the first run left
     half-changed, so there is something to plan.

Grepped for every seeded value and every secret of the collection's own (PSKs, L2TP secret and user
passwords): stdout, stderr, both log files, every ansible-runner job event (JSON) and every file
either run wrote (runner artifacts, captures, client profiles, WLC reports). The masking forms are
unit-tested one by one in tests/unit/secret_log/test_secret_forms.py.
"""
import json
import os
import re
import shutil

import ansible_runner
import yaml

from lab.seeded import VALUES
from tests.integration.labrun import INVENTORY, ROOT, VENV_BIN, RunningLab

GROUP_VARS = os.path.join(ROOT, "inventories", "lab", "group_vars", "all")


def _own_secrets():
    with open(os.path.join(GROUP_VARS, "l2tp.yml")) as handle:
        l2tp = yaml.safe_load(handle)
    with open(os.path.join(GROUP_VARS, "ipsec.yml")) as handle:
        ipsec = yaml.safe_load(handle)
    own = {"l2tp_ipsec_secret": l2tp["mikrotik_l2tp_mobile_ipsec_secret"]}
    own.update(("l2tp_user_%s" % u["name"], u["password"]) for u in l2tp["mikrotik_l2tp_mobile_users"])
    own.update(("psk_%s" % t["name"], t["psk"]) for t in ipsec["pfne_ipsec_tunnels"])
    return own


SECRETS = dict(VALUES, **_own_secrets())
FAULTS = {
    "hq-rtr": {"drop_on": r"^set transform-set ", "once": True},
    "branch-ros6": {"reject": {r"^/ip firewall filter add": "failure: already have such entry"}},
    "branch-ros7": {"drop_on": r"^/ip firewall filter add", "once": True},
    "edge-asa": {"drop_on": r"^show capture PFNE_CAP_R[0-9a-f]{6}$", "once": True},
}
# short verify waits: the faulted tunnels never come up, and the run is about output, not timing
EXTRA_VARS = {"cisco_crypto_map_verify_retries": 2, "cisco_crypto_map_verify_delay": 1,
              "mikrotik_ipsec_site_verify_retries": 2, "mikrotik_ipsec_site_verify_delay": 1,
              "pfne_asa_capture_packets": 8, "pfne_asa_capture_seconds": 20}
CHECK_PLAYBOOK = """\
- name: Site-to-site IPsec
  ansible.builtin.import_playbook: ipsec_site.yml
- name: L2TP/IPsec
  ansible.builtin.import_playbook: l2tp_mobile.yml
- name: ASA capture
  ansible.builtin.import_playbook: asa_capture.yml
- name: WLC MIC fix
  ansible.builtin.import_playbook: wlc_mic_fix.yml
"""
CONFIG_LINE = re.compile(r"^(configure terminal|config ap |capture |no capture |/[a-z0-9 -]+ (add|set|remove|move|enable|disable)\b)")


def _inventory(directory):
    """The lab inventory plus an IOS 15 router (ISR G2) at the hq end beside the IOS-XE 17 hq-rtr."""
    with open(INVENTORY) as handle:
        data = yaml.safe_load(handle)
    data["all"]["children"]["ios"]["hosts"]["hq-rtr15"] = {
        "ansible_host": "127.0.1.15", "lab_kind": "ios", "lab_version": "15.4(3)M3",
        "lab_wan_address": "198.51.100.1", "lab_lan_address": "10.10.1.1",
        "pfne_ipsec_site": "hq", "pfne_ipsec_wan_interface": "GigabitEthernet0/0"}
    os.makedirs(directory)
    path = os.path.join(directory, "hosts.yml")
    with open(path, "w") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    os.symlink(os.path.dirname(GROUP_VARS), os.path.join(directory, "group_vars"))
    return path


def _project(pdd):
    """An AWX-style project: the playbooks (files the run writes land beside them, in artifacts/)."""
    project = os.path.join(pdd, "project")
    shutil.copytree(os.path.join(ROOT, "playbooks"), os.path.join(project, "playbooks"))
    with open(os.path.join(project, "playbooks", "check_all.yml"), "w") as handle:
        handle.write(CHECK_PLAYBOOK)
    return project


def _env(log_path):
    return {"ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"), "ANSIBLE_LOG_PATH": log_path,
            "ANSIBLE_DEPRECATION_WARNINGS": "False", "PATH": VENV_BIN + os.pathsep + os.environ["PATH"]}


def _files(top):
    """Every file under ``top`` (its text), by path."""
    out = {}
    for base, _dirs, names in os.walk(top):
        for name in names:
            path = os.path.join(base, name)
            if os.path.isfile(path):
                with open(path, "rb") as handle:
                    out[path] = handle.read().decode("utf-8", "replace")
    return out


def _allowed(where):
    """An L2TP client profile (artifacts/l2tp/<router>/<user>...) carries the L2TP IPsec secret and
    that user's password by design: it is what the user installs (written 0600, checked apart)."""
    if "/artifacts/l2tp/" not in where:
        return set()
    user = os.path.basename(where).split("-windows")[0].split(".")[0]
    return {"l2tp_ipsec_secret", "l2tp_user_" + user}


def _leaks(texts):
    """[(secret name, where, the text around it)] for every secret found."""
    found = []
    for where, text in texts.items():
        for name, value in SECRETS.items():
            if name in _allowed(where):
                continue
            at = text.find(value)
            if at != -1:
                found.append((name, where, text[max(0, at - 120):at + len(value) + 40]))
    return sorted(found)


def test_no_seeded_or_own_secret_in_any_output_log_event_or_file(tmp_path):
    (tmp_path / "lab").mkdir()
    lab = RunningLab(str(tmp_path / "lab"), inventory=_inventory(str(tmp_path / "inventory")), seed_secrets=True)
    try:
        _check_runs(lab, str(tmp_path))
    finally:
        lab.stop()


def _check_runs(lab, tmp):
    # the devices really print the seeded values (otherwise the grep below proves nothing)
    printed = "".join(json.dumps(lab.control.state(host)) for host in (
        "hq-rtr", "hq-rtr15", "wlc-9800", "branch-ros6", "branch-ros643", "branch-ros64", "branch-ros7",
        "wlc-aireos", "edge-asa"))
    assert [n for n, v in VALUES.items() if v not in printed] == []

    # ---- 1. site.yml through ansible-runner, -vvv --diff, log file, faults mid-change
    pdd = os.path.join(tmp, "awx-job")
    project = _project(pdd)
    for host, fault in FAULTS.items():
        lab.control.faults(host, **fault)
    apply_log = os.path.join(tmp, "apply.log")
    runner = ansible_runner.run(private_data_dir=pdd, project_dir=project, playbook="playbooks/site.yml",
                                inventory=lab.inventory, cmdline="-vvv --diff", envvars=_env(apply_log),
                                extravars=EXTRA_VARS, ident="apply", quiet=True)
    for host in FAULTS:
        lab.control.faults(host)
    events = list(runner.events)
    stats = events[-1]["event_data"]
    # the faulted routers failed mid-change (the ASA reads its capture again over a new connection),
    # the IOS 15 router and the RouterOS 6.43 / 6.49 ends converged
    assert {"hq-rtr", "branch-ros6", "branch-ros7"} <= set(stats["failures"]) | set(stats["dark"]), stats
    assert {"hq-rtr15", "branch-ros643", "branch-ros64"} <= set(stats["changed"]) - set(stats["failures"]), stats
    typed = [line.strip() for line in lab.control.log("hq-rtr15")]
    assert "configure terminal" in typed and any(line.startswith("crypto map PFNE-MAP") for line in typed)
    for host in ("hq-rtr", "hq-rtr15", "branch-ros6", "branch-ros7", "wlc-9800", "wlc-aireos", "edge-asa"):
        lab.control.request("clear_log", device=host)

    # ---- 2. every capability in check mode, --diff, -vvv, log file (a plain ansible-playbook run)
    check_log = os.path.join(tmp, "check.log")
    check = lab.playbook(os.path.join(project, "playbooks", "check_all.yml"), "-vvv", "--diff", check=True,
                         env=dict(_env(check_log), ANSIBLE_STDOUT_CALLBACK="default"), extra_vars=EXTRA_VARS)
    assert check.rc == 0, check.stdout[-3000:]
    for host in ("hq-rtr", "branch-ros6", "branch-ros7", "wlc-9800", "wlc-aireos", "edge-asa"):
        sent = [line.strip() for line in lab.control.log(host)]
        assert not [line for line in sent if CONFIG_LINE.match(line)], (host, sent)

    texts = {"runner stdout": runner.stdout.read(), "apply log": _read(apply_log),
             "check stdout": check.stdout, "check stderr": check.stderr, "check log": _read(check_log)}
    texts.update(("job event %s %s" % (e.get("counter"), e["event"]), json.dumps(e)) for e in events)
    texts.update(_files(pdd))
    # both runs were verbose and logged, and the job events hold the task results
    assert "<127." in texts["apply log"] and "<127." in texts["check log"]
    assert any(e["event"] == "runner_on_ok" and e["event_data"].get("host") == "wlc-aireos" for e in events)
    profiles = [path for path in texts if "/artifacts/l2tp/" in path]
    assert profiles and all(os.stat(path).st_mode & 0o777 == 0o600 for path in profiles)
    assert [path for path in texts if "/artifacts/wlc_mic/" in path]
    assert _leaks(texts) == []


def _read(path):
    with open(path) as handle:
        return handle.read()
