# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One way for every action plugin to check its arguments: against its module's DOCUMENTATION.

The route of ansible.utils's ``validate`` action: the documented options become an argument spec for
ansible-core's ArgumentSpecValidator, so types are converted (a survey's ``"false"``/``"no"`` becomes
False), choices and required options are enforced, documented defaults are filled in, and an error
names the option. (ansible-core's own validator rather than ansible.utils's wrapper: ansible-test's
import check loads this collection without its dependencies.)
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import yaml
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

# what an argument spec takes from a documented option (descriptions, version_added, ... are docs only)
SPEC_KEYS = ("type", "elements", "choices", "default", "required", "aliases", "no_log", "apply_defaults")


def argument_spec(options):
    """DOCUMENTATION ``options`` -> argument spec (``suboptions`` -> ``options``)."""
    spec = {}
    for name, option in (options or {}).items():
        spec[name] = dict((k, option[k]) for k in SPEC_KEYS if k in option)
        if "suboptions" in option:
            spec[name]["options"] = argument_spec(option["suboptions"])
    return spec


def checked_args(args, documentation):
    """The arguments converted and completed as DOCUMENTATION says; AnsibleActionFail if they do not fit."""
    doc = yaml.safe_load(documentation)
    name = "pfne.netops.%s" % doc["module"]
    result = ArgumentSpecValidator(argument_spec(doc.get("options"))).validate(dict(args))
    if result.error_messages:
        raise AnsibleActionFail("%s: %s" % (name, "; ".join(result.error_messages)))
    return result.validated_parameters
