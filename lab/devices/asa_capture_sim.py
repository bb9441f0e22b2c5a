"""ASA packet capture simulation (issue 5): `capture`, `show capture`, `no capture`.

Reproduces the write-up:
* inline `match` capture: both directions of the simulated ping (echo request and echo reply);
* `access-list` capture with one ACL line: only packets matching that line as written (one way);
* `access-list` capture whose extended ACL has lines for both directions: refused with
  `ERROR: Capture doesn't support access-list  containing mixed policies` (two spaces, as quoted).

Traffic: while a capture exists, a host behind the interface pings its peer once a second
(request then reply 0.5 ms later), so captures fill with time as on a real firewall.
Output formats follow tests/unit/fixtures/asa/SOURCES.md (list form with indented `match`,
`N packets captured`, packet lines `   N: HH:MM:SS.micro       A > B: icmp: echo request`, `N packets shown`).
"""
import ipaddress
import time

from lab.extensions import rule

MIXED = "ERROR: Capture doesn't support access-list  containing mixed policies\n"
PING_PEER = "192.0.2.10"        # default far end when the match names `any`
INSIDE_HOST = "10.20.1.10"


def _captures(device):
    if not hasattr(device, "lab_captures"):
        device.lab_captures = {}
    return device.lab_captures


def _addr(words, i):
    """Parse `host A` | `A MASK` | `any` at words[i]; return (network or None for any, next index)."""
    if words[i] in ("any", "any4"):
        return None, i + 1
    if words[i] == "host":
        return ipaddress.ip_network(words[i + 1] + "/32"), i + 2
    return ipaddress.ip_network("%s/%s" % (words[i], words[i + 1]), strict=False), i + 2


def _skip_port(words, i):
    if i < len(words) and words[i] in ("eq", "neq", "lt", "gt"):
        return i + 2
    if i < len(words) and words[i] == "range":
        return i + 3
    return i


def _acl_lines(device, name):
    prefix = "access-list %s " % name
    return [n.text for n in device.config.find_prefix("access-list") if n.text.startswith(prefix)]


def _acl_rule(text):
    """(protocol, src_net, dst_net) of `access-list N extended permit P SRC DST` / standard."""
    words = text.split()
    if words[2] == "standard":
        net, _ = _addr(words, 4)
        return ("ip", net, None)
    proto = words[4]
    src, i = _addr(words, 5)
    i = _skip_port(words, i)
    dst, _ = _addr(words, i)
    return (proto, src, dst)


@rule("asa", "exec", "capture <word> <line>")
def capture(session, match):
    name, rest = match.args[0], match.args[1].split()
    caps = _captures(session.device)
    cap = caps.get(name) or {"name": name, "interfaces": [], "access_list": None, "options": [],
                             "matches": [], "created": time.time()}
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("interface", "int"):
            if rest[i + 1] not in cap["interfaces"]:
                cap["interfaces"].append(rest[i + 1])
            i += 2
        elif word == "access-list":
            lines = _acl_lines(session.device, rest[i + 1])
            rules = [_acl_rule(t) for t in lines]
            pairs = set((str(s), str(d)) for _, s, d in rules)
            if any((d, s) in pairs for s, d in pairs if s != d):
                return MIXED
            cap["access_list"] = rest[i + 1]
            i += 2
        elif word in ("buffer", "packet-length", "type"):
            cap["options"].append((word, rest[i + 1]))
            i += 2
        elif word == "circular-buffer":
            cap["options"].append((word, None))
            i += 1
        elif word == "match":
            proto = rest[i + 1]
            src, j = _addr(rest, i + 2)
            j = _skip_port(rest, j)
            dst, j = _addr(rest, j)
            j = _skip_port(rest, j)
            text = " ".join(rest[i:j])
            text = text.replace(" 255.255.255.255", "").replace("match %s " % proto, "match %s " % proto)
            cap["matches"].append({"proto": proto, "a": src, "b": dst, "text": _list_text(proto, src, dst)})
            i = j
        else:
            return "ERROR: % Invalid input detected at '^' marker.\n"
    caps[name] = cap
    return ""


def _list_text(proto, a, b):
    def one(net):
        if net is None:
            return "any"
        if net.prefixlen == 32:
            return "host %s" % net.network_address
        return "%s %s" % (net.network_address, net.netmask)
    return "match %s %s %s" % (proto, one(a), one(b))


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
        line = "capture %s type raw-data" % cap["name"]
        if cap["access_list"]:
            line += " access-list %s" % cap["access_list"]
        for opt, value in cap["options"]:
            if opt in ("buffer", "packet-length"):
                line += " %s %s" % (opt, value)
        line += "".join(" interface %s" % i for i in cap["interfaces"])
        if any(opt == "circular-buffer" for opt, _ in cap["options"]):
            line += " circular-buffer"
        line += " [Capturing - %d bytes]" % (98 * len(_packets(session.device, cap)))
        out.append(line)
        out.extend("  " + m["text"] for m in cap["matches"])
    return "\n".join(out) + ("\n" if out else "")


def _flows(device, cap):
    """(src, dst) ping pairs this capture can see."""
    pairs = []
    for m in cap["matches"]:
        a = str(m["a"].network_address) if m["a"] is not None else INSIDE_HOST
        b = str(m["b"].network_address) if m["b"] is not None else PING_PEER
        pairs.append((a, b))
    if cap["access_list"]:
        for proto, src, dst in (_acl_rule(t) for t in _acl_lines(device, cap["access_list"])):
            a = str(src.network_address) if src is not None else INSIDE_HOST
            b = str(dst.network_address) if dst is not None else PING_PEER
            pairs.append((a, b))
    return pairs


def _packets(device, cap):
    """Ping once a second since the capture started; inline match: both directions; ACL: as written."""
    seconds = int(max(0.0, time.time() - cap["created"]) * 2) + 1   # sped up: two pings per second
    out = []
    for k in range(min(seconds, 500)):
        base = cap["created"] + k * 0.5
        for a, b in _flows(device, cap):
            out.append((base, a, b, "icmp: echo request"))
            if not cap["access_list"]:
                out.append((base + 0.000512, b, a, "icmp: echo reply"))
    return out


@rule("asa", "exec", "show capture <word>")
def show_one(session, match):
    cap = _captures(session.device).get(match.args[0])
    if cap is None:
        return "ERROR: Capture <%s> does not exist\n" % match.args[0]
    packets = _packets(session.device, cap)
    lines = ["", "%d packets captured" % len(packets), ""]
    for n, (stamp, a, b, info) in enumerate(packets, 1):
        tm = time.gmtime(stamp)
        lines.append("%4d: %02d:%02d:%02d.%06d       %s > %s: %s" % (
            n, tm.tm_hour, tm.tm_min, tm.tm_sec, int((stamp % 1) * 1000000), a, b, info))
    lines.append("%d packets shown" % len(packets))
    return "\n".join(lines) + "\n"
