"""Shared pytest set-up: this checkout is ansible_collections.pfne.netops (via .collections).

pytest-ansible (--ansible-unit-inject-only in pytest.ini) puts every ANSIBLE_COLLECTIONS_PATH entry
on sys.path and into Ansible's collection finder when pytest configures; this file is read before
that, so it names .collections there unless the caller already did (scripts/test-current.sh)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
    os.environ["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join(
        [COLLECTIONS] + [p for p in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep) if p])
if ROOT not in sys.path:  # the lab package
    sys.path.insert(0, ROOT)
