# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One report file per run: a self-contained HTML page (or plain text) and the JSON it was drawn from.

The page is rendered by Jinja2 from the templates in ``templates/`` beside this file (shipped in the
collection): inline CSS and SVG, one small inline script that sorts and filters tables, nothing
fetched from anywhere, so it opens offline and as an AWX artifact. Every string of the model goes
through ``secret_log.mask`` before it is rendered or saved; both files are written mode 0600.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os
import re

import jinja2

from ansible_collections.pfne.netops.plugins.plugin_utils.common import artifacts
from ansible_collections.pfne.netops.plugins.plugin_utils.common import report_capture, report_ipsec, report_wlc
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
# plugins/plugin_utils/common/report.py -> the collection root (galaxy.yml in a checkout, MANIFEST.json installed)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
KINDS = {"wlc_audit": report_wlc.model, "asa_capture": report_capture.model, "ipsec": report_ipsec.model}
FORMATS = {"html": ".html", "text": ".txt"}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,120}$")
_VERSION_RE = re.compile(r"^version:\s*['\"]?([^'\"\s#]+)", re.M)


class ReportError(ValueError):
    """Bad input to the writer; the message names the field."""


def collection_version(root=ROOT):
    """The collection's version: MANIFEST.json of an installed collection, else galaxy.yml of a checkout."""
    try:
        with open(os.path.join(root, "MANIFEST.json")) as handle:
            return json.load(handle)["collection_info"]["version"]
    except (OSError, IOError, ValueError, KeyError):
        pass
    try:
        with open(os.path.join(root, "galaxy.yml")) as handle:
            found = _VERSION_RE.search(handle.read())
        return found.group(1) if found else "unknown"
    except (OSError, IOError):
        return "unknown"


def masked(value, secrets):
    """``value`` with every string in it (dict keys too) passed through secret_log.mask."""
    secrets = sorted(set(s for s in secrets if s), key=len, reverse=True)
    return _masked(value, secrets) if secrets else value


def _masked(value, secrets):
    if isinstance(value, dict):
        return dict((_masked(k, secrets), _masked(v, secrets)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_masked(v, secrets) for v in value]
    if isinstance(value, str) and any(s in value for s in secrets):
        return mask(value, secrets)
    return value


def environment():
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                              autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                                                  default_for_string=True),
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def build(kind, data, hosts, secrets=(), now=None, directory=None, version=None):
    """The report model: when, against which hosts, which collection version, and the kind's content."""
    if kind not in KINDS:
        raise ReportError("kind: expected one of %s, got %r" % (", ".join(sorted(KINDS)), kind))
    if not isinstance(data, dict):
        raise ReportError("data: expected a dict, got %s" % type(data).__name__)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        body = KINDS[kind](data, directory=directory, now=stamp)
    except (KeyError, TypeError, ValueError) as exc:
        text = str(exc).strip("'\"")
        raise ReportError(text if text.startswith("data") else "data (%s): %s" % (kind, text))
    model = dict(body, kind=kind, generated_utc=stamp, hosts=sorted(str(h) for h in hosts or []),
                 collection={"name": "pfne.netops", "version": version or collection_version()})
    return masked(model, secrets or [])


def render(model, fmt="html"):
    if fmt not in FORMATS:
        raise ReportError("format: expected html or text, got %r" % (fmt,))
    name = "%s.%s.j2" % (model["kind"], "html" if fmt == "html" else "txt")
    return environment().get_template(name).render(r=model)


def write(kind, data, directory, name, hosts, fmt="html", secrets=(), now=None):
    """Write <directory>/<name>.html (or .txt) and <name>.json; returns {report, json, files, text}."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ReportError("name: letters, digits, '_', '.', '-' (1-121 characters), got %r" % (name,))
    if fmt not in FORMATS:
        raise ReportError("format: expected html or text, got %r" % (fmt,))
    directory = os.path.abspath(os.path.expanduser(directory))
    model = build(kind, data, hosts, secrets, now, directory)
    text = render(model, fmt)
    artifacts.make_dir(directory)
    base = os.path.join(directory, name)
    with artifacts.open_private(base + ".json") as handle:
        handle.write(json.dumps(model, sort_keys=True))   # compact: the C encoder, fast for 10,000 arrows
    with artifacts.open_private(base + FORMATS[fmt]) as handle:
        handle.write(text)
    return {"report": base + FORMATS[fmt], "json": base + ".json", "files": [base + FORMATS[fmt], base + ".json"],
            "text": text.splitlines() if fmt == "text" else []}
