# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Attributes and note of the read-only actions over network_cli (device_read, preflight).

    Options stay in each module's own DOCUMENTATION: the action checks its arguments against it.
    """

    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    support: full
    description: Reads only, in check mode too.
  diff_mode:
    support: none
    description: Reads only.
notes:
  - An action plugin, run on the controller over the host's persistent network_cli connection.
"""
