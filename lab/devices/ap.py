"""Cisco IOS-based lightweight access point (AIR-CAP3702I, IOS 15.3 JF):
the AP's own CLI, reached over SSH/console while it hunts for a controller.

`show version` follows the AP shape published in Cisco's "Lightweight AP
(LAP) Registration to a Wireless LAN Controller (WLC)" troubleshooting doc.
`debug capwap console cli` is needed before most commands, as on real APs.
Certificate and log output (show crypto pki certificates, show logging) come
from lab/devices/wlc_fleet.py when present, through lab.extensions."""
from lab.devices.ios import EXEC_PRIV, EXEC_USER, IOSDevice, IOSSession

SHOW_VERSION = """\
Cisco IOS Software, C3700 Software (AP3G2-K9W8-M), Version {version}, RELEASE SOFTWARE (fc1)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2018 by Cisco Systems, Inc.
Compiled Thu 13-Sep-18 03:03 by prod_rel_team

ROM: Bootstrap program is C3700 boot loader
BOOTLDR: C3700 Boot Loader (AP3G2-BOOT-M), Version 15.3 [ABC 102]

{host} uptime is 0 days, 0 hours, 12 minutes
System returned to ROM by power-on
System image file is "flash:/ap3g2-k9w8-mx.153-3.JF8/ap3g2-k9w8-xx.153-3.JF8"
Last reload reason: 



This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use.

cisco AIR-CAP3702I-A-K9    (PowerPC) processor (revision A0) with 376810K/134656K bytes of memory.
Processor board ID {serial}
PowerPC CPU at 800Mhz, revision number 0x2151
Last reset from power-on
LWAPP image version 8.5.182.0
1 Gigabit Ethernet interface
2 802.11 Radios

32K bytes flash-simulated non-volatile configuration memory.
Base ethernet MAC Address: {mac}
Part Number                          : 73-14980-05
PCA Assembly Number                  : 800-38356-01
PCA Revision Number                  : B0
PCB Serial Number                    : FOC15270ABC
Top Assembly Part Number             : 800-38358-01
Top Assembly Serial Number           : {serial}
Top Revision Number                  : A0
Product/Model Number                 : AIR-CAP3702I-A-K9   

Configuration register is 0xF
"""


class APDevice(IOSDevice):
    kind = "ap"
    version = "15.3(3)JF8"

    def __init__(self, name, spec, lab=None):
        super().__init__(name, spec, lab)
        self.session_class = APSession
        self.enable_password = str(spec.get("ansible_become_password", "Cisco"))
        self.serial = spec.get("lab_serial", "FGL1540A0AB")
        self.mac = spec.get("lab_mac", "7069.5a74.1234")

    def check_login(self, username, password):
        """Unjoined lightweight APs have SSH off: only the console (a console server in
        the inventory: wlc_ap_console_server) reaches them."""
        from lab.devices import wlc_fleet
        if not self.spec.get("wlc_ap_console_server") and not wlc_fleet.ap_joined(self):
            return False
        return super().check_login(username, password)

    def show_version(self):
        return SHOW_VERSION.format(version=self.version, host=self.hostname_now, serial=self.serial, mac=self.mac)


class APSession(IOSSession):
    # the AP's own commands first: `debug <line>` of the router table would swallow them
    exec_rules = ["debug capwap console cli", "show logging", "show capwap client rcb"] + EXEC_PRIV
    user_rules = EXEC_USER

    def do_debug_capwap_console(self, match):
        self.capwap_cli = True
        return ("This command is meant only for debugging/troubleshooting\n"
                "Any configuration change may result in different\n"
                "behavior from centralized configuration.\n\n"
                "CAPWAP console CLI allow/disallow debugging is on\n")
