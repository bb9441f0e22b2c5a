# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter pfne.netops.capture_flows (documentation: capture_flows.yml)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
asa_parse = LazyModule("asa.parse")


def _capture_flows(packets):
    if isinstance(packets, dict):
        packets = packets.get("packets")
    if not isinstance(packets, list) or not all(isinstance(p, dict) for p in packets):
        raise AnsibleFilterError("capture_flows: expected the packets list from parse_asa_capture "
                                 "(or its whole result)")
    return asa_parse.capture_flows(packets)


class FilterModule(object):
    def filters(self):
        return {"capture_flows": _capture_flows}
