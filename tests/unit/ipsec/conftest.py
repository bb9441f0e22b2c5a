import copy
import os

import pytest

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "ipsec")

BASE = {
    "name": "hq-branch",
    "psk": "LabOnly-Not-A-Secret-1",
    "endpoints": {
        "hq": {"platform": "routeros", "public_address": "198.51.100.1",
               "subnets": ["10.1.0.0/24", "10.11.0.0/24"]},
        "branch": {"platform": "ios", "public_address": "203.0.113.2", "subnets": ["10.2.0.0/24"],
                   "ios": {"interface": "GigabitEthernet0/0"}},
    },
}


def fixture_text(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


@pytest.fixture
def raw_tunnel():
    return copy.deepcopy(BASE)
