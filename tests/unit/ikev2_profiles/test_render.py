"""render_profiles: which files each OS list and auth method gets, inputs checked before anything is built."""
import base64
import json
import plistlib

import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.profiles.render import render_profiles, secret_files

from .conftest import PASSPHRASE, make_model


def test_files_per_os_and_secret_files(pki, cert_model):
    cert, key = pki["alice"]
    user = dict(cert_model["users"][0])
    files = render_profiles(cert_model, user, pki["ca"], cert, key, PASSPHRASE)
    assert sorted(files) == ["alice-android.txt", "alice-ca.crt", "alice-windows.ps1", "alice.mobileconfig",
                             "alice.p12", "alice.sswan"]
    assert secret_files(cert_model, files) == ["alice.mobileconfig", "alice.p12", "alice.sswan"]
    assert files["alice-ca.crt"].decode().split() == pki["ca"].split()
    user["os"] = ["apple"]
    assert sorted(render_profiles(cert_model, user, pki["ca"], cert, key, PASSPHRASE)) == [
        "alice-ca.crt", "alice.mobileconfig"]
    user["state"] = "revoked"
    assert render_profiles(cert_model, user, pki["ca"], cert, key, PASSPHRASE) == {}


def test_eap_files_carry_no_secret(pki, eap_model):
    files = render_profiles(eap_model, eap_model["users"][0], pki["ca"])
    assert sorted(files) == ["alice-android.txt", "alice-ca.crt", "alice-windows.ps1", "alice.mobileconfig",
                             "alice.sswan"]
    assert secret_files(eap_model, files) == []
    assert not any(b"alice-lab-pass-1" in data for data in files.values())


def test_psk_mode_warns(pki):
    model = make_model(auth="psk")
    files = render_profiles(model, model["users"][0], pki["ca"])
    assert sorted(files) == ["alice-WARNING.txt", "alice-android.txt", "alice-ca.crt", "alice.mobileconfig"]
    assert secret_files(model, files) == ["alice.mobileconfig"]
    assert b"pretend to be\nthe server" in files["alice-WARNING.txt"]


@pytest.mark.parametrize("args, field", [
    ((None, "k", PASSPHRASE), "client_cert_pem"),
    (("c", None, PASSPHRASE), "client_key_pem"),
    (("c", "k", None), "passphrase"),
])
def test_certificate_user_inputs(pki, cert_model, args, field):
    with pytest.raises(FieldError) as err:
        render_profiles(cert_model, cert_model["users"][0], pki["ca"], *args)
    assert err.value.field == field


def test_eap_user_with_a_certificate_is_refused(pki, eap_model):
    with pytest.raises(FieldError) as err:
        render_profiles(eap_model, eap_model["users"][0], pki["ca"], *pki["alice"], PASSPHRASE)
    assert err.value.field == "client_cert_pem"


def test_one_pkcs12_in_every_file_of_a_user(pki, cert_model):
    """The .p12 beside the script, inside the .mobileconfig and inside the .sswan are the same bytes."""
    files = render_profiles(cert_model, cert_model["users"][0], pki["ca"], *pki["alice"], PASSPHRASE)
    apple = [p for p in plistlib.loads(files["alice.mobileconfig"])["PayloadContent"]
             if p["PayloadType"] == "com.apple.security.pkcs12"][0]["PayloadContent"]
    android = base64.b64decode(json.loads(files["alice.sswan"])["local"]["p12"])
    assert files["alice.p12"] == apple == android
