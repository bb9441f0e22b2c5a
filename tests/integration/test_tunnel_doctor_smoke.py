"""Tunnel doctor smoke test (playbooks/tunnel_doctor.yml) in the lab: hq-rtr (IOS-XE) and the four
RouterOS branches, configured by playbooks/ipsec_site.yml from the lab's tunnel definitions.

1. After ipsec_site every tunnel is up (the lab's fabric shows SAs only when both typed
   configurations agree): the doctor says `up` for each, in normal and in check mode.
2. The key of one RouterOS end is changed by hand (as an admin would type it): the doctor names
   `psk`, side `both`, for that tunnel only, from the salted fingerprints of the two keys.
3. The doctor sent only reads (the lab's command log), and no key appears in its -vvv output, its
   log file or doctor.json.
"""
import json
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, "playbooks", "ipsec_site.yml")
DOCTOR = os.path.join(ROOT, "playbooks", "tunnel_doctor.yml")
IOS = "hq-rtr"
ROUTEROS = ["branch-ros6", "branch-ros643", "branch-ros64", "branch-ros7"]
HOSTS = [IOS] + ROUTEROS
TUNNELS = {"hq-branch6": "branch-ros6", "hq-branch643": "branch-ros643", "hq-branch64": "branch-ros64",
           "hq-branch7": "branch-ros7"}
FAST_VERIFY = {"mikrotik_ipsec_site_verify_retries": 1, "mikrotik_ipsec_site_verify_delay": 1,
               "cisco_crypto_map_verify_retries": 1, "cisco_crypto_map_verify_delay": 1}
# what the doctor may type: reads only (terminal set-up, show, print) - nothing else
ROS_READ = re.compile(r"^/[a-z0-9 -]+ print\b")
IOS_READ = re.compile(r"^(show |terminal |enable$)")
TABLE = "pfne.netops.ipsec_doctor : Per tunnel side by side, the cause, the side, the fix (not applied); fleet summary"
WRONG_KEY = "lab-only-WRONG-key-branch7"

with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "ipsec.yml")) as _handle:
    LAB_TUNNELS = yaml.safe_load(_handle)["pfne_ipsec_tunnels"]
PSKS = [t["psk"] for t in LAB_TUNNELS]
# hq-rtr NATs its LAN (`ip nat inside source list NAT`, `permit ip 10.10.1.0 0.0.0.255 any`): IOS NATs before it
# encrypts, so a healthy tunnel needs the deny lines for its subnets (ios.nat_exempt) - without them the doctor
# rightly says `nat` on hq-rtr
TUNNELS_EXEMPT = [dict(t, endpoints=dict((site, dict(ep, ios=dict(ep["ios"], nat_exempt=True)) if "ios" in ep else ep)
                                         for site, ep in t["endpoints"].items())) for t in LAB_TUNNELS]


def _log(lab, host):
    return [line.strip() for line in lab.control.log(host) if line.strip()]


def _config_lines(lab, host):
    read = IOS_READ if host == IOS else ROS_READ
    return [line for line in _log(lab, host) if not read.match(line)]


def _doctor(lab, tmp_path, name, *args, check=False):
    artifacts = tmp_path / name
    log_path = tmp_path / (name + ".log")
    for host in HOSTS:
        lab.control.request("clear_log", device=host)
    result = lab.playbook(DOCTOR, "-vvv", check=check, env={"ANSIBLE_LOG_PATH": str(log_path)},
                          extra_vars={"pfne_artifacts_dir": str(artifacts), "ipsec_doctor_logs": False,
                                      "pfne_ipsec_tunnels": TUNNELS_EXEMPT})
    assert result.rc == 0, result
    path = artifacts / "tunnel_doctor" / "doctor.json"
    text = path.read_text()
    for label, blob in (("stdout", result.stdout), ("stderr", result.stderr), ("log", log_path.read_text()),
                        ("doctor.json", text)):
        for secret in PSKS + [WRONG_KEY]:
            assert secret not in blob, "a pre-shared key leaked into the doctor's %s" % label
        assert not re.search(r"(auth|enc)-key=\"?[0-9a-f]{8}", blob), label    # nor a live ESP key
    for host in HOSTS:
        assert _log(lab, host), host                       # every device was read ...
        assert _config_lines(lab, host) == [], (host, _config_lines(lab, host))   # ... and nothing else typed
    doc = json.loads(text)
    return doc, dict((t["id"], t) for t in doc["tunnels"]), result


def test_doctor_up_then_psk_mismatch(lab, fresh, tmp_path):
    fresh(*HOSTS)
    site = lab.playbook(SITE, extra_vars=dict(FAST_VERIFY, pfne_ipsec_tunnels=TUNNELS_EXEMPT))
    assert site.rc == 0, site

    doc, tunnels, result = _doctor(lab, tmp_path, "healthy")
    assert sorted(tunnels) == sorted(TUNNELS), sorted(tunnels)
    for name, branch in TUNNELS.items():
        tun = tunnels[name]
        assert tun["verdict"] == "up", [(t["id"], t["verdict"], t["evidence"], t["warnings"]) for t in doc["tunnels"]]
        assert (tun["left"]["host"], tun["right"]["host"]) == (branch, IOS)    # left: the name that sorts first
        assert tun["evidence"] and all(e["host"] in (branch, IOS) for e in tun["evidence"])
        assert all(row["match"] is not False for row in tun["rows"]), [r for r in tun["rows"] if r["match"] is False]
        assert tun["fix"] == {}
    assert doc["summary"]["up"] == 4 and doc["summary"]["down"] == 0
    table = next(r["msg"] for name, _host, r in result.tasks() if name == TABLE)    # run_once: one host shows it
    assert table[-2].startswith("fleet: 4 up, 0 down") and table[-1].endswith("tunnel_doctor/doctor.json")

    checked, check_tunnels, _result = _doctor(lab, tmp_path, "check", check=True)
    assert [t["verdict"] for t in checked["tunnels"]] == ["up"] * 4

    # an admin types another key on branch-ros7's identity (RouterOS 7): the tunnel goes down
    echo = lab.type_by_hand("127.0.2.3", "/ip ipsec identity print",
                            "/ip ipsec identity set [find] secret=%s" % WRONG_KEY)
    assert not re.search(r"failure|expected|no such item", echo), echo
    _doc, tunnels, _result = _doctor(lab, tmp_path, "broken")
    tun = tunnels["hq-branch7"]
    assert tun["verdict"] == "down: psk" and tun["cause"] == "psk" and tun["side"] == "both", tun
    assert sorted(tun["at_fault"]) == ["branch-ros7", IOS]
    key_row = next(r for r in tun["rows"] if r["field"] == "pre-shared key")
    assert key_row["match"] is False and "fingerprint" in key_row["left"]
    assert any(e["host"] == "branch-ros7" for e in tun["evidence"])
    # the fix: the same key typed on both ends, shown masked
    assert tun["fix"]["branch-ros7"] == ['/ip ipsec identity set [find where peer="pfne-hq-branch7"] secret=********']
    assert tun["fix"][IOS] == ["crypto ikev2 keyring PFNE-hq-branch7", " peer branch7", "  address 203.0.113.4",
                               "  pre-shared-key ********"]
    assert [tunnels[n]["verdict"] for n in sorted(TUNNELS) if n != "hq-branch7"] == ["up"] * 3
