"""Shared L2TP test data (lab-only secrets)."""
import copy
import os

import pytest

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "l2tp")

BASE = {
    "pool": {"start": "192.168.89.10", "end": "192.168.89.99"},
    "local_address": "192.168.89.1",
    "lan_subnets": ["192.168.88.0/24"],
    "dns_servers": ["192.168.88.1"],
    "ipsec_secret": "lab-only-psk-0123456789",
    "wan_interface": "ether1",
    "server_address": "vpn.lab.example",
    "connection_name": "Office VPN",
    "users": [
        {"name": "alice", "password": "alice-lab-pass-1"},
        {"name": "bob", "password": "bob-lab-pass-2", "address": "192.168.89.200", "enabled": False},
    ],
}


def fixture_text(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


@pytest.fixture
def config():
    return copy.deepcopy(BASE)
