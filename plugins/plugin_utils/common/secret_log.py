# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep secrets out of every output: ``mask`` (the collection's secrets by value, every device
secret by form: the vendor tables at the end of this file), and secret-bearing lines out of
ansible-connection's log when a device refuses them.

Why this exists (ansible-core 2.18 and 2.21, ansible.netcommon 7.2 and 8.7): when a reply
matches the terminal plugin's error regexes (``terminal_stderr_re``), network_cli raises
``AnsibleConnectionFailure`` with the whole reply window, which starts with the device's echo
of the line (``/ppp secret add ... password=...``, ``crypto isakmp key KEY ...``).  The
persistent process (ansible-connection) then writes that traceback with ``display.vvv``
(ansible/utils/jsonrpc.py, ``JsonRpcServer.handle_request``) to ANSIBLE_LOG_PATH at -vvv.
That happens in another process, before our plugins see the error: ``no_log`` and masking
cannot reach it.

The fix: while ``refusals_read_here`` is active, the connection's ``terminal_stderr_re``
option is one regex that never matches, so network_cli returns a refusal as ordinary output;
the caller checks every output itself (``find_refusal`` with the terminal plugin's own
regexes, or its own error table) and masks it before anything is shown.

What stays open (see docs/secrets.md): ``persistent_log_messages`` (logs every line sent),
and, over paramiko, network_cli's "timeout ... while trying to send command: <line>" when a
device stops answering in the middle of a secret-bearing line.  ``exposure_warning`` names
them at run time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import re

OPTION = "terminal_stderr_re"
# An empty negative lookahead: a valid regex that matches nothing.
NEVER_MATCHES = [{"pattern": r"(?!)"}]
MASK = "********"


@contextlib.contextmanager
def refusals_read_here(connection):
    """Turn off network_cli's error regexes for the block (``connection`` is the JSON-RPC
    proxy, ansible.module_utils.connection.Connection).  The previous value comes back
    afterwards; the next task's connection set-up resets every option anyway."""
    previous = connection.get_option(OPTION)
    connection.set_option(OPTION, NEVER_MATCHES)
    try:
        yield
    finally:
        connection.set_option(OPTION, previous)


def find_refusal(output, patterns):
    """The line of ``output`` where one of ``patterns`` (compiled bytes regexes, as a terminal
    plugin's terminal_stderr_re, or text regexes) first matches, or None."""
    text = (output or "").replace("\r", "")
    data = text.encode("utf-8", "surrogateescape")
    for pattern in patterns:
        subject = data if isinstance(pattern.pattern, bytes) else text
        match = pattern.search(subject)
        if match:
            newline = b"\n" if subject is data else "\n"
            at = match.start() + len(match.group(0)) - len(match.group(0).lstrip(newline))
            start = subject.rfind(newline, 0, at) + 1
            end = subject.find(newline, at)
            line = subject[start:end if end != -1 else len(subject)]
            if subject is data:
                line = line.decode("utf-8", "replace")
            return line.strip() or "(empty error line)"
    return None


def mask(text, secrets=()):
    """``text`` with every secret (longest first, so no tail of one survives) replaced, then
    every secret the devices print in a known FORM (``FORMS``: a password, key or community in
    its place in a configuration line, whatever its value or length) replaced too."""
    text = "" if text is None else str(text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return mask_forms(text)


def mask_forms(text):
    """``text`` with the value of every form of ``FORMS`` replaced by ``MASK``."""
    for _vendor, table in FORMS:
        for _name, regex in table:
            text = regex.sub(_keep_prefix, text)
    text = _mask_routeros_snmp_sections(text)
    return text


def _keep_prefix(match):
    if match.group(2) in ("", '""'):     # an empty value stays visibly empty
        return match.group(0)
    tail = match.group(3) if match.lastindex >= 3 else ""
    return match.group(1) + MASK + (tail or "")


def _mask_routeros_snmp_sections(text):
    """The ``name=`` of every entry under an exported ``/snmp community`` section (export prints
    the menu once, then ``add``/``set`` lines, wrapped lines ending in a backslash)."""
    if "/snmp community" not in text:
        return text
    out, inside = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("/"):
            inside = stripped.startswith("/snmp community")
        if inside or stripped.startswith("/snmp community "):
            line = _ROS_SNMP_NAME.sub(lambda m: m.group(1) + MASK, line)
        out.append(line)
    return "\n".join(out)


def exposure_warning(verbosity, log_path, persistent_log_messages, ssh_type="paramiko"):
    """A run-time warning when this run's settings would still write a secret-bearing line
    to a log despite refusals_read_here, or None."""
    if persistent_log_messages:
        return ("persistent_log_messages is on: ansible-connection logs every line sent, secrets "
                "included (ansible.netcommon does not redact them); turn it off for runs that set "
                "passwords or pre-shared keys (docs/secrets.md)")
    if log_path and verbosity >= 3 and ssh_type != "libssh":
        return ("-vvv with a log file (%s) over paramiko: if the device stops answering in the middle "
                "of a line carrying a password or pre-shared key, ansible.netcommon's network_cli may log "
                "that line with its socket timeout error (ansible-connection, outside this collection's "
                "reach); use libssh (ansible-pylibssh), or run below -vvv or without ANSIBLE_LOG_PATH for "
                "such changes (docs/secrets.md)" % log_path)
    return None


def guard(connection, plugin, warn=True):
    """For an action plugin about to send secret-bearing lines over ``connection`` (the
    JSON-RPC proxy): warn when this run's settings still expose them, and read refusals here.
    ``plugin`` is the controller-side network_cli connection (its options, its ssh type)."""
    from ansible import constants as C
    from ansible.utils.display import Display

    display = Display()
    try:
        ssh_type = plugin.ssh_type   # "auto" resolved as the persistent process resolves it
    except Exception:  # not network_cli, or an invalid value the connection itself reports
        ssh_type = None
    warning = exposure_warning(display.verbosity, C.DEFAULT_LOG_PATH,
                               plugin.get_option("persistent_log_messages") is True, ssh_type)
    if warn and warning:
        display.warning(warning)
    return refusals_read_here(connection)


# ----------------------------------------------------------------------------------------------
# Secrets by FORM: every place where a device prints a password, key or community, whatever its
# value and however short.  Each row is (name, regex); group 1 is kept, group 2 (the secret) is
# replaced by MASK, an optional group 3 (what follows the secret) is kept.  Forms that hold the
# rest of the line (IOS lets `username ... password`, `enable password` and server keys contain
# spaces) mask to the end of the line.  Sources (docs/secrets.md, "Masking by form"):
#   IOS / IOS-XE: Cisco IOS Security Command Reference (username, enable password/secret,
#     tacacs-server key, radius-server key, `tacacs server` / `radius server` blocks with `key`,
#     crypto isakmp key, crypto keyring `pre-shared-key address A key K`, IKEv2 keyring
#     `pre-shared-key [local|remote] K`), Cisco "Configuring SNMP Support" (`snmp-server
#     community NAME [view V] [RO|RW] [ACL]`, `snmp-server host A [version 2c] COMMUNITY`),
#     genieparser / ntc-templates running-config samples (`username admin privilege 15 password 7
#     013D...`, `enable secret 5 $1$...`, `secret 9 $9$...`).
#   RouterOS: MikroTik manual (/ppp secret password=, /ip ipsec identity|peer secret=,
#     /interface l2tp-server server ipsec-secret=, /snmp community name= authentication-password=
#     encryption-password=, /snmp trap-community=), community.routeros _api_data.py.
#   AireOS: Cisco WLC command reference (`config radius auth add IDX IP PORT {ascii|hex} SECRET`,
#     `config mgmtuser add USER PASSWORD {read-write|read-only|lobby-admin} [DESC]`,
#     `config snmp community create NAME`); an AireOS 8.x configuration file prints them as
#     `config radius auth add encrypt 1 IP 1812 password 1 <hex> <hex> 16 <hex>` and
#     `config mgmtuser add encrypt USER 1 <hex> <hex> 16 <hex> read-write`; `show run-config
#     commands` lists the same commands without their leading `config`.
#   Catalyst 9800: the IOS forms, `radius server NAME` / ` key 6 ...`, WLAN `security wpa psk
#     set-key ascii 0 K`.
#   ASA: `snmp-server host IF A community K`, tunnel-group `ikev1 pre-shared-key K`,
#     `username U password HASH pbkdf2`, `enable password HASH pbkdf2`.
# ----------------------------------------------------------------------------------------------
# Shorthands in the patterns below (expanded by _forms):
#   ~ spaces inside one line (never a newline)   <T> an optional IOS type digit (0, 5, 6, 7, 8, 9)
#   <W> any words, as few as possible            <REST> the rest of the line
#   <C> AireOS's optional leading `config` (`show run-config commands` drops it)
#   <END> the value ends its line (or its quoted line inside a list or JSON text)
#   <V> a token that ends there                  <ROS> a RouterOS value, quoted or not
# Every pattern starts where no word, `-` or `=` precedes it (not inside a word or a RouterOS value).
_SHORT = (
    ("~", r"[ \t]+"), ("<T>", r"(?:\d{1,2}[ \t]+)?"), ("<W>", r"(?:\S+[ \t]+)*?"), ("<REST>", r"[^\n\r]+"),
    ("<C>", r"(?:config[ \t]+)?"), ("<END>", r"(?=[ \t]*(?:$|['\",\]\\]))"), ("<V>", r"[^\s'\",\]\\]+"),
    ("<ROS>", r"(\"(?:[^\"\\\n]|\\.)*\"|[^\s\"]*)"),
)


def _expand(pattern):
    for short, regex in _SHORT:
        pattern = pattern.replace(short, regex)
    return r"(?<![\w=-])" + pattern


def _forms(*rows):
    return tuple((name, re.compile(_expand(pattern), re.M)) for name, pattern in rows)


IOS_FORMS = _forms(
    ("username password/secret", r"(username~\S+~<W>(?:password|secret)~<T>)(<REST>)"),
    ("enable password/secret", r"(enable~(?:password|secret)~(?:level~\d+~)?<T>)(<REST>)"),
    ("tacacs-server/radius-server key", r"((?:tacacs|radius)-server~<W>key~<T>)(<REST>)"),
    ("server block key", r"(^[ \t]+key~<T>)(<REST>)"),
    ("aaa server-private key", r"(server-private~\S+~<W>key~<T>)(<REST>)"),
    ("key-string", r"(key-string~<T>)(<REST>)"),
    ("config-key", r"(key~config-key~password-encryption~)(<REST>)"),
    ("snmp-server community", r"(snmp-server~community~)(\S+)"),
    ("snmp-server host community", r"(snmp-server~host~\S+~(?:(?:informs|traps)~)?(?:version~(?:1|2c)~)?)"
                                   r"((?!version\b|informs\b|traps\b|community\b|\d+\.\d+\.\d+\.\d+\b)\S+)"),
    ("snmp-server user auth", r"(snmp-server~user~<W>auth~\S+~)(\S+)"),
    ("snmp-server user priv", r"(snmp-server~user~<W>priv~\S+~(?:\d+~)?)(\S+)"),
    ("crypto isakmp key", r"(crypto~isakmp~key~<T>)(\S+)(?=~(?:address|hostname)\b)"),
    ("keyring pre-shared-key address key", r"(pre-shared-key~(?:address|hostname)~<W>key~<T>)(<V>)<END>"),
    ("pre-shared-key [local|remote]", r"(pre-shared-key~(?!address\b|hostname\b)(?:(?:local|remote)~)?<T>)(<V>)<END>"),
    ("ikev2 profile pre-share key", r"(authentication~(?:local|remote)~pre-share~key~<T>)(<V>)<END>"),
    ("line password", r"(^[ \t]+password~<T>)(<REST>)"),
    ("neighbor password", r"(neighbor~\S+~password~<T>)(<REST>)"),
    ("ppp chap/pap password", r"(ppp~(?:chap|pap)~(?:sent-username~\S+~)?password~<T>)(<REST>)"),
    ("wlan psk set-key (9800)", r"(security~wpa~psk~set-key~(?:ascii|hex)~<T>)(<V>)<END>"),
)

ASA_FORMS = _forms(
    ("snmp-server host community", r"(snmp-server~host~<W>community~<T>)(\S+)"),
)

ROUTEROS_FORMS = _forms(
    ("secret properties", r"((?:password|secret|ipsec-secret|authentication-password|encryption-password|passphrase|"
                          r"authentication-key|wpa-pre-shared-key|wpa2-pre-shared-key|preshared-key|private-key|"
                          r"auth-key|enc-key|trap-community)=)<ROS>"),
    ("snmp community name", r"(/snmp~community~(?:[^\n]*?~)?name=)<ROS>"),
)

AIREOS_FORMS = _forms(
    ("radius/tacacs server secret", r"(<C>(?:radius|tacacs)~(?:auth|acct|athr)~add~(?!encrypt\b)<W>(?:ascii|hex)~)(\S+)"),
    ("radius/tacacs server secret (encrypted)", r"(<C>(?:radius|tacacs)~(?:auth|acct|athr)~add~encrypt~<W>password~)(<REST>)"),
    ("mgmtuser add", r"(?<!ap )(<C>mgmtuser~add~(?!encrypt\b)\S+~)(\S+)"),
    ("mgmtuser add (encrypted)", r"(<C>mgmtuser~add~encrypt~\S+~)(.+?)((?:~(?:read-write|read-only|lobby-admin)\b[^\n]*)?)$"),
    ("mgmtuser password", r"(<C>mgmtuser~password~\S+~)(<REST>)"),
    ("snmp community", r"(<C>snmp~community~(?:create|delete|accessmode~\S+|ipaddr~\S+~\S+|mode~\S+)~)(\S+)"),
    ("wlan psk set-key", r"(<C>wlan~security~wpa~akm~psk~set-key~(?:ascii|hex)~(?:encrypt~)?)(<REST>)"),
    ("ap mgmtuser", r"(<C>ap~mgmtuser~add~(?:encrypt~)?username~\S+~password~)(<REST>)"),
)

# vendor -> its table; mask() applies every table to every text (a RouterOS form in an IOS text
# costs nothing, and a message may quote any device).
FORMS = (("ios", IOS_FORMS), ("asa", ASA_FORMS), ("routeros", ROUTEROS_FORMS), ("aireos", AIREOS_FORMS))
_ROS_SNMP_NAME = re.compile(_expand(r"(name=)<ROS>"))
