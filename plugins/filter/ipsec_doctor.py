# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filter for the ipsec_doctor role; the logic lives in plugins/plugin_utils/doctor/ (reads.py).
Documentation: the YAML file of the same name beside this one.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
reads = LazyModule("doctor.reads")
routeros_family = LazyModule("routeros.family")


def ipsec_doctor_commands(platform, version=None, logs=True, peer_state=None):
    """Every read-only command of one device for the doctor, in one list (one session)."""
    try:
        return reads.read_commands(platform, version, logs, peer_state or None)
    except (reads.DoctorInputError, routeros_family.RouterOSVersionError) as exc:
        raise AnsibleFilterError("ipsec_doctor_commands: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"ipsec_doctor_commands": ipsec_doctor_commands}
