# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The capture run: read the list, check an ACL, create the capture(s), poll, read, always remove.

The device is reached only through an injected ``send(command) -> text`` callable, which raises
AsaDeviceError when the device (or the ASA terminal plugin, which fails any output matching
``error:``) rejects a command. The action plugin adapts Ansible's persistent Connection to it.
One run may hold three captures of the same flows (ingress, egress with NAT-mapped addresses,
asp-drop); all of them are removed at the end, whatever happens.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time as _time

from ansible_collections.pfne.netops.plugins.plugin_utils.common import refusals, send as engine

from ansible_collections.pfne.netops.plugins.plugin_utils.asa.acl import classify_acl
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import (
    MIXED_EXPLANATION,
    MIXED_POLICIES_ERROR,
    ONE_WAY_EXPLANATION,
    acl_command,
    asp_drop_commands,
    build_commands,
    count_command,
    dump_command,
    parse_capture_list,
    parse_captured_count,
    point_names,
    remove_command,
    show_command,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.parse import (
    capture_flows,
    capture_summary,
    one_way_flows,
    parse_asa_capture,
    verdict,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.path import (
    nat_pairs,
    packet_tracer_command,
    parse_packet_tracer,
    parse_xlate,
    path_summary,
    translate_match,
    where_it_died,
)


class AsaDeviceError(Exception):
    """The device refused a command (text of the refusal in ``output``)."""

    def __init__(self, command, output):
        self.command = command
        self.output = output
        super(AsaDeviceError, self).__init__("%s: %s" % (command, output))


class AsaConnectionLost(AsaDeviceError):
    """The connection failed (closed, timed out) while a command ran: not an answer of the device."""


def device_refused(message):
    """True when an error text is the device's own answer (the ASA table of common/refusals.py:
    `ERROR: ...`, `% ...`, `Command authorization failed`)."""
    return bool(refusals.raised_refusal(message, "asa"))


def _send_one(send, command):
    """One device change (create or remove) through the send engine: None when the ASA answered it,
    else the AsaDeviceError (a refusal) or AsaConnectionLost (in doubt) that names the command."""
    out = engine.send_lines(send, [command], "asa")
    if not out["failed"]:
        return None
    if out["refused"] is not None:
        return AsaDeviceError(command, out["reason"])
    return AsaConnectionLost(command, out["reason"])


class AsaCaptureRunError(Exception):
    """The run failed; ``result`` holds what was done (commands sent, whether removed)."""

    def __init__(self, message, result):
        self.result = result
        super(AsaCaptureRunError, self).__init__(message)


def explain_device_error(error, acl=None):
    text = str(error.output or "").strip()
    if isinstance(error, AsaConnectionLost):
        return ("the connection to the device was lost while '%s' ran (%s); the device did not refuse the "
                "command and the capture spec is not the cause" % (error.command, text))
    if "mixed policies" in text:
        name = acl or "?"
        return "the ASA refused '%s' with \"%s\": %s" % (
            error.command, text, MIXED_EXPLANATION % (name, MIXED_POLICIES_ERROR % name, name))
    if error.command.startswith("capture ") and "access-list" in error.command:
        return "the ASA refused the ACL-bound capture '%s': %s (%s)" % (error.command, text, ONE_WAY_EXPLANATION)
    return "the ASA refused '%s': %s" % (error.command, text)


def _plan(spec, pairs):
    """[(point, capture name, interface, create commands)] in creation order."""
    names = point_names(spec)
    plan = [("ingress", names["ingress"], spec["interface"], build_commands(spec))]
    if "egress" in names:
        egress = dict(spec, name=names["egress"], interface=spec["egress_interface"],
                      matches=[translate_match(m, pairs) for m in spec["matches"]])
        plan.append(("egress", names["egress"], spec["egress_interface"], build_commands(egress)))
    if "asp-drop" in names:
        matches = list(spec["matches"])
        for match in spec["matches"]:
            mapped = translate_match(match, pairs)
            if mapped != match and mapped not in matches:
                matches.append(mapped)
        plan.append(("asp-drop", names["asp-drop"], None, asp_drop_commands(names["asp-drop"], matches, spec["buffer"])))
    return plan


def check_mode_commands(spec, read="dump"):
    """What a real run would send, in order (check mode sends none of it)."""
    commands = [show_command()]
    if spec.get("access_list"):
        commands.append(acl_command(spec["access_list"]))
    if spec.get("egress_interface") and not spec.get("nat"):
        commands.append("show xlate")
    plan = _plan(spec, nat_pairs([], spec.get("nat")))
    for _point, _name, _iface, create in plan:
        commands += create
    commands.append(count_command(spec["name"]))
    for _point, name, _iface, _create in plan:
        commands.append(dump_command(name) if read == "dump" else show_command(name))
    if not spec.get("keep"):
        commands += [remove_command(name) for _p, name, _i, _c in plan] + [show_command()]
    return commands


def _refuse_acl(spec, send, result):
    """Read the bound ACL; refuse a one-way or standard ACL unless acknowledged. Returns its kind."""
    acl = classify_acl(spec["access_list"], send(acl_command(spec["access_list"])))
    result["access_list"] = {"name": spec["access_list"], "kind": acl["kind"], "reason": acl["reason"]}
    if acl["kind"] == "missing":
        raise AsaCaptureRunError(acl["reason"] + "; nothing was created", result)
    if acl["kind"] in ("standard", "one-way"):
        if not spec.get("access_list_one_way_ok"):
            raise AsaCaptureRunError("%s; %s Nothing was created." % (acl["reason"], ONE_WAY_EXPLANATION), result)
        result["warnings"].append("access_list: %s (one-way capture acknowledged)" % acl["reason"])
    return acl["kind"]


BULK_PACKETS = 2000     # from this many packets on, a direct SSH channel reads faster than network_cli


class _EarlyShell(object):
    """Opens the direct shell in a thread as soon as a large capture is on its way, so its login
    overlaps the polling; ``get()`` waits for it (and raises what opening it raised), ``close()``
    closes a shell nobody took."""

    def __init__(self, factory):
        self._box = {}
        self._thread = threading.Thread(target=self._open, args=(factory,))
        self._thread.daemon = True
        self._thread.start()

    def _open(self, factory):
        try:
            self._box["shell"] = factory()
        except Exception as exc:   # handed to get(), which falls back to network_cli
            self._box["error"] = exc

    def get(self):
        self._thread.join()
        if "error" in self._box:
            raise self._box["error"]
        return self._box.pop("shell")

    def close(self):
        self._thread.join()
        shell = self._box.pop("shell", None)
        if shell is not None:
            shell.close()


def _bulk_sender(result, send, bulk, count):
    """The send to read the captures with: a direct SSH channel for large captures when offered."""
    if bulk is None or (count or 0) < BULK_PACKETS:
        result["read_channel"] = "network_cli"
        return send
    try:
        shell = bulk()
    except Exception as exc:   # no credentials, host key, auth: network_cli still works
        result["warnings"].append("direct SSH read not possible (%s): reading through network_cli" % exc)
        result["read_channel"] = "network_cli"
        return send
    result["read_channel"] = "ssh"
    result["_bulk_shell"] = shell

    def direct(command):
        result["commands"].append(command)
        output = shell.run(command)
        if "ERROR:" in output:
            raise AsaDeviceError(command, output.strip())
        return output
    return direct


def _read(name, send, read, result):
    """One capture's text: the `dump` form (packet lines and frame bytes) or the plain one. The
    ASA always starts it with `N packets captured`; an answer without it was cut off."""
    command, text = None, None
    if read == "dump":
        command = dump_command(name)
        try:
            text, form = send(command), "dump"
        except AsaConnectionLost:
            raise
        except AsaDeviceError as exc:
            result["warnings"].append("'%s' refused (%s): read without frame bytes" % (exc.command, exc.output))
    if text is None:
        command = show_command(name)
        text, form = send(command), "text"
    if parse_captured_count(text) is None:
        raise AsaConnectionLost(command, "the answer ended without the 'packets captured' header (%r)"
                                % str(text)[:80])
    return text, form


def run_capture(spec, send, sleep=_time.sleep, clock=_time.monotonic, own=None, read="dump", bulk=None):
    """Run one capture (or the ingress/egress/asp-drop set). Returns a result dict; raises
    AsaCaptureRunError after cleanup on failure.

    ``own``: optional ``own(listed) -> {'leftovers', 'kept', 'in_use', 'unrecorded'}`` (see
    asa_capture_owner.sort_listed): leftovers of this collection's finished runs are removed (and the
    removal read back) before anything is created; captures of runs still going are left alone.
    ``read``: 'dump' (frame bytes, for a real pcap; falls back to text if refused) or 'text'.
    ``bulk``: optional factory of a direct shell (``.run(command)``, ``.close()``) used to read
    captures of BULK_PACKETS packets or more.
    """
    result = {"commands": [], "created": False, "removed": False, "removed_leftovers": [],
              "created_names": [], "warnings": list(spec.get("warnings", []))}

    def _send(command):
        result["commands"].append(command)
        return send(command)

    pairs = _prepare(spec, _send, own, result)
    plan = _plan(spec, pairs)
    failure = None
    try:
        _create(spec, plan, _send, result)
        _read_all(spec, plan, pairs, _send, result, sleep, clock, read, bulk)
        return result
    except AsaDeviceError as exc:
        failure = AsaCaptureRunError(explain_device_error(exc, spec.get("access_list")), result)
        raise failure
    except BaseException as exc:   # includes KeyboardInterrupt: cleanup below, then re-raise
        failure = exc
        raise
    finally:
        if result["created_names"] and not spec.get("keep"):
            _finally_remove(result, _send, bulk, failure)


def _prepare(spec, send, own, result):
    """Before anything is created: leftovers of earlier runs removed, name clashes refused, the bound ACL
    checked, the NAT pairs read (egress capture).  Returns the NAT pairs."""
    before = parse_capture_list(send(show_command()))
    if own is not None:
        before = _remove_leftovers(own(before), before, send, result, spec.get("keep"))
    for other in point_names(spec).values():
        if other not in before:
            continue
        raise AsaCaptureRunError(
            "capture %s already exists on the device and was not created by pfne.netops.asa_capture "
            "(interface %s, %s); it is left untouched. Choose another name, or remove it yourself with "
            "'no capture %s'." % (other, ", ".join(before[other]["interfaces"]) or "?",
                                  "; ".join(before[other]["matches"]) or
                                  ("access-list %s" % before[other]["access_list"]
                                   if before[other]["access_list"] else "no match"), other), result)
    if spec.get("access_list"):
        _refuse_acl(spec, send, result)
    pairs = nat_pairs([], spec.get("nat"))
    if spec.get("egress_interface") and not spec.get("nat"):
        pairs = nat_pairs(parse_xlate(send("show xlate")))
    result["nat"] = [{"real": r, "mapped": m} for r, m in sorted(pairs.items())]
    return pairs


def _create(spec, plan, send, result):
    """Create each capture through the send engine; the step that failed is named (a refusal, or the
    connection lost while it ran)."""
    for _point, cap, _iface, create in plan:
        result["created_names"].append(cap)      # recorded first: a lost answer may still have created it
        out = engine.send_lines(send, create, "asa")
        if out["failed"]:
            failed = AsaDeviceError(out["refused"], out["reason"]) if out["refused"] is not None else \
                AsaConnectionLost(out["in_doubt"][-1], out["reason"])
            raise AsaCaptureRunError(explain_device_error(failed, spec.get("access_list")), result)
        result.setdefault("confirmed_names", []).append(cap)
        result["created"] = True


def _read_all(spec, plan, pairs, send, result, sleep, clock, read, bulk):
    """Poll until the stop condition, then read and parse every capture."""
    # a capture that will reach BULK_PACKETS is read over the direct shell: start its login now
    early = _EarlyShell(bulk) if bulk is not None and (spec["stop"]["packets"] or 0) >= BULK_PACKETS else None
    try:
        count = _wait(spec, send, sleep, clock)
        started = clock()
        reader = _bulk_sender(result, send, early.get if early else bulk, count)
        try:
            _collect(spec, plan, pairs, reader, read, result, count, lambda: clock() - started)
        finally:
            shell = result.pop("_bulk_shell", None)
            if shell is not None:
                shell.close()
    finally:
        if early is not None:
            early.close()


def _finally_remove(result, send, bulk, failure):
    """Remove every capture this run made (a new shell after a loss), and name what may remain."""
    sender = _reconnecting(result, send, bulk)
    try:
        _cleanup(result, sender)
    finally:
        if sender.state["shell"] is not None:
            sender.state["shell"].close()
    left = [n for n in result.get("confirmed_names", []) if n not in result.get("removed_names", [])]
    if failure is not None and left and isinstance(failure, AsaCaptureRunError):
        failure.args = (str(failure) + "; capture(s) may remain on the device: remove with %s"
                        % "; ".join("'no capture %s'" % n for n in left),)


def _remove_leftovers(mine, before, send, result, keep):
    """Remove the captures earlier runs of this collection left behind (and, for a keep run, the
    ones kept before it), then read the list back: only what is gone is reported removed."""
    targets = mine["leftovers"] + (mine["kept"] if keep else [])
    for cap in mine["in_use"]:
        result["warnings"].append("capture %s belongs to a run of pfne.netops.asa_capture that is still going: "
                                  "left alone" % cap)
    for cap in mine["unrecorded"] + ([] if keep else mine["kept"]):
        result["warnings"].append("capture %s has this collection's run name but %s: left alone (remove it with "
                                  "'no capture %s' if no run uses it)"
                                  % (cap, "was kept by an earlier run" if cap in mine["kept"]
                                     else "no owned record on this controller", cap))
    if not targets:
        return before
    for cap in targets:
        failed = _send_one(send, remove_command(cap))
        if failed is not None and "does not exist" not in str(failed.output):
            raise AsaCaptureRunError("removing the leftover capture %s of an earlier run failed: %s; remove it "
                                     "with 'no capture %s'" % (cap, failed.output, cap), result)
    after = parse_capture_list(send(show_command()))
    result["removed_leftovers"] = [cap for cap in targets if cap not in after]
    for cap in targets:
        if cap in after:
            result["warnings"].append("leftover capture %s of an earlier run is still on the device: remove it "
                                      "with 'no capture %s'" % (cap, cap))
        else:
            result["warnings"].append("removed capture %s left behind by an earlier run" % cap)
    return after


def _wait(spec, send, sleep, clock):
    stop = spec["stop"]
    deadline = clock() + stop["seconds"]
    poll = count_command(spec["name"])
    while True:
        count = parse_captured_count(send(poll))
        if count is None and poll != show_command(spec["name"]):
            poll = show_command(spec["name"])   # device without output filters: read the header of the full output
            continue
        if stop["packets"] and count is not None and count >= stop["packets"]:
            return count
        if clock() >= deadline:
            return count
        sleep(min(stop["poll_interval"], max(0.0, deadline - clock())))


def _collect(spec, plan, pairs, send, read, result, count, elapsed):
    points = {}
    for point, cap, iface, _create in plan:
        raw, form = _read(cap, send, read, result)
        parsed = parse_asa_capture(raw)
        points[point] = {"name": cap, "interface": iface, "raw": raw, "form": form, "parsed": parsed}
    result["read_seconds"] = round(elapsed(), 3)     # the polling's end to every capture read and parsed
    ingress = points["ingress"]
    parsed = ingress["parsed"]
    flows = capture_flows([p for p in parsed["packets"] if p["protocol"] != "unknown"])
    stop = spec["stop"]
    result.update({
        "raw": ingress["raw"], "read_form": ingress["form"], "parsed": parsed, "packets": parsed["captured"],
        "flows": flows, "one_way_flows": one_way_flows(flows), "verdict": verdict(parsed, flows),
        "complete": not parsed["unparsed_count"], "points": points,
        "summary": capture_summary(spec["name"], parsed, flows),
        "stopped_by": "packets" if stop["packets"] and (count or 0) >= stop["packets"] else "seconds",
    })
    if parsed["unparsed_count"]:
        result["warnings"].append("capture %s: %d line(s) not understood (first: %s): the verdict is incomplete"
                                  % (spec["name"], parsed["unparsed_count"], parsed["unparsed"][0]))
    elif not flows:
        result["warnings"].append("capture %s saw no packets in %ss" % (spec["name"], stop["seconds"]))
    elif result["one_way_flows"]:
        result["warnings"].append("capture %s: %d of %d flow(s) seen one way only"
                                  % (spec["name"], len(result["one_way_flows"]), len(flows)))
    if len(points) > 1:
        _where(spec, points, pairs, send, result)


def _where(spec, points, pairs, send, result):
    """Per flow and direction: the last point that saw it; packet-tracer when nothing was captured."""
    path = {"ingress": (spec["interface"], points["ingress"]["parsed"]["packets"])}
    if "egress" in points:
        path["egress"] = (spec["egress_interface"], points["egress"]["parsed"]["packets"])
    if "asp-drop" in points:
        path["asp-drop"] = points["asp-drop"]["parsed"]["packets"]
    report = where_it_died(path, pairs)
    tracer = []
    if spec.get("packet_tracer") and not any(p["parsed"]["packets"] for p in points.values()):
        for match in spec["matches"]:
            command = packet_tracer_command(spec["interface"], match)
            if command:
                tracer.append({"command": command, "parsed": parse_packet_tracer(send(command))})
    result["path"] = report
    result["packet_tracer"] = tracer
    result["summary"] += "\nwhere the packets were last seen:\n" + (path_summary(report, tracer) or "  nothing captured")


def _reconnecting(result, send, bulk):
    """send, which on a lost connection opens a new direct shell (when offered) and carries on there."""
    state = {"shell": None}

    def cleanup_send(command):
        if state["shell"] is None:
            try:
                return send(command)
            except AsaConnectionLost as exc:
                if bulk is None:
                    raise
                try:
                    state["shell"] = bulk()
                except Exception:
                    raise exc
                result["warnings"].append("connection lost (%s): reconnected to remove the captures" % exc.output)
        result["commands"].append(command)
        output = state["shell"].run(command)
        if device_refused(output):
            raise AsaDeviceError(command, output.strip())
        return output
    cleanup_send.state = state
    return cleanup_send


def _remove_and_read(targets, send, removed, result):
    """`no capture` for each target, then `show capture`: the targets still listed."""
    for cap in targets:
        failed = _send_one(send, remove_command(cap))
        if failed is None or "does not exist" in str(failed.output):
            removed.append(cap)            # answered (or the create failed before anything existed)
        elif not isinstance(failed, AsaConnectionLost):
            result["warnings"].append("removing capture %s failed (%s): remove it with 'no capture %s'"
                                      % (cap, failed.output, cap))
        # a lost connection: the read-back below (on a new connection when offered) decides
    try:
        return [n for n in targets if n in parse_capture_list(send(show_command()))]
    except Exception as exc:
        result["warnings"].append("could not read 'show capture' to confirm the removal (%s)" % exc)
        return [n for n in targets if n not in removed]


def _cleanup(result, send):
    """`no capture` for every capture this run made, then read the list to confirm they are gone."""
    removed = result.setdefault("removed_names", [])
    confirmed = result.get("confirmed_names", [])
    targets = list(result["created_names"])
    if any(cap not in confirmed for cap in targets):
        # a refused create leaves nothing behind: remove only what the list shows
        try:
            listed = parse_capture_list(send(show_command()))
            targets = [cap for cap in targets if cap in confirmed or cap in listed]
            # what may be on the device now: a capture the ASA refused to create is not (its run record goes)
            result["created_names"] = list(targets)
        except Exception as exc:
            result["warnings"].append("could not read 'show capture' before cleanup (%s)" % exc)
    if not targets:
        result["left_on_device"] = []    # nothing was created: nothing to remove, nothing left
        return
    state = getattr(send, "state", {})
    shell_before = state.get("shell")
    left = _remove_and_read(targets, send, removed, result)
    if left and shell_before is None and state.get("shell") is not None:
        # the connection was lost during the removal and a new one opened: a `no capture` answered by
        # the dead channel proves nothing, so send it again on the new one and read again
        removed[:] = [n for n in removed if n not in left]
        left = _remove_and_read(left, send, removed, result)
    for cap in left:
        if cap in removed:
            removed.remove(cap)
        result["warnings"].append("capture %s is still on the device: remove it with 'no capture %s'" % (cap, cap))
    result["removed"] = not left and bool(removed)
    result["left_on_device"] = left
