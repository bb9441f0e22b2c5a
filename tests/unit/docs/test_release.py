"""The version users pin is a release: docs/use_from_your_repo.md pins v<galaxy.yml version>, the changelog
has that release (the integrator tags it v<version>), and every plugin's version_added names the release
whose notes list it (a version_added of a release that never happened hid plugins from the notes)."""
import glob
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _yaml(*path):
    with open(os.path.join(ROOT, *path)) as handle:
        return yaml.safe_load(handle)


def _version(text):
    return tuple(int(p) for p in str(text).split("."))


def test_docs_pin_the_galaxy_version_and_it_is_released():
    version = _yaml("galaxy.yml")["version"]
    with open(os.path.join(ROOT, "docs", "use_from_your_repo.md")) as handle:
        doc = handle.read()
    assert re.findall(r"^\s+version: (\S+)", doc, re.M) == ["v%s" % version]
    assert re.findall(r"pfne-netops-([0-9.]+)\.tar\.gz", doc) == [version]
    releases = _yaml("changelogs", "changelog.yaml")["releases"]
    assert str(version) in releases and releases[str(version)].get("release_date")
    assert max(releases, key=_version) == str(version)
    with open(os.path.join(ROOT, "CHANGELOG.rst")) as handle:
        assert "\nv%s\n%s\n" % (version, "=" * (len(str(version)) + 1)) in handle.read()


def _documented():
    """(kind, name, version_added) of every module, filter and lookup."""
    out = []
    for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) + \
            glob.glob(os.path.join(ROOT, "plugins", "lookup", "*.py")):
        with open(path) as handle:
            doc = yaml.safe_load(re.search(r'DOCUMENTATION = r"""(.*?)"""', handle.read(), re.S).group(1))
        kind = "module" if "/modules/" in path else "lookup"
        out.append((kind, os.path.basename(path)[:-3], str(doc["version_added"])))
    for path in glob.glob(os.path.join(ROOT, "plugins", "filter", "*.yml")):
        doc = _yaml(path)["DOCUMENTATION"]
        out.append(("filter", doc["name"], str(doc["version_added"])))
    return out


def test_every_plugin_is_listed_in_the_release_its_version_added_names():
    releases = _yaml("changelogs", "changelog.yaml")["releases"]
    listed = {}
    for version, release in releases.items():
        for module in release.get("modules") or []:
            listed[("module", module["name"])] = version
        for kind, plugins in (release.get("plugins") or {}).items():
            for plugin in plugins:
                listed[(kind, plugin["name"])] = version
    # a plugin added since the last release names the next one; antsibull-changelog lists it when that is prepared
    latest = _version(max(releases, key=_version))
    wrong = [(kind, name, added, listed.get((kind, name))) for kind, name, added in _documented()
             if listed.get((kind, name)) != added and not (listed.get((kind, name)) is None
                                                          and _version(added) > latest)]
    assert wrong == []
