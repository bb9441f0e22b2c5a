"""mikrotik_l2tp_mobile against the lab's RouterOS 6.42 / 6.43 / 6.49 / 7.16 through the real
network_cli + community.routeros stack.

The lifecycle runs the three devices in one ansible-playbook run per phase (check mode, first
run, second run, change at -vvv) so the whole file stays around a minute: each phase's
assertions read the same run.  Secrets here are lab-only values (inventories/lab/group_vars).
"""
import os
import plistlib
import re
import stat

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "l2tp_mobile.yml")
HOSTS = ["branch-ros6", "branch-ros643", "branch-ros64", "branch-ros7"]
FAMILY = {"branch-ros6": "6.24-6.42", "branch-ros643": "6.43.x", "branch-ros64": "6.44-6.49", "branch-ros7": "7.x"}
ADDRESS = {"branch-ros6": "127.0.2.1", "branch-ros643": "127.0.2.4", "branch-ros64": "127.0.2.2",
           "branch-ros7": "127.0.2.3"}

with open(os.path.join(ROOT, "inventories", "lab", "group_vars", "all", "l2tp.yml")) as _handle:
    LAB_VARS = yaml.safe_load(_handle)
PSK = LAB_VARS["mikrotik_l2tp_mobile_ipsec_secret"]
OLD = {u["name"]: u["password"] for u in LAB_VARS["mikrotik_l2tp_mobile_users"]}
NEW_ALICE = "alice-rotated-Pass-42"   # lab only
CAROL = "carol-by-hand-77"            # lab only: a PPP secret the collection does not own

ROLE = "pfne.netops.mikrotik_l2tp_mobile : "
APPLY = ROLE + "Apply L2TP server, IPsec, firewall and users"
VERIFY = ROLE + "Assert the server and users are as configured"
STOP = ROLE + "Stop on invalid input (messages name the field, never a secret)"
READ_RE = re.compile(r"^/[a-z0-9 -]+ print\b")
FP_RE = r"pfne-fp:[0-9a-f]{16}"


def _typed(lab, host):
    """Lines the playbook typed on the device (network_cli's own set-up lines excluded)."""
    return [line.strip() for line in lab.control.log(host) if line.strip().startswith("/")]


def _config_lines(lines):
    return [line for line in lines if not READ_RE.match(line)]


def _clear(lab):
    for host in HOSTS:
        lab.control.request("clear_log", device=host)


def _extra_inventory(tmp_path, name, hosts):
    """A second inventory source with host vars (they beat group_vars/all, extra vars would not)."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"routeros": {"hosts": hosts}}, sort_keys=False))
    return str(path)


def _secret_rows(lab, host):
    return {row["name"]: row for row in lab.control.state(host)["tables"].get("/ppp secret", [])}


def _assert_no_secret(texts, secrets):
    for label, text in texts.items():
        for secret in secrets:
            assert secret not in text, "a secret leaked into %s" % label


def test_lifecycle_on_every_syntax(lab, fresh, tmp_path):
    fresh(*HOSTS)
    client_dir = tmp_path / "clients"
    common = {"mikrotik_l2tp_mobile_client_dir": str(client_dir) + "/{{ inventory_hostname }}"}

    # ---- check mode on untouched devices: the plan is reported, nothing configured, nothing written
    check = lab.playbook(PLAYBOOK, check=True, limit="routeros", extra_vars=common)
    assert check.rc == 0, check
    planned = {}
    for host in HOSTS:
        result = check.result(APPLY, host)
        assert result["changed"] is True
        planned[host] = result["commands"]
        typed = _typed(lab, host)
        assert typed and _config_lines(typed) == [], (host, _config_lines(typed))
    assert not client_dir.exists()
    _clear(lab)

    # ---- first run configures
    counts = {}
    first = lab.playbook(PLAYBOOK, limit="routeros", extra_vars=common)
    assert first.rc == 0, first
    _assert_no_secret({"first run": first.stdout + first.stderr}, [PSK] + list(OLD.values()))
    for host in HOSTS:
        result = first.result(APPLY, host)
        assert result["changed"] is True and result["commands"] == planned[host], host
        cmds = result["commands"]
        # every config command the role reported reached the device, and nothing else
        assert len(_config_lines(_typed(lab, host))) == len(cmds), host
        counts[host] = [len(_typed(lab, host)), len(cmds)]
        # read once: before the first change, the version and every menu the engine reads, once each
        # (the verify step's own reads come after, with network_cli's device-info probe); before the
        # role, the playbook's pre-flight read what the device is (its own /system resource print)
        typed = _typed(lab, host)
        assert typed[0] == "/system resource print", typed[:3]
        reads = typed[1:typed.index(next(line for line in typed if not READ_RE.match(line)))]
        assert reads[0] == "/system resource print" and len(set(reads)) == len(reads), reads
        server = [c for c in cmds if c.startswith("/interface l2tp-server server set")]
        assert server == ["/interface l2tp-server server set enabled=yes authentication=mschap2 "
                          "default-profile=pfne-l2tp max-mtu=1460 max-mru=1460 use-ipsec=%s ipsec-secret=********"
                          % ("required" if host == "branch-ros7" else "yes")], host
        peers = [c for c in cmds if c.startswith("/ip ipsec peer add")]
        if FAMILY[host] == "6.24-6.42":   # the write-up's static peer
            assert len(peers) == 1 and "exchange-mode=main-l2tp generate-policy=port-override secret=********" in peers[0]
            assert sum(c.startswith("/ip ipsec policy add") for c in cmds) == 2
        else:                             # 6.43+: the server makes its own dynamic peer, none added
            assert peers == [] and not any(c.startswith("/ip ipsec policy add") for c in cmds), host
            assert '/ip ipsec proposal set [find where name="default"] auth-algorithms=sha256,sha1 ' \
                   'enc-algorithms=aes-256-cbc,aes-128-cbc pfs-group=none' in cmds
        assert [c.split(" comment=")[0] for c in cmds if c.startswith("/ip firewall filter add")] == [
            "/ip firewall filter add"] * 3
        assert all(c.endswith("place-before=1") for c in cmds if c.startswith("/ip firewall filter add"))
        users = [c for c in cmds if c.startswith("/ppp secret add")]
        assert [u.split()[3] for u in users] == ["name=alice", "name=bob"]
        assert all("password=******** " in u for u in users)

        # the device holds the real values (the masked list was only what the user sees)
        state = lab.control.state(host)["tables"]
        assert state["/interface l2tp-server server"][0]["ipsec-secret"] == PSK
        rows = _secret_rows(lab, host)
        assert {n: rows[n]["password"] for n in ("alice", "bob")} == OLD
        assert rows["bob"]["remote-address"] == "192.168.89.200"
        if FAMILY[host] != "6.24-6.42":   # 6.43.x peers have no name
            assert len([p for p in state["/ip ipsec peer"] if "D" in p[".flags"]]) == 1
            assert not [p for p in state["/ip ipsec peer"] if "D" not in p[".flags"]], "duplicate static peer"
        rules = [r.get("comment", "") for r in state["/ip firewall filter"]]
        assert rules[1:4] == ["pfne:l2tp:ike", "pfne:l2tp:esp", "pfne:l2tp:l2tp"], rules
        assert rules[4] == "defconf: drop invalid"

        # verify: the lab's simulated client shows in /ppp active print
        verdict = first.result(VERIFY, host)
        assert verdict["msg"] == "L2TP server verified; sessions: ['alice']", (host, verdict)

        # client profiles: dir 0700, files 0600, a well-formed plist
        folder = client_dir / host
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        names = sorted(os.listdir(folder))
        assert names == ["alice-windows.ps1", "alice.mobileconfig", "bob-windows.ps1", "bob.mobileconfig"]
        for name in names:
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
        with open(folder / "alice.mobileconfig", "rb") as handle:
            profile = plistlib.load(handle)
        vpn = profile["PayloadContent"][0]
        assert profile["PayloadType"] == "Configuration" and vpn["VPNType"] == "L2TP"
        assert vpn["PPP"] == {"AuthName": "alice", "AuthPassword": OLD["alice"],
                              "CommRemoteAddress": ADDRESS[host]}
        assert vpn["IPSec"] == {"AuthenticationMethod": "SharedSecret", "LocalIdentifierType": "KeyID",
                                "SharedSecret": PSK.encode()}
        script = (folder / "alice-windows.ps1").read_text()
        assert "-TunnelType L2tp -L2tpPsk '%s' -AuthenticationMethod MSChapv2 -EncryptionLevel Required" % PSK in script
    _clear(lab)

    # ---- second run: nothing changes, only print commands reach the devices
    second = lab.playbook(PLAYBOOK, limit="routeros", extra_vars=common)
    assert second.rc == 0, second
    # 6.x prints the PPP passwords and the PSK the role reads back: none may reach the output
    _assert_no_secret({"second run": second.stdout + second.stderr}, [PSK] + list(OLD.values()))
    for host in HOSTS:
        assert second.stats[host]["changed"] == 0, (host, second.stats[host])
        assert second.result(APPLY, host)["commands"] == []
        typed = _typed(lab, host)
        assert typed and _config_lines(typed) == [], (host, _config_lines(typed))
        counts[host] += [len(typed), len(_config_lines(typed))]
    print("\nL2TP lines typed per device [first run total, config; second run total, config]: %s"
          % ", ".join("%s (%s) %s" % (h, FAMILY[h], counts[h]) for h in HOSTS))

    # ---- change at -vvv with --diff: alice's password rotated, bob removed
    # (6.42, 7.16: `state: absent`; 6.49: `exclusive: true`), a hand-made PPP secret is kept
    for host, address in ADDRESS.items():
        echo = lab.type_by_hand(address, "/ppp secret add name=carol password=%s service=pptp" % CAROL)
        assert "failure" not in echo and "expected" not in echo, echo
    _clear(lab)
    rotated = {"name": "alice", "password": NEW_ALICE}
    bob_absent = {"name": "bob", "state": "absent"}
    change_inv = _extra_inventory(tmp_path, "change.yml", {
        "branch-ros6": {"mikrotik_l2tp_mobile_users": [rotated, bob_absent]},
        "branch-ros643": {"mikrotik_l2tp_mobile_users": [rotated, bob_absent]},
        "branch-ros64": {"mikrotik_l2tp_mobile_users": [rotated], "mikrotik_l2tp_mobile_exclusive": True},
        "branch-ros7": {"mikrotik_l2tp_mobile_users": [rotated, bob_absent]},
    })
    log_path = tmp_path / "ansible-vvv.log"
    change = lab.playbook(PLAYBOOK, "-vvv", "--diff", "-i", change_inv, limit="routeros", extra_vars=common,
                          env={"ANSIBLE_LOG_PATH": str(log_path)})
    assert change.rc == 0 and change.stats, change
    _assert_no_secret({"-vvv stdout": change.stdout, "-vvv stderr": change.stderr,
                       "ansible log": log_path.read_text()}, [PSK, NEW_ALICE, CAROL] + list(OLD.values()))
    for host in HOSTS:
        result = change.result(APPLY, host)
        assert result["changed"] is True
        cmds = result["commands"]
        assert len(cmds) == 2, (host, cmds)
        assert re.fullmatch(r'/ppp secret set \[find where name="alice"\] password=\*{8} '
                            r'comment="pfne:l2tp:user %s"' % FP_RE, cmds[0]), cmds[0]
        # found by name and the collection's tag as the device prints it (fingerprint included)
        assert re.fullmatch(r'/ppp secret remove \[find where name="bob" and comment="pfne:l2tp:user %s"\]' % FP_RE,
                            cmds[1]), cmds[1]
        assert "password=********" in result["diff"]["after"]
        assert _config_lines(_typed(lab, host)) == [
            cmds[0].replace("********", NEW_ALICE), cmds[1]], host
        rows = _secret_rows(lab, host)
        assert sorted(rows) == ["alice", "carol"] and rows["alice"]["password"] == NEW_ALICE
        assert rows["carol"]["password"] == CAROL
        assert change.result(VERIFY, host)["msg"] == "L2TP server verified; sessions: ['alice']"
        assert sorted(os.listdir(client_dir / host)) == ["alice-windows.ps1", "alice.mobileconfig"], host
        with open(client_dir / host / "alice.mobileconfig", "rb") as handle:
            assert plistlib.load(handle)["PayloadContent"][0]["PPP"]["AuthPassword"] == NEW_ALICE


BAD_INPUT = {
    # alias host: (device address, host vars, expected start of the message)
    "bad-pool-reversed": ("127.0.2.1", {"mikrotik_l2tp_mobile_pool": {"start": "192.168.89.99", "end": "192.168.89.10"}},
                          "pool.end: pool range reversed: end 192.168.89.10 is before start 192.168.89.99"),
    "bad-pool-lan": ("127.0.2.2", {"mikrotik_l2tp_mobile_pool": "192.168.88.100-192.168.88.150"},
                     "pool: range 192.168.88.100-192.168.88.150 overlaps the LAN 192.168.88.0/24 (lan_subnets[0])"),
    "bad-duplicate-user": ("127.0.2.3", {"mikrotik_l2tp_mobile_users": [
        {"name": "alice", "password": "lab-only-pass-a1"}, {"name": "Alice", "password": "lab-only-pass-a2"}]},
        "users[1].name: duplicate user name 'Alice' (also users[0])"),
    "bad-username": ("127.0.2.1", {"mikrotik_l2tp_mobile_users": [{"name": "eve smith", "password": "lab-only-pass-e"}]},
                     "users[0].name: 'eve smith' is not a valid PPP user name"),
    "bad-password": ("127.0.2.2", {"mikrotik_l2tp_mobile_users": [{"name": "eve", "password": "lab-$only-pass"}]},
                     "users[0].password: contains '$', which the RouterOS console would misparse (value not shown)"),
    "bad-psk": ("127.0.2.3", {"mikrotik_l2tp_mobile_ipsec_secret": 'lab-only-"psk"-000'},
                "ipsec_secret: contains '\"', which the RouterOS console would misparse (value not shown)"),
    "bad-mtu": ("127.0.2.1", {"mikrotik_l2tp_mobile_mtu": 9000}, "mtu: 9000 is out of range 576..1500"),
    "bad-mru": ("127.0.2.2", {"mikrotik_l2tp_mobile_mru": 500}, "mru: 500 is out of range 576..1500"),
}


def test_bad_input_fails_before_any_device_is_touched(lab, fresh, tmp_path):
    """One run, one alias host per bad input (each pointing at a lab RouterOS): every host stops
    in the validate step with a message naming the field, and no device sees a single line."""
    fresh(*HOSTS)
    hosts = {alias: dict(vars_, ansible_host=address) for alias, (address, vars_, _msg) in BAD_INPUT.items()}
    inventory = _extra_inventory(tmp_path, "bad.yml", hosts)
    result = lab.playbook(PLAYBOOK, "-i", inventory, limit=",".join(BAD_INPUT),
                          extra_vars={"mikrotik_l2tp_mobile_client_dir": str(tmp_path / "clients")})
    assert result.rc == 2, result
    for alias, (_address, _vars, message) in BAD_INPUT.items():
        # ok: the argument check, the unknown-variable check, the validate step - nothing after
        assert result.stats[alias]["failures"] == 1 and result.stats[alias]["ok"] <= 3, (alias, result.stats[alias])
        assert result.result(STOP, alias)["msg"].startswith(message), (alias, result.result(STOP, alias)["msg"])
    _assert_no_secret({"output": result.stdout + result.stderr}, ["lab-$only-pass", 'lab-only-"psk"-000'])
    for host in HOSTS:
        assert lab.control.log(host) == [], host
    assert not (tmp_path / "clients").exists()
