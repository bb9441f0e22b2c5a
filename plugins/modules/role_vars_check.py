#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation stub; the work is done by the action plugin of the same name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: role_vars_check
short_description: Refuse unknown variables of a role's prefix and of pfne_*, before any device is touched
version_added: 0.2.0
author: pfne.netops contributors (@pfne)
description:
  - Looks at the names of every variable defined for the host (inventory, group and host vars, play and
    role vars, extra vars) that starts with O(prefix) or with C(pfne_), and fails when one is not known,
    naming it with "did you mean" suggestions (a typo such as C(mikrotik_l2tp_mobile_user) for
    C(mikrotik_l2tp_mobile_users) would otherwise be ignored silently).
  - Known names are the options of the role's C(meta/argument_specs.yml), the keys of its C(defaults/) and
    C(vars/), the names its tasks register or set with C(set_fact), and the collection's list of C(pfne_*)
    variables.
  - Reads only files on the controller and the variable names (never their values); nothing is sent.
  - This is an action plugin; it always runs on the controller, whatever the connection.
attributes:
  check_mode:
    support: full
    description: The same check runs in check mode.
  diff_mode:
    support: none
    description: Nothing changes.
options:
  prefix:
    description: The role's variable prefix, for example C(mikrotik_l2tp_mobile_).
    type: str
    required: true
  role_path:
    description: The role's directory (C({{ role_path }}) in a role task).
    type: path
    required: true
"""

EXAMPLES = r"""
- name: Refuse unknown variables before any device is touched
  pfne.netops.role_vars_check:
    prefix: mikrotik_l2tp_mobile_
    role_path: "{{ role_path }}"
"""

RETURN = r"""
checked:
  description: How many variable names with the prefix or C(pfne_) were looked at.
  returned: success
  type: int
"""
