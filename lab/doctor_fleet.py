"""Hand-typed tunnel pairs for the tunnel doctor's tests and bench: inventory host entries with
`lab_startup_config` (IOS running-config text, RouterOS `/export`-style lines) and one injected cause.

    pair_hosts(index, left, right, cause=None, faulty=None, ike=1) -> {host: vars}
left/right: "ios15" | "iosxe" | "ros6" (6.42) | "ros64" (6.49) | "ros7"; faulty: "left" | "right".
Faults typed on the faulty end, and the issue's cause each one is (`CAUSE_OF`):
  ike-version, ike-proposal, psk, ipsec-proposal, pfs, traffic-selectors, identity (IKEv2 pairs; RouterOS 6.44+),
  unreachable, not-bound (IOS), policy-invalid (RouterOS), one-way: the cause of the same name;
  nat-t: NAT-T off on this end, a NAT device in the path of both (cause nat);
  nat-rule: this end's NAT catches the tunnel's traffic before the policy - IOS NAT ACL without the deny
    for the tunnel subnets, RouterOS masquerade without the accept before it (cause nat);
  no-crypto: this end has no crypto at all for the tunnel, the other end has (cause not-protected).
Both ends of a healthy pair type the same lifetimes (phase 1 1 day, phase 2 1 hour: the IOS defaults).
The lab only types configurations here; what the devices make of them is lab/ipsec_model.py's.
"""
VERSIONS = {"ios15": "15.4(3)M3", "iosxe": "17.09.04a", "ros6": "6.42.7 (long-term)",
            "ros64": "6.49.10 (long-term)", "ros7": "7.16.2 (stable)"}
CAUSES = ("ike-version", "ike-proposal", "psk", "ipsec-proposal", "pfs", "traffic-selectors", "identity", "nat-t",
          "nat-rule", "no-crypto", "unreachable", "not-bound", "policy-invalid", "one-way")
CAUSE_OF = dict([(fault, fault) for fault in CAUSES], **{"nat-t": "nat", "nat-rule": "nat", "no-crypto": "not-protected"})
IOS_ONLY, ROS_ONLY, V2_ONLY = {"not-bound"}, {"policy-invalid"}, {"identity"}


def _addr(index, side):
    """WAN 127.9.x.y (loopback: the lab listens there), LAN 10.<n>.<m>.0/24 per end."""
    n = 2 * index + (side == "right")
    return "127.9.%d.%d" % (n // 250, n % 250 + 1), "10.%d.%d.1" % (n // 250 + 100, n % 250)


def _ios(spec, wan, lan, peer, rlan, fault, ike):
    xe = spec["kind"] == "iosxe"
    g = lambda n: "GigabitEthernet0/%s%d" % ("0/" if xe else "", n)
    net, rnet = lan.rsplit(".", 1)[0] + ".0", rlan.rsplit(".", 1)[0] + ".0"
    lines = [] if fault == "no-crypto" else _ios_crypto(spec, wan, peer, net, rnet, fault, ike)
    lines += ["interface %s" % g(0), " description WAN", " ip address %s 255.255.255.0" % wan, " ip nat outside"]
    lines += [] if fault in ("not-bound", "no-crypto") else [" crypto map PFNE-MAP"]
    lines += [" ip access-group PFNE-WAN-IN in"] if fault == "unreachable" else []
    lines += ["interface %s" % g(1), " description LAN", " ip address %s 255.255.255.0" % lan, " ip nat inside",
              "ip access-list extended NAT"]
    lines += [] if fault == "nat-rule" else [" deny ip %s 0.0.0.255 %s 0.0.0.255" % (net, rnet)]
    lines += [" permit ip %s 0.0.0.255 any" % net]
    if fault == "unreachable":
        lines += ["ip access-list extended PFNE-WAN-IN", " deny udp any any eq isakmp", " deny esp any any",
                  " permit ip any any"]
    return "\n".join(lines) + "\n"


def _ios_crypto(spec, wan, peer, net, rnet, fault, ike):
    ike = 3 - ike if fault == "ike-version" else ike
    psk = "wrong-key-%d" % spec["i"] if fault == "psk" else "lab-psk-%d" % spec["i"]
    lines = ["crypto isakmp policy 10", " encr aes 256", " hash sha256", " authentication pre-share",
             " group %d" % (5 if fault == "ike-proposal" else 14)]
    # IOS turns NAT-T off with this line (Cisco "IPsec NAT Transparency" guide, "Disabling NAT Traversal");
    # `no crypto isakmp nat-traversal` is the ASA's command, not an IOS one
    lines += ["no crypto ipsec nat-transparency udp-encapsulation"] if fault == "nat-t" else []
    if ike == 1:
        lines += ["crypto isakmp key %s address %s no-xauth" % (psk, peer)]
    else:
        remote = "fqdn peer.example.net" if fault == "identity" else "address %s 255.255.255.255" % peer
        lines += ["crypto ikev2 proposal PFNE-P", " encryption aes-cbc-256", " integrity sha256",
                  " group %d" % (5 if fault == "ike-proposal" else 14), "crypto ikev2 policy PFNE-POL", " proposal PFNE-P",
                  "crypto ikev2 keyring PFNE-KR", " peer R", "  address %s" % peer, "  pre-shared-key %s" % psk,
                  "crypto ikev2 profile PFNE-PROF", " match identity remote %s" % remote,
                  " identity local address %s" % wan, " authentication remote pre-share",
                  " authentication local pre-share", " keyring local PFNE-KR"]
    tset = "esp-3des esp-sha-hmac" if fault == "ipsec-proposal" else "esp-aes 256 esp-sha256-hmac"
    mask = "0.0.0.127" if fault == "traffic-selectors" else "0.0.0.255"
    lines += ["crypto ipsec transform-set PFNE-TS %s" % tset, " mode tunnel",
              "ip access-list extended PFNE-VPN", " permit ip %s %s %s 0.0.0.255" % (net, mask, rnet),
              "crypto map PFNE-MAP 10 ipsec-isakmp", " set peer %s" % peer, " set transform-set PFNE-TS"]
    lines += [] if fault == "pfs" else [" set pfs group14"]
    lines += [" set ikev2-profile PFNE-PROF"] if ike == 2 else []
    return lines + [" match address PFNE-VPN"]


def _ros_phase1(spec, fault, ike):
    dh = "modp1536" if fault == "ike-proposal" else "modp2048"
    mode = "ike2" if (3 - ike if fault == "ike-version" else ike) == 2 else "main"
    natt = "no" if fault == "nat-t" else "yes"
    return "dh-group=%s enc-algorithm=aes-256 hash-algorithm=sha256 nat-traversal=%s" % (dh, natt), mode


def _ros(spec, wan, lan, peer, rlan, fault, ike):
    i, fam = spec["i"], spec["kind"]
    psk = "wrong-key-%d" % i if fault == "psk" else "lab-psk-%d" % i
    phase1, mode = _ros_phase1(spec, fault, ike)
    net, rnet = lan.rsplit(".", 1)[0] + ".0/24", rlan.rsplit(".", 1)[0] + ".0/24"
    src = lan.rsplit(".", 1)[0] + ".0/25" if fault == "traffic-selectors" else net
    enc, auth = ("3des", "sha1") if fault == "ipsec-proposal" else ("aes-256-cbc", "sha256")
    pfs = "none" if fault == "pfs" else "modp2048"
    off = " disabled=yes" if fault == "policy-invalid" else ""
    out = ["/ip ipsec proposal", "add auth-algorithms=%s enc-algorithms=%s lifetime=1h name=pfne-p pfs-group=%s"
           % (auth, enc, pfs)]
    if fault == "no-crypto":
        out = []
    elif fam == "ros6":
        out += ["/ip ipsec peer", "add address=%s/32 exchange-mode=%s secret=%s %s" % (peer, mode, psk, phase1),
                "/ip ipsec policy", "add dst-address=%s proposal=pfne-p sa-dst-address=%s sa-src-address=%s "
                "src-address=%s tunnel=yes%s" % (rnet, peer, wan, src, off)]
    else:
        rid = " remote-id=fqdn:peer.example.net" if fault == "identity" else ""
        out += ["/ip ipsec profile", "add name=pfne-prof %s" % phase1, "/ip ipsec peer",
                "add address=%s/32 exchange-mode=%s name=pfne-peer profile=pfne-prof" % (peer, mode),
                "/ip ipsec identity", "add peer=pfne-peer secret=%s%s" % (psk, rid), "/ip ipsec policy",
                "add dst-address=%s peer=pfne-peer proposal=pfne-p src-address=%s tunnel=yes%s" % (rnet, src, off)]
    out += ["/ip firewall filter", "remove [find]"]
    if fault == "unreachable":
        out += ["add action=drop chain=input protocol=udp dst-port=500,4500", "add action=drop chain=input protocol=ipsec-esp"]
    out += ["add action=accept chain=input connection-state=established,related,untracked",
            "add action=accept chain=input protocol=udp dst-port=500,4500 src-address=%s" % peer,
            "add action=accept chain=input protocol=ipsec-esp src-address=%s" % peer,
            "add action=drop chain=input in-interface=ether1", "/ip firewall nat", "remove [find]"]
    out += [] if fault == "nat-rule" else ["add action=accept chain=srcnat dst-address=%s src-address=%s" % (rnet, net)]
    out += ["add action=masquerade chain=srcnat out-interface=ether1 src-address=%s" % net]
    return out


def _host(kind, i, wan, lan, peer, rlan, fault, ike):
    spec = {"kind": kind, "i": i}
    ios = kind.startswith("ios")
    make = _ios if ios else _ros
    host = {"lab_kind": "ios" if ios else "routeros", "lab_version": VERSIONS[kind], "ansible_host": wan,
            "lab_wan_address": wan, "lab_lan_address": lan,
            "lab_startup_config": make(spec, wan, lan, peer, rlan, fault, ike)}
    if fault == "nat-t":
        host["lab_nat_in_path"] = True
    if fault == "one-way":
        host["lab_path_drops_esp_from"] = [peer]
    return host


def pair_hosts(index, left, right, cause=None, faulty=None, ike=1):
    """Two inventory hosts `t<index>-l` / `t<index>-r` (lab vars only; connection vars are the caller's)."""
    (lwan, llan), (rwan, rlan) = _addr(index, "left"), _addr(index, "right")
    lf = cause if faulty == "left" else None
    rf = cause if faulty == "right" else None
    hosts = {"t%03d-l" % index: _host(left, index, lwan, llan, rwan, rlan, lf, ike),
             "t%03d-r" % index: _host(right, index, rwan, rlan, lwan, llan, rf, ike)}
    if cause == "nat-t":    # the NAT device sits in the path of both ends
        for host in hosts.values():
            host["lab_nat_in_path"] = True
    return hosts


CONNECTION = {
    "ios": {"ansible_connection": "ansible.netcommon.network_cli", "ansible_network_os": "cisco.ios.ios",
            "ansible_user": "admin", "ansible_password": "lab-admin", "ansible_become": True,
            "ansible_become_method": "enable", "ansible_become_password": "lab-enable"},
    "routeros": {"ansible_connection": "ansible.netcommon.network_cli",
                 "ansible_network_os": "community.routeros.routeros", "ansible_user": "admin+cet1024w",
                 "ansible_password": "lab-admin"},
}
READS = {"ios": ["show running-config", "show logging", "show crypto isakmp sa", "show crypto ikev2 sa",
                 "show crypto ipsec sa", "show crypto session detail"],
         "routeros": ["/export", '/log print where topics~"ipsec"', "/ip ipsec active-peers print",
                      "/ip ipsec installed-sa print", "/ip ipsec policy print"]}


def scale_fleet(pairs, broken_every=10):
    """`pairs` IOS<->RouterOS tunnels (2 x pairs devices, half IOS half RouterOS, releases in turn), every
    `broken_every`-th pair with a cause (in turn), ready for an inventory: connection vars included."""
    hosts = {}
    causes = [c for c in CAUSES if c not in V2_ONLY | ROS_ONLY]
    for i in range(pairs):
        left, right = ("ios15", "iosxe")[i % 2], ("ros6", "ros64", "ros7")[i % 3]
        cause = causes[(i // broken_every) % len(causes)] if i % broken_every == broken_every - 1 else None
        for name, host in pair_hosts(i, left, right, cause, "left" if cause else None).items():
            host.update(CONNECTION[host["lab_kind"]])
            reads = list(READS[host["lab_kind"]])
            if host["lab_version"].startswith("6.42"):       # 6.24-6.43: remote-peers (lab/fabric_ipsec.py)
                reads[2] = "/ip ipsec remote-peers print"
            host["bench_reads"] = reads
            hosts[name] = host
    return hosts


if __name__ == "__main__":      # python -m lab.doctor_fleet 200 /tmp/fleet.yml; python -m lab serve --inventory /tmp/fleet.yml
    import sys

    from lab.topology import write_inventory
    write_inventory(sys.argv[2], scale_fleet(int(sys.argv[1])))
