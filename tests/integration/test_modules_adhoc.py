"""The collection's modules called one at a time, as `ansible HOST -m MODULE -a ...` would, through
pytest-ansible's `ansible_adhoc` fixture (in-process TaskQueueManager, the lab inventory, the real
network_cli connection and our cliconf/terminal plugins). No playbook file, no JSON callback to
parse: each call returns the module's result per host.

pytest-ansible marks this host management as deprecated (ansible/pytest-ansible#468) and its
`ansible_host`/`ansible_group` fixtures stop the run on ansible-core 2.19+, so the role tests keep
running real `ansible-playbook` (tests/integration/labrun.py) and this file runs only in the main
environment (ansible-core 2.18), not in scripts/test-current.sh.
"""
import pytest

from lab.devices import wlc_fleet
from lab.topology import inventory_hosts
from tests.integration.labrun import INVENTORY

# the deprecation above, said once here instead of once per call
pytestmark = pytest.mark.filterwarnings("ignore:Host management is deprecated:DeprecationWarning",
                                        "ignore:AnsibleCollectionFinder has already been configured")


def run(ansible_adhoc, lab, host, module, **args):
    """One module on one lab host; its result (a dict)."""
    hosts = ansible_adhoc(inventory=lab.inventory, host_pattern=host)
    return dict(getattr(hosts[host], module)(**args)[host])


def never_joined_aps():
    """name -> serial of the APs that cannot join wlc-aireos in the lab: the expired ones of its fleet
    (its inventory leaves every lab_ap_* at the default) and the lab AP devices that name it."""
    fleet = wlc_fleet.Fleet("AP-WLC-AIREOS-", 300, 4, 3)
    out = dict((ap.name, ap.serial) for ap in fleet.aps if ap.expired)
    out.update((name, spec["lab_serial"]) for name, spec in inventory_hosts(INVENTORY).items()
               if spec.get("lab_wlc") == "wlc-aireos")
    return out


def test_audit_needs_the_asset_list_for_aps_that_never_joined(ansible_adhoc, fresh):
    lab = fresh("wlc-aireos")
    never_joined = never_joined_aps()
    assert len(never_joined) == 5, never_joined

    alone = run(ansible_adhoc, lab, "wlc-aireos", "pfne.netops.wlc_mic_audit")
    assert not alone.get("failed"), alone.get("msg")
    blocked = dict((r["name"], r) for r in alone["audit"]["aps"] if r["blocked"])
    # the controller knows them only by the MAC in its DTLS log lines: no serial, no verdict
    assert sorted(blocked) == sorted(never_joined)
    assert set(r["verdict"] for r in blocked.values()) == {"unknown"}
    assert alone["audit"]["decision"]["fix_needed"] is False

    assets = [{"name": name, "serial": serial} for name, serial in never_joined.items()]
    told = run(ansible_adhoc, lab, "wlc-aireos", "pfne.netops.wlc_mic_audit", known_aps=assets)
    blocked = dict((r["name"], r) for r in told["audit"]["aps"] if r["blocked"])
    assert dict((n, r["verdict"]) for n, r in blocked.items()) == dict.fromkeys(never_joined, "ap-mic-expired")
    assert set(r["expiry_source"] for r in blocked.values()) == {"serial"}
    assert told["audit"]["decision"]["fix_needed"] is True and told["changed"] is False
    # read-only: nothing but show commands (and the paging switch) reached the controller
    sent = lab.control.log("wlc-aireos")
    assert sent and all(line.startswith("show ") or line == "config paging disable" for line in sent), sent


def test_audit_of_an_ap_the_controller_does_not_know_fails_naming_it(ansible_adhoc, lab):
    result = run(ansible_adhoc, lab, "wlc-aireos", "pfne.netops.wlc_mic_audit", aps=["AP-WLC-AIREOS-005", "ap-nowhere"])
    assert result.get("failed") and "ap-nowhere" in result["msg"] and "AP-WLC-AIREOS-005" not in result["msg"]


def test_bad_capture_fails_before_any_command_reaches_the_asa(ansible_adhoc, fresh):
    lab = fresh("edge-asa")
    result = run(ansible_adhoc, lab, "edge-asa", "pfne.netops.asa_capture", name="PFNE_CAP", interface="inside",
                 matches=[{"host": "10.20.1.300", "peer": "192.0.2.10", "protocol": "icmp"}])
    assert result.get("failed") and "10.20.1.300" in result["msg"], result
    assert not [line for line in lab.control.log("edge-asa") if "capture" in line]
