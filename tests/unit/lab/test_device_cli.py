"""The lab's CLI engine, driven without SSH: prompts, modes, errors, state."""
import pytest

from lab.devices import KINDS
from lab.grammar import ParseError, Rule, parse


class Terminal:
    """Feeds lines to a session and collects what the device writes."""

    def __init__(self, kind, **spec):
        spec.setdefault("ansible_user", "admin")
        spec.setdefault("ansible_password", "pw")
        self.device = KINDS[kind]("dut", dict(spec, lab_kind=kind))
        self.out = []
        self.session = self.device.open_session(self.out.append, lambda drop=False: None)
        self.session.start()

    def type(self, line):
        self.out.clear()
        self.session.feed(line + "\r")
        return "".join(self.out).replace("\r\n", "\n")


def test_grammar_expands_abbreviations_and_reports_the_fault_column():
    rules = [Rule("show running-config", None), Rule("show version", None), Rule("configure terminal", None)]
    assert parse(rules, "sh run").words == ["show", "running-config"]
    with pytest.raises(ParseError) as err:
        parse(rules, "show versoin")
    assert (err.value.kind, err.value.column) == ("invalid", 5)
    with pytest.raises(ParseError) as err:
        parse(rules, "configure")
    assert err.value.kind == "incomplete"


def test_ios_invalid_input_puts_the_caret_under_the_fault():
    term = Terminal("ios", ansible_become_password="en")
    out = term.type("show crypto bogus")
    lines = out.split("\n")
    assert lines[1] == " " * len("dut>show ") + "^"
    assert lines[2] == "% Invalid input detected at '^' marker."
    assert out.endswith("dut>")


def test_ios_modes_prompts_and_running_config():
    term = Terminal("ios", ansible_become_password="en")
    assert term.type("enable") .endswith("Password: ")
    assert term.type("en").endswith("dut#")
    term.type("terminal length 0")
    assert term.type("conf t").endswith("dut(config)#")
    assert term.type("crypto isakmp policy 10").endswith("dut(config-isakmp)#")
    term.type("encryption aes 256")
    term.type("hash sha")              # the default: IOS does not print it
    term.type("group 14")
    note = term.type("crypto map CMAP 10 ipsec-isakmp")
    assert "% NOTE: This new crypto map will remain disabled" in note
    assert note.endswith("dut(config-crypto-map)#")
    term.type("set peer 203.0.113.2")
    assert term.type("end").endswith("dut#")
    config = term.type("show running-config")
    assert "crypto isakmp policy 10\n encr aes 256\n group 14\n" in config
    assert "hash sha" not in config
    assert "crypto map CMAP 10 ipsec-isakmp\n set peer 203.0.113.2\n" in config


def test_ios_sub_mode_falls_back_to_global_commands():
    term = Terminal("ios", ansible_become_password="en")
    for line in ("enable", "en", "terminal length 0", "configure terminal", "interface Gi0/1"):
        term.type(line)
    assert term.type("ip access-list extended X").endswith("dut(config-ext-nacl)#")
    assert "ip access-list extended X" in term.type("do show running-config")


def test_ios_pages_long_output_until_terminal_length_0():
    term = Terminal("ios", ansible_become_password="en")
    term.type("enable"), term.type("en")
    first = term.type("show running-config")
    assert first.endswith(" --More-- ") and len(first.split("\n")) == 1 + 24   # echo, then one screen
    term.out.clear()
    term.session.feed(" ")
    assert "".join(term.out).count("\n") >= 22
    term.session.feed("q")
    assert "".join(term.out).endswith("dut#")


def test_asa_errors_carry_the_error_prefix():
    term = Terminal("asa", ansible_become_password="en")
    out = term.type("show nonsense")
    assert "ERROR: % Invalid input detected at '^' marker." in out
    assert out.endswith("dut> ")


def test_routeros_errors_and_terse_print():
    term = Terminal("routeros", lab_version="7.16.2 (stable)")
    assert term.type("/ip nonsense print").startswith("/ip nonsense print\nbad command name nonsense (line 1 column 5)")
    assert "expected end of command (line 1 column 24)" in term.type('/ip ipsec proposal add nme=x')
    term.type('/ip ipsec proposal add name=p1 enc-algorithms=aes-256-cbc pfs-group=none')
    out = term.type("/ip ipsec proposal print terse")
    assert " 1     name=p1 auth-algorithms=sha1 enc-algorithms=aes-256-cbc lifetime=30m pfs-group=none" in out
    assert "failure: already have such name" in term.type("/ip ipsec proposal add name=p1")
    term.type('/ip ipsec proposal set [find where name="p1"] lifetime=1h')
    assert "lifetime=1h" in term.type("/ip ipsec proposal print terse where name=p1")
    assert term.type("/ip ipsec").endswith("[admin@dut] /ip ipsec> ")


def test_routeros_place_before_puts_a_rule_ahead_of_the_drop():
    term = Terminal("routeros")
    term.type("/ip firewall filter print")
    term.type("/ip firewall filter add chain=input action=accept protocol=udp dst-port=500 place-before=3")
    chains = [(e["props"]["chain"], e["props"]["action"]) for e in term.device.table("/ip firewall filter")]
    assert chains[3] == ("input", "accept") and chains[4] == ("input", "drop")


def test_routeros_family_gates_menus():
    old = Terminal("routeros", lab_version="6.42.7")
    assert "bad command name" in old.type("/ip ipsec profile print")
    new = Terminal("routeros", lab_version="6.49.10")
    assert "name=default" in new.type("/ip ipsec profile print terse")
    assert "input does not match any value of use-ipsec" in new.type(
        "/interface l2tp-server server set use-ipsec=required")


def test_aireos_asks_for_user_and_password_in_band():
    term = Terminal("aireos")
    assert "".join(term.out).endswith("User: ")
    assert term.type("admin").endswith("Password:")
    assert term.type("pw").endswith("(Cisco Controller) >")
    assert "Incorrect usage" in term.type("show nonsense")
    assert term.type("config").endswith("(Cisco Controller) config>")
