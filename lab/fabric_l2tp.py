"""L2TP/IPsec road-warrior simulation for RouterOS devices: `/ppp active print`.

A simulated client session appears when the router is configured consistently, as the
mikrotik_l2tp_mobile write-up requires:
- L2TP server enabled, use-ipsec yes/required, a non-empty ipsec-secret;
- an IPsec peer answering L2TP clients: 6.24-6.42 a static peer with exchange-mode main-l2tp,
  generate-policy on and the same secret; 6.43+ the dynamic peer the server creates;
- the server's default profile exists and gives an address (pool range or the secret's
  remote-address); mschap2 among the server's authentication methods;
- an enabled /ppp secret with service l2tp or any;
- an ESP proposal the built-in clients can take: HMAC-SHA1 among auth-algorithms and AES-CBC or 3DES
  among enc-algorithms (Windows: Microsoft KB 325158; Apple: evokelektrique/tunnel-forge issue 13,
  as cited in plugin_utils/l2tp/mobile.py).  6.24-6.42: the proposal of the IPv4 template policy
  (the peer's generate-policy copies it); 6.43+: the ``default`` proposal the dynamic peer uses.
The first such user is shown connected from a documentation address (RFC 5737).
Formats: RouterOS 6 table as in the MikroTik "L2TP" manual LNS example (`/ppp active> print`,
`Flags: R - radius`, columns NAME SERVICE CALLER-ID ADDRESS UPTIME ENCODING); RouterOS 7 with the
`Columns:` line as in a public RouterOS 7 `ppp active/print` (see
tests/unit/fixtures/l2tp/SOURCES.md).
"""
from lab.devices.routeros_schema import menu
from lab.extensions import rule

CLIENT_IP = "198.51.100.23"
UPTIME = "1m12s"


def _rows(device, path):
    return [e for e in device.tables.get(path, []) if "X" not in e["flags"]]


def session_for(device):
    """(user, address) of the simulated client, or None when the config is inconsistent."""
    server = device.singleton("/interface l2tp-server server")
    secret = server.get("ipsec-secret", "")
    if server.get("enabled") != "yes" or server.get("use-ipsec") not in ("yes", "required") or not secret:
        return None
    if "mschap2" not in server.get("authentication", "pap,chap,mschap1,mschap2").split(","):
        return None
    peers = _rows(device, "/ip ipsec peer")
    if device.family == "6.24":
        ok = any(p["props"].get("exchange-mode") == "main-l2tp" and p["props"].get("secret") == secret
                 and p["props"].get("generate-policy", "no") != "no" for p in peers if "D" not in p["flags"])
    else:
        ok = any("D" in p["flags"] for p in peers)
    if not ok:
        return None
    if not _client_proposal_ok(device):
        return None
    profile = next((p["props"] for p in device.tables.get("/ppp profile", [])
                    if p["props"].get("name") == server.get("default-profile", "default-encryption")), None)
    if profile is None:
        return None
    for user in _rows(device, "/ppp secret"):
        props = user["props"]
        if props.get("service", "any") not in ("l2tp", "any") or props.get("disabled") == "yes":
            continue
        address = props.get("remote-address") or _pool_first(device, profile.get("remote-address"))
        if address:
            return props.get("name"), address
    return None


CLIENT_ESP_AUTH = {"sha1"}
CLIENT_ESP_ENC = {"aes-256-cbc", "aes-128-cbc", "3des"}


def _client_proposal_ok(device):
    name = "default"
    if device.family == "6.24":
        for pol in _rows(device, "/ip ipsec policy"):
            props = pol["props"]
            if (props.get("template") == "yes" or "T" in pol["flags"]) and props.get("dst-address") == "0.0.0.0/0":
                name = props.get("proposal", "default")
                break
    defaults = dict(menu("/ip ipsec proposal", device.family)["props"])
    for prop in _rows(device, "/ip ipsec proposal"):
        if prop["props"].get("name") == name:
            auth = set(prop["props"].get("auth-algorithms", defaults["auth-algorithms"]).split(","))
            enc = set(prop["props"].get("enc-algorithms", defaults["enc-algorithms"]).split(","))
            return bool(auth & CLIENT_ESP_AUTH) and bool(enc & CLIENT_ESP_ENC)
    return False


def _pool_first(device, name):
    for pool in device.tables.get("/ip pool", []):
        if pool["props"].get("name") == name and pool["props"].get("ranges"):
            return pool["props"]["ranges"].split(",")[0].split("-")[0]
    return None


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    return ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header] + rows]


@rule("routeros", "/ppp active", "print")
def ppp_active_print(session, args):
    device = session.device
    found = session_for(device)
    if device.family == "7":
        cols = ["NAME", "SERVICE", "CALLER-ID", "ADDRESS", "UPTIME"]
        rows = [[found[0], "l2tp", CLIENT_IP, found[1], UPTIME]] if found else []
        lines = ["Columns: " + ", ".join(cols)]
        lines += _table(["#"] + cols, [["0"] + r for r in rows])
        return "\r\n".join(lines if rows else lines[:1] + [lines[1]]) + "\r\n"
    lines = ["Flags: R - radius",
             " #   %-17s %-7s %-17s %-15s %-8s %s" % ("NAME", "SERVICE", "CALLER-ID", "ADDRESS", "UPTIME", "ENCODING")]
    if found:
        lines.append(" 0   %-17s %-7s %-17s %-15s %-8s" % (found[0], "l2tp", CLIENT_IP, found[1], UPTIME))
    return "\r\n".join(line.rstrip() for line in lines) + "\r\n"
