# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils modules imported when a filter first uses them.

Ansible finds a collection's filter (`pfne.netops.x`) by importing every filter file of the collection,
and it does so anew in each task's worker process (one fork per host and task). With the filters' logic
imported at the top of those files (NetworkTemplate, cryptography, the tunnel doctor), every task that
uses any one pfne.netops filter paid for importing all of it (about 0.2 s of CPU per host and task);
through LazyModule it pays only for the module the filter calls.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib

_PACKAGE = "ansible_collections.pfne.netops.plugins.plugin_utils."


class LazyModule(object):
    """``ios = LazyModule("ipsec.ios")``: plugin_utils.ipsec.ios, imported at the first ``ios.name``."""

    def __init__(self, name):
        self._module_name = _PACKAGE + name

    def __getattr__(self, attr):
        # import_module returns the sys.modules entry after the first call
        return getattr(importlib.import_module(self._module_name), attr)
