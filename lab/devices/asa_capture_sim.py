"""ASA packet capture simulation: `capture`, `show capture [NAME [dump|packet-number N]]`,
`no capture`, `show xlate`, `packet-tracer`.

Traffic while any capture exists (`lab_capture_ticks_per_second` per host, default 2 ticks/s):
* allowed: the inside host (.10) pings 192.0.2.10; static NAT maps it to the outside address .10,
  so the outside interface sees the mapped address (request out, reply back in);
* blocked: the inside host sends TCP SYNs to 198.51.100.25:443, which `access-group INSIDE_IN`
  denies: seen on inside, dropped by the ASP (`acl-drop`), never on outside.
The access rule and NAT are read from the running-config, so changing them changes the traffic.

Captures: inline `match` records both directions; an ACL-bound capture records what each ACL line
matches as written (extended: src/dst as written, standard: the source only); an ACL mixing
standard and extended entries is refused with
`ERROR: Capture doesn't support access-list NAME containing mixed policies`.
`type asp-drop` captures record the dropped packets with `Drop-reason: (code) text, Drop-location: ...`.

Output formats (tests/unit/fixtures/asa/SOURCES.md): list form with indented `match`,
`N packets captured` (singular `1 packet captured`), packet lines, `N packets shown`; `dump` prints
each packet line (ICMP without the colon after the destination, as in ciscodump's real sample)
followed by `0x0000 a453 0ef3 ... .S....t.......E.` hex lines; `show xlate` as ntc-templates' ASA
sample; `packet-tracer` as ASA 9.x prints it (Phase blocks, then Result with Action/Drop-reason).
"""
import ipaddress
import struct
import time

from lab.extensions import rule

MIXED = "ERROR: Capture doesn't support access-list %s containing mixed policies\n"
PING_PEER = "192.0.2.10"
BLOCKED_PEER = "198.51.100.25"
BLOCKED_PORT = 443
HOST_SUFFIX = 10
ACL_DROP = ("acl-drop", "Flow is denied by configured rule")
DROP_LOCATION = "frame 0x00005611d409b518 flow (NA)/NA"
DEFAULT_BUFFER = 524288
MAX_TICKS = 2000000


def _captures(device):
    if not hasattr(device, "lab_captures"):
        device.lab_captures = {}
    return device.lab_captures


def _net(words, i):
    """(network | None for any, next index) of `host A` / `A MASK` / `any` at words[i]."""
    if words[i] in ("any", "any4"):
        return None, i + 1
    if words[i] == "host":
        return ipaddress.ip_network(words[i + 1] + "/32"), i + 2
    return ipaddress.ip_network("%s/%s" % (words[i], words[i + 1]), strict=False), i + 2


_PORTS = {"www": 80, "http": 80, "https": 443, "ssh": 22, "domain": 53, "telnet": 23, "ftp": 21, "smtp": 25}


def _port(words, i):
    """((op, ports) | None, next index)."""
    if i < len(words) and words[i] in ("eq", "neq", "lt", "gt"):
        return (words[i], int(_PORTS.get(words[i + 1], words[i + 1]))), i + 2
    if i < len(words) and words[i] == "range":
        return ("range", int(_PORTS.get(words[i + 1], words[i + 1])), int(_PORTS.get(words[i + 2], words[i + 2]))), i + 3
    return None, i


def _port_ok(spec, port):
    if spec is None:
        return True
    if port is None:
        return False
    op = spec[0]
    return {"eq": port == spec[1], "neq": port != spec[1], "lt": port < spec[1], "gt": port > spec[1],
            "range": op == "range" and spec[1] <= port <= spec[-1]}[op]


def _in(net, addr):
    return net is None or ipaddress.ip_address(addr) in net


def _proto_ok(proto, pkt):
    return proto == "ip" or proto == pkt["proto"]


def _acl_entries(device, name):
    out = []
    for node in device.config.find_prefix("access-list"):
        words = node.text.split()
        if len(words) < 5 or words[1] != name or words[2] not in ("extended", "standard"):
            continue
        if words[2] == "standard":
            src, _ = _net(words, 4)
            out.append({"kind": "standard", "action": words[3], "proto": "ip", "src": src, "sport": None,
                        "dst": None, "dport": None, "text": node.text})
            continue
        src, i = _net(words, 5)
        sport, i = _port(words, i)
        dst, i = _net(words, i)
        dport, i = _port(words, i)
        out.append({"kind": "extended", "action": words[3], "proto": words[4], "src": src, "sport": sport,
                    "dst": dst, "dport": dport, "text": node.text})
    return out


def _entry_matches(entry, pkt):
    if entry["kind"] == "standard":
        return _in(entry["src"], pkt["src"])
    return (_proto_ok(entry["proto"], pkt) and _in(entry["src"], pkt["src"]) and _in(entry["dst"], pkt["dst"])
            and _port_ok(entry["sport"], pkt.get("sport")) and _port_ok(entry["dport"], pkt.get("dport")))


def _access_rule(device, interface, pkt):
    """(permitted, access-group line, matching ACE or None) for a packet entering `interface`."""
    for node in device.config.find_prefix("access-group"):
        words = node.text.split()
        if len(words) >= 5 and words[2] == "in" and words[4] == interface:
            for entry in _acl_entries(device, words[1]):
                if _entry_matches(entry, pkt):
                    return entry["action"] == "permit", node.text, entry["text"]
            return False, node.text, None           # implicit deny at the end of the ACL
    return True, None, None                          # no ACL: higher to lower security level passes


def _static_nat(device):
    """{real: mapped} from `object network X` / ` host A` / ` nat (inside,outside) static B`."""
    pairs = {}
    for obj in device.config.find_prefix("object network"):
        host = nat = None
        for child in obj.children:
            words = child.text.split()
            if words[:1] == ["host"]:
                host = words[1]
            elif words[:1] == ["nat"] and "static" in words:
                nat = words[words.index("static") + 1]
        if host and nat:
            pairs[host] = (nat, obj.text.split()[2], obj.children)
    return pairs


def _addresses(device):
    inside = outside = None
    for node in device.config.find_prefix("interface"):
        texts = [c.text for c in node.children]
        addr = [t.split()[2] for t in texts if t.startswith("ip address ")]
        if "nameif inside" in texts and addr:
            inside = addr[0]
        if "nameif outside" in texts and addr:
            outside = addr[0]
    return inside, outside


# --- frames -------------------------------------------------------------------------------------

MACS = {"asa-inside": bytes.fromhex("78725dcee58d"), "asa-outside": bytes.fromhex("78725dcee58c"),
        "inside-host": bytes.fromhex("005056831234"), "gateway": bytes.fromhex("0050568a0b0c")}


def _checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def _ipv4(src, dst, proto, payload, ident):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64, proto, 0,
                         ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed)
    return header[:10] + struct.pack("!H", _checksum(header)) + header[12:] + payload


def _icmp(kind, ident, seq):
    payload = bytes(range(0x10, 0x10 + 56))
    body = struct.pack("!BBHHH", 8 if kind == "request" else 0, 0, 0, ident, seq) + payload
    return body[:2] + struct.pack("!H", _checksum(body)) + body[4:]


def _tcp(src, dst, sport, dport, seq):
    options = struct.pack("!BBH", 2, 4, 1460)
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, (5 + len(options) // 4) << 4, 0x02, 29200, 0, 0) + options
    pseudo = (ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
              + struct.pack("!BBH", 0, 6, len(header)))
    return header[:16] + struct.pack("!H", _checksum(pseudo + header)) + header[18:]


def _frame(pkt, view):
    """Ethernet frame of a packet as seen on `view` ('inside' or 'outside')."""
    src, dst = pkt[view + "_src"], pkt[view + "_dst"]
    if pkt["proto"] == "icmp":
        l4, proto = _icmp(pkt["kind"], pkt["ident"], pkt["seq"]), 1
    else:
        l4, proto = _tcp(src, dst, pkt["sport"], pkt["dport"], pkt["tcp_seq"]), 6
    # (destination MAC, source MAC) of the hop this interface sees
    if view == "inside":
        macs = (MACS["inside-host"], MACS["asa-inside"]) if pkt["inbound"] else (MACS["asa-inside"], MACS["inside-host"])
    else:
        macs = (MACS["asa-outside"], MACS["gateway"]) if pkt["inbound"] else (MACS["gateway"], MACS["asa-outside"])
    return macs[0] + macs[1] + b"\x08\x00" + _ipv4(src, dst, proto, l4, pkt["ipid"])


def _context(device):
    """What the traffic depends on in the running-config, read once per `show`."""
    inside_addr, _outside_addr = _addresses(device)
    host = inside_addr.rsplit(".", 1)[0] + ".%d" % HOST_SUFFIX
    return {"host": host, "mapped": _static_nat(device).get(host, (host,))[0], "fate": {}, "selected": {}, "rate": _rate(device)}


def _traffic(device, tick, ctx):
    """Packets of one tick (request/reply ping, blocked SYN), each with its inside/outside view and fate."""
    host, mapped = ctx["host"], ctx["mapped"]
    seq = tick % 65536
    request = {"proto": "icmp", "kind": "request", "src": host, "dst": PING_PEER, "ident": 0x0d4a, "seq": seq}
    reply = {"proto": "icmp", "kind": "reply", "src": PING_PEER, "dst": host, "ident": 0x0d4a, "seq": seq}
    syn = {"proto": "tcp", "src": host, "dst": BLOCKED_PEER, "sport": 40001, "dport": BLOCKED_PORT,
           "tcp_seq": 2669456341, "kind": "syn"}
    out = []
    for offset, pkt in ((0.0, request), (0.000512, reply), (0.5 / ctx["rate"], syn)):
        pkt = dict(pkt, offset=offset, ipid=(tick * 3 + len(out)) % 65536, inbound=pkt["src"] != host)
        pkt["inside_src"], pkt["inside_dst"] = pkt["src"], pkt["dst"]
        pkt["outside_src"] = mapped if pkt["src"] == host else pkt["src"]
        pkt["outside_dst"] = mapped if pkt["dst"] == host else pkt["dst"]
        if pkt["inbound"]:
            pkt["views"], pkt["drop"] = ("outside", "inside"), None     # reply of a permitted flow
        else:
            if pkt["kind"] not in ctx["fate"]:
                ctx["fate"][pkt["kind"]] = _access_rule(device, "inside", pkt)[0]
            permitted = ctx["fate"][pkt["kind"]]
            pkt["views"], pkt["drop"] = (("inside", "outside"), None) if permitted else (("inside",), ACL_DROP)
        if pkt["kind"] == "reply" and out and out[0]["drop"]:
            continue                                         # a dropped request gets no reply
        out.append(pkt)
    return out


# --- capture selection and rendering -----------------------------------------------------------

def _view_packet(pkt, view):
    return {"proto": pkt["proto"], "src": pkt[view + "_src"], "dst": pkt[view + "_dst"],
            "sport": pkt.get("sport"), "dport": pkt.get("dport")}


def _selected(device, cap, pkt):
    """The view under which this capture records the packet, or None."""
    if cap["type"] == "asp-drop":
        if not pkt["drop"]:
            return None
        views = ("inside",)
    else:
        views = [v for v in pkt["views"] if v in cap["interfaces"]]
    for view in views:
        seen = _view_packet(pkt, view)
        if cap["access_list"]:
            if any(_entry_matches(e, seen) for e in _acl_entries(device, cap["access_list"])):
                return view
        elif not cap["matches"]:
            return view
        else:
            for m in cap["matches"]:
                if not _proto_ok(m["proto"], seen):
                    continue
                forward = (_in(m["a"], seen["src"]) and _in(m["b"], seen["dst"])
                           and _port_ok(m["pa"], seen["sport"]) and _port_ok(m["pb"], seen["dport"]))
                backward = (_in(m["b"], seen["src"]) and _in(m["a"], seen["dst"])
                            and _port_ok(m["pb"], seen["sport"]) and _port_ok(m["pa"], seen["dport"]))
                if forward or backward:
                    return view
    return None


def _rate(device):
    return float(device.spec.get("lab_capture_ticks_per_second", 2))


def _packets(device, cap):
    """[(stamp, packet, view)] recorded so far (grows with time, bounded by the buffer)."""
    ticks = min(MAX_TICKS, int(max(0.0, time.time() - cap["created"]) * _rate(device)) + 1)
    records = cap.setdefault("records", [])
    limit = cap["buffer"] // 114            # ~ a 98-byte frame plus the ASA's per-packet overhead
    ctx = _context(device)
    while cap.get("ticks", 0) < ticks and len(records) < limit:
        tick = cap.get("ticks", 0)
        for pkt in _traffic(device, tick, ctx):
            # what a capture selects depends on the kind of packet, not on the tick
            if pkt["kind"] not in ctx["selected"]:
                ctx["selected"][pkt["kind"]] = _selected(device, cap, pkt)
            view = ctx["selected"][pkt["kind"]]
            if view is not None and len(records) < limit:
                records.append((cap["created"] + tick / _rate(device) + pkt["offset"], pkt, view))
        cap["ticks"] = tick + 1
    return records


def _line(stamp, pkt, view, dump):
    tm = time.gmtime(stamp)
    head = "%02d:%02d:%02d.%06d" % (tm.tm_hour, tm.tm_min, tm.tm_sec, int((stamp % 1) * 1000000))
    src, dst = pkt[view + "_src"], pkt[view + "_dst"]
    if pkt["proto"] == "icmp":
        # the plain listing prints `A > B: icmp:`, the dump form `A > B icmp:` (ciscodump's real sample)
        body = "%s > %s%s icmp: echo %s" % (src, dst, "" if dump else ":", pkt["kind"])
    else:
        body = "%s.%d > %s.%d: S %d:%d(0) win 29200 <mss 1460>" % (
            src, pkt["sport"], dst, pkt["dport"], pkt["tcp_seq"], pkt["tcp_seq"])
    if pkt["drop"] and view == "inside" and pkt.get("asp"):
        body += " Drop-reason: (%s) %s, Drop-location: %s" % (pkt["drop"] + (DROP_LOCATION,))
    return "%s       %s" % (head, body)


def _hex(frame):
    lines = []
    for offset in range(0, len(frame), 16):
        chunk = frame[offset:offset + 16]
        groups = " ".join(chunk[i:i + 2].hex() for i in range(0, len(chunk), 2))
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append("0x%04x %-40s%s" % (offset, groups + " ", text))
    return lines


def _render(cap, records, dump, only=None):
    lines = ["", "%d packet%s captured" % (len(records), "" if len(records) == 1 else "s"), ""]
    shown = 0
    asp = cap["type"] == "asp-drop"
    for number, (stamp, pkt, view) in enumerate(records, 1):
        if only is not None and number != only:
            continue
        shown += 1
        lines.append("%4d: %s" % (number, _line(stamp, dict(pkt, asp=asp), view, dump)))
        if dump:
            lines.extend(_hex(_frame(pkt, view)))
    lines.append("%d packet%s shown" % (shown, "" if shown == 1 else "s"))
    return "\n".join(lines) + "\n"


# --- commands ------------------------------------------------------------------------------------

@rule("asa", "exec", "capture <word> <line>")
def capture(session, match):
    name, rest = match.args[0], match.args[1].split()
    caps = _captures(session.device)
    cap = caps.get(name) or {"name": name, "type": "raw-data", "interfaces": [], "access_list": None,
                             "options": [], "matches": [], "created": time.time(), "buffer": DEFAULT_BUFFER}
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("interface", "int"):
            if rest[i + 1] not in cap["interfaces"]:
                cap["interfaces"].append(rest[i + 1])
            i += 2
        elif word == "access-list":
            entries = _acl_entries(session.device, rest[i + 1])
            if len(set(e["kind"] for e in entries)) > 1:
                return MIXED % rest[i + 1]
            cap["access_list"] = rest[i + 1]
            i += 2
        elif word == "type":
            cap["type"] = rest[i + 1]
            i += 2
            if cap["type"] == "asp-drop":
                cap["drop_code"] = rest[i] if i < len(rest) and rest[i] not in ("buffer", "match") else "all"
                i += 1 if i < len(rest) and rest[i] not in ("buffer", "match") else 0
        elif word in ("buffer", "packet-length"):
            cap["options"].append((word, rest[i + 1]))
            if word == "buffer":
                cap["buffer"] = int(rest[i + 1])
            i += 2
        elif word == "circular-buffer":
            cap["options"].append((word, None))
            i += 1
        elif word == "match":
            proto = rest[i + 1]
            a, j = _net(rest, i + 2)
            pa, j = _port(rest, j)
            b, j = _net(rest, j)
            pb, j = _port(rest, j)
            cap["matches"].append({"proto": proto, "a": a, "b": b, "pa": pa, "pb": pb,
                                   "text": " ".join(["match"] + rest[i + 1:j])})
            i = j
        else:
            return "ERROR: % Invalid input detected at '^' marker.\n"
    caps[name] = cap
    return ""


@rule("asa", "exec", "no capture <word> [<line>]")
def no_capture(session, match):
    caps = _captures(session.device)
    if match.args[0] not in caps:
        return "ERROR: Capture <%s> does not exist\n" % match.args[0]
    del caps[match.args[0]]
    return ""


@rule("asa", "exec", "show capture")
def show_list(session, match):
    out = []
    for cap in _captures(session.device).values():
        line = "capture %s type %s" % (cap["name"], cap["type"])
        if cap["type"] == "asp-drop":
            line += " %s" % cap.get("drop_code", "all")
        if cap["access_list"]:
            line += " access-list %s" % cap["access_list"]
        for opt, value in cap["options"]:
            if opt in ("buffer", "packet-length"):
                line += " %s %s" % (opt, value)
        line += "".join(" interface %s" % i for i in cap["interfaces"])
        if any(opt == "circular-buffer" for opt, _ in cap["options"]):
            line += " circular-buffer"
        records = _packets(session.device, cap)
        used = 114 * len(records)
        full = len(records) >= cap["buffer"] // 114
        line += " [%s - %d bytes]" % ("Buffer Full" if full else "Capturing", used)
        out.append(line)
        out.extend("  " + m["text"] for m in cap["matches"])
    return "\n".join(out) + ("\n" if out else "")


@rule("asa", "exec", "show capture <word> [<line>]")
def show_one(session, match):
    cap = _captures(session.device).get(match.args[0])
    if cap is None:
        return "ERROR: Capture <%s> does not exist\n" % match.args[0]
    words = (match.args[1] or "").split() if len(match.args) > 1 else []
    only = None
    if "packet-number" in words:
        only = int(words[words.index("packet-number") + 1])
    records = _packets(session.device, cap)
    return _render(cap, records, "dump" in words, only)


@rule("asa", "exec", "show xlate")
def show_xlate(session, match):
    pairs = _static_nat(session.device)
    lines = ["%d in use, %d most used" % (len(pairs), len(pairs)),
             "Flags: D - DNS, i - dynamic, r - portmap, s - static, I - identity, T - twice",
             "e - extended"]
    for real, (mapped, _obj, _children) in sorted(pairs.items()):
        lines.append("NAT from inside:%s to outside:%s flags s idle 0:00:12 timeout 0:00:00" % (real, mapped))
    return "\n".join(lines) + "\n"


@rule("asa", "exec", "packet-tracer input <word> <line>")
def packet_tracer(session, match):
    iface, words = match.args[0], match.args[1].split()
    proto = words[0]
    if proto == "icmp":
        pkt = {"proto": "icmp", "src": words[1], "dst": words[4], "sport": None, "dport": None}
    else:
        pkt = {"proto": proto, "src": words[1], "sport": int(words[2]), "dst": words[3], "dport": int(words[4])}
    device = session.device
    _inside, outside = _addresses(device)
    out_if = "outside" if iface == "inside" else "inside"
    phases = [("ROUTE-LOOKUP", "Resolve Egress Interface", "ALLOW", [],
               ["found next-hop %s using egress ifc  %s" % (outside.rsplit(".", 1)[0] + ".254", out_if)])]
    permitted, group, ace = _access_rule(device, iface, pkt)
    if group:
        phases.append(("ACCESS-LIST", "log", "ALLOW" if permitted else "DROP",
                       [group, ace] if ace else ["Implicit Rule"], []))
    if permitted:
        nat = _static_nat(device).get(pkt["src"])
        if nat:
            phases.append(("NAT", "", "ALLOW", ["object network %s" % nat[1]] + [c.text for c in nat[2] if c.text.startswith("nat ")],
                           ["Static translate %s/0 to %s/0" % (pkt["src"], nat[0])]))
        phases.append(("FLOW-CREATION", "", "ALLOW", [], ["New flow created with id 1234, packet dispatched to next module"]))
    lines = [""]
    for number, (kind, subtype, result, config, info) in enumerate(phases, 1):
        lines += ["Phase: %d" % number, "Type: %s" % kind, "Subtype: %s" % subtype, "Result: %s" % result,
                  "Config:"] + config + ["Additional Information:"] + info + [""]
    lines += ["Result:", "input-interface: %s" % iface, "input-status: up", "input-line-status: up",
              "output-interface: %s" % out_if, "output-status: up", "output-line-status: up",
              "Action: %s" % ("allow" if permitted else "drop")]
    if not permitted:
        lines.append("Drop-reason: (%s) %s" % ACL_DROP)
    return "\n".join(lines) + "\n\n"
