# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One site-to-site tunnel definition: validation and normalisation (no Ansible objects).

Input (one item of `pfne_ipsec_tunnels`):
  name: hq-branch                    # [A-Za-z0-9][A-Za-z0-9_.-]{0,31}
  state: present | absent            # default present
  psk: "..."                         # required (vault); 8..128 printable chars, no space/quote/?
  ike_version: 1 | 2                 # default 1 (main mode, as in the write-up)
  ike: {encryption: aes-256, integrity: sha256, dh_group: 14, lifetime: 86400}
  esp: {encryption: aes-256, integrity: sha256, lifetime: 3600}
  pfs: 14 | none                     # default: the IKE DH group
  nat_traversal: true
  endpoints:                         # exactly two, keyed by site name
    hq:     {platform: routeros, public_address: 198.51.100.1, subnets: [10.1.0.0/24]}
    branch: {platform: ios, public_address: 203.0.113.2, subnets: [10.2.0.0/24],
             ios: {interface: GigabitEthernet0/0, crypto_map: PFNE-MAP, map_seq: null, isakmp_priority: null,
                  nat_exempt: false}}   # nat_exempt: deny the tunnel's traffic in the NAT ACL
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

try:
    import netaddr
except ImportError:  # pragma: no cover - reported by the caller
    netaddr = None

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import vocab
from ansible_collections.pfne.netops.plugins.plugin_utils.common.field_error import FieldError
from ansible_collections.pfne.netops.plugins.plugin_utils.common.secret_log import mask

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
IOS_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
IFACE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9/.:-]{0,63}$")
DOTTED_RE = re.compile(r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$")
PSK_BAD = re.compile(r"[\s\"'?\\]")
# Every (local subnet, remote subnet) pair is one RouterOS policy and one IOS crypto ACL line,
# each with its own SA pair; beyond a few the device negotiates and rekeys each one separately.
WARN_PAIRS = 16
MAX_PAIRS = 256
MAX_SUBNETS = 256   # per side; checked before the (quadratic) overlap checks
MAX_TUNNELS = 1000  # per run: a hub with hundreds of branches fits; far beyond is a typo or a loop

DEFAULTS = {
    "ike_version": 1,
    "ike": {"encryption": "aes-256", "integrity": "sha256", "dh_group": 14, "lifetime": 86400},
    "esp": {"encryption": "aes-256", "integrity": "sha256", "lifetime": 3600},
    "nat_traversal": True,
    "state": "present",
}
SYNONYMS = {
    "aes256": "aes-256", "aes192": "aes-192", "aes128": "aes-128", "aes": "aes-128",
    "sha": "sha1", "sha-1": "sha1", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512",
    "3des-cbc": "3des", "aes-256-cbc": "aes-256", "aes-192-cbc": "aes-192", "aes-128-cbc": "aes-128",
}
KNOWN_KEYS = {"name", "state", "psk", "ike_version", "ike", "esp", "pfs", "nat_traversal", "endpoints", "description"}
ENDPOINT_KEYS = {"platform", "public_address", "subnets", "ios", "routeros"}
IOS_KEYS = {"interface", "crypto_map", "map_seq", "isakmp_priority", "nat_exempt"}


class IpsecValidationError(FieldError):
    """Bad tunnel input; `field` is the dotted path of the offending field."""


def _algo(value, allowed, field):
    if not isinstance(value, str):
        raise IpsecValidationError(field, "must be a string, one of %s" % ", ".join(allowed))
    word = SYNONYMS.get(value.strip().lower(), value.strip().lower())
    if word not in allowed:
        raise IpsecValidationError(field, "unsupported algorithm %r; choose one of %s" % (value, ", ".join(allowed)))
    return word


def _group(value, field, allow_none=False):
    if allow_none and (value is None or str(value).strip().lower() in ("none", "no", "false", "off")):
        return "none"
    text = str(value).strip().lower()
    for prefix in ("group", "modp", "dh"):
        if text.startswith(prefix) and text[len(prefix):].isdigit() and prefix != "modp":
            text = text[len(prefix):]
    if text.startswith("modp") or text.startswith("ecp"):
        try:
            return vocab.from_routeros("dh", text)
        except vocab.UnsupportedError:
            pass
    if not text.isdigit() or int(text) not in vocab.DH_GROUPS:
        raise IpsecValidationError(field, "unsupported DH group %r; choose one of %s%s" % (
            value, ", ".join(str(g) for g in vocab.DH_GROUPS), " or none" if allow_none else ""))
    return int(text)


def _lifetime(value, field, low, high):
    try:
        if isinstance(value, bool):
            raise ValueError
        seconds = int(value) if not isinstance(value, str) or value.isdigit() else vocab.routeros_to_seconds(value)
    except (TypeError, ValueError):
        raise IpsecValidationError(field, "must be seconds (int) or a duration such as 8h, got %r" % (value,))
    if not low <= seconds <= high:
        raise IpsecValidationError(field, "must be between %d and %d seconds, got %d" % (low, high, seconds))
    return seconds


def _not_ipv4(value, field, what):
    """The refusal for a value that is not an IPv4 ``what``: a list, IPv6 or anything else."""
    if isinstance(value, (list, tuple, dict)):
        return IpsecValidationError(field, "must be one IPv4 %s (a string), got a %s: %r" % (
            what, "list" if isinstance(value, (list, tuple)) else "mapping", value))
    if ":" in str(value):
        return IpsecValidationError(field, "%r is IPv6; only IPv4 is supported for IPsec site-to-site tunnels: "
                                           "give the endpoint's IPv4 %s" % (value, what))
    return IpsecValidationError(field, "not an IPv4 %s: %r" % (what, value))


def _address(value, field):
    if netaddr is None:
        raise IpsecValidationError(field, "the Python package netaddr is required")
    if isinstance(value, (list, tuple, dict)):
        raise _not_ipv4(value, field, "address")
    try:
        text = str(value).strip()
        if not DOTTED_RE.fullmatch(text):
            raise ValueError(text)
        ip = netaddr.IPAddress(text)
    except Exception:
        raise _not_ipv4(value, field, "address")
    return str(ip)


def _subnet(value, field):
    text = str(value).strip()
    if "/" not in text:
        raise IpsecValidationError(field, "needs a prefix length, e.g. %s/24 (RouterOS reads a bare address as /0)" % text)
    try:
        addr, _slash, plen = text.partition("/")
        if not DOTTED_RE.fullmatch(addr) or not plen.isdigit() or int(plen) > 32:
            raise ValueError(text)
        net = netaddr.IPNetwork(text)
    except Exception:
        raise _not_ipv4(value, field, "network")
    if net.network != net.ip:
        raise IpsecValidationError(field, "host bits set in %s; did you mean %s?" % (text, net.cidr))
    if net.prefixlen == 0:
        raise IpsecValidationError(field, "0.0.0.0/0 would encrypt all traffic; list the protected networks")
    return str(net.cidr)


def _name(value, field, regex=NAME_RE):
    if not isinstance(value, str) or not regex.fullmatch(value):
        raise IpsecValidationError(field, "%r is not a safe name: use letters, digits, '-', '_' or '.', "
                                          "no spaces, quotes, semicolons or newlines" % (value,))
    return value


def _did_you_mean(value, choices):
    """" did you mean X?" for a close choice (a typo), else ""."""
    close = difflib.get_close_matches(str(value), sorted(choices), n=1, cutoff=0.6)
    return "; did you mean %s?" % close[0] if close else ""


# names a user may write for a platform (vendor, product, network OS) -> the platform value
PLATFORM_ALIASES = {"routeros": "routeros", "mikrotik": "routeros", "ros": "routeros",
                    "community.routeros.routeros": "routeros", "ios": "ios", "cisco": "ios", "ios-xe": "ios",
                    "iosxe": "ios", "cisco.ios.ios": "ios"}


def _platform_hint(value):
    """"; did you mean routeros?" for a misspelt vendor or product name, else ""."""
    close = difflib.get_close_matches(str(value).strip().lower(), sorted(PLATFORM_ALIASES), n=1, cutoff=0.6)
    return "; did you mean %s?" % PLATFORM_ALIASES[close[0]] if close else ""


def _check_keys(data, known, field):
    unknown = sorted(set(data) - known, key=str)
    if unknown:
        raise IpsecValidationError(field + "." + str(unknown[0]), "unknown option%s (known: %s)" % (
            _did_you_mean(unknown[0], known), ", ".join(sorted(known))))


def _psk(value, field):
    if value is None or value == "":
        raise IpsecValidationError(field, "a pre-shared key is required (keep it in ansible-vault)")
    if not isinstance(value, str):
        value = str(value)
    if not 8 <= len(value) <= 128:
        raise IpsecValidationError(field, "must be 8 to 128 characters long (value not shown)")
    if PSK_BAD.search(value) or any(ord(c) < 33 or ord(c) > 126 for c in value):
        raise IpsecValidationError(field, "must be printable ASCII without spaces, quotes, backslash or '?' "
                                          "(devices would misread it; value not shown)")
    return value


def _endpoint(site, data, field):
    if not isinstance(data, dict):
        raise IpsecValidationError(field, "must be a mapping")
    _check_keys(data, ENDPOINT_KEYS, field)
    platform = data.get("platform")
    if platform not in ("routeros", "ios"):
        raise IpsecValidationError(field + ".platform", "must be routeros or ios, got %r%s" % (
            platform, _platform_hint(platform)))
    if "public_address" not in data:
        raise IpsecValidationError(field + ".public_address", "is required")
    subnets = data.get("subnets")
    if isinstance(subnets, str):
        subnets = [subnets]
    if not subnets:
        raise IpsecValidationError(field + ".subnets", "at least one protected subnet is required")
    if len(subnets) > MAX_SUBNETS:
        raise IpsecValidationError(field + ".subnets", "%d subnets; at most %d per side: summarise them "
                                                       "(e.g. one /16 instead of many /24)" % (len(subnets), MAX_SUBNETS))
    out = {
        "site": site,
        "platform": platform,
        "public_address": _address(data["public_address"], field + ".public_address"),
        "subnets": [_subnet(s, "%s.subnets[%d]" % (field, i)) for i, s in enumerate(subnets)],
    }
    nets = [netaddr.IPNetwork(s) for s in out["subnets"]]
    for i, a in enumerate(nets):
        for j in range(i + 1, len(nets)):
            if a in nets[j] or nets[j] in a:
                raise IpsecValidationError("%s.subnets[%d]" % (field, j), "%s overlaps %s on the same side" % (nets[j], a))
    if platform == "ios":
        ios = dict(data.get("ios") or {})
        _check_keys(ios, IOS_KEYS, field + ".ios")
        if not ios.get("interface"):
            raise IpsecValidationError(field + ".ios.interface", "the WAN interface that carries the crypto map is required")
        _name(ios["interface"], field + ".ios.interface", IFACE_RE)
        ios.setdefault("crypto_map", "PFNE-MAP")
        _name(ios["crypto_map"], field + ".ios.crypto_map", IOS_NAME_RE)
        for key, high in (("map_seq", 65535), ("isakmp_priority", 10000)):
            val = ios.get(key)
            if val is not None:
                if isinstance(val, bool) or not str(val).isdigit() or not 1 <= int(val) <= high:
                    raise IpsecValidationError("%s.ios.%s" % (field, key), "must be an integer 1..%d" % high)
                ios[key] = int(val)
            else:
                ios[key] = None
        ios["nat_exempt"] = ios.get("nat_exempt", False)
        if not isinstance(ios["nat_exempt"], bool):
            raise IpsecValidationError(field + ".ios.nat_exempt", "must be true or false")
        out["ios"] = ios
    else:
        out["routeros"] = dict(data.get("routeros") or {})
    return out


def _algorithms(tunnel, field):
    """(ike, esp, pfs) with the defaults filled and every name checked."""
    ike_in = dict(DEFAULTS["ike"], **(tunnel.get("ike") or {}))
    esp_in = dict(DEFAULTS["esp"], **(tunnel.get("esp") or {}))
    _check_keys(ike_in, set(DEFAULTS["ike"]), field + ".ike")
    _check_keys(esp_in, set(DEFAULTS["esp"]), field + ".esp")
    ike = {
        "encryption": _algo(ike_in["encryption"], vocab.ENCRYPTIONS, field + ".ike.encryption"),
        "integrity": _algo(ike_in["integrity"], vocab.INTEGRITIES, field + ".ike.integrity"),
        "dh_group": _group(ike_in["dh_group"], field + ".ike.dh_group"),
        "lifetime": _lifetime(ike_in["lifetime"], field + ".ike.lifetime", 60, 86400),
    }
    esp = {
        "encryption": _algo(esp_in["encryption"], vocab.ENCRYPTIONS, field + ".esp.encryption"),
        "integrity": _algo(esp_in["integrity"], vocab.INTEGRITIES, field + ".esp.integrity"),
        "lifetime": _lifetime(esp_in["lifetime"], field + ".esp.lifetime", 120, 86400),
    }
    pfs = _group(tunnel["pfs"], field + ".pfs", allow_none=True) if "pfs" in tunnel else ike["dh_group"]
    return ike, esp, pfs


def _legacy_warnings(field, ike, esp, pfs):
    warnings = []
    for path, value in (("ike.encryption", ike["encryption"]), ("esp.encryption", esp["encryption"])):
        if value in vocab.LEGACY_ENCRYPTION:
            warnings.append("%s.%s: %s is a legacy algorithm; prefer aes-256" % (field, path, value))
    for path, value in (("ike.integrity", ike["integrity"]), ("esp.integrity", esp["integrity"])):
        if value in vocab.LEGACY_INTEGRITY:
            warnings.append("%s.%s: %s is a legacy algorithm; prefer sha256" % (field, path, value))
    for path, value in (("ike.dh_group", ike["dh_group"]), ("pfs", pfs)):
        if value in vocab.LEGACY_DH:
            warnings.append("%s.%s: DH group %s is legacy; prefer group 14 or higher" % (field, path, value))
    if pfs == "none":
        warnings.append("%s.pfs: perfect forward secrecy is off" % field)
    return warnings


def _endpoints(tunnel, field, warnings):
    """The two endpoints, checked against each other (addresses, selector pairs, overlapping subnets)."""
    endpoints_in = tunnel.get("endpoints")
    if not isinstance(endpoints_in, dict) or len(endpoints_in) != 2:
        raise IpsecValidationError(field + ".endpoints", "exactly two endpoints (site name -> settings) are required")
    endpoints = {}
    for site in sorted(endpoints_in):
        _name(site, field + ".endpoints key")
        endpoints[site] = _endpoint(site, endpoints_in[site], "%s.endpoints.%s" % (field, site))
    a, b = [endpoints[s] for s in sorted(endpoints)]
    if a["public_address"] == b["public_address"]:
        raise IpsecValidationError("%s.endpoints.%s.public_address" % (field, b["site"]), "same address as %s" % a["site"])
    pairs = len(a["subnets"]) * len(b["subnets"])
    if pairs > MAX_PAIRS:
        raise IpsecValidationError("%s.endpoints" % field, "%d x %d subnets = %d selector pairs (one policy, ACL line and "
                                   "SA pair each); at most %d per tunnel: summarise subnets or split the tunnel"
                                   % (len(a["subnets"]), len(b["subnets"]), pairs, MAX_PAIRS))
    if pairs > WARN_PAIRS:
        warnings.append("%s.endpoints: %d x %d subnets = %d selector pairs, each its own policy, ACL line and SA pair; "
                        "summarise subnets where you can" % (field, len(a["subnets"]), len(b["subnets"]), pairs))
    for left in a["subnets"]:
        for j, right in enumerate(b["subnets"]):
            ln, rn = netaddr.IPNetwork(left), netaddr.IPNetwork(right)
            if ln in rn or rn in ln:
                raise IpsecValidationError("%s.endpoints.%s.subnets[%d]" % (field, b["site"], j),
                                           "%s overlaps %s of %s; the two sides must not overlap" % (right, left, a["site"]))
    return endpoints


def normalize(tunnel, index=None):
    """Return (normalized_tunnel, warnings). Raise IpsecValidationError naming the field
    (the tunnel by name, or by its list index when the name itself is unusable)."""
    where = "?" if index is None else str(index)
    if not isinstance(tunnel, dict):
        raise IpsecValidationError("pfne_ipsec_tunnels[%s]" % where, "must be a mapping")
    name = tunnel.get("name")
    field = "pfne_ipsec_tunnels[%s]" % (name if isinstance(name, str) and NAME_RE.fullmatch(name or "") else where)
    _name(name, field + ".name")
    _check_keys(tunnel, KNOWN_KEYS, field)
    state = tunnel.get("state", DEFAULTS["state"])
    if state not in ("present", "absent"):
        raise IpsecValidationError(field + ".state", "must be present or absent")
    version = tunnel.get("ike_version", DEFAULTS["ike_version"])
    if str(version) not in ("1", "2"):
        raise IpsecValidationError(field + ".ike_version", "must be 1 or 2, got %r" % (version,))
    version = int(version)
    ike, esp, pfs = _algorithms(tunnel, field)
    warnings = _legacy_warnings(field, ike, esp, pfs)
    nat_t = tunnel.get("nat_traversal", DEFAULTS["nat_traversal"])
    if not isinstance(nat_t, bool):
        raise IpsecValidationError(field + ".nat_traversal", "must be true or false")
    endpoints = _endpoints(tunnel, field, warnings)
    out = {
        "name": name, "state": state, "psk": _psk(tunnel.get("psk"), field + ".psk"),
        "ike_version": version, "ike_mode": "main" if version == 1 else "ike2",
        "ike": ike, "esp": esp, "pfs": pfs, "nat_traversal": nat_t, "endpoints": endpoints,
    }
    for site, ep in endpoints.items():
        try:
            vocab.check_platform(out, ep["platform"], field_prefix=field)
        except vocab.UnsupportedError as exc:
            raise IpsecValidationError(exc.field, "%s (endpoint %s is %s)" % (str(exc).split(": ", 1)[1], site, ep["platform"]))
    return out, warnings


def sides(tunnel, site):
    """(local, remote) endpoints of a normalized tunnel for the host whose pfne_ipsec_site is `site`."""
    if site not in tunnel["endpoints"]:
        raise IpsecValidationError("pfne_ipsec_site", "%r is not an endpoint of tunnel %s (endpoints: %s)" % (
            site, tunnel["name"], ", ".join(sorted(tunnel["endpoints"]))))
    remote = [s for s in tunnel["endpoints"] if s != site][0]
    return tunnel["endpoints"][site], tunnel["endpoints"][remote]


def normalize_all(tunnels):
    """Validate a list; tunnel names must be unique and the tunnels of one site must not reach
    overlapping remote subnets. Returns (list, warnings)."""
    if not isinstance(tunnels, list):
        raise IpsecValidationError("pfne_ipsec_tunnels", "must be a list of tunnel definitions")
    if len(tunnels) > MAX_TUNNELS:
        raise IpsecValidationError("pfne_ipsec_tunnels", "%d tunnels; at most %d in one run (split the inventory)"
                                   % (len(tunnels), MAX_TUNNELS))
    out, warnings, seen = [], [], set()
    for i, tunnel in enumerate(tunnels):
        norm, warn = normalize(tunnel, i)
        if norm["name"] in seen:
            raise IpsecValidationError("pfne_ipsec_tunnels[%d].name" % i, "duplicate tunnel name %s" % norm["name"])
        seen.add(norm["name"])
        out.append(norm)
        warnings.extend(warn)
    _check_remote_overlap(out)
    return out, warnings


def _check_remote_overlap(tunnels):
    """Two present tunnels of one site whose remote subnets overlap: traffic to the overlap matches
    both tunnels' selectors (the first crypto map entry / policy wins).  A sort by first address
    finds every overlap in n log n (a site may have hundreds of tunnels)."""
    by_site = {}
    for tun in tunnels:
        if tun["state"] != "present":
            continue
        for site in tun["endpoints"]:
            remote = sides(tun, site)[1]
            for j, subnet in enumerate(remote["subnets"]):
                net = netaddr.IPNetwork(subnet)
                by_site.setdefault((site, net.version), []).append(
                    (net.first, net.last, tun["name"], remote["site"], j, subnet))
    for (site, _version), nets in sorted(by_site.items()):
        nets.sort(key=lambda n: (n[0], -n[1]))
        widest = nets[0]
        for net in nets[1:]:
            if net[0] <= widest[1] and net[2] != widest[2]:
                raise IpsecValidationError(
                    "pfne_ipsec_tunnels[%s].endpoints.%s.subnets[%d]" % (net[2], net[3], net[4]),
                    "%s overlaps %s of tunnel %s; both tunnels start at site %s, whose traffic to the overlap "
                    "would match both tunnels: remote subnets of one site's tunnels must not overlap"
                    % (net[5], widest[5], widest[2], site))
            if net[1] > widest[1]:
                widest = net


def mask_secrets(text, tunnels):
    """Replace every PSK of `tunnels` found in text with ********."""
    return mask(text, [t.get("psk") for t in tunnels or [] if isinstance(t, dict)])


_COMPARED = (
    ("psk", lambda t: t["psk"]),
    ("ike_version", lambda t: t["ike_version"]),
    ("ike.encryption", lambda t: t["ike"]["encryption"]),
    ("ike.integrity", lambda t: t["ike"]["integrity"]),
    ("ike.dh_group", lambda t: t["ike"]["dh_group"]),
    ("ike.lifetime", lambda t: t["ike"]["lifetime"]),
    ("esp.encryption", lambda t: t["esp"]["encryption"]),
    ("esp.integrity", lambda t: t["esp"]["integrity"]),
    ("esp.lifetime", lambda t: t["esp"]["lifetime"]),
    ("pfs", lambda t: t["pfs"]),
    ("nat_traversal", lambda t: t["nat_traversal"]),
)


def compare_definitions(mine, theirs):
    """Fields in which two normalized definitions of the same tunnel differ (values never returned).

    Used by verify to name the mismatching field when the two ends were given different settings.
    Endpoint addresses and subnets are compared per site (a swapped/mirrored selector shows up as
    endpoints.<site>.subnets).
    """
    diffs = [name for name, get in _COMPARED if get(mine) != get(theirs)]
    for site in sorted(set(mine["endpoints"]) | set(theirs["endpoints"])):
        a, b = mine["endpoints"].get(site), theirs["endpoints"].get(site)
        if a is None or b is None:
            diffs.append("endpoints.%s" % site)
            continue
        for key in ("public_address", "subnets"):
            if a[key] != b[key]:
                diffs.append("endpoints.%s.%s" % (site, key))
    return diffs
