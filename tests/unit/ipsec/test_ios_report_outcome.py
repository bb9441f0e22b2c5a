"""Three lists of a failed ios_config loop (plugin_utils/ios_config_loop.py) and of the crypto map
change (the key task, then the loop: action ipsec_ios_report.outcome)."""
from ansible_collections.pfne.netops.plugins.action.ipsec_ios_report import outcome
from ansible_collections.pfne.netops.plugins.plugin_utils.ios_config_loop import loop_outcome

PLANNED = [{"parents": ["ip access-list extended PFNE-a"], "lines": ["permit ip any any"]},
           {"parents": ["crypto map PFNE-MAP 10 ipsec-isakmp"], "lines": ["set peer 203.0.113.3", "match address PFNE-a"]},
           {"parents": ["interface GigabitEthernet0/0/0"], "lines": ["crypto map PFNE-MAP"]}]
KEYS = {"changed": True, "confirmed": ["crypto isakmp key ******** address 203.0.113.3 no-xauth"], "in_doubt": [],
        "not_sent": []}


def test_refusal_reported_as_module_failure_is_not_a_lost_connection():
    # what cisco.ios.ios_config returned in the lab for a refused `match address`
    results = [{"item": PLANNED[0], "changed": True},
               {"item": PLANNED[1], "failed": True, "msg": "MODULE FAILURE: No start of json char found\nSee stdout/"
                "stderr for the exact error match address PFNE-a\r\n% Invalid input detected at '^' marker.\r\nr1(config-"
                "crypto-map)#"}]
    out = loop_outcome(PLANNED, results)
    assert out["lost"] is False and out["in_doubt"] == ["crypto map PFNE-MAP 10 ipsec-isakmp", " set peer 203.0.113.3",
                                                        " match address PFNE-a"]
    assert out["not_sent"] == ["interface GigabitEthernet0/0/0", " crypto map PFNE-MAP"]


def test_loop_failure_after_the_keys():
    results = [{"item": PLANNED[0], "changed": True}, {"item": PLANNED[1], "changed": True},
               {"item": PLANNED[2], "failed": True, "msg": "MODULE FAILURE: No start of json char found\nSee stdout/"
                "stderr for the exact error Failed to write to ssh channel"}]
    out = outcome(KEYS, results, PLANNED)
    assert out["lost"] is True
    assert out["confirmed"][0] == KEYS["confirmed"][0] and out["confirmed"][-1] == " match address PFNE-a"
    assert out["in_doubt"] == ["interface GigabitEthernet0/0/0", " crypto map PFNE-MAP"] and out["not_sent"] == []


def test_dead_channel_as_ansible_core_2_21_reports_it_is_a_lost_connection():
    # ansible-core 2.19+ no longer says MODULE FAILURE: the task fails with the channel's own error
    results = [{"item": PLANNED[0], "changed": True},
               {"item": PLANNED[1], "failed": True, "msg": "Task failed: Failed to write to ssh channel"}]
    out = loop_outcome(PLANNED, results)
    assert out["lost"] is True and out["confirmed"] == ["ip access-list extended PFNE-a", " permit ip any any"]
    refused = [{"item": PLANNED[0], "failed": True,
                "msg": "Task failed: permit ip any any\r\n% Invalid input detected at '^' marker.\r\nr1(config-ext-nacl)#"}]
    assert loop_outcome(PLANNED, refused)["lost"] is False


def test_key_lost_then_no_block_sent():
    keys = dict(KEYS, failed=True, confirmed=[], in_doubt=KEYS["confirmed"], msg="connection closed")
    out = outcome(keys, [], PLANNED)
    assert out["lost"] is True and out["confirmed"] == [] and out["in_doubt"] == KEYS["confirmed"]
    assert len(out["not_sent"]) == 7 and out["error"] == "connection closed"
