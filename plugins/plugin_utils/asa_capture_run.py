# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The capture run: read the list, create, poll, read, always remove. Plain Python.

The device is reached only through an injected ``send(command) -> text`` callable, which raises
AsaDeviceError when the device (or the ASA terminal plugin, which fails any output matching
``error:``) rejects a command. The action plugin adapts Ansible's persistent Connection to it.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time as _time

from ansible_collections.pfne.netops.plugins.plugin_utils.asa_capture import (
    MIXED_POLICIES_ERROR,
    ONE_WAY_EXPLANATION,
    build_commands,
    count_command,
    is_ours,
    parse_capture_list,
    parse_captured_count,
    remove_command,
    show_command,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa_capture_parse import (
    capture_flows,
    capture_summary,
    one_way_flows,
    parse_asa_capture,
)


class AsaDeviceError(Exception):
    """The device refused a command (text of the refusal in ``output``)."""

    def __init__(self, command, output):
        self.command = command
        self.output = output
        super(AsaDeviceError, self).__init__("%s: %s" % (command, output))


class AsaCaptureRunError(Exception):
    """The run failed; ``result`` holds what was done (commands sent, whether removed)."""

    def __init__(self, message, result):
        self.result = result
        super(AsaCaptureRunError, self).__init__(message)


def explain_device_error(error):
    text = str(error.output or "")
    if "mixed policies" in text:
        return ("the ASA refused '%s' with \"%s\": %s" % (error.command, MIXED_POLICIES_ERROR, ONE_WAY_EXPLANATION))
    if error.command.startswith("capture ") and "access-list" in error.command:
        return "the ASA refused the ACL-bound capture '%s': %s (%s)" % (error.command, text.strip(), ONE_WAY_EXPLANATION)
    return "the ASA refused '%s': %s" % (error.command, text.strip())


def check_mode_commands(spec):
    """What a real run would send, in order (check mode sends none of it)."""
    commands = [show_command()] + build_commands(spec) + [count_command(spec["name"]), show_command(spec["name"])]
    if not spec.get("keep"):
        commands.append(remove_command(spec["name"]))
    return commands


def run_capture(spec, send, sleep=_time.sleep, clock=_time.monotonic, owned_record=None):
    """Run one capture. Returns a result dict; raises AsaCaptureRunError after cleanup on failure.

    ``owned_record``: a previous run's record of a capture it kept (same name); a listed capture is
    only replaced when it matches that record exactly, anything else is foreign and left alone.
    """
    name = spec["name"]
    result = {"commands": [], "created": False, "removed": False, "replaced_own": False,
              "warnings": list(spec.get("warnings", []))}

    def _send(command):
        result["commands"].append(command)
        return send(command)

    before = parse_capture_list(_send(show_command()))
    if name in before:
        if owned_record and is_ours(before[name], spec) and owned_record.get("matches") == before[name]["matches"]:
            _send(remove_command(name))
            result["replaced_own"] = True
        else:
            raise AsaCaptureRunError(
                "capture %s already exists on the device and was not created by pfne.netops.asa_capture "
                "(interface %s, %s); it is left untouched. Choose another name, or remove it yourself with "
                "'no capture %s'." % (name, ", ".join(before[name]["interfaces"]) or "?",
                                      "; ".join(before[name]["matches"]) or
                                      ("access-list %s" % before[name]["access_list"]
                                       if before[name]["access_list"] else "no match"), name), result)

    attempted = False
    failure = None
    try:
        for command in build_commands(spec):
            attempted = True
            try:
                _send(command)
            except AsaDeviceError as exc:
                raise AsaCaptureRunError(explain_device_error(exc), result)
            result["created"] = True
        stop = spec["stop"]
        deadline = clock() + stop["seconds"]
        poll = count_command(name)
        count = None
        while True:
            text = _send(poll)
            count = parse_captured_count(text)
            if count is None and poll != show_command(name):
                poll = show_command(name)   # device without output filters: read the header of the full output
                continue
            if stop["packets"] and count is not None and count >= stop["packets"]:
                break
            if clock() >= deadline:
                break
            sleep(min(stop["poll_interval"], max(0.0, deadline - clock())))
        raw = _send(show_command(name))
        parsed = parse_asa_capture(raw)
        flows = capture_flows(parsed["packets"])
        result.update({
            "raw": raw,
            "parsed": parsed,
            "packets": parsed["captured"],
            "flows": flows,
            "one_way_flows": one_way_flows(flows),
            "summary": capture_summary(name, parsed, flows),
            "stopped_by": "packets" if stop["packets"] and (count or 0) >= stop["packets"] else "seconds",
        })
        if not flows:
            result["warnings"].append("capture %s saw no packets in %ss" % (name, stop["seconds"]))
        elif result["one_way_flows"]:
            result["warnings"].append("capture %s: %d of %d flow(s) seen one way only"
                                      % (name, len(result["one_way_flows"]), len(flows)))
        return result
    except AsaDeviceError as exc:
        failure = AsaCaptureRunError(explain_device_error(exc), result)
        raise failure
    except BaseException as exc:   # includes KeyboardInterrupt: cleanup below, then re-raise
        failure = exc
        raise
    finally:
        if attempted and not spec.get("keep"):
            _cleanup(name, result, _send, created=result["created"])
            if failure is not None and not result["removed"] and isinstance(failure, AsaCaptureRunError):
                failure.args = (str(failure) + "; capture %s may remain on the device: remove it with 'no capture %s'"
                                % (name, name),)


def _cleanup(name, result, send, created):
    try:
        if not created:
            # the create command failed: remove only if it left a capture behind (it did not exist before)
            if name not in parse_capture_list(send(show_command())):
                return
        send(remove_command(name))
        result["removed"] = True
    except Exception as exc:  # the connection may be gone; report, do not mask the original error
        result["warnings"].append("removing capture %s failed (%s): remove it with 'no capture %s'" % (name, exc, name))
