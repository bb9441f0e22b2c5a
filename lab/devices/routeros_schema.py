"""The RouterOS menus the lab knows, per syntax family, with each property's
default in the order RouterOS prints it.

Families: "6.24" (6.24-6.42: IKE settings on /ip ipsec peer), "6.43" (6.43.x:
/ip ipsec peer profile holds phase 1, the unnamed peer keeps secret/auth-method/
exchange-mode/generate-policy and profile=, no identity menu, policies sa-*; public
6.43.8 export ripleymj/routerlab Router-B3.rsc and a 2018-11 "OSPF over GRE with IPSec"
post), "6.44" (6.44-6.49: /ip ipsec profile + named peer + identity; 6.44.3
changelog "identity ... introduced in v6.44"), "7" (7.x). Property names and
defaults follow MikroTik's "Manual:IP/IPsec" (wiki, v6) and "IPsec"
(help.mikrotik.com, v7), "Manual:Interface/L2TP", "Manual:PPP AAA" and
"Manual:IP/Firewall/Filter"; the 7.x menus accept nothing that community.routeros's
API path data (_api_data.py) lacks (tests/unit/lab/test_routeros_api_data.py).

A property default of None means "not set": the property is printed only when
given (sparse menus such as firewall rules print only what was set).
"""
import re


def _peer_6_24():
    return [("address", None), ("local-address", None), ("passive", "no"), ("port", "500"),
            ("auth-method", "pre-shared-key"), ("secret", ""), ("generate-policy", "no"),
            ("policy-template-group", "default"), ("exchange-mode", "main"), ("send-initial-contact", "yes"),
            ("nat-traversal", "yes"), ("proposal-check", "obey"), ("hash-algorithm", "sha1"),
            ("enc-algorithm", "aes-128,3des"), ("dh-group", "modp1024"), ("lifetime", "1d"),
            ("dpd-interval", "2m"), ("dpd-maximum-failures", "5")]


def _peer_6_43():
    # 6.43.x: phase 1 moved to /ip ipsec peer profile; the rest stays on the peer
    return [("address", None), ("local-address", None), ("passive", "no"), ("port", "500"),
            ("profile", "default"), ("auth-method", "pre-shared-key"), ("secret", ""), ("generate-policy", "no"),
            ("policy-template-group", "default"), ("exchange-mode", "main"), ("send-initial-contact", "yes")]


_PROPOSAL = [("name", None), ("auth-algorithms", "sha1"), ("enc-algorithms", "aes-256-cbc,aes-192-cbc,aes-128-cbc"),
             ("lifetime", "30m"), ("pfs-group", "modp1024")]
_POLICY_6 = [("src-address", None), ("src-port", "any"), ("dst-address", None), ("dst-port", "any"),
             ("protocol", "all"), ("action", "encrypt"), ("level", "require"), ("ipsec-protocols", "esp"),
             ("tunnel", "no"), ("sa-src-address", "0.0.0.0"), ("sa-dst-address", "0.0.0.0"),
             ("proposal", "default"), ("priority", "0"), ("template", "no"), ("group", "default")]
_POLICY_643 = [("peer", None), ("src-address", None), ("src-port", "any"), ("dst-address", None),
               ("dst-port", "any"), ("protocol", "all"), ("action", "encrypt"), ("level", "require"),
               ("ipsec-protocols", "esp"), ("tunnel", "no"), ("sa-src-address", None), ("sa-dst-address", None),
               ("proposal", "default"), ("priority", "0"), ("template", "no"), ("group", "default")]
# 7.x: sa-src-address/sa-dst-address/priority are not settable (absent from the API path data)
_POLICY_7 = [p for p in _POLICY_643 if p[0] not in ("sa-src-address", "sa-dst-address", "priority")]
_PROFILE = [("name", None), ("hash-algorithm", "sha1"), ("enc-algorithm", "aes-128,3des"),
            ("dh-group", "modp2048,modp1024"), ("lifetime", "1d"), ("proposal-check", "obey"),
            ("nat-traversal", "yes"), ("dpd-interval", "2m"), ("dpd-maximum-failures", "5")]
_PEER_643 = [("name", None), ("address", None), ("local-address", None), ("passive", "no"), ("port", "500"),
             ("profile", "default"), ("exchange-mode", "main"), ("send-initial-contact", "yes")]
_IDENTITY = [("peer", None), ("auth-method", "pre-shared-key"), ("secret", None), ("generate-policy", "no"),
             ("policy-template-group", "default"), ("my-id", "auto"), ("remote-id", "auto"),
             ("match-by", "remote-id"), ("mode-config", "none"),
             # certificate / EAP identities (help.mikrotik.com "IPsec", Identities; _api_data.py)
             ("certificate", None), ("remote-certificate", None), ("eap-methods", None), ("username", None),
             ("password", None)]
# /ip ipsec mode-config (6.44+: address=; responder 6.43+, _api_data.py versioned_fields); the built-in
# entry prints `* name="request-only" responder=no` (help.mikrotik.com "IPsec", Mode configs)
_MODE_CONFIG = [("name", None), ("responder", "no"), ("address-pool", None), ("address-prefix-length", None),
                ("split-include", None), ("static-dns", None), ("system-dns", None), ("src-address-list", None),
                ("address", None)]
# /radius (MikroTik "RADIUS" manual; _api_data.py): service is a set (ppp, login, hotspot, wireless, dhcp, ipsec, ...)
_RADIUS = [("service", None), ("called-id", None), ("domain", None), ("address", "0.0.0.0"), ("secret", None),
           ("authentication-port", "1812"), ("accounting-port", "1813"), ("timeout", "300ms"),
           ("accounting-backup", "no"), ("realm", None), ("src-address", "0.0.0.0")]
# RouterOS 7 User Manager (help.mikrotik.com "User Manager"; _api_data.py user-manager, router, user)
_UM = [("enabled", "no"), ("authentication-port", "1812"), ("accounting-port", "1813"), ("certificate", "none"),
       ("require-message-auth", "yes-for-request-resp"), ("use-profiles", "no")]
_UM_ROUTER = [("name", None), ("address", None), ("shared-secret", None), ("coa-port", "3799")]
_UM_USER = [("name", None), ("password", None), ("group", "default"), ("shared-users", "1"), ("attributes", None),
            ("caller-id", None), ("otp-secret", None)]
_FILTER = [("chain", None), ("action", "accept"), ("src-address", None), ("dst-address", None),
           ("protocol", None), ("src-port", None), ("dst-port", None), ("in-interface", None),
           ("out-interface", None), ("ipsec-policy", None), ("connection-state", None), ("log", None),
           ("log-prefix", None)]
_NAT = [("chain", None), ("action", "accept"), ("src-address", None), ("dst-address", None),
        ("protocol", None), ("dst-port", None), ("out-interface", None), ("in-interface", None),
        ("ipsec-policy", None), ("to-addresses", None), ("to-ports", None)]
_L2TP_SERVER = [("enabled", "no"), ("max-mtu", "1450"), ("max-mru", "1450"), ("mrru", "disabled"),
                ("authentication", "pap,chap,mschap1,mschap2"), ("keepalive-timeout", "30"),
                ("max-sessions", "unlimited"), ("default-profile", "default-encryption"),
                ("use-ipsec", "no"), ("ipsec-secret", ""), ("caller-id-type", "ip-address"),
                ("one-session-per-host", "no"), ("allow-fast-path", "no")]
_PPP_PROFILE = [("name", None), ("local-address", None), ("remote-address", None), ("dns-server", None),
                ("bridge", None), ("use-mpls", "default"), ("use-compression", "default"),
                ("use-encryption", "default"), ("only-one", "default"), ("change-tcp-mss", "default"),
                ("use-upnp", "default"), ("address-list", None), ("on-up", None), ("on-down", None)]
_PPP_SECRET = [("name", None), ("service", "any"), ("caller-id", None), ("password", None),
               ("profile", "default"), ("local-address", None), ("remote-address", None), ("routes", None),
               ("limit-bytes-in", "0"), ("limit-bytes-out", "0")]
_SNMP_COMMUNITY = [("name", None), ("addresses", "::/0"), ("security", "none"), ("read-access", "yes"),
                   ("write-access", "no"), ("authentication-protocol", "MD5"), ("encryption-protocol", "DES"),
                   ("authentication-password", ""), ("encryption-password", "")]

# menu path -> {"props": [(name, default)], "flags": "XD..", "singleton": bool, "key": unique prop}
# common to every entry: comment, disabled, except where no_comment / no_disable say otherwise
# (settings menus have neither).  Neither the 6.43.8 verbose export (ripleymj/routerlab
# Router-B3.rsc: /ip ipsec peer profile, /ip ipsec proposal, /ppp profile) nor the API path data
# shows a comment on proposals, IKE profiles or PPP profiles.
MENUS = {
    "/ip ipsec proposal": {"props": _PROPOSAL, "flags": "XD*", "key": "name", "no_comment": True},
    "/ip ipsec policy": {"props": _POLICY_6, "flags": "TXDIA*", "family": {"6.44": _POLICY_643, "7": _POLICY_7}},
    "/ip ipsec peer": {"props": _peer_6_24(), "flags": "XDR",
                       "family": {"6.43": _peer_6_43(), "6.44": _PEER_643, "7": _PEER_643},
                       "key": {"6.44": "name", "7": "name"}},
    "/ip ipsec peer profile": {"props": _PROFILE, "flags": "", "only": ("6.43",), "key": "name",
                               "no_comment": True, "no_disable": True},
    "/ip ipsec profile": {"props": _PROFILE, "flags": "", "only": ("6.44", "7"), "key": "name",
                          "no_comment": True, "no_disable": True},
    "/ip ipsec identity": {"props": _IDENTITY, "flags": "DX", "only": ("6.44", "7")},
    "/ip ipsec mode-config": {"props": _MODE_CONFIG, "flags": "*", "only": ("6.44", "7"), "key": "name",
                              "no_comment": True, "no_disable": True},
    "/ip ipsec policy group": {"props": [("name", None)], "flags": "*", "key": "name", "no_disable": True,
                               "no_comment": True},
    "/radius": {"props": _RADIUS, "flags": "X"},
    "/user-manager": {"props": _UM, "singleton": True, "only": ("7",)},
    "/user-manager router": {"props": _UM_ROUTER, "flags": "X", "key": "name", "only": ("7",)},
    "/user-manager user": {"props": _UM_USER, "flags": "X", "key": "name", "only": ("7",)},
    "/ip firewall filter": {"props": _FILTER, "flags": "XID", "sparse": True},
    "/ip firewall nat": {"props": _NAT, "flags": "XID", "sparse": True},
    "/ip pool": {"props": [("name", None), ("ranges", None), ("next-pool", None)], "flags": "", "key": "name",
                 "no_disable": True},
    "/ppp profile": {"props": _PPP_PROFILE, "flags": "*", "key": "name", "sparse": True, "no_disable": True,
                     "no_comment": True},
    "/ppp secret": {"props": _PPP_SECRET, "flags": "X", "key": "name"},
    "/interface l2tp-server server": {"props": _L2TP_SERVER, "singleton": True},
    # MikroTik manual "SNMP" (community properties; v3 passwords), community.routeros _api_data.py
    "/snmp community": {"props": _SNMP_COMMUNITY, "flags": "X*", "key": "name"},
    # plain `print` of /ip address is a table (ntc-templates mikrotik_routeros_ip_address_print.raw, 6.x;
    # ..._print_5.raw, 7.x with a `Columns:` line); `print detail`/`terse` keep the key=value forms
    "/ip address": {"props": [("address", None), ("network", None), ("interface", None)], "flags": "XID",
                    "columns": [("address", 18), ("network", 15), ("interface", 0)]},
}

# values RouterOS checks, per property (enumerations); anything else is free text
ENUMS = {
    "auth-algorithms": {"md5", "sha1", "sha256", "sha512", "null"},
    "enc-algorithms": {"null", "des", "3des", "aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-ctr",
                       "aes-192-ctr", "aes-256-ctr", "aes-128-gcm", "aes-192-gcm", "aes-256-gcm",
                       "blowfish", "twofish", "camellia-128", "camellia-192", "camellia-256"},
    "pfs-group": {"none", "modp768", "modp1024", "modp1536", "modp2048", "modp3072", "modp4096", "modp6144",
                  "modp8192", "ecp256", "ecp384", "ecp521"},
    "hash-algorithm": {"md5", "sha1", "sha256", "sha512"},
    "enc-algorithm": {"des", "3des", "aes-128", "aes-192", "aes-256", "blowfish", "camellia-128",
                      "camellia-192", "camellia-256"},
    "dh-group": {"modp768", "modp1024", "modp1536", "modp2048", "modp3072", "modp4096", "modp6144",
                 "modp8192", "ecp256", "ecp384", "ecp521"},
    "exchange-mode": {"main", "main-l2tp", "aggressive", "base", "ike2"},
    "generate-policy": {"no", "port-override", "port-strict"},
    "level": {"require", "unique", "use"},
    "ipsec-protocols": {"esp", "ah"},
    "tunnel": {"yes", "no"}, "passive": {"yes", "no"}, "nat-traversal": {"yes", "no"},
    "template": {"yes", "no"}, "disabled": {"yes", "no"}, "enabled": {"yes", "no"},
    "auth-method": {"pre-shared-key", "rsa-signature", "rsa-key", "pre-shared-key-xauth", "eap", "eap-radius",
                    "digital-signature"},
    "chain": None,
    "action": None,
    "service": {"any", "async", "l2tp", "ovpn", "pppoe", "pptp", "sstp", "ppp", "login", "hotspot", "wireless",
                "dhcp", "ipsec", "dot1x"},
    "match-by": {"remote-id", "certificate"},
    "use-encryption": {"default", "yes", "no", "required"},
    "change-tcp-mss": {"default", "yes", "no"},
}
ENUMS_BY_FAMILY = {
    # use-ipsec=required arrived with RouterOS 7
    ("use-ipsec", "6.24"): {"no", "yes"}, ("use-ipsec", "6.43"): {"no", "yes"}, ("use-ipsec", "6.44"): {"no", "yes"},
    ("use-ipsec", "7"): {"no", "yes", "required"},
    # IKE sha384: RouterOS 7 profiles only (help.mikrotik.com "IPsec"; the v6 wiki lists md5..sha512 without it)
    ("hash-algorithm", "7"): {"md5", "sha1", "sha256", "sha384", "sha512"},
}
# Choice lists RouterOS keeps as a set and prints in its own fixed order, whatever order was typed.
# The order below is consistent with the printed defaults (enc-algorithms=aes-256-cbc,aes-192-cbc,
# aes-128-cbc; enc-algorithm=aes-128,3des; dh-group=modp2048,modp1024; authentication=pap,chap,
# mschap1,mschap2); the full internal order is not published (an assumption of the lab).
LIST_ORDER = {
    "authentication": ["pap", "chap", "mschap1", "mschap2"],
    "auth-algorithms": ["sha512", "sha256", "sha1", "md5", "null"],
    "enc-algorithms": ["aes-256-gcm", "aes-192-gcm", "aes-128-gcm", "aes-256-ctr", "aes-192-ctr", "aes-128-ctr",
                       "aes-256-cbc", "aes-192-cbc", "aes-128-cbc", "camellia-256", "camellia-192", "camellia-128",
                       "twofish", "blowfish", "3des", "des", "null"],
    "enc-algorithm": ["aes-256", "aes-192", "aes-128", "camellia-256", "camellia-192", "camellia-128",
                      "blowfish", "3des", "des"],
    "dh-group": ["ecp521", "ecp384", "ecp256", "modp8192", "modp6144", "modp4096", "modp3072", "modp2048",
                 "modp1536", "modp1024", "modp768"],
}
# Durations RouterOS prints normalised to its largest units (604800 s -> 1w, 90m -> 1h30m).
DURATIONS = {"lifetime", "dpd-interval"}
_UNITS = (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def normalise(key, value):
    """The value as RouterOS stores and prints it (choice lists reordered, durations in w/d/h/m/s)."""
    if key in LIST_ORDER and value:
        order = LIST_ORDER[key]
        items = sorted(set(value.split(",")), key=lambda v: order.index(v) if v in order else len(order))
        return ",".join(items)
    if key in DURATIONS and re.fullmatch(r"\d+|(?:\d+[wdhms])+", value or ""):
        seconds = int(value) if value.isdigit() else sum(
            int(n) * dict(_UNITS)[u] for n, u in re.findall(r"(\d+)([wdhms])", value))
        parts = []
        for unit, size in _UNITS:
            if seconds >= size:
                parts.append("%d%s" % (seconds // size, unit))
                seconds %= size
        return "".join(parts) or "0s"
    return value
# 6.24-6.42 peers have no main-l2tp restrictions; 7.x dropped nothing we use.


def family(version):
    """Syntax family of a RouterOS version string such as '6.42.7', '6.43.16' or '7.16.2'."""
    major, minor = (int(re.match(r"\d+", x).group(0)) for x in version.split(".")[:2])
    if major >= 7:
        return "7"
    if minor >= 44:
        return "6.44"
    return "6.43" if minor == 43 else "6.24"


def menu(path, fam):
    """The menu definition for ``path`` in a family, or None where it does not exist."""
    spec = MENUS.get(path)
    if spec is None:
        return None
    only = spec.get("only")
    if only and fam not in only:
        return None
    props = spec.get("family", {}).get(fam, spec["props"])
    key = spec.get("key")
    if isinstance(key, dict):
        key = key.get(fam)
    return dict(spec, props=props, key=key)
