# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter pfne.netops.network_os_check (documentation: network_os_check.yml); logic in
plugin_utils/common/preflight.py."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
preflight = LazyModule("common.preflight")


def network_os_check(group_names, network_os, host):
    """'' when the host's ansible_network_os fits its inventory groups, else the message."""
    return preflight.network_os_error(str(host), [str(g) for g in group_names or []], str(network_os or ""))


class FilterModule(object):
    def filters(self):
        return {"network_os_check": network_os_check}
