# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action for pfne.netops.asa_capture: validate, then run the capture over the persistent connection.

Documentation: plugins/modules/asa_capture.py. Logic: plugins/plugin_utils/asa/.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os

from ansible import constants as C
from ansible.module_utils.connection import Connection, ConnectionError
from ansible.plugins.action import ActionBase

from ansible_collections.pfne.netops.plugins.modules.asa_capture import DOCUMENTATION
from ansible_collections.pfne.netops.plugins.plugin_utils.common.action_args import checked_args
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import (
    AsaCaptureError,
    point_names,
    validate_capture,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.owner import (
    drop_record,
    new_run_token,
    read_records,
    run_name,
    sort_listed,
    state_dir,
    write_record,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.run import (
    AsaCaptureRunError,
    AsaConnectionLost,
    AsaDeviceError,
    check_mode_commands,
    device_refused,
    run_capture,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.pcap import pcap_bytes, pcap_from_frames
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.ssh_read import AsaShell
from ansible_collections.pfne.netops.plugins.plugin_utils.common import artifacts

CAPTURE_ARGS = ("name", "interface", "matches", "access_list", "access_list_one_way_ok", "buffer",
                "packet_length", "circular_buffer", "stop", "keep", "egress_interface", "nat", "asp_drop",
                "packet_tracer")
OTHER_ARGS = ("dest", "pcap", "read_channel", "return_packets")


def _device_sender(connection):
    def send(command):
        try:
            return connection.get(command=command)
        except ConnectionError as exc:
            # the ASA terminal plugin raises on any output matching 'error:' (case-insensitive); a lost
            # or timed-out connection raises the same class without the device's text
            message = getattr(exc, "message", None) or str(exc)
            if device_refused(message):
                raise AsaDeviceError(command, message)
            raise AsaConnectionLost(command, message)
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
        args = checked_args(self._task.args, DOCUMENTATION)   # types, choices, defaults from the module doc
        pcap_mode = args["pcap"]
        read_channel = args["read_channel"]
        try:
            # options not given come back as None from checked_args: leave them out so the spec applies its own defaults
            spec = validate_capture(dict((k, args[k]) for k in CAPTURE_ARGS if args.get(k) is not None))
        except AsaCaptureError as exc:
            return dict(result, failed=True, changed=False, msg=str(exc), field=exc.field)
        warnings = list(spec["warnings"])
        dest = args.get("dest")
        # frame bytes are only worth reading when a pcap of them is written
        read = "dump" if dest and pcap_mode in ("auto", "dump") else "text"
        # changed = the ASA is left different: a capture that is created, read and removed is an
        # operation that leaves no state (so a second run is changed=0); only `keep` leaves one behind
        given = spec["name"]
        # a name of its own per run: two runs against one ASA never share a capture (docs/concurrency.md)
        spec = dict(spec, name=run_name(given, new_run_token()))
        if self._play_context.check_mode:
            return dict(result, changed=spec["keep"], check_mode=True, commands=check_mode_commands(spec, read),
                        commands_sent=[], warnings=warnings,
                        msg="check mode: nothing sent to the device")
        host = task_vars.get("inventory_hostname", "asa")
        device = "%s_%s" % (self._play_context.remote_addr or host, self._play_context.port or 22)
        ledger = state_dir()
        records = read_records(ledger, device)
        write_record(ledger, device, spec, point_names(spec).values(), spec["keep"])

        def own(listed):
            return sort_listed(listed, given, records)
        base = os.path.join(os.path.expanduser(dest), "%s_%s" % (host, spec["name"])) if dest else None
        try:
            run = run_capture(spec, _device_sender(self._connection_factory()), own=own, read=read,
                              bulk=self._direct_shell if read_channel == "auto" else None)
        except AsaCaptureRunError as exc:
            self._settle_records(ledger, device, spec, exc.result)
            return dict(result, failed=True, changed=bool(exc.result.get("created")), msg=str(exc),
                        capture_name=spec["name"], commands_sent=exc.result.get("commands", []),
                        removed=exc.result.get("removed", False),
                        removed_leftovers=exc.result.get("removed_leftovers", []),
                        left_on_device=exc.result.get("left_on_device", []),
                        access_list=exc.result.get("access_list"),
                        warnings=warnings + [w for w in exc.result.get("warnings", []) if w not in warnings])
        self._settle_records(ledger, device, spec, run)
        return dict(result, **self._outcome(spec, run, base, pcap_mode, host, int(args.get("return_packets", 1000))))

    def _outcome(self, spec, run, base, pcap_mode, host, limit):
        """The task result of a run that went through (files written under dest)."""
        if run.get("left_on_device"):
            left = run["left_on_device"]
            return dict(failed=True, changed=True, commands_sent=run["commands"], removed=False,
                        capture_name=spec["name"], left_on_device=left, warnings=list(run["warnings"]),
                        msg="the capture ran, but %s could not be removed from the device; remove %s by hand: %s"
                            % (", ".join(left), "it" if len(left) == 1 else "them",
                               "; ".join("no capture %s" % name for name in left)))
        files, pcap_source = [], None
        if base:
            files, pcap_source = self._write_files(base, spec, run, pcap_mode, host)
            if pcap_mode == "dump" and pcap_source != "dump":
                run["warnings"].append("pcap: the device printed no frame bytes, so no pcap was written")
        # a registered variable of 100,000 packets costs seconds in Ansible itself: the JSON file under
        # dest holds them all, the result the first return_packets
        kept = run["parsed"]["packets"][:limit]
        parsed = dict(run["parsed"], packets=[_without_hex(p) for p in kept],
                      packets_truncated=len(kept) < len(run["parsed"]["packets"]))
        return dict(changed=spec["keep"], commands_sent=run["commands"], packets=run["packets"],
                    parsed_packets=len(run["parsed"]["packets"]), flows=run["flows"],
                    one_way_flows=run["one_way_flows"],
                    bidirectional=run["verdict"] == "both-ways", verdict=run["verdict"], complete=run["complete"],
                    unparsed_count=parsed["unparsed_count"], unparsed=parsed["unparsed"],
                    summary=run["summary"], removed=run["removed"], kept=spec["keep"],
                    stopped_by=run["stopped_by"], files=files, pcap_source=pcap_source, parsed=parsed,
                    access_list=run.get("access_list"), nat=run.get("nat"), path=run.get("path"),
                    asp_drops=_asp_drops(run, limit),
                    packet_tracer=run.get("packet_tracer"), read_channel=run.get("read_channel"),
                    read_seconds=run.get("read_seconds"),
                    capture_name=spec["name"], removed_leftovers=run["removed_leftovers"],
                    warnings=list(run["warnings"]))

    @staticmethod
    def _settle_records(ledger, device, spec, run):
        """Forget the leftovers read back as gone; forget this run's record unless a capture of it may
        still be on the device (kept, or not confirmed removed): the next run then removes it."""
        for cap in run.get("removed_leftovers", []):
            drop_record(ledger, device, cap.rsplit("_", 1)[0] if cap.endswith(("_E", "_D")) else cap)
        may_remain = run.get("left_on_device") or (run.get("created_names") and not run.get("removed"))
        if not spec["keep"] and not may_remain:
            drop_record(ledger, device, spec["name"])

    def _direct_shell(self):
        """A plain SSH shell with the persistent connection's credentials, for large reads."""
        pc = self._play_context
        return AsaShell(pc.remote_addr, pc.port or 22, pc.remote_user, password=pc.password,
                        enable_password=pc.become_pass, key_filename=pc.private_key_file,
                        timeout=max(60, int(pc.timeout or 0)), host_key_checking=C.HOST_KEY_CHECKING)

    @staticmethod
    def _write_files(base, spec, run, pcap_mode, host):
        directory = artifacts.make_dir(os.path.dirname(base))
        files = []
        stamp = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        source = None
        for point in run["points"].values():
            data, source_here = _pcap(point["parsed"]["packets"], pcap_mode, stamp.date())
            if data is None:
                continue
            path = os.path.join(directory, "%s_%s.pcap" % (host, point["name"]))
            with artifacts.open_private(path, "wb") as handle:   # frame bytes may carry credentials
                handle.write(data)
            files.append(path)
            source = source if source and source != source_here else source_here
        document = {"host": host, "capture": spec["name"], "interface": spec["interface"],
                    "collected_utc": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "commands": run["commands"],
                    "captured": run["packets"], "packets": [_without_hex(p) for p in run["parsed"]["packets"]],
                    "flows": run["flows"], "one_way_flows": run["one_way_flows"], "verdict": run["verdict"],
                    "unparsed_count": run["parsed"]["unparsed_count"], "summary": run["summary"],
                    "path": run.get("path"), "pcap_source": source,
                    "pcap": {"dump": "real frame bytes from 'show capture NAME dump'",
                             "synthetic": "synthetic headers-only, rebuilt from 'show capture' text"}.get(source)}
        with artifacts.open_private(base + ".json") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
        files.insert(0, base + ".json")
        return files, source


def _asp_drops(run, limit):
    """Packets of the asp-drop capture (the report marks them), or None without one."""
    point = run["points"].get("asp-drop")
    return None if point is None else [_without_hex(p) for p in point["parsed"]["packets"][:limit]]


def _without_hex(packet):
    """The packet without its frame bytes (kept in the pcap), with how many there were (frame_length)."""
    if "hex" not in packet:
        return packet
    return dict([(k, v) for k, v in packet.items() if k != "hex"] + [("frame_length", len(packet["hex"]) // 2)])


def _pcap(packets, mode, day):
    """(pcap bytes, 'dump' | 'synthetic') or (None, None): real bytes first, synthetic last."""
    if mode in ("auto", "dump") and any(p.get("hex") for p in packets):
        data, _written, _skipped = pcap_from_frames(packets, day)
        return data, "dump"
    if mode in ("auto", "synthetic"):
        return pcap_bytes(packets, day), "synthetic"
    return None, None
