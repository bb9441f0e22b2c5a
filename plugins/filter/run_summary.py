# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters pfne.netops.run_summary_table, routeros_command_digest, ios_block_digest (documentation:
the YAML files of the same names); logic in plugin_utils/common/run_summary.py."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common import run_summary


def run_summary_table(summaries):
    if not isinstance(summaries, dict):
        raise AnsibleFilterError("run_summary_table: expected {host: pfne_run_summary}")
    return run_summary.table(dict((str(h), v) for h, v in summaries.items()))


class FilterModule(object):
    def filters(self):
        return {
            "run_summary_table": run_summary_table,
            "routeros_command_digest": run_summary.command_digest,
            "ios_block_digest": run_summary.block_digest,
        }
