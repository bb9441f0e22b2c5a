"""Site-to-site IPsec (playbooks/ipsec_site.yml) against the lab through the real network_cli stack:
hq-rtr (IOS crypto map) <-> branch-ros6 (RouterOS 6.42), branch-ros643 (6.43), branch-ros64 (6.49),
branch-ros7 (7.16): every RouterOS syntax family.

The lab's fabric (lab/fabric_ipsec.py) shows SAs only when both ends' typed configurations agree
(addresses, PSK, IKE/ESP algorithms, DH group, PFS, mirrored selectors), so "tunnel up" below is the
two roles' output checked against each other, not against themselves.

One lifecycle test shares its playbook runs between assertions (check mode, first run at -vvv --diff,
second run, mismatch run); a second test runs every bad input in one playbook run.  The PSKs are the
lab-only values of inventories/lab/group_vars/all/ipsec.yml.
"""
import os
import re
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "ipsec_site.yml")
IOS = "hq-rtr"
ROUTEROS = ["branch-ros6", "branch-ros643", "branch-ros64", "branch-ros7"]
HOSTS = [IOS] + ROUTEROS
TUNNEL_OF = {"branch-ros6": "hq-branch6", "branch-ros643": "hq-branch643", "branch-ros64": "hq-branch64",
             "branch-ros7": "hq-branch7"}
FAMILY = {"branch-ros6": "6.24-6.42", "branch-ros643": "6.43.x", "branch-ros64": "6.44-6.49", "branch-ros7": "7.x"}
BRANCH_ADDRESS = {"branch-ros6": "127.0.2.1", "branch-ros643": "127.0.2.4", "branch-ros64": "127.0.2.2",
                  "branch-ros7": "127.0.2.3"}

with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "ipsec.yml")) as _handle:
    LAB_VARS = yaml.safe_load(_handle)
TUNNELS = LAB_VARS["pfne_ipsec_tunnels"]
PSKS = [t["psk"] for t in TUNNELS]

ROS = "pfne.netops.mikrotik_ipsec_site : "
CMAP = "pfne.netops.cisco_crypto_map : "
ROS_APPLY = ROS + "Apply (one read, diff, only the differences)"
ROS_SHOW = ROS + "Show the commands (secrets masked)"
ROS_REPORT = ROS + "Report the tunnel state"
STOP = "Validate the tunnel definitions of this end (before any device is touched)"
IOS_APPLY = CMAP + "Apply the crypto map change (keys first, stops at the first refusal, secrets masked)"
IOS_REPORT = CMAP + "Report the tunnel state"

# what a playbook types that is not configuration
ROS_READ = re.compile(r"^/[a-z0-9 -]+ print\b")
IOS_READ = re.compile(r"^(show |terminal |enable$)")
FAST_VERIFY = {"mikrotik_ipsec_site_verify_retries": 1, "mikrotik_ipsec_site_verify_delay": 1,
               "cisco_crypto_map_verify_retries": 1, "cisco_crypto_map_verify_delay": 1}


def _log(lab, host):
    return [line.strip() for line in lab.control.log(host) if line.strip()]


def _config_lines(lab, host):
    read = IOS_READ if host == IOS else ROS_READ
    return [line for line in _log(lab, host) if not read.match(line)]


def _clear(lab):
    for host in HOSTS:
        lab.control.request("clear_log", device=host)


def _assert_no_secret(texts, secrets):
    for label, text in texts.items():
        for secret in secrets:
            assert secret not in text, "a pre-shared key leaked into %s" % label


def _extra_inventory(tmp_path, name, groups):
    """A second inventory source: host vars there beat group_vars/all (extra vars would hit both ends)."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump({g: {"hosts": hosts} for g, hosts in groups.items()}, sort_keys=False))
    return str(path)


def _ios_typed(blocks):
    """What cisco.ios.ios_config types for the shown blocks (PSKs put back): one session per block."""
    psk_by_peer = {}
    for tunnel in TUNNELS:
        for site, end in tunnel["endpoints"].items():
            if end["platform"] == "routeros":
                psk_by_peer[end["public_address"]] = tunnel["psk"]
    typed = []
    for block in blocks:
        lines = list(block["parents"]) + list(block["lines"])
        if block["secret"]:   # isakmp key line, or an IKEv2 keyring peer (address + pre-shared-key)
            peer = next(p for p in psk_by_peer if any(re.search(r"\baddress %s\b" % re.escape(p), l) for l in lines))
            lines = [line.replace("********", psk_by_peer[peer]) for line in lines]
        typed += ["configure terminal"] + lines + ["end"]
    return typed


def _timed(lab, *args, **kwargs):
    start = time.monotonic()
    result = lab.playbook(PLAYBOOK, *args, **kwargs)
    return result, time.monotonic() - start


def test_converge_idempotent_check_verify_mismatch(lab, fresh, tmp_path):
    fresh(*HOSTS)
    # An admin's own rules ahead of the defconf ones on branch-ros6: the first input drop and the
    # first masquerade are now at index 0, so the exemptions must land at the very top.
    # (item numbers refer to the session's last print, as on RouterOS: print first)
    for menu, command in (("/ip firewall filter", 'add chain=input action=drop src-address=192.0.2.66 '
                                                  'comment="site: block scanner" place-before=0'),
                          ("/ip firewall nat", 'add chain=srcnat action=masquerade out-interface=ether2 '
                                               'comment="site: lte backup" place-before=0')):
        echo = lab.type_by_hand(BRANCH_ADDRESS["branch-ros6"], menu + " print", menu + " " + command)
        assert not re.search(r"failure|expected|no such item", echo), echo
    _clear(lab)

    # ---- check mode on blank devices: commands listed, nothing configured, no verify
    check = lab.playbook(PLAYBOOK, check=True)
    assert check.rc == 0, check
    planned = {}
    for host in ROUTEROS:
        assert check.result(ROS_APPLY, host)["changed"] is True
        planned[host] = check.result(ROS_SHOW, host)["msg"]
        assert planned[host] and all("secret=" not in c or "secret=********" in c for c in planned[host])
    planned[IOS] = check.result(IOS_APPLY, IOS)["blocks"]
    # 4 x (ACL, transform-set, map entry) + 3 x (isakmp policy, key) + IKEv2 proposal, policy, keyring,
    # profile + one interface binding shared by the four entries of PFNE-MAP + the NAT ACL's denies for the
    # four tunnels (nat_exempt in the lab example), one block under `ip access-list extended NAT`
    assert len(planned[IOS]) == 23, planned[IOS]
    nat = [b for b in planned[IOS] if b["parents"] == ["ip access-list extended NAT"]]
    assert len(nat) == 1 and len(nat[0]["lines"]) == 4 and all(" deny ip " in line for line in nat[0]["lines"]), nat
    for host in HOSTS:
        assert _log(lab, host), host                    # the device was read ...
        assert _config_lines(lab, host) == [], host    # ... and nothing else
        assert not any("crypto" in line for line in _log(lab, host)), host
    _assert_no_secret({"check mode output": check.stdout + check.stderr}, PSKS)
    _clear(lab)

    # ---- first run at -vvv with --diff: both ends converge, the tunnel is up on both sides
    log_path = tmp_path / "ansible-vvv.log"
    first, first_time = _timed(lab, "-vvv", "--diff", env={"ANSIBLE_LOG_PATH": str(log_path)})
    assert first.rc == 0, first
    _assert_no_secret({"-vvv --diff stdout": first.stdout, "-vvv --diff stderr": first.stderr,
                       "ansible log": log_path.read_text()}, PSKS + ['auth-key="', 'enc-key="'])  # nor ESP keys
    first_sent = {host: len(_log(lab, host)) for host in HOSTS}
    first_config = {host: len(_config_lines(lab, host)) for host in HOSTS}
    for host in HOSTS:
        assert first.stats[host]["changed"] > 0 and first.stats[host]["failures"] == 0, (host, first.stats[host])

    # RouterOS: exactly the planned commands were typed (the shown list masks the PSK)
    for host in ROUTEROS:
        shown = first.result(ROS_SHOW, host)["msg"]
        assert shown == planned[host], host
        tunnel = next(t for t in TUNNELS if t["name"] == TUNNEL_OF[host])
        assert _config_lines(lab, host) == [c.replace("secret=********", "secret=" + tunnel["psk"]) for c in shown]
        assert sum("secret=********" in c for c in shown) == 1, host
        assert first.result(ROS_REPORT, host)["msg"] == "%s up" % TUNNEL_OF[host]

    # IOS: the blocks check mode listed, typed once each (the interface binding once for four tunnels)
    shown = first.result(IOS_APPLY, IOS)["blocks"]
    assert shown == planned[IOS]
    assert _config_lines(lab, IOS) == _ios_typed(shown)
    assert _config_lines(lab, IOS).count("crypto map PFNE-MAP") == 1
    # --diff: one unified diff of the crypto sections the IOS change touched, printed once, keys masked;
    # cisco.ios's generic idempotency warning is gone (the collection compares by meaning)
    assert first.stdout.count("running-config (sections changed, secrets masked)") == 1, first.stdout
    diff = first.result(IOS_APPLY, IOS)["diff"]
    assert " crypto map PFNE-MAP\n" in diff["after"] and " crypto map PFNE-MAP\n" not in diff["before"]
    assert "crypto isakmp key ******** address 203.0.113.2 no-xauth\n" in diff["after"]
    assert diff["before"].startswith("interface GigabitEthernet0/0/0\n"), diff
    assert "To ensure idempotency and correct diff" not in first.stdout + first.stderr
    assert [line for block in shown for line in block["lines"] if line.startswith("crypto isakmp key")] == [
        "crypto isakmp key ******** address 203.0.113.2 no-xauth",
        "crypto isakmp key ******** address 203.0.113.3 no-xauth",
        "crypto isakmp key ******** address 203.0.113.5 no-xauth"]
    assert [(t["name"], t["map_seq"], t["isakmp_priority"]) for t in first.result(IOS_APPLY, IOS)["tunnels"]] == [
        ("hq-branch6", 10, 10), ("hq-branch64", 20, 20), ("hq-branch7", 30, None), ("hq-branch643", 40, 20)]
    assert first.result(IOS_REPORT, IOS)["msg"] == "hq-branch6, hq-branch64, hq-branch7, hq-branch643 up"

    # the lab agrees independently: SAs on both sides (IOS shows IKEv1 SAs in isakmp sa, all flows in ipsec sa)
    ios_log = _log(lab, IOS)
    assert "show crypto isakmp sa" in ios_log and "show crypto ipsec sa" in ios_log

    # firewall / NAT exemptions placed before the first input drop and before the first masquerade
    for host in ROUTEROS:
        tables = lab.control.state(host)["tables"]
        tag = "pfne:ipsec:%s:" % TUNNEL_OF[host]
        filters = [r for r in tables["/ip firewall filter"] if r.get("chain") == "input"]
        ours = [i for i, r in enumerate(filters) if r.get("comment", "").startswith(tag)]
        first_drop = next(i for i, r in enumerate(filters) if r.get("action") == "drop")
        assert len(ours) == 4 and max(ours) < first_drop, (host, [r.get("comment") for r in filters])
        assert [filters[i]["comment"][len(tag):] for i in ours] == ["ike", "nat-t", "esp", "ah"]
        nat = [r for r in tables["/ip firewall nat"] if r.get("chain") == "srcnat"]
        bypass = [i for i, r in enumerate(nat) if r.get("comment", "").startswith(tag)]
        first_masq = next(i for i, r in enumerate(nat) if r.get("action") == "masquerade")
        assert bypass and max(bypass) < first_masq, (host, [r.get("comment") for r in nat])
        assert nat[bypass[0]]["action"] == "accept"
        if host == "branch-ros6":   # the admin's own rules stayed, now behind ours
            assert ours == [0, 1, 2, 3] and filters[4]["comment"] == "site: block scanner"
            assert bypass == [0] and nat[1]["comment"] == "site: lte backup"
        else:                       # defconf: accept established first, then ours, then drop invalid
            assert ours == [1, 2, 3, 4] and filters[5]["comment"] == "defconf: drop invalid"
    _clear(lab)

    # ---- second run: changed=0, only reads reach the devices, still up
    second, second_time = _timed(lab)
    assert second.rc == 0, second
    second_sent = {host: len(_log(lab, host)) for host in HOSTS}
    for host in HOSTS:
        assert second.stats[host]["changed"] == 0, (host, second.stats[host])
        assert _config_lines(lab, host) == [], (host, _config_lines(lab, host))
    assert second.result(IOS_APPLY, IOS)["blocks"] == []
    assert second.result(IOS_REPORT, IOS)["msg"] == "hq-branch6, hq-branch64, hq-branch7, hq-branch643 up"
    for host in ROUTEROS:
        assert second.result(ROS_SHOW, host)["msg"] == []
        assert second.result(ROS_REPORT, host)["msg"] == "%s up" % TUNNEL_OF[host]
    print("\nIPsec lab run (5 devices, 4 tunnels): first run %.1f s (-vvv --diff), commands typed %s "
          "(config %s); second run %.1f s, commands typed %s (config 0); families %s"
          % (first_time, first_sent, first_config, second_time, second_sent, FAMILY))
    _clear(lab)

    # ---- the two ends disagree, one failure per phase: branch-ros6 another ESP cipher (phase 2),
    # branch-ros64 another PSK (IKEv1 authentication), branch-ros7 another IKEv2 integrity (IKEv2 proposal)
    def changed(name, **fields):
        tunnels = [dict(t) for t in TUNNELS]
        for t in tunnels:
            if t["name"] == name:
                t.update(fields)
        return tunnels
    bad_psk = "lab-only-psk-branch64-OTHER"
    mismatch_inv = _extra_inventory(tmp_path, "mismatch.yml", {"routeros": {
        "branch-ros6": {"pfne_ipsec_tunnels": changed("hq-branch6", esp={"encryption": "aes-128", "integrity": "sha1"})},
        "branch-ros64": {"pfne_ipsec_tunnels": changed("hq-branch64", psk=bad_psk)},
        "branch-ros7": {"pfne_ipsec_tunnels": changed("hq-branch7", ike={"integrity": "sha512"})},
    }})
    mismatch = lab.playbook(PLAYBOOK, "-i", mismatch_inv, extra_vars=FAST_VERIFY)
    assert mismatch.rc == 2, mismatch
    _assert_no_secret({"mismatch output": mismatch.stdout + mismatch.stderr}, PSKS + [bad_psk])
    assert _config_lines(lab, IOS) == []           # the IOS definition did not change
    ros6 = mismatch.result(ROS_REPORT, "branch-ros6")
    assert ros6.get("failed") and "tunnel hq-branch6 down: no mature SA pair with 198.51.100.1: phase 2 failed" in ros6["msg"]
    assert ros6["msg"].rstrip().endswith("between the two ends' definitions: esp.encryption."), ros6["msg"]
    ros64 = mismatch.result(ROS_REPORT, "branch-ros64")
    assert ros64.get("failed") and "tunnel hq-branch64 down: no IKE peer entry for 198.51.100.1" in ros64["msg"]
    assert ros64["msg"].rstrip().endswith("mismatching field(s) between the two ends' definitions: psk."), ros64["msg"]
    ros7 = mismatch.result(ROS_REPORT, "branch-ros7")
    assert ros7.get("failed") and "tunnel hq-branch7 down: no IKE peer entry for 198.51.100.1" in ros7["msg"]
    assert ros7["msg"].rstrip().endswith("between the two ends' definitions: ike.integrity."), ros7["msg"]
    hq = mismatch.result(IOS_REPORT, IOS)
    assert hq.get("failed"), hq
    assert ("tunnel hq-branch6 down: no active IPsec SA with 203.0.113.2: phase 2 failed") in hq["msg"], hq["msg"]
    assert ("tunnel hq-branch64 down: ISAKMP SA with 203.0.113.3 is MM_KEY_EXCH: phase 1 failed (proposal agreed, "
            "authentication failed: check psk and both public addresses); mismatching field(s) between the two "
            "ends' definitions: psk.") in hq["msg"], hq["msg"]
    # IKEv2: judged from `show crypto ikev2 sa`, reported by phase and by the field that differs
    assert ("tunnel hq-branch7 down: no IKEv2 SA with 203.0.113.4: IKEv2 phase 1 failed (IKE_SA_INIT/IKE_AUTH: check "
            "ike.encryption, ike.integrity, ike.dh_group (proposal), psk (authentication), ike_version and both "
            "public addresses); mismatching field(s) between the two ends' definitions: ike.integrity.") in hq["msg"], hq["msg"]
    assert "show crypto ikev2 sa" in _log(lab, IOS)


BAD = {
    # alias: (group, device address, site, tunnel name to break, change, expected message start)
    "bad-overlap": ("routeros", "127.0.2.2", "branch64", "hq-branch64",
                    lambda t: t["endpoints"]["branch64"].update(subnets=["10.10.1.0/25"]),
                    "pfne_ipsec_tunnels[hq-branch64].endpoints.hq.subnets[0]: 10.10.1.0/24 overlaps 10.10.1.0/25 "
                    "of branch64; the two sides must not overlap"),
    "bad-host-bits": ("routeros", "127.0.2.2", "branch64", "hq-branch64",
                      lambda t: t["endpoints"]["branch64"].update(subnets=["192.168.89.1/24"]),
                      "pfne_ipsec_tunnels[hq-branch64].endpoints.branch64.subnets[0]: host bits set in 192.168.89.1/24"),
    "bad-name-space": ("routeros", "127.0.2.3", "branch7", "hq-branch7", lambda t: t.update(name="hq branch7"),
                       "pfne_ipsec_tunnels[2].name: 'hq branch7' is not a safe name"),
    "bad-name-semicolon": ("routeros", "127.0.2.1", "branch6", "hq-branch6", lambda t: t.update(name="hq;branch6"),
                           "pfne_ipsec_tunnels[0].name: 'hq;branch6' is not a safe name"),
    "bad-name-newline": ("ios", "127.0.1.1", "hq", "hq-branch6", lambda t: t.update(name="hq\nbranch6"),
                         "pfne_ipsec_tunnels[0].name: 'hq\\nbranch6' is not a safe name"),
    "bad-name-quote": ("ios", "127.0.1.1", "hq", "hq-branch64", lambda t: t.update(name='hq"64'),
                       "pfne_ipsec_tunnels[1].name: 'hq\"64' is not a safe name"),
    "bad-dh-routeros": ("routeros", "127.0.2.3", "branch7", "hq-branch7", lambda t: t.update(ike={"dh_group": 24}),
                        "pfne_ipsec_tunnels[hq-branch7].ike.dh_group: RouterOS has no DH group 24"),
    "bad-cipher": ("ios", "127.0.1.1", "hq", "hq-branch64", lambda t: t.update(esp={"encryption": "des"}),
                   "pfne_ipsec_tunnels[hq-branch64].esp.encryption: unsupported algorithm 'des'"),
    "bad-no-psk": ("ios", "127.0.1.1", "hq", "hq-branch7", lambda t: t.pop("psk"),
                   "pfne_ipsec_tunnels[hq-branch7].psk: a pre-shared key is required"),
    "bad-psk-quote": ("routeros", "127.0.2.1", "branch6", "hq-branch6", lambda t: t.update(psk='lab-"quoted"-psk'),
                      "pfne_ipsec_tunnels[hq-branch6].psk: must be printable ASCII without spaces, quotes"),
}


def test_bad_input_fails_before_any_device_is_touched(lab, fresh, tmp_path):
    """One run, one alias host per bad input (each pointing at a lab device): every host stops in the
    playbook's validate play with a message naming the field (never the PSK), the run ends there
    (any_errors_fatal), and no device sees a single line."""
    import copy
    fresh(*HOSTS)
    groups = {"routeros": {}, "ios": {}}
    for alias, (group, address, site, name, change, _msg) in BAD.items():
        tunnels = copy.deepcopy(TUNNELS)
        change(next(t for t in tunnels if t["name"] == name))
        groups[group][alias] = {"ansible_host": address, "pfne_ipsec_site": site, "pfne_ipsec_tunnels": tunnels}
    inventory = _extra_inventory(tmp_path, "bad.yml", groups)
    # two valid ends in the same run: they pass validation but are not configured either
    result = lab.playbook(PLAYBOOK, "-i", inventory, limit=",".join(list(BAD) + ["hq-rtr", "branch-ros7"]))
    assert result.rc == 2, result
    for host in ("hq-rtr", "branch-ros7"):
        assert result.stats[host]["ok"] == 1 and result.stats[host]["failures"] == 0, (host, result.stats[host])
    assert [task for task, _host, _result in result.tasks()] == [STOP] * (len(BAD) + 2)
    for alias, (group, _a, _s, _n, _c, message) in BAD.items():
        assert result.stats[alias]["failures"] == 1 and result.stats[alias]["ok"] == 0, (alias, result.stats[alias])
        msg = result.result(STOP, alias)["msg"]
        assert msg.startswith(message), (alias, msg)
    _assert_no_secret({"output": result.stdout + result.stderr}, PSKS + ['lab-"quoted"-psk'])
    for host in HOSTS:
        assert lab.control.log(host) == [], host
