"""Three lists of a failed 9800 ios_config loop (ios_config_loop.loop_outcome)."""
from ansible_collections.pfne.netops.plugins.plugin_utils.ios_config_loop import loop_outcome as c9800_outcome
from ansible_collections.pfne.netops.plugins.plugin_utils.wlc_fix import c9800_config

PLANNED = c9800_config({}, "PFNE_EXPIRED_MIC", "enabled", include_act2=True)


def test_lost_connection_in_the_second_block():
    results = [{"item": PLANNED[0], "changed": True},
               {"item": PLANNED[1], "failed": True, "module_stderr": "Socket is closed",
                "msg": "MODULE FAILURE: No start of json char found"}]
    out = c9800_outcome(PLANNED, results)
    assert out["lost"] is True
    assert out["confirmed"] == ["crypto pki certificate map PFNE_EXPIRED_MIC 1", " issuer-name co cisco manufacturing ca"]
    assert out["in_doubt"] == ["crypto pki certificate map PFNE_EXPIRED_MIC 2", " issuer-name co act2 sudi ca"]
    assert out["not_sent"] == ["crypto pki trustpool policy",
                               " match certificate PFNE_EXPIRED_MIC allow expired-certificate"]


def test_refusal_is_not_a_lost_connection():
    results = [{"item": PLANNED[0], "failed": True, "msg": "issuer-name co cisco manufacturing ca\r\n"
                                                           "% Invalid input detected at '^' marker."}]
    out = c9800_outcome(PLANNED, results)
    assert out["lost"] is False and "Invalid input" in out["error"] and out["confirmed"] == []
    assert len(out["not_sent"]) == 4
