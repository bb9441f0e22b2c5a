# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read large ASA outputs over a direct SSH shell channel (paramiko), beside network_cli.

Why: network_cli appends every received window to the response and searches the whole response
for the prompt and the error patterns after each window, so a 10 MB `show capture` costs time
that grows with the square of its size (bench/asa_capture_bench.py measures it). Here only the
tail of the buffer is searched for the prompt. Same credentials as the persistent connection;
the ASA's own `ERROR:` prefix is checked once on the full output.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

_PROMPT = re.compile(rb"\S+[>#] ?$")
_PASSWORD = re.compile(rb"[Pp]assword: ?$")
_MORE = b"<--- More --->"


class DirectReadError(Exception):
    pass


class AsaShell(object):
    """One interactive shell on the ASA: login, enable, no pager, then commands."""

    def __init__(self, host, port, username, password=None, enable_password=None, key_filename=None,
                 timeout=60, host_key_checking=True):
        import paramiko
        self._client = paramiko.SSHClient()
        self._client.load_system_host_keys()
        policy = paramiko.RejectPolicy() if host_key_checking else paramiko.AutoAddPolicy()
        self._client.set_missing_host_key_policy(policy)
        self._client.connect(host, port=int(port or 22), username=username, password=password,
                             key_filename=key_filename, look_for_keys=False, allow_agent=False, timeout=timeout)
        self._chan = self._client.invoke_shell(width=512)
        self._chan.settimeout(timeout)
        self._timeout = timeout
        first = self._until(_PROMPT)
        if first.rstrip().endswith(b">"):
            self._chan.send(b"enable\n")
            self._until(_PASSWORD)
            self._chan.send((enable_password or "").encode() + b"\n")
            if not self._until(_PROMPT).rstrip().endswith(b"#"):
                raise DirectReadError("enable was refused")
        self.run("terminal pager 0")

    def _until(self, pattern):
        buf = bytearray()
        deadline = time.monotonic() + self._timeout
        while not pattern.search(bytes(buf[-80:])):
            if buf.endswith(_MORE):
                self._chan.send(b" ")
            data = self._chan.recv(1 << 20)
            if not data:
                raise DirectReadError("the SSH channel closed")
            buf += data
            if time.monotonic() > deadline:
                raise DirectReadError("no prompt within %ss" % self._timeout)
        return bytes(buf)

    def run(self, command):
        """Output of one command, without the echoed command line and the trailing prompt."""
        self._chan.send(command.encode() + b"\n")
        text = self._until(_PROMPT).decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if lines and lines[0].strip().endswith(command):
            lines = lines[1:]
        return "\n".join(lines[:-1]) + "\n"

    def close(self):
        self._client.close()
