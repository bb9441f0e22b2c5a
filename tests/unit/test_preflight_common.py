"""plugin_utils/common: the pre-flight table, the read wrapper, the end-of-run summary."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common import device_read, preflight, run_summary


@pytest.mark.parametrize("groups, network_os", [
    (["ios"], "cisco.ios.ios"), (["ios"], "ios"), (["routeros"], "community.routeros.routeros"),
    (["asa"], "cisco.asa.asa"), (["wlc", "aireos"], "pfne.netops.aireos"), (["wlc", "c9800"], "cisco.ios.ios"),
    (["mygroup"], "anything"),
])
def test_network_os_fits(groups, network_os):
    assert preflight.network_os_error("h1", groups, network_os) == ""


def test_network_os_mismatch_names_variable_and_host():
    msg = preflight.network_os_error("branch-ros7", ["routeros"], "cisco.ios.ios")
    assert msg.startswith("branch-ros7: ansible_network_os is cisco.ios.ios but the host is in the group routeros, "
                          "which takes community.routeros.routeros")
    assert preflight.network_os_error("w1", ["wlc", "c9800"], "pfne.netops.aireos").startswith(
        "w1: ansible_network_os is pfne.netops.aireos but the host is in the group wlc")
    assert preflight.network_os_error("a1", ["asa"], "").startswith("a1: ansible_network_os is not set")


def test_device_error_platform_and_privilege():
    ios = "Cisco IOS XE Software, Version 17.09.04a\nCisco IOS Software [Cupertino], ISR Software"
    assert preflight.device_error("r1", "cisco.ios.ios", ios, "r1#", True) == ""
    assert "not in privileged mode (prompt 'r1>'), although ansible_become is set" in preflight.device_error(
        "r1", "cisco.ios.ios", ios, "\nr1>", True)
    wrong = preflight.device_error("r1", "cisco.ios.ios", "  uptime: 1d\n  platform: MikroTik", "r1#", True)
    assert wrong.startswith("r1: ansible_network_os is cisco.ios.ios but the device does not answer `show version`")
    assert preflight.device_error("b1", "community.routeros.routeros", "  platform: MikroTik", "[admin@b1] > ", False) == ""


def test_connection_error_masks_passwords():
    msg = preflight.connection_error("r1", "192.0.2.1", 22, Exception("login as admin with s3cret failed"), ["s3cret"])
    assert msg == ("r1: cannot use the connection to 192.0.2.1 port 22: login as admin with ******** failed. "
                   "No host of this run was changed")


def test_read_all_failure_is_masked_text():
    def send(command):
        if command == "show b":
            raise ValueError("ssh connect failed: Connection refused (key k3y)")
        return "out " + command
    assert device_read.read_all(send, ["show a"], []) == ["out show a"]
    with pytest.raises(device_read.ReadError) as err:
        device_read.read_all(send, ["show a", "show b", "show c"], ["k3y"])
    assert str(err.value) == "reading `show b` failed: ssh connect failed: Connection refused (key ********)"


def test_summary_table_and_digests():
    cmds = ['/ip ipsec peer add address=1.2.3.4 secret="********"', "/ip firewall filter add chain=input",
            "/ip firewall filter add chain=input"]
    assert run_summary.command_digest(cmds) == ["/ip ipsec peer add", "/ip firewall filter add x2"]
    assert run_summary.block_digest([{"parents": ["crypto map M 10 ipsec-isakmp"], "lines": ["set peer 1.2.3.4"]},
                                     {"parents": [], "lines": ["crypto isakmp key ******** address 1.2.3.4"]}]) == [
        "crypto map M 10 ipsec-isakmp", "crypto isakmp key ******** address 1.2.3.4"]
    assert run_summary.table({"b": {"r": {"changed": [], "state": "t up", "files": ["/x/f.json"]}}, "a": {}}) == [
        "host | role | changed | state | files", "b | r | - | t up | /x/f.json"]
    assert run_summary.table({}) == ["no host recorded a summary"]
