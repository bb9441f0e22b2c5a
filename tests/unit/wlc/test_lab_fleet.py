"""The lab's AP fleet answers in the formats the collection's parsers read (round trip)."""
import datetime

from lab.devices import wlc_fleet
from lab.devices.aireos import AireOSDevice
from lab.devices.c9800 import C9800Device

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc import collect as wlc_collect


class FakeSession:
    def __init__(self, device):
        self.device = device


class FakeMatch:
    def __init__(self, words):
        self.words = words


def run_on(device):
    from lab.devices.aireos import AireOSSession  # noqa: F401  (device kinds register their own rules)
    from lab import extensions
    from lab.grammar import parse

    def run(command):
        rules = extensions.rules(device.kind, "exec")
        command, _, pipe = command.partition(" | ")
        match = parse(rules, command)
        out = match.rule.handler(FakeSession(device), match) or ""
        if pipe:
            from lab.devices.ios import _pipe
            out = _pipe(out, pipe)
        return out
    return run


def aireos_device(**spec):
    base = {"lab_kind": "aireos", "lab_ap_count": 40, "lab_ap_expired": 4, "lab_ap_expiring": 3}
    base.update(spec)
    return AireOSDevice("wlc-aireos", base)


def test_fleet_serials_forecast_matches_mic():
    fl = wlc_fleet.Fleet("AP-", 40, 4, 3)
    expired = [ap for ap in fl.aps if ap.expired]
    assert [ap.name for ap in expired] == ["AP-001", "AP-002", "AP-003", "AP-004"]
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    expiring = [ap for ap in fl.aps if not ap.expired and (ap.mic_end - now).days <= 90]
    assert len(expiring) == 3


def test_aireos_audit_against_the_fleet():
    dev = aireos_device()
    fl = wlc_fleet.fleet(dev)
    known = [{"name": ap.name, "serial": ap.serial} for ap in fl.aps[:4]]
    outputs = {}
    run = run_on(dev)
    for cmd in ("show ap inventory all", "show ap join stats summary all", "show msglog", "show certificate all"):
        outputs[cmd] = run(cmd)
    outputs["show sysinfo"] = "Product Version.................................. 8.5.182.0\n"
    outputs["show run-config commands"] = dev.run_config_commands()
    audit = wlc_collect.run_audit(lambda c: outputs[c], "aireos", {"known_aps": known})
    s = audit["summary"]
    assert (s["blocked_by_verdict"]["ap-mic-expired"], s["expiring"], s["total"]) == (4, 3, 40)
    assert audit["decision"]["fix_needed"] is True and audit["decision"]["ignore_enabled"] is False
    # enabling the workaround: the expired APs join
    wlc_fleet.aireos_ignore(FakeSession(dev), FakeMatch(["config", "ap", "cert-expiry-ignore", "mic", "enable"]))
    for cmd in ("show ap inventory all", "show ap join stats summary all", "show msglog"):
        outputs[cmd] = run(cmd)
    outputs["show run-config commands"] = dev.run_config_commands()
    after = wlc_collect.run_audit(lambda c: outputs[c], "aireos", {"known_aps": known})
    assert after["summary"]["blocked"] == 0 and after["summary"]["ap-mic-expired"] == 4
    assert after["decision"]["ignore_enabled"] is True


def test_old_release_refuses_cert_expiry_ignore():
    dev = aireos_device(lab_version="7.0.252.0")
    out = wlc_fleet.aireos_ignore(FakeSession(dev), FakeMatch(["config", "ap", "cert-expiry-ignore", "mic", "enable"]))
    assert "Incorrect usage" in out
    assert wlc_fleet.aireos_ignore(FakeSession(dev), FakeMatch(["config", "ap", "lifetime-check", "mic", "enable"])) == ""
    assert wlc_fleet.aireos_allows(dev)


def test_release_without_either_command():
    dev = aireos_device(lab_version="7.4.121.0")
    for name in ("cert-expiry-ignore", "lifetime-check"):
        out = wlc_fleet.aireos_ignore(FakeSession(dev), FakeMatch(["config", "ap", name, "mic", "enable"]))
        assert "Incorrect usage" in out
    assert not wlc_fleet.aireos_allows(dev)


def test_mixed_aireos_fleet_verdicts():
    """An expired controller certificate (5344216) with AP-COS APs rejecting it, next to expired-MIC APs."""
    dev = aireos_device(lab_ap_count=20, lab_ap_expired=2, lab_ap_expiring=0, lab_wlc_cert_expired=True,
                        lab_ap_controller_reject=2)
    fl = wlc_fleet.fleet(dev)
    run = run_on(dev)
    outputs = dict((c, run(c)) for c in ("show ap inventory all", "show ap join stats summary all", "show msglog",
                                         "show certificate all"))
    outputs["show sysinfo"] = "Product Version.................................. 8.5.182.0\n"
    outputs["show run-config commands"] = dev.run_config_commands()
    known = [{"name": ap.name, "serial": ap.serial, "model": ap.model} for ap in fl.aps
             if not fl.joined(ap, False)]
    audit = wlc_collect.run_audit(lambda c: outputs[c], "aireos", {"known_aps": known})
    got = dict((r["name"], r["verdict"]) for r in audit["aps"] if r["blocked"])
    assert got == {"AP-WLC-AIREOS-001": "ap-mic-expired", "AP-WLC-AIREOS-002": "ap-mic-expired",
                   "AP-WLC-AIREOS-021": "controller-cert-expired", "AP-WLC-AIREOS-022": "controller-cert-expired"}
    assert audit["decision"]["fix_cert_types"] == ["mic"]
    # the allowance lets the expired-MIC APs in; the AP-COS APs keep rejecting the controller
    wlc_fleet.aireos_ignore(FakeSession(dev), FakeMatch(["config", "ap", "cert-expiry-ignore", "mic", "enable"]))
    for cmd in ("show ap inventory all", "show ap join stats summary all", "show msglog"):
        outputs[cmd] = run(cmd)
    outputs["show run-config commands"] = dev.run_config_commands()
    after = wlc_collect.run_audit(lambda c: outputs[c], "aireos", {"known_aps": known})
    assert dict((r["name"], r["verdict"]) for r in after["aps"] if r["blocked"]) == {
        "AP-WLC-AIREOS-021": "controller-cert-expired", "AP-WLC-AIREOS-022": "controller-cert-expired"}
    assert after["decision"]["fix_cert_types"] == []


def test_c9800_audit_against_the_fleet():
    dev = C9800Device("wlc-9800", {"lab_kind": "c9800", "lab_ap_count": 30, "lab_ap_expired": 2,
                                   "lab_ap_expiring": 1})
    run = run_on(dev)
    general = wlc_collect.C9800_AP_GENERAL
    join = wlc_collect.C9800_JOIN
    outputs = dict((c, run(c)) for c in (general, join, "show wireless management trustpoint",
                                         "show crypto pki certificates CISCO_IDEVID_SUDI"))
    outputs["show version"] = dev.show_version()
    outputs["show running-config | section crypto pki"] = ""
    fl = wlc_fleet.fleet(dev)
    known = [{"name": ap.name, "serial": ap.serial} for ap in fl.aps[:2]]
    audit = wlc_collect.run_audit(lambda c: outputs[c], "c9800", {"known_aps": known})
    assert audit["summary"]["blocked_by_verdict"]["ap-mic-expired"] == 2 and audit["summary"]["expiring"] == 1
    assert audit["wlc_certificates"][0]["valid_to"] == "2099-11-20T00:44:52Z"
    # the allowance in the running config lets them join, with their real (expired) MIC dates
    from lab import iosconfig
    dev.config.children.extend(iosconfig.parse(
        "crypto pki certificate map PFNE_EXPIRED_MIC 1\n issuer-name co cisco manufacturing ca\n"
        "crypto pki trustpool policy\n match certificate PFNE_EXPIRED_MIC allow expired-certificate\n").children)
    assert wlc_fleet.c9800_allows(dev)
    outputs.update((c, run(c)) for c in (general, join))
    after = wlc_collect.run_audit(lambda c: outputs[c], "c9800", {})
    assert after["summary"]["blocked"] == 0 and after["summary"]["ap-mic-expired"] == 2
    old = [r for r in after["aps"] if r["verdict"] == "ap-mic-expired"][0]
    assert old["expiry_source"] == "certificate"


def test_c9800_fn72524_aps_are_image_signing_and_stay_out():
    dev = C9800Device("wlc-9800", {"lab_kind": "c9800", "lab_ap_count": 10, "lab_ap_expired": 0,
                                   "lab_ap_expiring": 0, "lab_ap_fn72524": 2})
    run = run_on(dev)
    cmds = (wlc_collect.C9800_AP_GENERAL, wlc_collect.C9800_JOIN, "show wireless management trustpoint",
            "show crypto pki certificates CISCO_IDEVID_SUDI")
    outputs = dict((c, run(c)) for c in cmds)
    outputs["show version"] = dev.show_version()
    outputs["show running-config | section crypto pki"] = ""
    fl = wlc_fleet.fleet(dev)
    known = [{"name": ap.name, "serial": ap.serial, "model": ap.model} for ap in fl.aps if ap.case == "fn72524"]
    audit = wlc_collect.run_audit(lambda c: outputs[c], "c9800", {"known_aps": known})
    blocked = [r for r in audit["aps"] if r["blocked"]]
    assert [(r["verdict"], r["failure_phase"]) for r in blocked] == [("image-signing-expired", "Image-Download")] * 2
    assert audit["decision"]["fix_needed"] is False
    assert audit["decision"]["not_fixed_by_allowance"] == {"image-signing-expired": [a["name"] for a in known]}


def test_unjoined_lab_ap_refuses_ssh_unless_behind_a_console_server():
    from lab.devices.ap import APDevice

    class FakeLab:
        devices = {}

    lab = FakeLab()
    wlc = AireOSDevice("wlc-aireos", {"lab_kind": "aireos", "lab_ap_count": 5, "lab_ap_expired": 0,
                                      "lab_ap_expiring": 0}, lab=lab)
    spec = {"lab_kind": "ap", "lab_wlc": "wlc-aireos", "lab_serial": "FTX1240A0DK",   # MIC ended 2022
            "ansible_user": "Cisco", "ansible_password": "Cisco"}
    dark = APDevice("ap-dark", dict(spec), lab=lab)
    console = APDevice("ap-console", dict(spec, wlc_ap_console_server=True), lab=lab)
    lab.devices.update({"wlc-aireos": wlc, "ap-dark": dark, "ap-console": console})
    assert not wlc_fleet.ap_joined(dark)
    assert dark.check_login("Cisco", "Cisco") is False
    assert console.check_login("Cisco", "Cisco") is True
    wlc.set_command("config ap cert-expiry-ignore mic enable")   # the allowance: it joins, SSH is back
    assert wlc_fleet.ap_joined(dark) and dark.check_login("Cisco", "Cisco") is True
