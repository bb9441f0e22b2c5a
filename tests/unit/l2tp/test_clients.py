"""Client profiles: PowerShell content, .mobileconfig parsed back with plistlib, file modes."""
import os
import plistlib
import stat

from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.clients import client_files, mobileconfig, \
    stale_files, windows_script, write_files
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.mobile import normalize


def test_powershell_script(config):
    model = normalize(config)[0]
    script = windows_script(model, model["users"][0])
    lines = script.split("\r\n")
    assert ("Add-VpnConnection -Name 'Office VPN' -ServerAddress 'vpn.lab.example' -TunnelType L2tp "
            "-L2tpPsk 'lab-only-psk-0123456789' -AuthenticationMethod MSChapv2 -EncryptionLevel Required "
            "-RememberCredential -Force") in lines
    assert ("New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\PolicyAgent' "
            "-Name AssumeUDPEncapsulationContextOnSendRule -PropertyType DWord -Value 2 -Force | Out-Null") in lines
    assert "alice-lab-pass-1" not in script  # Windows asks for the user password itself


def test_split_tunnel_switch(config):
    config["send_all_traffic"] = False
    model = normalize(config)[0]
    assert "-Force -SplitTunneling" in windows_script(model, model["users"][0])


def test_mobileconfig_parses_back(config):
    model = normalize(config)[0]
    data = mobileconfig(model, model["users"][0])
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist')
    profile = plistlib.loads(data)
    assert profile["PayloadType"] == "Configuration" and profile["PayloadVersion"] == 1
    vpn, = profile["PayloadContent"]
    assert vpn["PayloadType"] == "com.apple.vpn.managed"
    assert vpn["VPNType"] == "L2TP"
    assert vpn["UserDefinedName"] == "Office VPN"
    assert vpn["PPP"] == {"AuthName": "alice", "AuthPassword": "alice-lab-pass-1",
                          "CommRemoteAddress": "vpn.lab.example"}
    assert vpn["IPSec"] == {"AuthenticationMethod": "SharedSecret", "LocalIdentifierType": "KeyID",
                            "SharedSecret": b"lab-only-psk-0123456789"}
    assert vpn["IPv4"] == {"OverridePrimary": 1}
    assert b"<key>SharedSecret</key>\n\t\t\t\t<data>" in data  # <data>, as the Apple reference requires


def test_mobileconfig_is_deterministic(config):
    model = normalize(config)[0]
    assert mobileconfig(model, model["users"][0]) == mobileconfig(model, model["users"][0])
    uuid_a = plistlib.loads(mobileconfig(model, model["users"][0]))["PayloadUUID"]
    config["users"][0]["name"] = "alice2"
    model2 = normalize(config)[0]
    assert plistlib.loads(mobileconfig(model2, model2["users"][0]))["PayloadUUID"] != uuid_a


def test_client_files_skip_disabled_and_absent(config):
    config["users"].append({"name": "carol", "state": "absent"})
    names = [f["path"] for f in client_files(normalize(config)[0])]
    assert names == ["alice-windows.ps1", "alice.mobileconfig"]


def test_stale_files_for_absent_disabled_and_exclusively_removed_users(config):
    config["users"].append({"name": "carol", "state": "absent"})
    removed = [{"path": "/ppp secret", "state": "absent", "match": {"name": "dave", "comment": "pfne:l2tp:user"}},
               {"path": "/ppp secret", "state": "absent", "match": {"name": "carol", "comment": "pfne:l2tp:user"}},
               {"path": "/ip ipsec peer", "state": "absent", "match": {"comment": "pfne:l2tp:peer"}}]
    assert stale_files(normalize(config)[0], removed) == [
        "bob-windows.ps1", "bob.mobileconfig", "carol-windows.ps1", "carol.mobileconfig",
        "dave-windows.ps1", "dave.mobileconfig"]
    config["users"][1]["enabled"] = True
    assert stale_files(normalize(config)[0]) == ["carol-windows.ps1", "carol.mobileconfig"]


def test_exclusive_makes_every_unlisted_users_profiles_stale(config):
    """With exclusive the engine removes unlisted users in its own read; their profiles in the
    destination directory go too, and files that are not client profiles stay."""
    existing = ["alice.mobileconfig", "alice-windows.ps1", "erin.mobileconfig", "erin-windows.ps1", "notes.txt"]
    assert "erin.mobileconfig" not in stale_files(normalize(config)[0], None, existing)
    config["exclusive"] = True
    stale = stale_files(normalize(config)[0], None, existing)
    assert "erin.mobileconfig" in stale and "erin-windows.ps1" in stale
    assert not [f for f in stale if f.startswith("alice") or f == "notes.txt"]


def test_files_written_0600_in_0700_dir(config, tmp_path):
    target = str(tmp_path / "profiles")
    paths = write_files(client_files(normalize(config)[0]), target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o700
    for path in paths:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(paths[1], "rb") as handle:
        assert plistlib.load(handle)["PayloadContent"][0]["PPP"]["AuthName"] == "alice"


def test_sync_files_writes_once_fixes_modes_and_removes_stale(config, tmp_path):
    from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp.clients import sync_files
    target = tmp_path / "profiles"
    files = client_files(normalize(config)[0])
    assert sync_files(files, str(target), check_mode=True) == {
        "changed": True, "written": ["alice-windows.ps1", "alice.mobileconfig"], "removed": [],
        "directory": str(target), "files": [str(target / "alice-windows.ps1"), str(target / "alice.mobileconfig")]}
    assert not target.exists()
    first = sync_files(files, str(target), ["bob-windows.ps1", "bob.mobileconfig"])
    assert first["changed"] and first["written"] == ["alice-windows.ps1", "alice.mobileconfig"]
    assert sync_files(files, str(target))["changed"] is False
    os.chmod(target / "alice.mobileconfig", 0o644)
    (target / "bob.mobileconfig").write_text("old profile")
    again = sync_files(files, str(target), ["bob-windows.ps1", "bob.mobileconfig"])
    assert (again["written"], again["removed"]) == (["alice.mobileconfig"], ["bob.mobileconfig"])
    assert stat.S_IMODE(os.stat(target / "alice.mobileconfig").st_mode) == 0o600
    assert sorted(os.listdir(target)) == ["alice-windows.ps1", "alice.mobileconfig"]
    assert "alice-lab-pass-1" not in repr(again)
