"""The IKEv2 plugins load where cryptography is missing, as ansible-test's import sanity and ansible-doc load
them (their environments hold only Jinja2, MarkupSafe and PyYAML); issuing a certificate then fails naming
the missing package instead of a traceback at import.

Each check runs in a fresh interpreter with `cryptography` blocked (sys.modules entry None), so this
process keeps its own imports.
"""
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(ROOT, ".collections")
PREFIX = "ansible_collections.pfne.netops.plugins."
# every plugin of issue 25 that reaches plugin_utils/ikev2/pki.py, and the two modules that import cryptography
MODULES = ["filter.ikev2_mobile", "action.ikev2_pki", "action.ikev2_client_profiles", "action.routeros_ikev2_certs",
           "plugin_utils.ikev2.pki", "plugin_utils.ikev2.profiles.pkcs12"]


def _run(code):
    blocked = "import sys\nfor name in ('cryptography',):\n    sys.modules[name] = None\n"
    return subprocess.run([sys.executable, "-c", blocked + textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=COLLECTIONS), timeout=120)


@pytest.mark.parametrize("module", MODULES)
def test_plugin_imports_without_cryptography(module):
    proc = _run("import importlib\nimportlib.import_module(%r)\n" % (PREFIX + module))
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_issuing_a_certificate_names_the_missing_package(tmp_path):
    proc = _run("""
        from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
        from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2 import pki
        from ansible_collections.pfne.netops.plugins.plugin_utils.ikev2.model import normalize
        model = normalize({"fqdn": "vpn.lab.example", "pool": "192.168.90.0/24"}, [{"name": "alice"}])
        try:
            pki.ensure(%r, model)
        except FieldError as exc:
            print("FieldError", exc)
    """ % str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("FieldError") and "pki" in proc.stdout and "'cryptography'" in proc.stdout, proc.stdout
    assert os.listdir(str(tmp_path)) == []     # nothing written before the refusal
