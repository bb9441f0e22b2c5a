# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.asa_capture: validate, then run the capture over the persistent connection.

Documentation: plugins/modules/asa_capture.py. Logic: plugins/plugin_utils/asa_capture*.py.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os

from ansible.module_utils.connection import Connection, ConnectionError
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.asa_capture import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.asa_capture import (
    AsaCaptureError,
    expected_list_matches,
    validate_capture,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa_capture_run import (
    AsaCaptureRunError,
    AsaDeviceError,
    check_mode_commands,
    run_capture,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa_pcap import pcap_bytes

CAPTURE_ARGS = ("name", "interface", "matches", "access_list", "access_list_one_way_ok", "buffer",
                "packet_length", "circular_buffer", "stop", "keep")
OTHER_ARGS = ("dest", "pcap")


def _device_sender(connection):
    def send(command):
        try:
            return connection.get(command=command)
        except ConnectionError as exc:
            # the ASA terminal plugin raises on any output matching 'error:' (case-insensitive)
            raise AsaDeviceError(command, getattr(exc, "message", None) or str(exc))
    return send


class ActionModule(ActionBase):
    _VALID_ARGS = frozenset(CAPTURE_ARGS + OTHER_ARGS)

    def _connection_factory(self):
        socket_path = getattr(self._connection, "socket_path", None)
        if not socket_path:
            raise AsaCaptureRunError("pfne.netops.asa_capture needs a persistent connection "
                                     "(ansible_connection: ansible.netcommon.network_cli, "
                                     "ansible_network_os: cisco.asa.asa)", {"commands": []})
        return Connection(socket_path)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        args = checked_args(self._task.args, DOCUMENTATION)
        pcap_mode = args.get("pcap", "synthetic")
        if pcap_mode not in ("synthetic", "none"):
            return dict(result, failed=True, msg="pcap: %r is not one of synthetic, none" % (pcap_mode,))
        try:
            spec = validate_capture(dict((k, args[k]) for k in CAPTURE_ARGS if k in args))
        except AsaCaptureError as exc:
            return dict(result, failed=True, changed=False, msg=str(exc), field=exc.field)
        warnings = list(spec["warnings"])
        if self._play_context.check_mode:
            return dict(result, changed=True, check_mode=True, commands=check_mode_commands(spec),
                        commands_sent=[], warnings=warnings,
                        msg="check mode: nothing sent to the device")
        host = task_vars.get("inventory_hostname", "asa")
        dest = args.get("dest")
        base = os.path.join(os.path.expanduser(dest), "%s_%s" % (host, spec["name"])) if dest else None
        owned = _read_json(base + ".owned.json") if base else None
        try:
            run = run_capture(spec, _device_sender(self._connection_factory()), owned_record=owned)
        except AsaCaptureRunError as exc:
            return dict(result, failed=True, changed=bool(exc.result.get("created")), msg=str(exc),
                        commands_sent=exc.result.get("commands", []), removed=exc.result.get("removed", False),
                        warnings=warnings + [w for w in exc.result.get("warnings", []) if w not in warnings])
        files = []
        if base:
            files = self._write_files(base, spec, run, pcap_mode, host)
        return dict(result, changed=True, commands_sent=run["commands"], packets=run["packets"],
                    parsed_packets=len(run["parsed"]["packets"]), flows=run["flows"],
                    one_way_flows=run["one_way_flows"], bidirectional=bool(run["flows"]) and not run["one_way_flows"],
                    summary=run["summary"], removed=run["removed"], kept=spec["keep"],
                    stopped_by=run["stopped_by"], files=files, parsed=run["parsed"],
                    warnings=list(run["warnings"]))

    @staticmethod
    def _write_files(base, spec, run, pcap_mode, host):
        directory = os.path.dirname(base)
        if not os.path.isdir(directory):
            os.makedirs(directory)
        files = []
        stamp = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        document = {"host": host, "capture": spec["name"], "interface": spec["interface"],
                    "collected_utc": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "commands": run["commands"],
                    "captured": run["packets"], "packets": run["parsed"]["packets"], "flows": run["flows"],
                    "one_way_flows": run["one_way_flows"], "summary": run["summary"],
                    "pcap": "synthetic headers-only, rebuilt from 'show capture' text" if pcap_mode == "synthetic" else None}
        with open(base + ".json", "w") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
        files.append(base + ".json")
        if pcap_mode == "synthetic":
            with open(base + ".pcap", "wb") as handle:
                handle.write(pcap_bytes(run["parsed"]["packets"], stamp.date()))
            files.append(base + ".pcap")
        owned = base + ".owned.json"
        if spec["keep"]:
            with open(owned, "w") as handle:
                json.dump({"name": spec["name"], "interface": spec["interface"],
                           "matches": expected_list_matches(spec)}, handle)
            files.append(owned)
        elif os.path.exists(owned):
            os.remove(owned)
        return files


def _read_json(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError, ValueError):
        return None
