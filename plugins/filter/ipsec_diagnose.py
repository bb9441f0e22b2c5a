# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter pfne.netops.ipsec_diagnose (documentation: ipsec_diagnose.yml beside this file);
logic in plugin_utils/doctor/classify.py."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
classify = LazyModule("doctor.classify")


def ipsec_diagnose(text, platform=None):
    """Why the tunnel seen in one device's pasted output is down: {cause, side, evidence, unparsed, also, peers}."""
    try:
        return classify.diagnose(text, platform)
    except classify.DiagnoseError as exc:
        raise AnsibleFilterError("ipsec_diagnose: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"ipsec_diagnose": ipsec_diagnose}
