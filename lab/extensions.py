"""Extra command rules that feature simulations add to device kinds.

A simulation module (lab/fabric_*.py or lab/devices/*_sim.py) registers
handlers with the decorator:

    @rule("ios", "exec", "show crypto isakmp sa")
    def isakmp_sa(session, match):
        return "...text as the device prints it..."

kind: a Device.kind ("ios", "c9800", "ap", "asa", "routeros", "aireos");
mode: the session mode the command is valid in (see each device module).
Rules registered here are tried before the device's own rules.
"""
import importlib
import pkgutil
from collections import defaultdict

from lab.grammar import Rule

RULES = defaultdict(list)
_loaded = False


def rule(kind, mode, pattern):
    def register(handler):
        RULES[(kind, mode)].append(Rule(pattern, handler))
        return handler
    return register


def rules(kind, mode):
    load()
    return RULES[(kind, mode)]


def load():
    """Import every simulation module once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import lab
    import lab.devices
    for pkg, prefix in ((lab, "lab."), (lab.devices, "lab.devices.")):
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name.startswith("fabric_") or info.name.endswith("_sim") or info.name == "wlc_fleet":
                importlib.import_module(prefix + info.name)
