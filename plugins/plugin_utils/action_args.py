# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One way for every action plugin to check its arguments: against its module's DOCUMENTATION.

The same route as ansible.utils's ``validate`` action (AnsibleArgSpecValidator, i.e. ansible-core's
ArgumentSpecValidator): types are converted (a survey's ``"false"``/``"no"`` becomes False), choices and
required options are enforced, documented defaults are filled in, and an error names the option.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import yaml
from ansible.errors import AnsibleActionFail

from ansible_collections.ansible.utils.plugins.module_utils.common.argspec_validate import (
    AnsibleArgSpecValidator,
)


def checked_args(args, documentation):
    """The arguments converted and completed as DOCUMENTATION says; AnsibleActionFail if they do not fit."""
    name = "pfne.netops.%s" % yaml.safe_load(documentation)["module"]
    valid, errors, params = AnsibleArgSpecValidator(data=dict(args), schema=documentation,
                                                    schema_format="doc", name=name).validate()
    if not valid:
        raise AnsibleActionFail("%s: %s" % (name, "; ".join(errors)))
    return params
