"""Shared pytest set-up: this checkout is ansible_collections.pfne.netops (via .collections).

pytest-ansible (--ansible-unit-inject-only in pytest.ini) puts every ANSIBLE_COLLECTIONS_PATH entry
on sys.path and into Ansible's collection finder when pytest configures. This file is read before
that: it names .collections there for that moment only, then gives the variable back as it was, so
the ansible-galaxy / ansible-playbook runs of the tests see the caller's environment."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".collections")
_CALLER = os.environ.get("ANSIBLE_COLLECTIONS_PATH")
os.environ["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join([COLLECTIONS] + [p for p in (_CALLER or "").split(os.pathsep) if p])
if ROOT not in sys.path:  # the lab package
    sys.path.insert(0, ROOT)


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """pytest-ansible has read the collection path by now."""
    if _CALLER is None:
        os.environ.pop("ANSIBLE_COLLECTIONS_PATH", None)
    else:
        os.environ["ANSIBLE_COLLECTIONS_PATH"] = _CALLER


# The slowest modules first (measured with --durations on the 2-core machine: each 45-150 s). With
# `--dist loadfile` (pytest.ini) every module stays on one worker, so its lab fixture is built
# once, and the two workers start on the longest ones together instead of one of them running the
# longest alone at the end. Other modules keep their order (the sort is stable).
SLOWEST_FIRST = ("test_seeded_secrets.py", "test_awx_runner.py", "test_wlc_mic.py", "test_ipsec_site.py",
                 "test_ipsec_ios_personalities.py",
                 "test_fault_matrix.py", "test_l2tp_mobile.py", "test_connection_stack.py",
                 "test_secret_refusal.py", "test_asa_capture.py", "test_user_project.py")


def pytest_collection_modifyitems(items):
    rank = dict((name, index) for index, name in enumerate(SLOWEST_FIRST))
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOWEST_FIRST)))
