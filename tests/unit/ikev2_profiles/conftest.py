"""Fixtures: one lab PKI per session (RSA key generation is the slow part) and models per auth method."""
import pathlib

import pytest

from .certs import lab_pki

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "ikev2_profiles"
PASSPHRASE = "lab-only-passphrase-1"
SERVER = {"fqdn": "vpn.lab.example", "pool": "192.168.90.0/24", "dns": ["192.168.88.1"]}


@pytest.fixture(scope="session")
def pki():
    return lab_pki(users=("alice", "bob"))


def make_model(**server):
    # imported here: pytest reads this conftest before pytest-ansible puts the collection on the path
    from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize

    cfg = dict(SERVER)
    cfg.update(server)
    users = [{"name": "alice"}]
    if cfg.get("auth") == "eap-mschapv2":
        users = [{"name": "alice", "password": "alice-lab-pass-1"}]
    if cfg.get("auth") == "psk":
        cfg.setdefault("psk", "lab-only-psk-0123456789abc")
    return normalize(cfg, users)


@pytest.fixture
def cert_model():
    return make_model()


@pytest.fixture
def eap_model():
    return make_model(auth="eap-mschapv2")
