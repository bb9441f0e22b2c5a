# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unknown variables of a role's prefix (and pfne_*) are refused, with "did you mean" suggestions.

A variable named ``mikrotik_l2tp_mobile_user`` (one letter short of ``..._users``) used to be ignored;
with ``exclusive: true`` that removed real users. A role knows its own names: the options of its
``meta/argument_specs.yml``, the keys of its defaults/vars, and the names its tasks register or set.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import glob
import os

import yaml

# The pfne_* variables the collection reads (playbooks, lab inventory, roles); one place for all of them.
PFNE_KNOWN = frozenset((
    "pfne_artifacts_dir",        # common/artifacts.py: where every file of a run goes
    "pfne_run_summary",          # the end-of-run summary fact every role adds its entry to
    "pfne_preflight_passed",     # roles/preflight: a host checked once per run (site.yml)
    "pfne_report_format",        # common/report.py: html (default) or text reports
    "pfne_ipsec_tunnels", "pfne_ipsec_site", "pfne_ipsec_sites", "pfne_ipsec_wan_interface",
    "pfne_ipsec_check",          # playbooks/ipsec_site.yml
    "pfne_wlc_hosts",
    "pfne_ikev2_hosts",          # playbooks/ikev2_mobile.yml: routers that serve IKEv2
    "pfne_asa_capture_name", "pfne_asa_capture_interface", "pfne_asa_capture_matches",
    "pfne_asa_capture_packets", "pfne_asa_capture_seconds",
    "pfne_version_command", "pfne_facts_version", "pfne_facts_line",   # playbooks/facts.yml
    "pfne_migrate_users",        # playbooks/l2tp_to_ikev2.yml: the L2TP users to move to IKEv2
))
PFNE_PREFIX = "pfne_"
SET_FACT = ("set_fact", "ansible.builtin.set_fact", "ansible.legacy.set_fact")
NESTED = ("block", "rescue", "always")


def spec_options(spec):
    """Option names of every entry point of a parsed argument_specs.yml."""
    names = set()
    for entry in ((spec or {}).get("argument_specs") or {}).values():
        names.update((entry or {}).get("options") or {})
    return names


def task_names(tasks):
    """Names a task list registers or sets with set_fact (blocks included)."""
    names = set()
    for task in tasks or []:
        if not isinstance(task, dict):
            continue
        if isinstance(task.get("register"), str):
            names.add(task["register"])
        for key in SET_FACT:
            if isinstance(task.get(key), dict):
                names.update(k for k in task[key] if k != "cacheable")
        for key in NESTED:
            names |= task_names(task.get(key))
    return names


def _load(path):
    with open(path) as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as exc:
            raise ValueError("%s: %s" % (path, exc))


def role_known_names(role_path):
    """Every name the role at ``role_path`` defines, documents, registers or sets."""
    known = spec_options(_load(os.path.join(role_path, "meta", "argument_specs.yml")))
    for folder in ("defaults", "vars"):
        for path in glob.glob(os.path.join(role_path, folder, "*.yml")):
            known.update(_load(path) or {})
    for path in glob.glob(os.path.join(role_path, "tasks", "*.yml")):
        known |= task_names(_load(path))
    return known


def unknown_names(names, prefixes, known):
    """(name, [suggestions]) for every name of ``names`` with one of ``prefixes`` that is not known."""
    found = []
    for name in sorted(set(names)):
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        if prefix is None or name in known:
            continue
        # compare what follows the prefix: a shared long prefix would make every name look close
        tails = dict((k[len(prefix):], k) for k in known if k.startswith(prefix))
        close = difflib.get_close_matches(name[len(prefix):], sorted(tails), n=3, cutoff=0.6)
        found.append((name, [tails[t] for t in close]))
    return found


def refusal(found):
    """One message for all unknown names, each with its suggestions ("" when there are none)."""
    parts = []
    for name, suggestions in found:
        hint = " (did you mean %s?)" % " or ".join(suggestions) if suggestions else ""
        parts.append("%s%s" % (name, hint))
    if not parts:
        return ""
    return ("unknown variable(s): %s. Nothing was sent to any device; rename or remove them "
            "(the role's variables are listed in its README and meta/argument_specs.yml)" % "; ".join(parts))


def check_role_vars(names, role_path, prefix):
    """The refusal text for ``names`` (the variables defined for a host) against one role, or ""."""
    known = role_known_names(role_path) | PFNE_KNOWN
    return refusal(unknown_names(names, (prefix, PFNE_PREFIX), known))
