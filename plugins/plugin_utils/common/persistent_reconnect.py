# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A new persistent network_cli connection for an action, after the old one was lost.

network_cli keeps a closed channel and answers later commands with empty output (or fails them),
so the old persistent process is told to close and a new one is started the way the task executor
starts it (same socket path, same play context: become/enable included; later tasks use it).
Used only for the re-read after a failure.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

from ansible.executor.task_executor import start_connection
from ansible.module_utils.connection import Connection


def reconnect(action, connection):
    """-> a new ansible Connection for ``action`` (an ActionBase), replacing ``connection``."""
    socket_path = action._connection.socket_path
    try:
        connection.close()
    except Exception:  # the process may already be gone
        pass
    deadline = time.time() + 10
    while socket_path and os.path.exists(socket_path) and time.time() < deadline:
        time.sleep(0.1)
    new_path = start_connection(action._play_context, action._connection.get_options(), action._task._uuid)
    setattr(action._connection, "_socket_path", new_path)
    return Connection(new_path)
