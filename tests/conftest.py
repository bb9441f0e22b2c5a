"""Shared pytest set-up: make this checkout importable as ansible_collections.pfne.netops."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
if ROOT not in sys.path:  # the lab package
    sys.path.insert(0, ROOT)
