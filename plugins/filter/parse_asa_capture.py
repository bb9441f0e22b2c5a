# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter pfne.netops.parse_asa_capture (documentation: parse_asa_capture.yml)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
asa_parse = LazyModule("asa.parse")


def _parse_asa_capture(text):
    if isinstance(text, list):  # cli_command/asa_command stdout is a list of outputs
        text = "\n".join(str(t) for t in text)
    if text is not None and not isinstance(text, str):
        raise AnsibleFilterError("parse_asa_capture: expected the text of 'show capture NAME', got %s"
                                 % type(text).__name__)
    return asa_parse.parse_asa_capture(text)


class FilterModule(object):
    def filters(self):
        return {"parse_asa_capture": _parse_asa_capture}
