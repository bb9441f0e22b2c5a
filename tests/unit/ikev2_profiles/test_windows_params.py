"""The PowerShell script checked against Microsoft's cmdlet reference (MicrosoftDocs/windows-powershell-docs,
copies in tests/unit/fixtures/ikev2_profiles/microsoft, see SOURCES.md): every parameter the script passes
exists in the cmdlet's parameter set, every value is one of its "Accepted values", every parameter the set
marks Required is given; and the proposals are the router's."""
import re
import shlex

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.render import render_profiles

from .conftest import FIXTURES, PASSPHRASE, make_model

SETS = {"Add-VpnConnection": "InboxProfile", "Set-VpnConnectionIPsecConfiguration": "CustomPolicy",
        "Add-VpnConnectionRoute": None, "Import-Certificate": None, "Import-PfxCertificate": None}


def reference(cmdlet):
    """{parameter: {"sets": [...], "accepted": [...] or None, "required": bool}} from the stored doc."""
    text = (FIXTURES / "microsoft" / ("%s.md" % cmdlet)).read_text()
    params = {}
    for name, block in re.findall(r"^### -(\w+)\n.*?```yaml\n(.*?)```", text, re.S | re.M):
        fields = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        accepted = fields.get("Accepted values")
        params[name] = {"sets": [s.strip() for s in fields["Parameter Sets"].split(",")],
                        "accepted": [v.strip() for v in accepted.split(",")] if accepted else None,
                        "required": fields.get("Required") == "True"}
    return params


def calls(script):
    """[(cmdlet, {param: value or True})] of the script's lines that call a cmdlet of SETS."""
    found = []
    for line in script.splitlines():
        words = shlex.split(line.split(" | ")[0].replace("(Join-Path $PSScriptRoot ", "").replace(")", ""),
                            posix=True) if line and not line.startswith("#") else []
        if not words or words[0] not in SETS:
            continue
        args, key = {}, None
        for word in words[1:]:
            if word.startswith("-"):
                key = word[1:]
                args[key] = True
            elif key is not None:
                args[key] = word
                key = None
        found.append((words[0], args))
    return found


def reference_errors(script):
    errors = []
    for cmdlet, args in calls(script):
        ref, wanted = reference(cmdlet), SETS[cmdlet]
        for param, value in args.items():
            spec = ref.get(param)
            if spec is None:
                errors.append("%s -%s: no such parameter" % (cmdlet, param))
            elif wanted and not {"(All)", wanted} & set(spec["sets"]):
                errors.append("%s -%s: not in parameter set %s" % (cmdlet, param, wanted))
            elif spec["accepted"] and value not in spec["accepted"]:
                errors.append("%s -%s %s: not an accepted value" % (cmdlet, param, value))
        for param, spec in ref.items():
            in_set = not wanted or {"(All)", wanted} & set(spec["sets"])
            if spec["required"] and in_set and param not in args:
                errors.append("%s: required -%s missing" % (cmdlet, param))
    return errors


def _script(model, pki):
    cert, key = pki["alice"]
    files = render_profiles(model, model["users"][0], pki["ca"], cert, key, PASSPHRASE)
    return files["alice-windows.ps1"].decode()


def test_reference_parsing_reads_the_documented_values():
    ipsec = reference("Set-VpnConnectionIPsecConfiguration")
    assert ipsec["DHGroup"]["accepted"] == ["None", "Group1", "Group2", "Group14", "ECP256", "ECP384", "Group24"]
    assert ipsec["PfsGroup"]["required"] and ipsec["PfsGroup"]["sets"] == ["CustomPolicy"]
    assert reference("Add-VpnConnection")["TunnelType"]["accepted"] == ["Pptp", "L2tp", "Sstp", "Ikev2", "Automatic"]
    assert reference_errors("Set-VpnConnectionIPsecConfiguration -ConnectionName 'x' -DHGroup Group15 -Foo 1") == [
        "Set-VpnConnectionIPsecConfiguration -DHGroup Group15: not an accepted value",
        "Set-VpnConnectionIPsecConfiguration -Foo: no such parameter",
        "Set-VpnConnectionIPsecConfiguration: required -AuthenticationTransformConstants missing",
        "Set-VpnConnectionIPsecConfiguration: required -CipherTransformConstants missing",
        "Set-VpnConnectionIPsecConfiguration: required -EncryptionMethod missing",
        "Set-VpnConnectionIPsecConfiguration: required -IntegrityCheckMethod missing",
        "Set-VpnConnectionIPsecConfiguration: required -PfsGroup missing"]


def test_certificate_script_matches_the_reference_and_the_router(pki, cert_model):
    script = _script(cert_model, pki)
    assert reference_errors(script) == []
    found = dict(calls(script))
    assert list(found) == ["Import-Certificate", "Import-PfxCertificate", "Add-VpnConnection",
                           "Set-VpnConnectionIPsecConfiguration"]
    assert found["Import-Certificate"]["CertStoreLocation"] == "Cert:\\LocalMachine\\Root"
    assert found["Import-PfxCertificate"] == {"FilePath": "alice.p12", "CertStoreLocation": "Cert:\\LocalMachine\\My",
                                              "Password": "$Passphrase"}
    assert found["Add-VpnConnection"]["TunnelType"] == "Ikev2"
    assert found["Add-VpnConnection"]["AuthenticationMethod"] == "MachineCertificate"
    ipsec = found["Set-VpnConnectionIPsecConfiguration"]
    assert {k: ipsec[k] for k in ("EncryptionMethod", "IntegrityCheckMethod", "DHGroup", "CipherTransformConstants",
                                  "AuthenticationTransformConstants", "PfsGroup")} == {
        "EncryptionMethod": "AES256", "IntegrityCheckMethod": "SHA256", "DHGroup": "Group14",
        "CipherTransformConstants": "AES256", "AuthenticationTransformConstants": "SHA256128", "PfsGroup": "PFS2048"}
    assert PASSPHRASE not in script and "\r\n" in script


def test_eap_gcm_split_script(pki):
    model = make_model(auth="eap-mschapv2", ike={"encryption": "aes-128-gcm", "dh_group": 20},
                       esp={"encryption": "aes-256-gcm", "pfs_group": None}, split_include=["10.10.0.0/16"])
    script = render_profiles(model, model["users"][0], pki["ca"])["alice-windows.ps1"].decode()
    assert reference_errors(script) == []
    found = calls(script)
    assert [c for c, _ in found] == ["Import-Certificate", "Add-VpnConnection", "Add-VpnConnectionRoute",
                                     "Set-VpnConnectionIPsecConfiguration"]
    add, route, ipsec = found[1][1], found[2][1], found[3][1]
    assert add["AuthenticationMethod"] == "Eap" and add["SplitTunneling"] is True
    assert route["DestinationPrefix"] == "10.10.0.0/16"
    assert (ipsec["EncryptionMethod"], ipsec["DHGroup"], ipsec["CipherTransformConstants"],
            ipsec["AuthenticationTransformConstants"], ipsec["PfsGroup"]) == (
        "GCMAES128", "ECP384", "GCMAES256", "GCMAES256", "None")
    assert "alice-lab-pass-1" not in script


@pytest.mark.parametrize("server, field", [
    ({"ike": {"integrity": "sha512"}}, "server.ike.integrity"),
    ({"ike": {"dh_group": 16}}, "server.ike.dh_group"),
    ({"esp": {"integrity": "sha384"}}, "server.esp.integrity"),
    ({"esp": {"pfs_group": 21}}, "server.esp.pfs_group"),
])
def test_proposals_windows_cannot_take_name_the_field(pki, server, field):
    with pytest.raises(FieldError) as err:
        _script(make_model(**server), pki)
    assert err.value.field == field


def test_psk_has_no_windows_script_but_a_warning(pki):
    model = make_model(auth="psk")
    files = render_profiles(model, model["users"][0], pki["ca"])
    assert "alice-windows.ps1" not in files
    assert b"Add-VpnConnection has no IKEv2 pre-shared-key" in files["alice-WARNING.txt"]
