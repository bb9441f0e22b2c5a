"""AP fleet behind the lab's wireless controllers (AireOS and Catalyst 9800)
and the certificate/log view of the lab's IOS access points.

Each controller device gets a deterministic fleet built from its inventory
spec:

    lab_ap_count      APs in total (default 300)
    lab_ap_expired    APs with a 10-year MIC that has already expired (default 4)
    lab_ap_expiring   APs whose MIC ends within the next 30-60 days (default 3)
    lab_ap_prefix     AP name prefix (default "AP-<HOST>-")
    lab_wlc_cert_expired   the controller's device certificate has expired (AireOS SHA2
                      device cert ended Oct 4 2025 as in community.cisco.com 5344216;
                      9800 management trustpoint certificate ended Nov 20 2025)
    lab_ap_controller_reject  AP-COS APs (valid MIC) that reject the controller's expired
                      certificate and stay "Not Joined" whatever the allowance (CSCvb93909)
    lab_ap_fn72524    IOS APs (valid MIC) in the FN72524 image-download loop: on the 9800
                      "Not Joined / Image-Download / DTLS close alert from peer" (genieparser
                      ShowWirelessStatsApJoinSummary golden output), never joining

Lab AP devices (kind ap, lab_wlc naming the controller) add ``lab_case``: mic (their own
MIC, the default), controller_cert (5353677: the AP rejects the controller's certificate)
or fn72524 (526net.com: image-signing certificate); an unjoined one refuses SSH unless its
inventory entry has ``wlc_ap_console_server: true`` (real unjoined APs have SSH off).

APs with an expired MIC keep failing the CAPWAP DTLS handshake (they show as
"Not Joined" with certificate errors in the controller's log) until the
controller allows expired certificates: AireOS `config ap cert-expiry-ignore
mic enable` (7.4.140.0+; `config ap lifetime-check mic enable` on 7.0.252.0 -
7.4.x), or on the 9800 a `crypto pki certificate map` on the Cisco
manufacturing CA issuer matched by `crypto pki trustpool policy` / `match
certificate MAP allow expired-certificate`. Then they join at once.

Output shapes (see tests/unit/fixtures/wlc/SOURCES.md for each public source):
AireOS `show ap inventory all`, `show ap join stats summary all` (8.x table),
`show msglog` (`#DTLS-3-HANDSHAKE_FAILURE`), `show certificate all`; 9800
`show ap summary`, `show ap config general`, `show wireless stats ap join
summary`, `show wireless management trustpoint`; AP `show crypto pki
certificates` (the device MIC block of networkoc.net's AP, with `Name:` and
`ea=`; the Root CA M2 block before it with `Trustpool cisco-m2-root-cert` and an
empty `Storage:` as the 3702 of community.cisco.com 5033673 prints them; the
manufacturing CA after it is composed, fixtures/wlc/composed/SOURCES.md) and `show logging` (`%CAPWAP-5-DTLSREQSEND`,
`%DTLS-5-ALERT: Received FATAL : Certificate unknown alert`).
"""
import datetime
import re

from lab import extensions

INCORRECT = "\nIncorrect usage. Use the '?' or <TAB> key to list commands.\n"
# FN63942 / CSCuq19142 (networkoc.net quotes the fixed releases 7.0.252.0, 7.4.140.0, 8.0.120.0):
# which command a release has. Trains after 8.0 carry cert-expiry-ignore; the others neither.
RELEASE_COMMANDS = {(7, 0): ("lifetime-check", (7, 0, 252, 0)), (7, 4): ("cert-expiry-ignore", (7, 4, 140, 0)),
                    (8, 0): ("cert-expiry-ignore", (8, 0, 120, 0))}


def allowance_command(version):
    vt = _version_tuple(version)
    if vt[:2] >= (8, 1):
        return "cert-expiry-ignore"
    name, first = RELEASE_COMMANDS.get(vt[:2], (None, None))
    return name if name and vt >= first else None

MODELS = {  # era -> (PID, inventory NAME, DESCR)
    "cos": ("AIR-AP2802I-E-K9", "AP2800", "Cisco Aironet 2800 Series (IEEE 802.11ac) Access Point"),
    "old": ("AIR-LAP1142N-E-K9", "AP1140", "Cisco Aironet 1140 Series (IEEE 802.11n) Access Point"),
    "mid": ("AIR-CAP3702I-E-K9", "AP3700", "Cisco Aironet 3700 Series (IEEE 802.11ac) Access Point"),
    "new": ("C9120AXI-E", "C9120AXI-E", "Cisco Catalyst 9120AXI Series (IEEE 802.11ax) Access Point"),
}
FACTORY = {"old": "FTX", "mid": "FGL", "new": "FJC", "cos": "FCW"}
UNIT_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def today():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).replace(microsecond=0)


def _unit(i):
    out = ""
    for _ in range(4):
        i, r = divmod(i, len(UNIT_CHARS))
        out = UNIT_CHARS[r] + out
    return out


def _serial_for(day, era, i):
    """Cisco serial (LLLYYWWSSSS) for an AP built on ``day``."""
    week = (day - datetime.date(day.year, 1, 1)).days // 7 + 1
    return "%s%02d%02d%s" % (FACTORY[era], day.year - 1996, min(week, 53), _unit(i))


def _week_start(serial):
    year, week = 1996 + int(serial[3:5]), int(serial[5:7])
    return datetime.date(year, 1, 1) + datetime.timedelta(days=7 * (week - 1))


def mic_for_serial(serial):
    """(start, end) of the MIC of an AP with this serial: issued two days into
    the manufacture week; ten years for July 2005 - 2017, else to 2099."""
    start = datetime.datetime.combine(_week_start(serial) + datetime.timedelta(days=2), datetime.time(7, 21, 37))
    if datetime.date(2005, 7, 1) <= start.date() <= datetime.date(2017, 12, 31):
        end = start.replace(year=start.year + 10) + datetime.timedelta(minutes=10)
    else:
        end = datetime.datetime(2099, 8, 9, 20, 58, 26)
    return start, end


class AP:
    def __init__(self, i, name, era, built):
        self.index = i
        self.name = name
        self.era = era
        self.model, self.inv_name, self.descr = MODELS[era]
        self.serial = _serial_for(built, era, i)
        self.mic_start, self.mic_end = mic_for_serial(self.serial)
        self.base_mac = "00:3a:99:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
        self.eth_mac = "58:8d:09:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
        self.ip = "10.20.%d.%d" % (i // 250, i % 250 + 1)
        self.case = "mic"   # mic | controller_cert | fn72524: which certificate can keep it out

    @property
    def expired(self):
        return self.mic_end <= today()


class Fleet:
    def __init__(self, prefix, count, expired, expiring, controller_reject=0, fn72524=0, wlc_cert_expired=False):
        now = today().date()
        self.aps = []
        for i in range(count):
            if i < expired:        # built 2008-2012: MIC long expired
                built, era = datetime.date(2008 + i % 5, 3 + (i * 2) % 9, 10), "old"
            elif i < expired + expiring:   # MIC ends 30-60 days from now
                ends = now + datetime.timedelta(days=30 + (i - expired) * 10)
                built, era = ends.replace(year=ends.year - 10, day=min(ends.day, 28)), "mid"
            elif i % 3 == 0 and now.year - 10 <= 2017:   # 10-year MIC still valid for a while
                built, era = datetime.date(2017, 6 + i % 6, 12), "mid"
            else:                  # 2019+: long-lived MIC
                built, era = datetime.date(2019 + i % 5, 1 + i % 12, 15), "new"
            self.aps.append(AP(i, "%s%03d" % (prefix, i + 1), era, built))
        for k, case in enumerate(["controller_cert"] * controller_reject + ["fn72524"] * fn72524):
            i = len(self.aps)
            era, built = ("cos", datetime.date(2019, 4 + k % 6, 9)) if case == "controller_cert" else \
                ("mid", datetime.date(2018, 3 + k % 6, 20))
            ap = AP(i, "%s%03d" % (prefix, i + 1), era, built)
            ap.case = case
            self.aps.append(ap)
        self.wlc_cert_expired = wlc_cert_expired
        self.by_name = {ap.name: ap for ap in self.aps}
        self.by_serial = {ap.serial: ap for ap in self.aps}

    def joined(self, ap, allowed):
        if ap.case == "fn72524":      # the image it downloads never verifies
            return False
        if ap.case == "controller_cert" and self.wlc_cert_expired:
            return False              # unfixed AP code rejects the controller whatever the allowance
        return allowed or not ap.expired


def fleet(device):
    """The fleet of a controller device (built once, from its spec)."""
    if getattr(device, "_wlc_fleet", None) is None:
        spec = device.spec
        prefix = spec.get("lab_ap_prefix", "AP-%s-" % device.hostname.upper())
        device._wlc_fleet = Fleet(prefix, int(spec.get("lab_ap_count", 300)),
                                  int(spec.get("lab_ap_expired", 4)), int(spec.get("lab_ap_expiring", 3)),
                                  int(spec.get("lab_ap_controller_reject", 0)), int(spec.get("lab_ap_fn72524", 0)),
                                  bool(spec.get("lab_wlc_cert_expired", False)))
        _add_lab_aps(device, device._wlc_fleet)
    return device._wlc_fleet


def _add_lab_aps(device, fl):
    """Lab AP devices (kind ap) whose spec names this controller in lab_wlc join its
    fleet under their hostname, with their own serial and MAC."""
    devices = getattr(getattr(device, "lab", None), "devices", None) or {}
    for other in (devices.values() if isinstance(devices, dict) else devices):
        if getattr(other, "kind", None) != "ap" or other.spec.get("lab_wlc") != device.name:
            continue
        serial = str(other.spec.get("lab_serial", "FGL1540A0AB"))
        i = len(fl.aps)
        ap = AP(i, other.hostname, "mid", datetime.date(2000, 1, 1))
        ap.case = str(other.spec.get("lab_case", "mic"))
        ap.serial = serial
        ap.mic_start, ap.mic_end = mic_for_serial(serial)
        mac = re.sub(r"[^0-9a-f]", "", str(other.spec.get("lab_mac", "7069.5a74.1234")).lower())
        ap.eth_mac = ":".join(mac[k:k + 2] for k in range(0, 12, 2))
        fl.aps.append(ap)
        fl.by_name[ap.name] = ap
        fl.by_serial[ap.serial] = ap


def _version_tuple(text):
    parts = [int(p) for p in re.findall(r"\d+", text)[:4]]
    return tuple(parts + [0] * (4 - len(parts)))


# ------------------------------------------------------------------ allowance
def aireos_allows(device):
    """AireOS: cert-expiry-ignore (or lifetime-check) mic enabled in the running config."""
    for cmd in device.commands:
        if re.match(r"^(config )?ap (cert-expiry-ignore|lifetime-check) mic enable$", cmd):
            return True
    return False


def c9800_allows(device):
    """9800: trustpool policy allows a map whose issuer-name contains 'cisco manufacturing ca'."""
    root = device.config
    policy = root.find("crypto pki trustpool policy")
    if policy is None:
        return False
    for line in policy.children:
        m = re.match(r"^match certificate (\S+) allow expired-certificate$", line.text)
        if not m:
            continue
        for node in root.find_prefix("crypto pki certificate map %s" % m.group(1)):
            for entry in node.children:
                e = re.match(r"^issuer-name co (.+)$", entry.text)
                if e and "cisco manufacturing ca" in e.group(1).lower():
                    return True
    return False


def allows(device):
    return aireos_allows(device) if device.kind == "aireos" else c9800_allows(device)


# ------------------------------------------------------------------ AireOS
def aireos_inventory(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    out = []
    for ap in fl.aps:
        if fl.joined(ap, ok):
            out.append("Inventory for %s\n\nNAME: \"%s\"    , DESCR: \"%s\"\nPID: %s,  VID: V01,  SN: %s\n"
                       % (ap.name, ap.inv_name, ap.descr, ap.model, ap.serial))
    return "\n".join(out)


def aireos_join_stats(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    lines = ["", "", "Number of APs.............................................. %d" % len(fl.aps), "", "",
             "Base Mac             AP EthernetMac       AP Name                 IP Address         Status", ""]
    for ap in fl.aps:
        joined = fl.joined(ap, ok)
        lines.append("%-20s %-20s %-23s %-18s %s" % (ap.base_mac, ap.eth_mac, ap.name, ap.ip if joined else "",
                                                     "Joined" if joined else "Not Joined"))
    return "\n".join(lines) + "\n"


def aireos_msglog(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    now = today()
    lines = []
    for n, ap in enumerate(ap for ap in fl.aps if not fl.joined(ap, ok) and ap.case != "fn72524"):
        for k in range(2):
            ts = now - datetime.timedelta(seconds=70 * k + 3 * n)
            lines.append("*spamApTask%d: %s.%03d: #DTLS-3-HANDSHAKE_FAILURE: openssl_dtls.c:681 Failed to "
                         "complete DTLS handshake with peer for AP %s" % (n % 8, ts.strftime("%b %d %H:%M:%S"),
                                                                          (n * 37 + k) % 1000, ap.base_mac))
    return "\n".join(lines) + "\n"


AIREOS_CERTS = """\
Certificate Name: Cisco SHA1 device cert
Subject Name :
C=US, ST=California, L=San Jose, O=Cisco Systems, CN=AIR-CT2504-K9-d0c282112233, emailAddress=support@cisco.com
Issuer Name :
O=Cisco Systems, CN=Cisco Manufacturing CA
Serial Number (Hex):
5B2E0F1D000000A1C4E2
Validity :
Start : Jun 18 09:12:31 2021 GMT
End : Jun 18 09:22:31 2031 GMT
Signature Algorithm :
sha1WithRSAEncryption
Hash key :
SHA1 Fingerprint : 4f:12:9a:0c:77:e1:2b:90:3d:5a:c8:11:06:f2:9e:41:b7:20:58:6c
SHA256 Fingerprint : 91:0a:3c:5e:77:b2:4d:18:e6:f0:2a:95:6c:d1:03:47:88:ab:19:c2:5f:7e:30:d4:a6:81:0b:e9:52:4c:f3:07

Certificate Name: Cisco SHA2 device cert
Subject Name :
C=US, ST=California, L=San Jose, O=Cisco Systems, CN=AIR-CT2504-K9-d0c282112233, emailAddress=support@cisco.com
Issuer Name :
O=Cisco, CN=Cisco Manufacturing CA SHA2
Serial Number (Hex):
1F7A22C4000000058D91
Validity :
{sha2_validity}
Signature Algorithm :
sha256WithRSAEncryption
Hash key :
SHA1 Fingerprint : a3:5d:08:e4:19:6b:72:c0:5e:81:3f:27:9d:40:c6:be:12:08:f5:33
SHA256 Fingerprint : 2c:e8:71:09:b5:3a:d6:40:8f:12:77:c3:e0:5b:9a:61:14:fd:2e:86:0c:b7:49:35:a8:d2:61:7f:03:c9:5e:b4
"""


# community.cisco.com 5344216: the 2504's SHA-2 device certificate that ended Oct 4 2025
SHA2_EXPIRED = "Start : Oct  4 05:05:04 2015 GMT\nEnd : Oct  4 05:15:04 2025 GMT"
SHA2_VALID = "Start : Jun 18 09:12:35 2021 GMT\nEnd : Jun 18 09:22:35 2031 GMT"
SHA2_SERIAL = "1F7A22C4000000058D91"


def aireos_certificates(session, match):
    expired = fleet(session.device).wlc_cert_expired
    return AIREOS_CERTS.format(sha2_validity=SHA2_EXPIRED if expired else SHA2_VALID)


def aireos_ignore(session, match):
    """config ap {cert-expiry-ignore|lifetime-check} {mic|ssc} {enable|disable}"""
    dev = session.device
    words = [w for w in match.words if w != "config"]
    name, ctype, action = words[1], words[2], words[3]
    if name != allowance_command(dev.version):
        return INCORRECT
    dev.set_command("config ap %s %s %s" % (name, ctype, action), replaces="config ap %s %s" % (name, ctype))
    return ""


for _mode, _pre in (("exec", "config "), ("config", "")):
    extensions.rule("aireos", _mode, _pre + "ap {cert-expiry-ignore|lifetime-check} {mic|ssc} {enable|disable}")(
        aireos_ignore)
extensions.rule("aireos", "exec", "show ap inventory all")(aireos_inventory)
extensions.rule("aireos", "exec", "show ap join stats summary all")(aireos_join_stats)
extensions.rule("aireos", "exec", "show msglog")(aireos_msglog)
extensions.rule("aireos", "exec", "show certificate all")(aireos_certificates)


# ------------------------------------------------------------------ 9800
def c9800_ap_summary(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    joined = [ap for ap in fl.aps if fl.joined(ap, ok)]
    lines = ["Number of APs: %d" % len(joined), "",
             "AP Name                            Slots    AP Model  Ethernet MAC    Radio MAC       Location"
             "                          Country     IP Address                                 State",
             "-" * 187]
    for ap in joined:
        lines.append("%-33s %-6s %-9s %-15s %-15s %-33s %-11s %-42s %s" % (
            ap.name, "2", ap.model.split("-")[1] if ap.model.startswith("AIR-") else ap.model.split("-")[0],
            _dotted(ap.eth_mac), _dotted(ap.base_mac), "default location", "DE", ap.ip, "Registered"))
    return "\n".join(lines) + "\n"


def _dotted(mac):
    h = mac.replace(":", "")
    return "%s.%s.%s" % (h[0:4], h[4:8], h[8:12])


def c9800_ap_config_general(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    blocks = []
    for ap in fl.aps:
        if not fl.joined(ap, ok):
            continue
        blocks.append("\n".join([
            "Cisco AP Name   : %s" % ap.name,
            "=================================================",
            "",
            "%-48s: %s" % ("Cisco AP Identifier", _dotted(ap.base_mac)),
            "%-48s: %s" % ("Country Code", "DE"),
            "%-48s: %s" % ("MAC Address", _dotted(ap.eth_mac)),
            "%-48s: %s" % ("IP Address Configuration", "DHCP"),
            "%-48s: %s" % ("IP Address", ap.ip),
            "%-48s: %s" % ("Administrative State", "Enabled"),
            "%-48s: %s" % ("Operation State", "Registered"),
            "%-48s: %s" % ("AP Certificate type", "Manufacturer Installed Certificate"),
            "%-48s: %s" % ("AP Certificate Expiry-time", ap.mic_end.strftime("%m/%d/%Y %H:%M:%S")),
            "%-48s: %s" % ("AP Certificate issuer common-name",
                           "High Assurance SUDI CA" if ap.era == "new" else "Cisco Manufacturing CA"),
            "%-48s: %s" % ("AP Certificate Policy", "Default"),
            "%-48s: %s" % ("AP Mode", "Local"),
            "%-48s: %s" % ("Software Version", "17.9.4.27"),
            "%-48s: %s" % ("AP Model", ap.model),
            "%-48s: %s" % ("AP Serial Number", ap.serial),
            "",
        ]))
    return "\n".join(blocks) + "\n"


def c9800_join_summary(session, match):
    dev = session.device
    fl, ok = fleet(dev), allows(dev)
    lines = ["Number of APs: %d" % len(fl.aps), "",
             "Base MAC        Ethernet MAC    AP Name                           IP Address                    "
             "            Status      Last Failure Phase    Last Disconnect Reason",
             "-" * 166]
    for ap in fl.aps:
        joined = fl.joined(ap, ok)
        phase, reason = ("Join", "Ap auth pending") if joined else (
            ("Image-Download", "DTLS close alert from peer") if ap.case == "fn72524"
            else ("Dtls-Handshake", "DTLS cert-chain not available"))
        lines.append("%-15s %-15s %-33s %-40s %-11s %-21s %-37s" % (
            _dotted(ap.base_mac), _dotted(ap.eth_mac), ap.name, ap.ip, "Joined" if joined else "Not Joined",
            phase, reason))
    return "\n".join(lines) + "\n"


TRUSTPOINT = """\
Trustpoint Name  : CISCO_IDEVID_SUDI
Certificate Info : Available
Certificate Type : MIC
Private key Info : Available
FIPS suitability : Not Applicable
"""


def c9800_trustpoint(session, match):
    return TRUSTPOINT


# IOS-XE `show crypto pki certificates <trustpoint>`: the shape of genieparser's
# ShowCryptoPkiCertificates golden_output_c3850 (a SUDI device certificate and its CA).
C9800_SUDI = """\
Certificate
  Status: Available
  Certificate Serial Number (hex): 793B572700000003750B
  Certificate Usage: General Purpose
  Issuer: 
    cn=Cisco Manufacturing CA SHA2
    o=Cisco
  Subject:
    Name: C9800-L-C-K9-0057D21BC800
    Serial Number: PID:C9800-L-C-K9 SN:FCL2407001A
    cn=C9800-L-C-K9-0057D21BC800
    serialNumber=PID:C9800-L-C-K9 SN:FCL2407001A
  CRL Distribution Points: 
    http://www.cisco.com/security/pki/crl/cmca2.crl
  Validity Date: 
    start date: 00:34:52 UTC Nov 20 {start}
    end   date: 00:44:52 UTC Nov 20 {end}
  Associated Trustpoints: CISCO_IDEVID_SUDI 

CA Certificate
  Status: Available
  Certificate Serial Number (hex): 02
  Certificate Usage: Signature
  Issuer: 
    cn=Cisco Root CA M2
    o=Cisco
  Subject: 
    cn=Cisco Manufacturing CA SHA2
    o=Cisco
  CRL Distribution Points: 
    http://www.cisco.com/security/pki/crl/crcam2.crl
  Validity Date: 
    start date: 13:50:58 UTC Nov 12 2012
    end   date: 13:00:17 UTC Nov 12 2037
  Associated Trustpoints: CISCO_IDEVID_SUDI Trustpool

"""


def c9800_pki_certificates(session, match):
    if match.words[-1] != "CISCO_IDEVID_SUDI":
        return ""   # IOS-XE prints nothing for a trustpoint without certificates
    expired = fleet(session.device).wlc_cert_expired
    return C9800_SUDI.format(start=2015 if expired else 2019, end=2025 if expired else 2099)


extensions.rule("c9800", "exec", "show crypto pki certificates <word>")(c9800_pki_certificates)
extensions.rule("c9800", "exec", "show ap summary")(c9800_ap_summary)
extensions.rule("c9800", "exec", "show ap config general")(c9800_ap_config_general)
extensions.rule("c9800", "exec", "show wireless stats ap join summary")(c9800_join_summary)
extensions.rule("c9800", "exec", "show wireless management trustpoint")(c9800_trustpoint)


# ------------------------------------------------------------------ IOS AP
def _ios_date(dt):
    return "%s UTC %s %d %d" % (dt.strftime("%H:%M:%S"), dt.strftime("%b"), dt.day, dt.year)


def ap_certificates(session, match):
    dev = session.device
    start, end = mic_for_serial(dev.serial)
    mac = dev.mac.replace(".", "").replace(":", "").lower()
    return """\
CA Certificate
  Status: Available
  Certificate Serial Number (hex): 01
  Certificate Usage: Signature
  Issuer: 
    cn=Cisco Root CA M2
    o=Cisco
  Subject: 
    cn=Cisco Root CA M2
    o=Cisco
  Validity Date: 
    start date: 13:00:18 UTC Nov 12 2012
    end   date: 13:00:18 UTC Nov 12 2037
  Associated Trustpoints: Trustpool cisco-m2-root-cert 
  Storage: 

Certificate
  Status: Available
  Certificate Serial Number (hex): 1C2C8A59%012X
  Certificate Usage: General Purpose
  Issuer: 
    cn=Cisco Manufacturing CA
    o=Cisco Systems
  Subject:
    Name: C3700-%s
    ea=support@cisco.com
    cn=C3700-%s
    o=Cisco Systems
    l=San Jose
    st=California
    c=US
  CRL Distribution Points: 
    http://www.cisco.com/security/pki/crl/cmca.crl
  Validity Date: 
    start date: %s
    end   date: %s
  Associated Trustpoints: Cisco_IOS_MIC_cert 
  Storage: 

CA Certificate
  Status: Available
  Certificate Serial Number (hex): 6A6967B3000000000003
  Certificate Usage: Signature
  Issuer: 
    cn=Cisco Root CA 2048
    o=Cisco Systems
  Subject: 
    cn=Cisco Manufacturing CA
    o=Cisco Systems
  CRL Distribution Points: 
    http://www.cisco.com/security/pki/crl/crca2048.crl
  Validity Date: 
    start date: 22:16:01 UTC Jun 10 2005
    end   date: 20:25:42 UTC May 14 2029
  Associated Trustpoints: Cisco_IOS_MIC_cert 
  Storage: 

""" % (int(mac, 16), mac, mac, _ios_date(start), _ios_date(end))


def ap_joined(device):
    """Whether a lab AP device is joined to its controller (spec lab_wlc); True without one."""
    devices = getattr(getattr(device, "lab", None), "devices", None) or {}
    wlc = devices.get(device.spec.get("lab_wlc")) if isinstance(devices, dict) else None
    if wlc is None:
        return True
    fl = fleet(wlc)
    ap = fl.by_name.get(device.hostname)
    return ap is None or fl.joined(ap, allows(wlc))


def _stamp(t, ms):
    return "*%s %d %s.%03d" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), ms)


def _log_own_mic(t, wlc_ip):
    """ipnet.xyz / networkoc.net: the controller refuses the AP's expired MIC."""
    return ["%s: %%CAPWAP-5-DTLSREQSEND: DTLS connection request sent peer_ip: %s peer_port: 5246"
            % (_stamp(t, 0), wlc_ip),
            "%s: %%DTLS-5-ALERT: Received FATAL : Certificate unknown alert from %s" % (_stamp(t, 352), wlc_ip),
            "%s: %%DTLS-5-SEND_ALERT: Send FATAL : Close notify Alert to %s:5246" % (_stamp(t, 352), wlc_ip)]


def _log_controller_cert(t, wlc_ip):
    """community.cisco.com 5353677: the AP rejects the controller's expired certificate
    (here the lab controller's SHA2 device certificate)."""
    return ["%s: AP has SHA2 MIC certificate - Using SHA2 MIC certificate for DTLS." % _stamp(t, 999),
            "%s: %%CAPWAP-5-DTLSREQSEND: DTLS connection request sent peer_ip: %s peer_port: 5246"
            % (_stamp(t, 0), wlc_ip),
            "%s: %%PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed. The certificate "
            "(SN: %s) has expired. Validity period ended on 05:15:04 UTC Oct 4 2025Peer certificate verification "
            "failed 001A" % (_stamp(t, 235), SHA2_SERIAL),
            "%s: DTLS_CLIENT_ERROR: ../capwap/base_capwap/capwap/base_capwap_wtp_dtls.c:508 Certificate verified "
            "failed!" % _stamp(t, 235),
            "%s: %%DTLS-5-SEND_ALERT: Send FATAL : Bad certificate Alert to %s:5246" % (_stamp(t, 235), wlc_ip),
            "%s: %%DTLS-5-SEND_ALERT: Send FATAL : Close notify Alert to %s:5246" % (_stamp(t, 235), wlc_ip)]


def _log_fn72524(t, wlc_ip):
    """526net.com (FN72524): the image-signing certificate of the downloaded image expired."""
    return ["%s: Using SHA-2 signed certificate for image signing validation." % _stamp(t, 777),
            "%s: %%PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed.  The certificate "
            "(SN: 4E78A210000000000007) has expired.    Validity period ended on 21:43:46 UTC Dec 4 2022"
            % _stamp(t, 861),
            "%s: Image signing certificate validation failed (1A)." % _stamp(t, 861),
            "",
            "%s: Failed to validate signature" % _stamp(t, 861),
            "%s: Digital Signature Failed Validation (flash:/update/ap3g2-k9w8-mx.153-3.JF15/final_hash)"
            % _stamp(t, 861),
            "%s: AP image integrity check FAILED" % _stamp(t, 861),
            "Aborting Image Download"]


AP_LOGS = {"mic": _log_own_mic, "controller_cert": _log_controller_cert, "fn72524": _log_fn72524}


def ap_logging(session, match):
    dev = session.device
    wlc_ip = dev.spec.get("lab_wlc_address", "10.2.10.10")
    now = today()
    logs = []
    if not ap_joined(dev):
        for k in (2, 1):
            logs += AP_LOGS[str(dev.spec.get("lab_case", "mic"))](now - datetime.timedelta(seconds=65 * k), wlc_ip)
    return _LOGGING_HEADER.format(count=len(logs)) + "\n".join(logs) + "\n"


# The header IOS prints before the buffer (genieparser ios ShowLogging golden_output_3_output.txt),
# without its remote syslog hosts; the counts are the buffered lines.
_LOGGING_HEADER = """\
Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.



No Inactive Message Discriminator.


    Console logging: level debugging, {count} messages logged, xml disabled,
                     filtering disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, {count} messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    File logging: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, {count} message lines logged

Log Buffer (4096 bytes):

"""


extensions.rule("ap", "exec", "show crypto pki certificates")(ap_certificates)
extensions.rule("ap", "exec", "show logging")(ap_logging)
