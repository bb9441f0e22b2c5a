"""Device kinds of the lab, by the inventory's ``lab_kind``."""
from lab.devices.aireos import AireOSDevice
from lab.devices.ap import APDevice
from lab.devices.asa import ASADevice
from lab.devices.c9800 import C9800Device
from lab.devices.ios import IOSDevice
from lab.devices.routeros import RouterOSDevice

KINDS = {"ios": IOSDevice, "asa": ASADevice, "aireos": AireOSDevice, "c9800": C9800Device, "ap": APDevice,
         "routeros": RouterOSDevice}
