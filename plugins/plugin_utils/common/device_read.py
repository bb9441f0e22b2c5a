# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads whose output holds secrets (running-config, PPP secrets, live ESP keys): the output stays out
of the log, a failure does not. The error text is the transport's or the device's own, masked."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask


class ReadError(Exception):
    """A read failed; ``str()`` is the masked message naming the command."""


def read_all(send, commands, secrets):
    """``send(command) -> text`` for each command, in order -> the outputs (list of str).
    Raises ReadError at the first failure, naming the command, the error text masked."""
    outputs = []
    for command in commands:
        try:
            output = send(command)
        except Exception as exc:  # connection refused, login/enable failed, timeout, device error text
            raise ReadError(mask("reading `%s` failed: %s" % (command, str(exc).strip() or exc.__class__.__name__),
                                 secrets))
        outputs.append("" if output is None else str(output))
    return outputs
