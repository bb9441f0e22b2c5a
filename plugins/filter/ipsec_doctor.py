# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin filter for the ipsec_doctor role; the logic lives in plugins/plugin_utils/doctor/.
Documentation: the YAML file of the same name beside this one.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor import run
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.family import RouterOSVersionError


def ipsec_doctor_commands(platform, version=None, logs=True, peer_state=None):
    """Every read-only command of one device for the doctor, in one list (one session)."""
    try:
        return run.read_commands(platform, version, logs, peer_state or None)
    except (run.DoctorInputError, RouterOSVersionError) as exc:
        raise AnsibleFilterError("ipsec_doctor_commands: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"ipsec_doctor_commands": ipsec_doctor_commands}
