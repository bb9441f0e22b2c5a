"""Every filter's adjacent .yml doc and every module's DOCUMENTATION is valid YAML with the keys
ansible-doc reads (a doc that does not load makes ansible-doc and the docsite skip the plugin)."""
import glob
import importlib
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FILTER_DOCS = sorted(glob.glob(os.path.join(ROOT, "plugins", "filter", "*.yml")))
MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))


@pytest.mark.parametrize("path", FILTER_DOCS, ids=os.path.basename)
def test_filter_doc_loads(path):
    with open(path) as handle:
        doc = yaml.safe_load(handle)
    assert doc["DOCUMENTATION"]["name"] == os.path.basename(path)[:-4]
    assert doc["EXAMPLES"] and doc["RETURN"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doc_loads(name):
    module = importlib.import_module("ansible_collections.pfne.netops.plugins.modules." + name)
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert doc["module"] == name and doc["options"] is not None
