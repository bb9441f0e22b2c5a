# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access point CAPWAP/DTLS log lines -> normalised events, each expired
certificate tagged with whose certificate it was.

Who owns an expired certificate the AP logs (see FIELD-FACTS, CAUTION):
  controller     the AP verified its peer and rejected it: ``Peer certificate
                 verification failed``, ``Certificate verified failed!``, a
                 ``Bad certificate`` alert *sent* to the controller, or AP-COS
                 ``Cert Verification FAILED with error 10`` with the peer's DN.
  image_signing  the AP checked a downloaded image (FN72524 / CSCwd80290):
                 ``Image signing certificate validation failed``, ``AP image
                 integrity check FAILED``, or the image-signing serial.
  ap             never from the AP's own log: an AP whose MIC expired
                 *receives* ``Certificate unknown`` alerts (kind
                 cert_unknown_alert); the controller logs the expiry.
  unknown        an expiry line with nothing around it that tells.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.certs import CertParseError, ios_date, unwrap_date

IOS_TS = r"[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?"
IOS_LINE_RE = re.compile(r"^[*.]?(?P<ts>%s):\s*(?:%%(?P<mnemonic>[A-Z0-9_]+-\d-[A-Z0-9_]+):\s*)?(?P<rest>.*)$"
                         % IOS_TS)
# Console output and pastes without `service timestamps`: the message starts at its mnemonic.
BARE_LINE_RE = re.compile(r"^[*.]?%(?P<mnemonic>[A-Z0-9_]+-\d-[A-Z0-9_]+):\s*(?P<rest>.*)$")
COS_LINE_RE = re.compile(r"^\[\*?(?P<ts>\d{2}/\d{2}/\d{4}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?)\]\s?(?P<rest>.*)$")
# Mail and forum copies join several log lines into one: split before each timestamp.
SPLIT_RE = re.compile(r"(?<=\S)\s*(?=\*%s:)" % IOS_TS)
# `show logging` header lines (IOS): not log events
HEADER_RE = re.compile(r"^(?:Syslog logging:|Log Buffer \(|(?:Console|Monitor|Buffer|Trap|Persistent|File) logging:|"
                       r"Logging (?:Exception|to )|Count and timestamp logging|No Active Message Discriminator|"
                       r"No Inactive Message Discriminator|Timestamp logging:)")
DN_RE = re.compile(r"^/(?:[A-Za-z]+=[^/]*/?)+$")
IP = r"(\d{1,3}(?:\.\d{1,3}){3})"
KINDS = ("dtls_request", "cert_unknown_alert", "cert_alert_received", "bad_cert_alert_sent", "close_notify",
         "cert_expired", "peer_verify_failed", "image_signing_failed", "other")
OWNERS = ("controller", "ap", "image_signing", "unknown")
# The IOS AP image-signing certificate of FN72524 / CSCwd80290 (ended 21:43:46 UTC Dec 4 2022).
IMAGE_SIGNING_SERIALS = ("4E78A210000000000007",)
IMAGE_SIGNING_END = "2022-12-04T21:43:46Z"
CONTEXT_AFTER = 6  # events after an expiry line that still explain it (same handshake or download)


def _kind(mnemonic, rest):
    low = rest.lower()
    if mnemonic == "CAPWAP-5-DTLSREQSEND":
        return "dtls_request"
    if mnemonic == "PKI-3-CERTIFICATE_INVALID_EXPIRED" or "validity period ended" in low \
            or re.search(r"cert verification failed with error 10\b", low):
        return "cert_expired"
    if "certificate unknown alert" in low and "received" in low:
        return "cert_unknown_alert"
    if "bad certificate alert received" in low:
        return "cert_alert_received"
    if "send fatal" in low and "bad certificate" in low:
        return "bad_cert_alert_sent"
    if "close notify" in low:
        return "close_notify"
    if "image signing certificate validation failed" in low or "image integrity check failed" in low \
            or "digital signature failed validation" in low:
        return "image_signing_failed"
    if "peer certificate verification failed" in low or "certificate verified failed" in low:
        return "peer_verify_failed"
    return "other"


def _peer(rest):
    m = re.search(r"peer_ip:\s*" + IP, rest) or re.search(r"\b(?:from|to)\s+" + IP, rest)
    return m.group(1) if m else None


def _split(text):
    for raw in text.splitlines():
        for part in SPLIT_RE.split(raw.strip()):
            yield part.strip()


def _event(ts, mnemonic, rest):
    ev = {"timestamp": " ".join(ts.split()) if ts else None, "mnemonic": mnemonic, "peer": _peer(rest),
          "kind": _kind(mnemonic, rest), "text": rest.strip(), "detail": []}
    if ev["kind"] == "cert_expired":
        ev.update(expired_on=None, expired_on_wrapped=False, certificate_serial=None, subject=None)
    return ev


def _expiry_fields(ev):
    """Serial and end date of an expiry message, read from its line and the lines continuing it
    (consoles and pastes print `The certificate (SN: ...) has expired.` and `Validity period ended
    on ...` on lines of their own). An end date printed wrapped by a 32-bit clock is unwrapped."""
    whole = " ".join([ev["text"]] + ev["detail"])
    end = re.search(r"ended on (\d{1,2}:\d{2}:\d{2}(?:\.\d+)? (?:UTC|GMT) [A-Z][a-z]{2} \d{1,2} \d{4})", whole)
    try:
        printed = ios_date(end.group(1)) if end else None
    except CertParseError:
        printed = None
    if printed:
        ev["expired_on"], ev["expired_on_wrapped"] = unwrap_date(printed)
        if ev["expired_on_wrapped"]:
            ev["expired_on_printed"] = printed
    sn = re.search(r"\(SN:\s*([0-9A-Fa-f]+)\)", whole)
    ev["certificate_serial"] = sn.group(1).upper() if sn else None


def _owner(events, i):
    """(cert_owner, reason) of the cert_expired event at index i, from its own
    lines and the events around it."""
    ev = events[i]
    own = " ".join([ev["text"]] + ev["detail"]).lower()
    if ev.get("certificate_serial") in IMAGE_SIGNING_SERIALS or ev.get("expired_on") == IMAGE_SIGNING_END:
        return "image_signing", "the image-signing certificate of FN72524 (SN 4E78A210000000000007)"
    if "peer certificate verification failed" in own:
        return "controller", "own line: Peer certificate verification failed"
    after = []
    for other in events[i + 1:i + 1 + CONTEXT_AFTER]:
        if other["kind"] in ("cert_expired", "dtls_request"):
            break
        after.append(other)
    before = events[max(0, i - 2):i]
    if any(o["kind"] == "image_signing_failed" for o in after) or any(
            "image signing validation" in o["text"].lower() for o in before):
        hit = [o for o in after if o["kind"] == "image_signing_failed"] or before
        return "image_signing", "next to: %s" % hit[0]["text"]
    for other in after:
        if other["kind"] in ("peer_verify_failed", "bad_cert_alert_sent"):
            return "controller", "followed by: %s" % other["text"]
    if ev.get("subject"):
        return "controller", "the AP rejected its peer's certificate %s" % ev["subject"]
    return "unknown", "no verification context around the line"


def capwap_log_report(text):
    """AP log text -> {'events': [...], 'unparsed': [lines]}.

    A message may carry a timestamp (``*Dec 2 16:33:46.235: %FAC-SEV-MNEMONIC: ...``) or
    start at its mnemonic (console output, pastes: ``timestamp`` None). Lines without
    either continue the event before them (``detail``; an expiry message's serial and end
    date are read from them too; an AP-COS DN line becomes the event's ``subject``); lines
    before the first event are returned in ``unparsed``, never dropped silently.
    """
    if not isinstance(text, str):
        raise ValueError("parse_capwap_log: expected log text, got %s" % type(text).__name__)
    events, unparsed = [], []
    # IOS `show logging`: everything before `Log Buffer (N bytes):` is the logging header (its wrapped
    # `filtering disabled`, `Exception Logging:`, syslog host blocks ...), not log lines
    if "\nLog Buffer (" in text:
        text = text.partition("\nLog Buffer (")[2].partition("\n")[2]
    for line in _split(text):
        if not line or HEADER_RE.match(line):
            continue
        m = IOS_LINE_RE.match(line) or BARE_LINE_RE.match(line)
        cos = None if m else COS_LINE_RE.match(line)
        if m:
            events.append(_event(m.groupdict().get("ts"), m.group("mnemonic"), m.group("rest")))
            continue
        body = cos.group("rest").strip() if cos else line
        prev = events[-1] if events else None
        if cos and not body:
            continue  # AP-COS prints empty timestamped lines between parts of one message
        if cos and not DN_RE.match(body):
            events.append(_event(cos.group("ts"), None, body))
        elif prev is not None:
            prev["detail"].append(body)
            if DN_RE.match(body) and prev["kind"] == "cert_expired" and not prev["subject"]:
                prev["subject"] = body
        else:
            unparsed.append(line)
    for i, ev in enumerate(events):
        ev["message"] = " ".join([ev["text"]] + ev["detail"])   # the message with its continuation lines
        if ev["kind"] == "cert_expired":
            _expiry_fields(ev)
            ev["cert_owner"], ev["owner_reason"] = _owner(events, i)
    return {"events": events, "unparsed": unparsed}


def parse_capwap_log(text):
    """AP log text (IOS ``show logging`` or AP-COS console) -> list of events.

    Each: timestamp (as printed, None when the message has none), mnemonic (None when the line has none),
    peer, kind (see KINDS), text, detail (following lines without a
    timestamp), message (text and detail joined).  cert_expired events also carry cert_owner (controller / ap /
    image_signing / unknown) with owner_reason, expired_on (ISO, when
    printed; expired_on_wrapped when a 32-bit clock printed it before 1970),
    certificate_serial and subject (AP-COS DN).
    """
    return capwap_log_report(text)["events"]
