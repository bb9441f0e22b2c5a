"""README "Variables for AWX job templates" lists every role option with the type and default the
role enforces (meta/argument_specs.yml, defaults/main.yml), and every variable the playbooks read."""
import glob
import json
import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def readme_rows():
    with open(os.path.join(ROOT, "README.md")) as handle:
        text = handle.read()
    section = text.split("## Variables for AWX job templates", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        match = re.match(r"^`([a-z0-9_]+)`$", cells[0]) if len(cells) == 4 else None
        if match:
            rows.setdefault(match.group(1), []).append((cells[1], cells[2]))
    return rows


def expected(option, default_from_defaults):
    kind = option.get("type", "str")
    if kind == "list" and option.get("elements"):
        kind = "list of %s" % option["elements"]
    if option.get("required"):
        return kind, "**required**"
    value = option["default"] if "default" in option else default_from_defaults
    if value is None:
        return kind, "-"
    if isinstance(value, str):
        return kind, "`%s`" % (value or '""')
    return kind, "`%s`" % json.dumps(value)


def test_every_role_option_is_listed_with_type_and_default():
    rows = readme_rows()
    for spec in sorted(glob.glob(os.path.join(ROOT, "roles", "*", "meta", "argument_specs.yml"))):
        role_dir = os.path.dirname(os.path.dirname(spec))
        with open(spec) as handle:
            options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
        with open(os.path.join(role_dir, "defaults", "main.yml")) as handle:
            defaults = yaml.safe_load(handle) or {}
        for name, option in options.items():
            assert name in rows, "%s (%s) missing from README" % (name, os.path.basename(role_dir))
            assert expected(option, defaults.get(name)) in rows[name], (name, rows[name])


def test_every_variable_the_playbooks_read_is_listed():
    rows = readme_rows()
    used = set()
    for path in glob.glob(os.path.join(ROOT, "playbooks", "*.yml")):
        with open(path) as handle:
            used |= set(re.findall(r"\b(pfne_[a-z0-9_]+)\s*\|\s*default", handle.read()))
    assert used, "no playbook variables found"
    assert sorted(used - set(rows)) == []
