# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Classify what one side of an IPsec tunnel printed (issue 24).

diagnose(text, platform) -> {"cause", "side", "evidence", "unparsed", "also", "peers"}.
Early version: no rules yet, so nothing is claimed; every line is returned as unparsed.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.doctor.vocab import PLATFORMS


class DiagnoseError(ValueError):
    """Bad argument to diagnose(); the message names the argument."""


def diagnose(text, platform):
    if platform not in PLATFORMS:
        raise DiagnoseError("platform: must be one of %s, got %r" % ("|".join(PLATFORMS), platform))
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise DiagnoseError("text: must be a string (the pasted output), got %s" % type(text).__name__)
    lines = [line.rstrip() for line in text.splitlines()]
    return {"cause": "unknown", "side": "unknown", "evidence": [],
            "unparsed": [line for line in lines if line.strip()], "also": [], "peers": {}}
