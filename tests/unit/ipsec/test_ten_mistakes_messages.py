"""Issue 21, the ten typical mistakes: each refusal names the field (the cause) and what to write
instead (the fix). The integration test tests/integration/test_ten_mistakes.py runs them against
the lab; these pin the messages of the plain-Python checks."""
import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.common import preflight
from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec.tunnel import IpsecValidationError, normalize

P = "pfne_ipsec_tunnels[hq-branch]"


def _refusal(raw_tunnel, mutate):
    mutate(raw_tunnel)
    with pytest.raises(IpsecValidationError) as err:
        normalize(raw_tunnel)
    return err.value.field, str(err.value)


@pytest.mark.parametrize("mutate, field, text", [
    # a typo in a tunnel option: the close known option is suggested
    (lambda t: t.update(ike_verison=2), P + ".ike_verison", "unknown option; did you mean ike_version? (known: "),
    (lambda t: t.update(ike={"lifetiem": 3600}), P + ".ike.lifetiem", "did you mean lifetime?"),
    # a typo in the platform name
    (lambda t: t["endpoints"]["branch"].update(platform="mikrotk"), P + ".endpoints.branch.platform",
     "must be routeros or ios, got 'mikrotk'; did you mean routeros?"),
    (lambda t: t["endpoints"]["hq"].update(platform="Cisco"), P + ".endpoints.hq.platform",
     "must be routeros or ios, got 'Cisco'; did you mean ios?"),
    # a list where one address goes
    (lambda t: t["endpoints"]["branch"].update(public_address=["203.0.113.2"]), P + ".endpoints.branch.public_address",
     "must be one IPv4 address (a string), got a list: ['203.0.113.2']"),
    # IPv6 where only IPv4 is supported (address and subnet)
    (lambda t: t["endpoints"]["branch"].update(public_address="2001:db8::2"), P + ".endpoints.branch.public_address",
     "'2001:db8::2' is IPv6; only IPv4 is supported for IPsec site-to-site tunnels: give the endpoint's IPv4 address"),
    (lambda t: t["endpoints"]["hq"].update(subnets=["2001:db8:1::/64"]), P + ".endpoints.hq.subnets[0]",
     "'2001:db8:1::/64' is IPv6; only IPv4 is supported"),
])
def test_refusal_names_cause_and_fix(raw_tunnel, mutate, field, text):
    got_field, msg = _refusal(raw_tunnel, mutate)
    assert got_field == field
    assert text in msg, msg


def test_no_suggestion_for_a_far_name(raw_tunnel):
    _field, msg = _refusal(raw_tunnel, lambda t: t.update(colour="red"))
    assert "unknown option (known: description, endpoints," in msg and "did you mean" not in msg, msg


@pytest.mark.parametrize("error, fix", [
    ("ssh connection failed: ssh connect failed: Connection refused",
     "Check ansible_host and ansible_port, and that the device is up and reachable from this controller. "),
    ("failed to elevate privilege to enable mode, still at level [1]",
     "Check ansible_become_password (the enable secret) and ansible_become_method: enable. "),
    ("Authentication failed.", "Check ansible_user and ansible_password. "),
    ("something else entirely", ""),
])
def test_connection_error_names_the_fix(error, fix):
    msg = preflight.connection_error("r1", "192.0.2.1", 22, Exception(error), [])
    assert msg == "r1: cannot use the connection to 192.0.2.1 port 22: %s. %sNo host of this run was changed" % (error, fix)
