"""Conformance tests against genieparser and ntc-templates (docs/conformance.md)."""
import os
import sys

# `python -m tests.conformance.matrix` runs outside pytest: the same paths tests/conftest.py sets
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for _path in (_ROOT, os.path.join(_ROOT, ".collections")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
