"""IKEv2 RouterOS entries: families refused with a reason, what no release serves refused before the
device, tags, and the L2TP role side by side on one lab router (no clash, both idempotent, both connect)."""
import copy

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import pki
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import routeros as ikev2_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import mobile as l2tp_mobile
from ansible_collections.pfne.netops.plugins.plugin_utils.l2tp import routeros as l2tp_routeros
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.apply import apply

from .test_lab_roundtrip import SERVER, _client, _session, converge

FP = {"ca_fingerprint": "a" * 64, "server": {"fingerprint": "b" * 64}, "users": {"alice": {"fingerprint": "c" * 64}}}
L2TP = {"pool": {"start": "192.168.89.10", "end": "192.168.89.99"}, "local_address": "192.168.89.1",
        "ipsec_secret": "lab-only-psk-0123456789", "server_address": "vpn.lab.example",
        "users": [{"name": "dave", "password": "dave-lab-pass-1"}]}


@pytest.mark.parametrize("version, family", [("6.42.7", "6.24-6.42"), ("6.43.16", "6.43.x")])
def test_old_families_refused_with_the_reason(version, family):
    model = normalize(SERVER, [{"name": "alice"}])
    reason = ikev2_routeros.support(version)
    assert reason.startswith("routeros_version: RouterOS %s (family %s) has no /ip ipsec identity menu"
                             % (version, family))
    with pytest.raises(FieldError) as info:
        ikev2_routeros.render(model, version, FP)
    assert info.value.field == "routeros_version"


def test_eap_only_on_7():
    model = normalize(dict(SERVER, auth="eap-mschapv2"), [{"name": "alice", "password": "alice-pass-1"}])
    assert ikev2_routeros.support("6.49.10", "eap-mschapv2").startswith("server.auth: eap-mschapv2 is served on "
                                                                        "RouterOS 7 only")
    assert "RouterOS 6.49.10 (family 6.44-6.49) has the 6.x User Manager" in ikev2_routeros.support("6.49.10",
                                                                                                 "eap-mschapv2")
    assert ikev2_routeros.support("7.16.2", "eap-mschapv2") is None
    with pytest.raises(FieldError) as info:
        ikev2_routeros.render(model, "6.49.10", FP, "radius-secret-0123")
    assert info.value.field == "server.auth"


@pytest.mark.parametrize("server, field", [
    (dict(SERVER, ike={"encryption": "aes-256-gcm"}), "server.ike.encryption"),
    (dict(SERVER, esp={"integrity": "sha384"}), "server.esp.integrity"),
])
def test_what_no_release_serves(server, field):
    with pytest.raises(FieldError) as info:
        ikev2_routeros.check_model(normalize(server, []))
    assert info.value.field == field


def test_sha384_ike_only_on_7():
    model = normalize(dict(SERVER, ike={"integrity": "sha384"}), [{"name": "alice"}])
    with pytest.raises(FieldError, match="server.ike.integrity"):
        ikev2_routeros.render(model, "6.49.10", FP)
    profile = [e for e in ikev2_routeros.render(model, "7.16.2", FP)["entries"] if e["path"] == "/ip ipsec profile"]
    assert profile[0]["properties"]["hash-algorithm"] == "sha384"


def test_user_tags_and_split_tunnel():
    model = normalize(dict(SERVER, split_include=["192.168.88.0/24"]),
                      [{"name": "alice"}, {"name": "eve@lab.example", "state": "absent"}])
    plan = ikev2_routeros.render(model, "7.16.2", FP)
    identities = [(e["match"]["comment"], e["state"]) for e in plan["entries"] if e["path"] == "/ip ipsec identity"]
    assert identities == [("pfne:ikev2:pfne-ikev2:user:alice", "present"),
                          ("pfne:ikev2:pfne-ikev2:user:eve-at-lab.example", "absent")]
    mode = next(e for e in plan["entries"] if e["path"] == "/ip ipsec mode-config")
    assert mode["properties"]["split-include"] == "192.168.88.0/24"
    nat = [(e["match"]["comment"], e["state"]) for e in plan["entries"] if e["path"] == "/ip firewall nat"]
    assert ("pfne:ikev2:pfne-ikev2:nat-pool", "absent") in nat     # split tunnel: no masquerade for the pool


@pytest.mark.parametrize("version", ["6.49.10", "7.16.2"])
def test_l2tp_and_ikev2_side_by_side(tmp_path, version):
    device, session = _session(version)
    l2tp_model = l2tp_mobile.normalize(copy.deepcopy(L2TP))[0]
    l2tp_plan = l2tp_routeros.render(l2tp_model, version)
    model = normalize(SERVER, [{"name": "alice"}])
    data = pki.ensure(str(tmp_path), model)
    apply(l2tp_plan["entries"], session.execute)
    converge(session, model, data, version)
    # no object of one role is matched by the other's entries
    ikev2_keys = set((e["path"], str(sorted(e["match"].items()))) for e in
                     ikev2_routeros.render(model, version, data)["entries"])
    l2tp_keys = set((e["path"], str(sorted(e["match"].items()))) for e in l2tp_plan["entries"])
    assert ikev2_keys & l2tp_keys == set()
    # each role's second run sends nothing: neither undid the other
    assert apply(l2tp_plan["entries"], session.execute)["commands"] == []
    assert converge(session, model, data, version) == []
    assert device.lab_ikev2_connect(**_client(model, data, "alice"))["ok"] is True
    assert "dave" in session.execute("/ppp active print")
