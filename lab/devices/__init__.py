"""Device kinds of the lab, by the inventory's ``lab_kind``."""
from lab.devices.ios import IOSDevice

KINDS = {"ios": IOSDevice}
