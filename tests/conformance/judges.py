"""The independent parsers: genieparser (Cisco's pyATS library) and ntc-templates (TextFSM).

Both are test-only dependencies (requirements-dev.txt); neither is used by the collection."""
import functools


class Rejected(Exception):
    """The independent parser raised on the text (the message says where)."""


@functools.lru_cache(maxsize=None)
def _genie_device(os_name):
    from genie.conf.base import Device
    return Device("lab", os=os_name, custom={"abstraction": {"order": ["os"]}})


def genie(os_name, command, text):
    """genieparser's parser for `command` on `os_name` (ios, iosxe, asa), offline."""
    try:
        return _genie_device(os_name).parse(command, output=text)
    except Exception as exc:  # genie raises its own schema/parser errors
        raise Rejected("genie %s %r: %s: %s" % (os_name, command, type(exc).__name__, str(exc)[:300])) from exc


def ntc(platform, command, text):
    """ntc-templates' TextFSM template for `command` on `platform` (cisco_ios, cisco_wlc_ssh, ...)."""
    from ntc_templates.parse import parse_output
    try:
        return parse_output(platform=platform, command=command, data=text)
    except Exception as exc:  # textfsm's state/template errors
        raise Rejected("ntc %s %r: %s: %s" % (platform, command, type(exc).__name__, str(exc)[:300])) from exc


def parse(judge, command, text):
    """judge: 'genie <os>' or 'ntc <platform>'."""
    kind, target = judge.split()
    return (genie if kind == "genie" else ntc)(target, command, text)
