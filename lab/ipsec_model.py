"""The lab's IPsec negotiation model: what two devices' typed configurations make of a tunnel.

Used by lab/fabric_ipsec.py (states, SAs, counters) and lab/fabric_doctor.py (log lines), so every
output of a device tells the same story.  The model reads each end's configuration as the device holds
it (IOS running-config tree, RouterOS tables) and walks the negotiation the way the devices do:

  1. a peer entry on both sides that names the other's address, and IKE getting through (the device's
     own input rules: IOS `ip access-group NAME in` on the WAN interface, RouterOS `/ip firewall filter`
     chain=input; an initiator's answer comes back as an established connection),
  2. the same IKE version, 3. a common phase-1 proposal, 4. the same pre-shared key,
  5. (IKEv2) each side's identity accepted by the other's match (IOS `identity local` / `match identity
     remote`, RouterOS identity `my-id` / `remote-id`),
  6. phase 2: a crypto map bound to an interface (IOS), a valid enabled policy (RouterOS), a common ESP
     transform, the same PFS group, mirrored selectors,
  7. traffic (the lab's test traffic, 10 packets each way per flow): NAT that catches the tunnel's traffic
     before the policy (IOS `ip nat inside source list` without a deny for the tunnel; RouterOS srcnat
     masquerade/src-nat or a forward fasttrack before any exemption) sends it in clear (encaps 0);
     ESP dropped by the receiver's own input rules, by a path fault (host var `lab_path_drops_esp_from`)
     or by a NAT device in the path (host var `lab_nat_in_path`) with NAT-T off on either side is never
     decapsulated.
Data-plane rules (NAT, input firewall, path) apply to devices started from a hand-typed configuration
(`lab_startup_config`) or with `lab_dataplane: true`; devices configured from the lab's stock initial
configuration keep the control-plane model (their stock NAT rule stands for an exemption).

Reasons (the lab's own words, not the collection's vocabulary): no-answer, version, ph1-proposal, psk,
identity, not-bound, policy, ph2-proposal, pfs, selectors, up.
"""
import ipaddress

from lab import fabric_ipsec as fab

PACKETS = 10
PHASE1_DONE = ("not-bound", "policy", "ph2-proposal", "pfs", "selectors", "up")


def _net(text):
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def _within(addr, net_text):
    net = _net(net_text) if net_text else None
    return net is None or ipaddress.ip_network(addr, strict=False).subnet_of(net) if net else True


def dataplane(device):
    return bool(device.spec.get("lab_startup_config") or device.spec.get("lab_dataplane"))


# ------------------------------------------------------------------ IOS
def _top(device, prefix):
    return [c for c in device.config.children if c.text.startswith(prefix)]


def _acl_rules(device, name):
    """[(action, proto, src, dst, port)] of a named extended ACL (port: `eq` value or None)."""
    out = []
    for node in _top(device, "ip access-list extended %s" % name)[:1]:
        for child in node.children:
            w = child.text.split()
            if len(w) < 2 or w[0] not in ("permit", "deny"):
                continue
            nets, rest = fab.acl_operands(w[2:])
            if len(nets) < 2:
                continue
            port = rest[1] if len(rest) > 1 and rest[0] == "eq" else None
            out.append((w[0], w[1], nets[0], nets[1], {"isakmp": "500", "non500-isakmp": "4500"}.get(port, port)))
    return out


def _acl_verdict(rules, proto, src, dst, port=None):
    for action, rproto, rsrc, rdst, rport in rules:
        if rproto not in ("ip", proto) or (rport and rport != port):
            continue
        if _within(src, rsrc) and _within(dst, rdst):
            return action
    return "deny"


def _ios_identity(device, profile):
    local, remote = None, []
    for node in _top(device, "crypto ikev2 profile %s" % profile)[:1] if profile else []:
        for kid in (c.text for c in node.children):
            w = kid.split()
            if kid.startswith("identity local "):
                local = (w[2], w[3])
            elif kid.startswith("match identity remote ") and w[3] in ("address", "fqdn"):
                remote.append((w[3], w[4]))
    return local, remote


def _ios_extra(device, end):
    end["local_id"], end["remote_match"] = _ios_identity(device, end.get("profile"))
    end["local_id"] = end["local_id"] or ("address", end["local"])
    end["nat_t"] = not _top(device, "no crypto ipsec nat-transparency udp-encapsulation")
    flow = _flow(end)
    nat_acls = [n.text.split()[5] for n in _top(device, "ip nat inside source list ")]
    end["nat_catch"] = bool(flow) and any(_acl_verdict(_acl_rules(device, a), "ip", *flow) == "permit" for a in nat_acls)
    acl = None
    for node in _top(device, "interface "):
        kids = [c.text for c in node.children]
        if any(k.startswith("ip address %s " % end["local"]) for k in kids):
            acl = next((k.split()[2] for k in kids if k.startswith("ip access-group ") and k.endswith(" in")), None)
    rules = _acl_rules(device, acl) if acl else None
    end["accepts"] = {what: rules is None or _acl_verdict(rules, proto, end["remote"], end["local"], port) == "permit"
                      for what, proto, port in (("ike", "udp", "500"), ("esp", "esp", None))}
    return end


def _flow(end):
    """One packet of the tunnel's traffic: first hosts of the first selector pair."""
    if not end["selectors"]:
        return None
    src, dst = end["selectors"][0]
    return str(next(iter(_net(src).hosts()), _net(src).network_address)), \
        str(next(iter(_net(dst).hosts()), _net(dst).network_address))


# ------------------------------------------------------------------ RouterOS
def _ros_rule_matches(rule, proto, src, dst, port, state):
    if rule.get("protocol") and rule["protocol"] != proto:
        return False
    if rule.get("dst-port") and port not in rule["dst-port"].split(","):
        return False
    if rule.get("connection-state") and state not in rule["connection-state"].split(","):
        return False
    if rule.get("ipsec-policy", "").startswith("in,ipsec"):
        return False                       # the packet before decryption is not matched by in,ipsec
    return _within(src, rule.get("src-address")) and _within(dst, rule.get("dst-address"))


def _ros_accepts(device, proto, port, src, dst, state):
    for entry in device.table("/ip firewall filter"):
        rule = entry["props"]
        if "X" in entry["flags"] or rule.get("chain") != "input":
            continue
        if rule.get("in-interface") not in (None, "ether1"):
            continue
        if _ros_rule_matches(rule, proto, src, dst, port, state):
            return rule.get("action", "accept") not in ("drop", "reject")
    return True


def _ros_nat_catch(device, flow):
    for path, chain in (("/ip firewall filter", "forward"), ("/ip firewall nat", "srcnat")):
        for entry in device.table(path):
            rule = entry["props"]
            if "X" in entry["flags"] or rule.get("chain") != chain or rule.get("ipsec-policy") == "out,none":
                continue
            if not (_within(flow[0], rule.get("src-address")) and _within(flow[1], rule.get("dst-address"))):
                continue
            action = rule.get("action", "accept")
            if action in ("masquerade", "src-nat", "fasttrack-connection"):
                return True
            if action == "accept" and chain == "srcnat":
                return False
    return False


def _ros_extra(device, end):
    ident = next((e["props"] for e in device.table("/ip ipsec identity")
                  if "X" not in e["flags"] and e["props"].get("peer") == end.get("peer_name")), {})
    end["local_id"] = _ros_id(ident.get("my-id", "auto"), end["local"])
    remote = ident.get("remote-id", "auto")
    end["remote_match"] = [] if remote == "auto" else [_ros_id(remote, None)]
    end["nat_t"] = end.get("nat_traversal", "yes") == "yes"
    flow = _flow(end)
    end["nat_catch"] = bool(flow) and _ros_nat_catch(device, flow)
    end["accepts"] = {what: all(_ros_accepts(device, proto, port, end["remote"], end["local"], state)
                                for state in ("new",))
                      for what, proto, port in (("ike", "udp", "500"), ("esp", "ipsec-esp", None))}
    end["accepts_est"] = _ros_accepts(device, "udp", "500", end["remote"], end["local"], "established")
    return end


def _ros_id(text, default):
    kind, _, value = text.partition(":")
    if kind == "auto":
        return ("address", default)
    return ({"address": "address", "fqdn": "fqdn", "user-fqdn": "email", "key-id": "key-id"}.get(kind, kind), value)


# ------------------------------------------------------------------ ends and pairing
def ends(device):
    """Every tunnel end of `device` with what the model needs (see the module docstring)."""
    if device.kind == "ios":
        return [_ios_extra(device, e) for e in fab.ios_offers(device, include_unbound=True)]
    if device.kind == "routeros":
        out = []
        for end in fab.routeros_offers(device, include_all=True):
            end = _ros_extra(device, end)
            end["policy_state"] = _ros_policy_state(end)
            out.append(end)
        return out
    return []


def _ros_policy_state(end):
    """'ok', or 'invalid' / 'disabled' when the tunnel has no usable policy (flags I / X) or its peer is disabled."""
    if end["selectors"] and not end["peer_disabled"]:
        return "ok"
    flags = [f for _p, f in end["policies"]]
    return "invalid" if any("I" in f for f in flags) else "disabled"


def _by_address(lab):
    index = getattr(lab, "_ipsec_by_address", None)
    if index is None:
        index = {}
        for dev in lab.devices.values():
            if dev.kind in ("ios", "routeros"):
                index.setdefault(dev.spec.get("lab_wan_address"), []).append(dev)
        lab._ipsec_by_address = index
    return index


def partner(device, end):
    """(their device, their end toward us) or (device or None, None): the device owning end['remote'] (by
    its `lab_wan_address`) and its end that names our address."""
    lab = getattr(device, "lab", None)
    others = [o for o in (_by_address(lab).get(end["remote"], []) if lab else []) if o is not device]
    # two routers may hold one address (an IOS 15 and an IOS-XE hq in one lab): the one configured for us answers
    for other in others:
        for theirs in ends(other):
            if theirs["local"] == end["remote"] and theirs["remote"] == end["local"]:
                return other, theirs
    return (others[0], None) if others else (None, None)


# ------------------------------------------------------------------ the negotiation
def _reaches(a_dev, a, b_dev, b):
    """IKE gets through: one side's new request accepted by the other, the answer accepted back."""
    if not (dataplane(a_dev) or dataplane(b_dev)):
        return True
    a_new = a["accepts"]["ike"] if dataplane(a_dev) else True
    b_new = b["accepts"]["ike"] if dataplane(b_dev) else True
    a_est = a.get("accepts_est", a_new) if dataplane(a_dev) else True
    b_est = b.get("accepts_est", b_new) if dataplane(b_dev) else True
    a_starts, b_starts = not a.get("passive"), not b.get("passive")
    return (a_starts and b_new and a_est) or (b_starts and a_new and b_est)


def _esp_ok(a, b):
    if a["kind"] == "ios" and b["kind"] == "ios":
        return a["esp"] == b["esp"]
    if a["kind"] == "ios" or b["kind"] == "ios":
        ios, ros = (a, b) if a["kind"] == "ios" else (b, a)
        return ios["esp"][0] in ros["esp_lists"][0] and ios["esp"][1] in ros["esp_lists"][1]
    return bool(set(a["esp_lists"][0]) & set(b["esp_lists"][0]) and set(a["esp_lists"][1]) & set(b["esp_lists"][1]))


def _id_accepted(presented, match):
    return not match or tuple(presented) in [tuple(m) for m in match]


def _phase1(a_dev, a, b_dev, b):
    if b is None or b_dev is None or b.get("peer_disabled") or a.get("peer_disabled"):
        return "no-answer", None
    if not _reaches(a_dev, a, b_dev, b):
        return "no-answer", None
    if a["ike_version"] != b["ike_version"]:
        return "version", None
    if not set(a["phase1"]) & set(b["phase1"]):
        return "ph1-proposal", None
    if not a["psk"] or a["psk"] != b["psk"]:
        return "psk", None
    if a["ike_version"] == 2:
        if not _id_accepted(b["local_id"], a["remote_match"]):
            return "identity", "local"          # we refuse their identity
        if not _id_accepted(a["local_id"], b["remote_match"]):
            return "identity", "remote"
    return None, None


def _phase2(a, b):
    for end, who in ((a, "local"), (b, "remote")):
        if end["kind"] == "ios" and not end["bound"]:
            return "not-bound", who
        if end["kind"] == "routeros" and end["policy_state"] != "ok":
            return "policy", who
    if not _esp_ok(a, b):
        return "ph2-proposal", None
    if a["pfs"] != b["pfs"]:
        return "pfs", None
    return None, None


def outcome(a_dev, a, b_dev, b):
    """{reason, who, pairs, encaps, decaps} of end `a` (of device a_dev) with its partner end `b`."""
    reason, who = _phase1(a_dev, a, b_dev, b)
    if reason is None:
        reason, who = _phase2(a, b)
    pairs = []
    if reason is None:
        mirrored = set((d, s) for s, d in b["selectors"])
        pairs = [pair for pair in a["selectors"] if pair in mirrored]
        reason = "up" if pairs else "selectors"
    result = {"reason": reason, "who": who, "pairs": pairs, "encaps": 0, "decaps": 0}
    if reason == "up":
        result["encaps"], result["decaps"] = _traffic(a_dev, a, b_dev, b)
    return result


def _traffic(a_dev, a, b_dev, b):
    """(encaps, decaps) of the test traffic at end `a`."""
    a_plane, b_plane = dataplane(a_dev), dataplane(b_dev)
    encaps = 0 if a_plane and a["nat_catch"] else PACKETS
    their_out = not (b_plane and b["nat_catch"])
    natted = a_dev.spec.get("lab_nat_in_path") or b_dev.spec.get("lab_nat_in_path")
    through = not (natted and not (a["nat_t"] and b["nat_t"]))
    arrives = a["remote"] not in (a_dev.spec.get("lab_path_drops_esp_from") or [])
    accepted = a["accepts"]["esp"] if a_plane else True
    return encaps, PACKETS if (their_out and through and arrives and accepted) else 0
