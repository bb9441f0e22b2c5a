"""A device refusing a secret-bearing line at -vvv with ANSIBLE_LOG_PATH: no secret in stdout,
stderr or the log file (issue 14, item 5; docs/secrets.md).

Before the fix, ansible-connection logged network_cli's traceback of each refusal with the echoed
line (`/ppp secret add name=alice password=...`, `/ip ipsec identity add ... secret=...`,
`crypto isakmp key KEY ...`) to the log file.  The refusals injected here match the terminal
plugins' own error patterns (community.routeros: `invalid value for`; cisco.ios: `% Invalid`),
which is the path that leaked.  One run per role: L2TP, RouterOS IPsec, IOS crypto map.
"""
import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GROUP_VARS = os.path.join(ROOT, "inventories", "lab", "group_vars", "all")
with open(os.path.join(GROUP_VARS, "l2tp.yml")) as _handle:
    L2TP = yaml.safe_load(_handle)
with open(os.path.join(GROUP_VARS, "ipsec.yml")) as _handle:
    IPSEC = yaml.safe_load(_handle)
SECRETS = ([L2TP["mikrotik_l2tp_mobile_ipsec_secret"]] + [u["password"] for u in L2TP["mikrotik_l2tp_mobile_users"]]
           + [t["psk"] for t in IPSEC["pfne_ipsec_tunnels"]])

IOS_REFUSAL = "                    ^\n% Invalid input detected at '^' marker.\n"
L2TP_APPLY = "pfne.netops.mikrotik_l2tp_mobile : Apply L2TP server, IPsec, firewall and users"
ROS_APPLY = "pfne.netops.mikrotik_ipsec_site : Apply (one read, diff, only the differences)"
IOS_KEYS = "pfne.netops.cisco_crypto_map : Apply the crypto map change (keys first, stops at the first refusal, secrets masked)"


def _refused_run(lab, tmp_path, name, playbook, limit, rejects, paramiko=False):
    for host, rule in rejects.items():
        lab.control.faults(host, reject=rule)
    log_path = tmp_path / (name + ".log")
    try:
        result = lab.playbook(os.path.join(ROOT, "playbooks", playbook), "-vvv", limit=limit,
                              env={"ANSIBLE_LOG_PATH": str(log_path)},
                              extra_vars={"ansible_network_cli_ssh_type": "paramiko"} if paramiko else None)
    finally:
        for host in rejects:
            lab.control.faults(host)
    log = log_path.read_text()
    for label, text in (("stdout", result.stdout), ("stderr", result.stderr), ("log file", log)):
        leaked = [s for s in SECRETS if s in text]
        assert not leaked, "%s of the %s run holds %d secret(s)" % (label, name, len(leaked))
    assert "<127." in log   # the run really was verbose and logged
    # what stays open (a timeout over paramiko) is named at run time, and only then
    assert ("-vvv with a log file" in result.stdout + result.stderr) is paramiko
    return result


def _typed(lab, host, needle):
    return [line for line in lab.control.log(host) if needle in line]


def test_refused_secret_lines_leave_no_secret_at_vvv_with_a_log_file(lab, fresh, tmp_path):
    fresh("branch-ros7", "hq-rtr")

    # ---- L2TP: RouterOS refuses the first /ppp secret add
    l2tp = _refused_run(lab, tmp_path, "l2tp", "l2tp_mobile.yml", "branch-ros7",
                        {"branch-ros7": {r"^/ppp secret add": "invalid value for argument password"}})
    assert l2tp.rc != 0
    failed = l2tp.result(L2TP_APPLY, "branch-ros7")
    assert failed["failed"] and "password=********" in failed["msg"]
    assert "invalid value for argument password" in failed["msg"]
    assert len(_typed(lab, "branch-ros7", "/ppp secret add")) == 1   # the device saw the secret once
    fresh("branch-ros7")

    # ---- IPsec, RouterOS 7: the identity's secret is refused
    ros = _refused_run(lab, tmp_path, "routeros-ipsec", "ipsec_site.yml", "branch-ros7",
                       {"branch-ros7": {r" secret=": "invalid value for argument secret"}})
    assert ros.rc != 0
    assert ros.result(ROS_APPLY, "branch-ros7").get("failed")   # censored by the role's no_log (item 4)
    assert len(_typed(lab, "branch-ros7", " secret=")) == 1

    # ---- IPsec, IOS: the first isakmp key is refused; a run of its own (a playbook stops once every
    # host of a play failed), over paramiko (libssh above): both transports raise on a refusal
    ios_run = _refused_run(lab, tmp_path, "ios-ipsec", "ipsec_site.yml", "hq-rtr",
                           {"hq-rtr": {r"^crypto isakmp key ": IOS_REFUSAL}}, paramiko=True)
    assert ios_run.rc != 0
    ios = ios_run.result(IOS_KEYS, "hq-rtr")
    assert ios["failed"] and "% Invalid input detected" in ios["msg"]
    assert ios["refused"].startswith("crypto isakmp key ******** address ")
    assert ios["confirmed"] == [] and ios["in_doubt"] == []
    assert any("pre-shared-key ********" in line for line in ios["not_sent"])   # the IKEv2 keyring
    assert len(_typed(lab, "hq-rtr", "crypto isakmp key")) == 1
    assert not _typed(lab, "hq-rtr", "pre-shared-key")
    # left configuration mode, then the role read the router again (what is really there after the failure)
    tail = [line.strip() for line in lab.control.log("hq-rtr")]
    assert "end" in tail and all(line.startswith("show ") for line in tail[len(tail) - tail[::-1].index("end"):])
