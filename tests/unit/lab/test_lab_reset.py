"""A lab `reset` puts a device back to its initial state for the IPsec fabric too: the peer of a tunnel
negotiates with the device as it is after the reset, not with the object that was replaced
(lab/ipsec_model.py indexes devices by WAN address on first use; lab/server.py drops that index on reset)."""
import yaml

from lab import doctor_fleet, extensions
from lab.server import Lab

LOGIN = {"ansible_user": "admin", "ansible_password": "pw", "ansible_become_password": "en"}


def _type(device, *lines):
    """What the device prints for the last line (a session as an admin at the console)."""
    out = []
    session = device.open_session(out.append, lambda drop=False: None)
    session.page_length = 0
    if device.kind == "ios":
        session.mode = "exec"
    for line in lines:
        out.clear()
        session.feed(line + "\r")
    return "".join(out)


def test_reset_device_is_the_one_its_peer_negotiates_with(tmp_path):
    extensions.load()
    hosts = dict((name, dict(spec, **LOGIN)) for name, spec in doctor_fleet.pair_hosts(0, "ios15", "ros7").items())
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": hosts}}))
    lab = Lab(str(inventory))
    assert "QM_IDLE" in _type(lab.devices["t000-l"], "show crypto isakmp sa")        # the healthy pair is up

    _type(lab.devices["t000-r"], "/ip ipsec identity set [find] secret=typed-wrong-by-hand")
    assert "QM_IDLE" not in _type(lab.devices["t000-l"], "show crypto isakmp sa")    # the fabric sees the new key

    lab.command({"op": "reset", "device": "t000-r"})
    assert "QM_IDLE" in _type(lab.devices["t000-l"], "show crypto isakmp sa")        # and the reset device again
