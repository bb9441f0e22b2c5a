# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter pfne.netops.parse_routeros_print (documentation: parse_routeros_print.yml)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.pfne.netops.plugins.plugin_utils.common.lazy import LazyModule

# the logic, imported on first use (plugin_utils/common/lazy.py says why)
routeros_diff = LazyModule("routeros.diff")
routeros_parse = LazyModule("routeros.parse")


def _parse_routeros_print(text, strict=True):
    if isinstance(text, list):  # community.routeros.command stdout is a list of outputs
        if len(text) != 1:
            raise AnsibleFilterError("parse_routeros_print: give one output (e.g. stdout[0]), got a list of %d"
                                     % len(text))
        text = text[0]
    if text is not None and not isinstance(text, str):
        raise AnsibleFilterError("parse_routeros_print: expected the text of a RouterOS print, got %s"
                                 % type(text).__name__)
    try:
        strict = boolean(strict, strict=True)
    except TypeError:
        raise AnsibleFilterError("parse_routeros_print: strict must be a boolean")
    try:
        result, skipped = routeros_parse.parse_print_report(text)
    except routeros_parse.RouterOSParseError as exc:
        raise AnsibleFilterError("parse_routeros_print: %s" % routeros_diff.mask_text(str(exc), []))
    if skipped and strict:
        raise AnsibleFilterError(
            "parse_routeros_print: %d line(s) are not RouterOS print output (first: %r); "
            "use strict=false to leave them out" % (len(skipped), routeros_diff.mask_text(skipped[0], [])[:120]))
    return result


class FilterModule(object):
    def filters(self):
        return {"parse_routeros_print": _parse_routeros_print}
