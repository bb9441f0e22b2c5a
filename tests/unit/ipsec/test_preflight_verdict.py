"""plugin_utils/ipsec/verdict.py: read, judge, wait only while a tunnel can still come up."""
import copy

from ansible_collections.pfne.netops.plugins.plugin_utils.ipsec import verdict


def _wait(tunnels, site, peer_tunnels, outputs, attempts=10):
    reads, sleeps = [], []

    def read():
        reads.append(1)
        return outputs

    ends = verdict.present_endpoints(tunnels, site)
    out = verdict.wait(read, "ios", ends, verdict.mismatches(ends, peer_tunnels), attempts, 3, sleeps.append)
    return out, len(reads), sleeps


def test_psk_mismatch_is_final_at_once(raw_tunnel):
    theirs = copy.deepcopy(raw_tunnel)
    theirs["psk"] = "LabOnly-Other-Key-2"
    out, reads, sleeps = _wait([raw_tunnel], "branch", {"hq": [theirs]}, ["", "", ""])
    assert (out["attempts"], reads, sleeps) == (1, 1, [])
    assert not out["up"] and out["tunnels"][0]["mismatch"] == ["psk"]
    assert out["msg"].endswith("mismatching field(s) between the two ends' definitions: psk.")
    assert out["state"] == "hq-branch down (phase 1: psk)"
    assert raw_tunnel["psk"] not in repr(out) and theirs["psk"] not in repr(out)


def test_down_without_known_cause_waits_every_attempt(raw_tunnel):
    out, reads, sleeps = _wait([raw_tunnel], "branch", {"hq": [copy.deepcopy(raw_tunnel)]}, ["", "", ""], attempts=4)
    assert (out["attempts"], reads, sleeps) == (4, 4, [3, 3, 3])
    assert "phase 1 never started" in out["msg"]


def test_lifetime_only_difference_does_not_end_the_wait(raw_tunnel):
    theirs = copy.deepcopy(raw_tunnel)
    theirs["esp"] = {"lifetime": 7200}
    out, reads, _sleeps = _wait([raw_tunnel], "branch", {"hq": [theirs]}, ["", "", ""], attempts=3)
    assert reads == 3 and out["tunnels"][0]["mismatch"] == ["esp.lifetime"]


def test_absent_and_no_tunnel(raw_tunnel):
    raw_tunnel["state"] = "absent"
    out, reads, _sleeps = _wait([raw_tunnel], "branch", {}, ["", "", ""])
    assert (out["up"], reads, out["msg"], out["state"]) == (True, 0, "no tunnel of this site to verify", "no tunnel")
