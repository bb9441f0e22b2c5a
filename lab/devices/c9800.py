"""Cisco Catalyst 9800-L wireless controller (IOS-XE 17.9): the IOS CLI with
IOS-XE's `show version` (shape of networktocode/ntc-templates
tests/cisco_ios/show_version/cisco_ios_show_version_iosxe*.raw) and a VLAN
table. Wireless commands (`show wireless ...`, `show ap summary`) come from
lab/devices/wlc_fleet.py when present, through lab.extensions."""
from lab.devices.ios import EXEC_PRIV, SHOW_VERSION_XE, IOSDevice, IOSSession, xe_short

C9800_XE = dict(
    software="C9800 Software (C9800_IOSXE-K9)", rom="16.12(3r)",
    uptime="12 weeks, 3 days, 4 hours, 2 minutes", uptime_cp="12 weeks, 3 days, 4 hours, 4 minutes",
    hardware="cisco C9800-L-C-K9 (KATAR) processor (revision KATAR) with 6171299K/6147K bytes of memory.\n"
             "Processor board ID FCL2407001A\nRouter operating mode: Autonomous\n4 Virtual Ethernet interfaces\n"
             "4 2.5 Gigabit Ethernet interfaces",
    storage="16009164K bytes of physical memory.\n26234879K bytes of Bootflash at bootflash:.\n")

SHOW_VLAN = """\

VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
1    default                          active    Gi1, Gi2
10   MGMT                             active    
20   WIRELESS-CLIENTS                 active    
1002 fddi-default                     act/unsup 
1003 token-ring-default               act/unsup 
1004 fddinet-default                  act/unsup 
1005 trnet-default                    act/unsup 
"""


class C9800Device(IOSDevice):
    kind = "c9800"
    model = "C9800-L-C-K9"
    version = "17.09.04a"

    def __init__(self, name, spec, lab=None):
        super().__init__(name, spec, lab)
        self.session_class = C9800Session

    def initial_config(self):
        return super().initial_config().replace("GigabitEthernet0/", "GigabitEthernet").replace(
            "version 15.4", "version 17.9").replace("ip nat inside source list NAT interface GigabitEthernet0 overload\n", "")

    def show_inventory(self):
        # the chassis entry in the layout of genieparser's iosxe ShowInventory samples (ISR4331, C8500 with
        # 9800-40 power supplies: `Cisco <model> Chassis`); the 9800-L's own DESCR is unconfirmed and its
        # other entities are left out. The serial is show version's board ID.
        return ('NAME: "Chassis", DESCR: "Cisco C9800-L-C-K9 Chassis"\n'
                "PID: C9800-L-C-K9      , VID: V01  , SN: FCL2407001A\n\n")

    def show_version(self):
        return SHOW_VERSION_XE.format(version=self.version, short=xe_short(self.version), host=self.hostname_now, **C9800_XE)


class C9800Session(IOSSession):
    exec_rules = EXEC_PRIV + ["show vlan", "show vlan brief"]

    def do_show_vlan(self, match):
        return SHOW_VLAN

    do_show_vlan_brief = do_show_vlan
