"""The lab's state written in the real layouts, for the commands where the lab's own output is
recorded as a finding (conformance_cases: divergences owned by the lab). A test runs each case's
judge and check on these texts: when the lab's owner fixes the output to this layout, the case
passes. Each layout names its public source.
"""
import re

from .lab_cli import IPSEC_DOWN, IPSEC_UP, IPSEC_V2


def ios_show_inventory(lab, host):
    """ntc-templates tests/cisco_ios/show_inventory/cisco_ios_show_inventory.raw: NAME/DESCR then PID/VID/SN."""
    version = lab.run(host, "show version")
    pid = next(line.split()[1] for line in version.splitlines() if "bytes of memory" in line)
    serial = next(line.split()[-1] for line in version.splitlines() if line.startswith("Processor board ID"))
    return ('NAME: "Chassis", DESCR: "%s chassis, Hw Serial#: %s, Hw Revision: 1.0"\n'
            "PID: %-18s, VID: V06 , SN: %s\n\n" % (pid, serial, pid, serial))


def ios_show_crypto_map(lab, host):
    """genieparser iosxe ShowCryptoMap golden_output_1_output.txt (tab-indented entry)."""
    out = []
    for seq, branch in ((10, IPSEC_UP), (20, IPSEC_DOWN), (30, IPSEC_V2)):
        acl = "VPN-" + branch.upper()
        out += ['Crypto Map IPv4 "CMAP" %d ipsec-isakmp' % seq, "\tPeer = %s" % lab.wan(branch),
                "\tAccess-List SS dynamic: False", "\tExtended IP access list %s" % acl,
                "\t    access-list %s permit ip %s 0.0.0.255 %s 0.0.0.255" % (acl, lab.lan_net("hq-rtr"), lab.lan_net(branch)),
                "\tSecurity association lifetime: 4608000 kilobytes/3600 seconds", "\tDualstack (Y/N): N", "",
                "\tResponder-Only (Y/N): N", "\tPFS (Y/N): Y", "\tDH group:  group14", "\tMixed-mode : Disabled",
                "\tTransform sets={", "\t\tTS-AES256:  { esp-256-aes esp-sha256-hmac  } ,", "\t}",
                "\tInterfaces using crypto map CMAP:", "\t\tGigabitEthernet0/0", ""]
    return "\n".join(out)


def ios_show_logging(lab, host):
    """genieparser ios ShowLogging golden_output_3_output.txt header, then the lab's log lines."""
    lines = [ln for ln in lab.run(host, "show logging").splitlines() if ln.startswith("*")]
    header = """
Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.



No Inactive Message Discriminator.


    Console logging: disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, %d messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    File logging: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, %d message lines logged

Log Buffer (4096 bytes):
""" % (len(lines), len(lines))
    return header + "\n".join(lines) + "\n"


# (command, judge) -> the real layout, for the cases whose divergence is owned by the lab
REAL = {
    ("show inventory", "genie iosxe"): ios_show_inventory,
    ("show crypto map", "genie iosxe"): ios_show_crypto_map,
    ("show logging", "genie ios"): ios_show_logging,
}
