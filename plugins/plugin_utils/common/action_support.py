# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the read-only actions share about their host's connection: the values an error text must
mask, and a ``send(command) -> text`` over the persistent network_cli connection."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.connection import Connection


def login_secrets(play_context, extra=()):
    """The login and enable passwords, then each non-empty value of ``extra``."""
    secrets = [s for s in (play_context.password, play_context.become_pass) if s]
    return secrets + [s for s in extra if s]


def command_sender(socket_path):
    """``send(command) -> text``; a connection that cannot be opened fails inside ``send``."""
    def send(command):
        conn = Connection(socket_path)
        return to_text(conn.get(command=command), errors="surrogate_or_strict")
    return send
