# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filter: every wlc_mic_ignore role input checked before the first device contact.

Documentation: wlc_validate.yml beside this file; the logic is plugin_utils/wlc/role_input.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
role_input = LazyModule("wlc.role_input")


def wlc_validate(values):
    """[message, ...] naming each variable that is not usable; [] when all are."""
    if not isinstance(values, dict):
        raise AnsibleFilterError("wlc_validate: expected a mapping of the role's variables")
    return role_input.check(values)


class FilterModule(object):
    def filters(self):
        return {"wlc_validate": wlc_validate}
