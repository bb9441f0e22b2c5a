"""Cisco AireOS wireless LAN controller (2504/5520, AireOS 8.x).

After the SSH login the controller asks again in-band (`User:` / `Password:`),
as real AireOS does and as community.network's aireos terminal plugin expects;
prompts are `(Cisco Controller) >` and `(Cisco Controller) config>`.
`show sysinfo` follows networktocode/ntc-templates
tests/cisco_wlc_ssh/show_sysinfo/cisco_wlc_ssh_show_sysinfo.raw; `show inventory`
follows tests/cisco_wlc_ssh/show_inventory/cisco_wlc_ssh_show_inventory.raw.
With the spec key lab_run_config_pause `show run-config` first asks "Press Enter to
continue..." (netmiko's cisco_wlc_ssh notes it appears even with paging disabled).
AP-fleet commands (show ap ..., cert-expiry-ignore) come from
lab/devices/wlc_fleet.py when present, through lab.extensions.
"""
from lab import extensions, seeded
from lab.cli import Device, Session
from lab.grammar import ParseError, Rule, parse

SYSINFO = """\

Manufacturer's Name.............................. Cisco Systems Inc.
Product Name..................................... Cisco Controller
Product Version.................................. {version}
Bootloader Version............................... 1.0.20
Field Recovery Image Version..................... 7.6.101.1
Firmware Version................................. PIC 20.0


OUI File Last Update Time........................ Sun Sep 07 10:44:07 IST 2014

Build Type....................................... DATA + WPS

System Name...................................... {host}
System Location..................................
System Contact...................................
System ObjectID.................................. 1.3.6.1.4.1.9.1.1279
IP Address....................................... {ip}
IPv6 Address..................................... ::
Last Reset....................................... Power on reset
System Up Time................................... 109 days 16 hrs 33 mins 12 secs
System Timezone Location.........................
System Stats Realtime Interval................... 5
System Stats Normal Interval..................... 180

Configured Country............................... US  - United States
Operating Environment............................ Commercial (0 to 40 C)
Internal Temp Alarm Limits....................... 0 to 65 C
Internal Temperature............................. +31 C

State of 802.11b Network......................... Enabled
State of 802.11a Network......................... Enabled
Number of WLANs.................................. 3
Number of Active Clients......................... 0

Burned-in MAC Address............................ D0:C2:82:11:22:33
Maximum number of APs supported.................. 75

"""

INVENTORY = """\
Burned-in MAC Address............................ D0:C2:82:11:22:33
Power Supply 1................................... Present, OK
Power Supply 2................................... Absent
Maximum number of APs supported.................. 75
NAME: "Chassis"   , DESCR: "Cisco 2500 Series Wireless LAN Controller"
PID: AIR-CT2504-K9, VID: V04, SN: PSZ17381234
"""

INCORRECT = "\nIncorrect usage. Use the '?' or <TAB> key to list commands.\n"

EXEC = ["show sysinfo", "show inventory", "show run-config commands", "show run-config startup-commands",
        "config paging {enable|disable}", "config prompt <word>", "config", "logout", "exit",
        "save config", "show time", "config sysname <word>"]


class AireOSDevice(Device):
    kind = "aireos"
    version = "8.5.182.0"

    def __init__(self, name, spec, lab=None):
        super().__init__(name, spec, lab)
        self.session_class = AireOSSession
        self.version = spec.get("lab_version", self.version)
        self.management_ip = spec.get("lab_management_address", "192.0.2.5")
        # `show run-config commands` body: the config commands in force
        self.commands = ["config sysname %s" % self.hostname, "config paging enable",
                         "config network telnet disable", "config network ssh enable",
                         "config country US"]
        if spec.get("lab_seed_secrets"):     # secrets the collection does not manage (lab/seeded.py)
            seeded.seed_aireos(self.commands)

    def set_command(self, command, replaces=None):
        """Record a config command in the running config (replacing its previous form)."""
        if replaces:
            self.commands = [c for c in self.commands if not c.startswith(replaces)]
        if command not in self.commands:
            self.commands.append(command)

    def run_config_commands(self):
        # `show run-config commands` lists the commands without their `config` keyword
        # (` ap cert-expiry-ignore mic enable`), as in the public samples named in
        # tests/unit/fixtures/wlc/SOURCES.md
        return "\n" + "\n".join(c[len("config "):] if c.startswith("config ") else c
                                 for c in self.commands) + "\n\n"

    def state(self):
        data = super().state()
        data["run_config_commands"] = list(self.commands)
        return data


class AireOSSession(Session):
    page_length = 24
    more_prompt = "--More-- or (q)uit"
    more_erase = "\n"

    def __init__(self, device, write, close, number, username=None):
        super().__init__(device, write, close, number, username)
        self.mode = "exec"
        self._rules = {}

    def banner(self):
        return "\n(Cisco Controller)\n"

    def start(self):
        self.write(self.banner() + self.ask("User: ", self._user, echo=True))

    def _user(self, user):
        def password(secret):
            if self.device.check_login(user, secret):
                return ""
            return self.ask("User: ", self._user, echo=True)
        return self.ask("Password:", password)

    def prompt(self):
        return "(Cisco Controller) %s>" % ("config" if self.mode == "config" else "")

    def rules(self):
        if self.mode not in self._rules:
            base = [Rule(p, AireOSSession.run) for p in EXEC]
            if self.mode == "config":   # in config mode the leading `config` is implied
                base = [Rule(p[len("config "):], AireOSSession.run_config) for p in EXEC
                        if p.startswith("config ")] + [Rule("exit", AireOSSession.run_config),
                                                       Rule("end", AireOSSession.run_config)]
            self._rules[self.mode] = extensions.rules("aireos", self.mode) + base
        return self._rules[self.mode]

    def execute(self, line):
        line = line.strip()
        if not line:
            return ""
        try:
            match = parse(self.rules(), line)
        except ParseError:
            return INCORRECT
        return match.rule.handler(self, match) or ""

    def run_config(self, match):
        if match.words[0] in ("exit", "end"):
            self.mode = "exec"
            return ""
        return self.run(type(match)(match.rule, ["config"] + match.words, match.args))

    def run(self, match):
        words = match.words
        dev = self.device
        if words == ["config"]:
            self.mode = "config"
        elif words[0] in ("logout", "exit"):
            self.close()
        elif words[:2] == ["show", "sysinfo"]:
            return SYSINFO.format(version=dev.version, host=dev.hostname, ip=dev.management_ip)
        elif words[:2] == ["show", "inventory"]:
            return INVENTORY
        elif words[:2] == ["show", "run-config"]:
            if dev.spec.get("lab_run_config_pause"):
                # AireOS stops `show run-config` at "Press Enter to continue..." even with paging
                # off (netmiko's cisco_wlc_ssh send_command_w_enter answers it with Enter)
                return self.ask("Press Enter to continue...", lambda _typed: dev.run_config_commands())
            return dev.run_config_commands()
        elif words[:2] == ["show", "time"]:
            return "Time............................................. Tue Nov 24 09:15:02 2026\n"
        elif words[:2] == ["config", "paging"]:
            self.page_length = 24 if words[2] == "enable" else 0
            dev.set_command(" ".join(words), replaces="config paging")
        elif words[:2] == ["config", "sysname"]:
            dev.hostname = words[2]
            dev.set_command(" ".join(words), replaces="config sysname")
        elif words[:2] == ["save", "config"]:
            def confirm(answer):
                return "\nConfiguration Saved!\n" if answer.lower().startswith("y") else ""
            return self.ask("Are you sure you want to save? (y/n) ", confirm, echo=True)
        return ""
