#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: preflight
short_description: Reach a network device before any change and check what it is
version_added: 0.2.0
description:
  - Opens the host's persistent C(ansible.netcommon.network_cli) connection (login, and enable mode
    where C(ansible_become) is set), reads the device's version command and checks that the device is
    what C(ansible_network_os) says (Cisco IOS / IOS XE, MikroTik RouterOS, Cisco ASA, Cisco AireOS)
    and that Cisco IOS and ASA devices are in privileged mode.
  - A failure gives the transport's own error text (for example C(ssh connect failed - Connection refused)
    or C(failed to elevate privilege to enable mode)) with the login and enable passwords masked, never a
    censored result. Sends nothing but the version command.
  - The pfne.netops.preflight role runs it, in a play with C(any_errors_fatal), so that one host that
    cannot be reached stops the run before any host is changed.
author:
  - pfne.netops contributors (@pfne)
extends_documentation_fragment:
  - pfne.netops.read_action
options:
  secrets:
    description: More values to mask in the error text (the login and enable passwords always are).
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Connect, check privilege and platform
  pfne.netops.preflight:
"""

RETURN = r"""
network_os:
  description: The host's ansible_network_os.
  returned: success
  type: str
version_command:
  description: The command read to tell what the device is.
  returned: success
  type: str
prompt:
  description: The device prompt after login (and enable).
  returned: success
  type: str
"""
