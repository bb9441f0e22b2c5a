# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which captures on an ASA belong to which run of pfne.netops.asa_capture.

Every run names its captures NAME_R<6 hex> (cut so that NAME_R<hex>_E / _D still fit the ASA's
32 characters), so two runs against one ASA never share a capture, and it writes an owned record on
the controller before it creates anything. A later run treats a capture as its own leftover only
when both agree: the name has the run pattern for the given NAME and a record names that capture
and its run is over (the process that wrote it is gone). A record whose run is still going marks a
capture in use by a concurrent run; a name with the pattern but no record is left alone with a
warning (another controller's run, or records lost), never called foreign.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import json
import os
import re
import socket

NAME_MAX = 32                    # the ASA's capture name limit
SUFFIX = "_R%s"                  # + 6 hex digits
STEM_MAX = NAME_MAX - 8 - 2      # room for _R<6 hex> and the _E / _D of the extra capture points


def new_run_token():
    return binascii.hexlify(os.urandom(3)).decode()


def run_name(name, token):
    """The capture name one run uses: NAME (cut to 22 characters) + _R + 6 hex digits."""
    return name[:STEM_MAX] + SUFFIX % token


def run_pattern(name):
    return re.compile(re.escape(name[:STEM_MAX]) + r"_R([0-9a-f]{6})(?:_E|_D)?")


def state_dir():
    """Where owned records live: one place per controller user, whatever O(dest) each run uses."""
    return os.environ.get("PFNE_ASA_CAPTURE_STATE_DIR") or os.path.join(
        os.path.expanduser("~"), ".ansible", "pfne_netops", "asa_capture_runs")


def _device_key(device):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(device))


def record_path(directory, device, name):
    return os.path.join(directory, "%s__%s.json" % (_device_key(device), name))


def write_record(directory, device, spec, names, keep):
    """Written before the first capture command: the run's names, its process and controller."""
    if not os.path.isdir(directory):
        os.makedirs(directory)
    record = {"device": str(device), "name": spec["name"], "names": list(names), "interface": spec["interface"],
              "pid": os.getpid(), "controller": socket.gethostname(), "keep": bool(keep)}
    path = record_path(directory, device, spec["name"])
    with open(path + ".tmp", "w") as handle:
        json.dump(record, handle)
    os.rename(path + ".tmp", path)
    return path


def drop_record(directory, device, name):
    try:
        os.remove(record_path(directory, device, name))
    except OSError:
        pass


def read_records(directory, device):
    """{capture name: record} for every capture name in this device's records."""
    prefix = _device_key(device) + "__"
    found = {}
    try:
        entries = os.listdir(directory)
    except OSError:
        return found
    for entry in entries:
        if not (entry.startswith(prefix) and entry.endswith(".json")):
            continue
        try:
            with open(os.path.join(directory, entry)) as handle:
                record = json.load(handle)
        except (IOError, OSError, ValueError):
            continue
        for name in record.get("names", []):
            found[name] = record
    return found


def run_is_over(record):
    """True when the run that wrote the record has ended (its process is gone on this controller).
    A record from another controller cannot be checked, so its run counts as still going."""
    if record.get("controller") != socket.gethostname():
        return False
    try:
        os.kill(int(record.get("pid")), 0)
    except ProcessLookupError:
        return True
    except (OSError, TypeError, ValueError):
        return False
    return False


def sort_listed(listed, name, records, over=run_is_over):
    """Split the listed captures that carry NAME's run pattern into leftovers (ours, run over:
    remove), kept (a finished run kept it on purpose: only another keep run replaces it), in_use
    (ours, run going: leave) and unrecorded (pattern, no record: leave)."""
    pattern = run_pattern(name)
    sorted_ = {"leftovers": [], "kept": [], "in_use": [], "unrecorded": []}
    for cap in sorted(listed):
        if not pattern.fullmatch(cap):
            continue
        record = records.get(cap)
        if record is None:
            sorted_["unrecorded"].append(cap)
        elif over(record):
            sorted_["kept" if record.get("keep") else "leftovers"].append(cap)
        else:
            sorted_["in_use"].append(cap)
    return sorted_
