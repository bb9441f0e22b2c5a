#!/usr/bin/env python3
"""Role variable tables generated from each role's meta/argument_specs.yml (and defaults/main.yml).

Writes one table per entry point between markers in roles/<role>/README.md, and the role tables of
README.md's "Variables for AWX job templates". `--check` changes nothing and exits 1 naming every
README that drifted from its spec (tests/unit/docs/test_role_docs.py runs the same check).

    python scripts/role_docs.py          # rewrite the tables
    python scripts/role_docs.py --check  # fail when a README differs from its spec
"""
import glob
import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- BEGIN %s: generated from meta/argument_specs.yml by scripts/role_docs.py, do not edit -->"
END = "<!-- END %s -->"
HEADER = ["| variable | type | default | meaning |", "|---|---|---|---|"]


def _load(path):
    if not os.path.exists(path):
        return {}
    with open(path) as handle:
        return yaml.safe_load(handle) or {}


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def _markup(text):
    """Ansible doc markup to Markdown: C(x) / O(x) / V(x) -> `x`, I(x) -> `x`."""
    return re.sub(r"\b[COIV]\(([^()]*(?:\([^()]*\)[^()]*)*)\)", r"`\1`", text)


def type_text(option):
    kind = option.get("type", "str")
    if kind == "list" and option.get("elements"):
        kind = "list of %s" % option["elements"]
    return kind


def default_text(option, from_defaults):
    """`**required**` for a required option (never a default), else the default as the role applies it."""
    if option.get("required"):
        return "**required**"
    value = option["default"] if "default" in option else from_defaults
    if value is None:
        return "-"
    if isinstance(value, str):
        return "`%s`" % (value or '""')
    return "`%s`" % json.dumps(value)


def meaning_text(option):
    desc = option.get("description") or ""
    desc = " ".join(desc) if isinstance(desc, list) else desc
    desc = _markup(desc).strip()
    if option.get("choices"):
        desc += " Choices: %s." % ", ".join(str(c) for c in option["choices"])
    if option.get("no_log"):
        desc += " Secret: vault it."
    return desc


def role_tables(role_dir):
    """{entry point: [table lines]} for one role."""
    specs = _load(os.path.join(role_dir, "meta", "argument_specs.yml")).get("argument_specs") or {}
    defaults = _load(os.path.join(role_dir, "defaults", "main.yml"))
    tables = {}
    for entry, spec in specs.items():
        rows = list(HEADER)
        for name, option in (spec.get("options") or {}).items():
            rows.append("| `%s` | %s | %s | %s |" % (name, _cell(type_text(option)),
                                                     _cell(default_text(option, defaults.get(name))),
                                                     _cell(meaning_text(option))))
        tables[entry] = rows
    return tables


def _block(marker, lines):
    return "\n".join([BEGIN % marker] + lines + [END % marker])


def role_readme_block(role_dir):
    tables = role_tables(role_dir)
    lines = []
    for entry in sorted(tables, key=lambda e: (e != "main", e)):
        if entry != "main":
            lines += ["", "Entry point `%s` (`tasks_from: %s`):" % (entry, entry), ""]
        lines += tables[entry]
    return lines


def replace_block(text, marker, lines, path):
    pattern = re.compile(re.escape(BEGIN % marker) + r".*?" + re.escape(END % marker), re.S)
    if not pattern.search(text):
        raise SystemExit("%s: no '%s' marker pair; add %r and %r where the table goes"
                         % (path, marker, BEGIN % marker, END % marker))
    return pattern.sub(lambda _m: _block(marker, lines), text, count=1)


def generated():
    """{README path: wanted text} for every README with generated tables."""
    out = {}
    top_path = os.path.join(ROOT, "README.md")
    with open(top_path) as handle:
        top = handle.read()
    for role_dir in sorted(glob.glob(os.path.join(ROOT, "roles", "*", ""))):
        role_dir = role_dir.rstrip(os.sep)
        role = os.path.basename(role_dir)
        lines = role_readme_block(role_dir)
        path = os.path.join(role_dir, "README.md")
        with open(path) as handle:
            out[path] = replace_block(handle.read(), "variables", lines, path)
        top = replace_block(top, "role %s" % role, role_tables(role_dir)["main"], top_path)
    out[top_path] = top
    return out


def main(argv):
    check = "--check" in argv
    drifted = []
    for path, text in generated().items():
        with open(path) as handle:
            if handle.read() == text:
                continue
        drifted.append(os.path.relpath(path, ROOT))
        if not check:
            with open(path, "w") as handle:
                handle.write(text)
    if check and drifted:
        print("out of date with meta/argument_specs.yml (run python scripts/role_docs.py): %s" % ", ".join(drifted))
        return 1
    for path in drifted:
        print("rewrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
