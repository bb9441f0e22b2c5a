"""Diff engine: exact command lists for the contract's cases."""
import pytest
from hypothesis import given, strategies as st

from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.diff import (
    MASK,
    RouterOSContractError,
    fingerprint,
    parse_current,
    plan,
    read_commands,
    split_fingerprint,
    validate_entries,
)
from ansible_collections.pfne.netops.plugins.plugin_utils.routeros.parse import parse_print_terse

PROPOSAL = {
    "path": "/ip ipsec proposal",
    "match": {"name": "pfne-hq-branch"},
    "properties": {"auth-algorithms": "sha1", "enc-algorithms": "aes-256-cbc", "pfs-group": "none"},
}
PSK = "Sup3r secret \"psk\" $x?"


def identity(secret=PSK, state="present"):
    return {
        "path": "/ip ipsec identity",
        "match": {"comment": "pfne:ipsec:hq-branch:identity"},
        "properties": {"peer": "pfne-hq-branch", "auth-method": "pre-shared-key", "secret": secret},
        "secret": ["secret"],
        "state": state,
    }


def rule(name, place=("input", "drop")):
    return {
        "path": "/ip firewall filter",
        "match": {"comment": "pfne:ipsec:hq-branch:%s" % name},
        "properties": {"chain": "input", "action": "accept", "protocol": "udp", "dst-port": "500,4500"},
        "place_before": {"chain": place[0], "action": place[1]} if place else None,
    }


def fp_of(entry):
    return fingerprint(validate_entries([entry])[0])


# ---------------------------------------------------------------- add / set / no-op

def test_add_on_empty_device():
    result = plan([PROPOSAL], {"/ip ipsec proposal": []})
    assert result["commands"] == [
        "/ip ipsec proposal add name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-256-cbc pfs-group=none"]
    assert result["masked_commands"] == result["commands"]
    assert result["changed"] is True
    assert result["diff"]["before"] == ""
    assert result["diff"]["after"] == (
        "/ip ipsec proposal name=pfne-hq-branch: name=pfne-hq-branch auth-algorithms=sha1 "
        "enc-algorithms=aes-256-cbc pfs-group=none\n")


def test_set_only_changed_properties():
    current = {"/ip ipsec proposal": parse_print_terse(
        " 0  * name=default auth-algorithms=sha1 enc-algorithms=aes-256-cbc,aes-192-cbc,aes-128-cbc "
        "lifetime=30m pfs-group=modp1024\n"
        " 1    name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-128-cbc lifetime=30m pfs-group=none\n")}
    result = plan([PROPOSAL], current)
    assert result["commands"] == [
        '/ip ipsec proposal set [find where name="pfne-hq-branch"] enc-algorithms=aes-256-cbc']
    assert result["changes"] == [{
        "path": "/ip ipsec proposal", "match": {"name": "pfne-hq-branch"}, "action": "set",
        "before": {"enc-algorithms": "aes-128-cbc"}, "after": {"enc-algorithms": "aes-256-cbc"}}]
    assert result["diff"] == {
        "before": "/ip ipsec proposal name=pfne-hq-branch: enc-algorithms=aes-128-cbc\n",
        "after": "/ip ipsec proposal name=pfne-hq-branch: enc-algorithms=aes-256-cbc\n"}


def test_no_op_when_equal():
    current = {"/ip ipsec proposal": parse_print_terse(
        " 1    name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-256-cbc lifetime=30m pfs-group=none\n")}
    result = plan([PROPOSAL], current)
    assert result == {"changed": False, "commands": [], "masked_commands": [], "changes": [],
                      "diff": {"before": "", "after": ""}, "warnings": []}


def test_property_not_printed_counts_as_empty():
    entry = dict(PROPOSAL, properties={"auth-algorithms": "sha1", "comment": ""})
    current = {"/ip ipsec proposal": parse_print_terse(" 1    name=pfne-hq-branch auth-algorithms=sha1\n")}
    assert plan([entry], current)["commands"] == []


def test_disabled_comes_from_the_x_flag():
    entry = dict(PROPOSAL, properties={"disabled": "no"})
    current = {"/ip ipsec proposal": parse_print_terse(" 1 X  name=pfne-hq-branch auth-algorithms=sha1\n")}
    assert plan([entry], current)["commands"] == [
        '/ip ipsec proposal set [find where name="pfne-hq-branch"] disabled=no']
    current = {"/ip ipsec proposal": parse_print_terse(" 1    name=pfne-hq-branch auth-algorithms=sha1\n")}
    assert plan([entry], current)["commands"] == []


def test_dynamic_items_are_never_matched():
    current = {"/ip ipsec proposal": parse_print_terse(
        " 1 D  name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-256-cbc pfs-group=none\n")}
    assert plan([PROPOSAL], current)["commands"][0].startswith("/ip ipsec proposal add ")


def test_values_with_spaces_are_quoted():
    entry = {"path": "/ip firewall address-list", "match": {"comment": "pfne:l2tp:mobile:list"},
             "properties": {"list": "pfne vpn", "address": "10.0.0.0/24"}}
    assert plan([entry], {})["commands"] == [
        '/ip firewall address-list add comment=pfne:l2tp:mobile:list list="pfne vpn" address=10.0.0.0/24']


def test_duplicate_matches_are_all_set_and_warned():
    current = {"/ip ipsec proposal": parse_print_terse(
        " 1    name=pfne-hq-branch auth-algorithms=md5 enc-algorithms=aes-256-cbc pfs-group=none\n"
        " 2    name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-256-cbc pfs-group=none\n")}
    result = plan([PROPOSAL], current)
    assert result["commands"] == [
        '/ip ipsec proposal set [find where name="pfne-hq-branch"] auth-algorithms=sha1']
    assert "2 items of /ip ipsec proposal match" in result["warnings"][0]


# ---------------------------------------------------------------- singleton

def test_singleton_sets_only_changed():
    entry = {"path": "/interface l2tp-server server", "match": {}, "singleton": True,
             "properties": {"enabled": "yes", "use-ipsec": "yes", "default-profile": "default-encryption"}}
    current = {"/interface l2tp-server server": [{"index": None, "flags": "", "properties": {
        "enabled": "no", "max-mtu": "1450", "use-ipsec": "yes", "default-profile": "default-encryption"}}]}
    assert plan([entry], current)["commands"] == ["/interface l2tp-server server set enabled=yes"]


def test_singleton_visible_secret_compared_in_memory():
    entry = {"path": "/interface l2tp-server server", "match": {}, "singleton": True,
             "properties": {"use-ipsec": "yes", "ipsec-secret": "s3cr3t-l2tp"}, "secret": ["ipsec-secret"]}
    same = {"/interface l2tp-server server": [{"index": None, "flags": "", "properties": {
        "use-ipsec": "yes", "ipsec-secret": "s3cr3t-l2tp"}}]}
    assert plan([entry], same)["commands"] == []
    other = {"/interface l2tp-server server": [{"index": None, "flags": "", "properties": {
        "use-ipsec": "yes", "ipsec-secret": "old-one"}}]}
    result = plan([entry], other)
    assert result["commands"] == ["/interface l2tp-server server set ipsec-secret=s3cr3t-l2tp"]
    assert result["masked_commands"] == ["/interface l2tp-server server set ipsec-secret=********"]
    assert "old-one" not in repr(result["changes"]) + repr(result["diff"])
    assert "s3cr3t-l2tp" not in repr(result["changes"]) + repr(result["diff"]) + repr(result["masked_commands"])


def test_singleton_hidden_secret_warns_unless_always():
    entry = {"path": "/interface l2tp-server server", "match": {}, "singleton": True,
             "properties": {"use-ipsec": "yes", "ipsec-secret": "s3cr3t-l2tp"}, "secret": ["ipsec-secret"]}
    hidden = {"/interface l2tp-server server": [{"index": None, "flags": "", "properties": {"use-ipsec": "yes"}}]}
    result = plan([entry], hidden)
    assert result["commands"] == []
    assert "does not show ipsec-secret" in result["warnings"][0]
    assert "s3cr3t-l2tp" not in result["warnings"][0]
    result = plan([entry], hidden, secret_update="always")
    assert result["commands"] == ["/interface l2tp-server server set ipsec-secret=s3cr3t-l2tp"]


# ---------------------------------------------------------------- absent

def test_absent_removes_only_tagged_entries():
    entry = {"path": "/ip firewall filter", "match": {"comment": "pfne:ipsec:hq-branch:ike"}, "state": "absent"}
    current = {"/ip firewall filter": parse_print_terse(
        " 0    comment=pfne:ipsec:hq-branch:ike chain=input action=accept protocol=udp dst-port=500\n"
        " 1    comment=pfne:ipsec:hq-branch:ike-old chain=input action=accept protocol=udp\n"
        " 2    comment=defconf: drop invalid chain=input action=drop connection-state=invalid\n")}
    result = plan([entry], current)
    assert result["commands"] == ['/ip firewall filter remove [find where comment="pfne:ipsec:hq-branch:ike"]']
    assert result["diff"]["before"] == "/ip firewall filter comment=pfne:ipsec:hq-branch:ike: comment=pfne:ipsec:hq-branch:ike\n"
    assert result["diff"]["after"] == ""


def test_absent_when_missing_is_a_no_op():
    entry = {"path": "/ip ipsec peer", "match": {"name": "pfne-hq-branch"}, "state": "absent"}
    assert plan([entry], {"/ip ipsec peer": []})["commands"] == []


def test_absent_uses_the_device_comment_with_fingerprint():
    entry = {"path": "/ip ipsec identity", "match": {"comment": "pfne:ipsec:hq-branch:identity"}, "state": "absent"}
    current = {"/ip ipsec identity": parse_print_terse(
        " 0    comment=pfne:ipsec:hq-branch:identity pfne-fp:0123456789abcdef peer=pfne-hq-branch "
        "auth-method=pre-shared-key secret=abc\n")}
    assert plan([entry], current)["commands"] == [
        '/ip ipsec identity remove [find where comment="pfne:ipsec:hq-branch:identity pfne-fp:0123456789abcdef"]']


def test_order_adds_then_removals_in_reverse():
    entries = [
        {"path": "/ip ipsec peer", "match": {"name": "old-peer"}, "state": "absent"},
        {"path": "/ip ipsec policy", "match": {"comment": "pfne:ipsec:old:policy"}, "state": "absent"},
        PROPOSAL,
    ]
    current = {
        "/ip ipsec peer": parse_print_terse(" 0    name=old-peer address=192.0.2.1/32\n"),
        "/ip ipsec policy": parse_print_terse(
            " 0 T * group=default src-address=::/0 dst-address=::/0 protocol=all proposal=default template=yes\n"
            " 1    comment=pfne:ipsec:old:policy peer=old-peer tunnel=yes\n"),
    }
    assert plan(entries, current)["commands"] == [
        "/ip ipsec proposal add name=pfne-hq-branch auth-algorithms=sha1 enc-algorithms=aes-256-cbc pfs-group=none",
        '/ip ipsec policy remove [find where comment="pfne:ipsec:old:policy"]',
        '/ip ipsec peer remove [find where name="old-peer"]',
    ]


# ---------------------------------------------------------------- placement

def test_place_before_first_input_drop(fixture_text):
    current = {"/ip firewall filter": parse_print_terse(fixture_text("composed/firewall_filter_print_terse.raw"))}
    result = plan([rule("ike")], current)
    assert result["commands"] == [
        "/ip firewall filter add comment=pfne:ipsec:hq-branch:ike chain=input action=accept "
        "protocol=udp dst-port=500,4500 place-before=1"]


def test_place_before_first_srcnat_masquerade(fixture_text):
    entry = {"path": "/ip firewall nat", "match": {"comment": "pfne:ipsec:hq-branch:nat-bypass"},
             "properties": {"chain": "srcnat", "action": "accept", "src-address": "10.1.0.0/24",
                            "dst-address": "10.2.0.0/24"},
             "place_before": {"chain": "srcnat", "action": "masquerade"}}
    current = {"/ip firewall nat": parse_print_terse(fixture_text("composed/firewall_nat_print_terse.raw"))}
    assert plan([entry], current)["commands"] == [
        "/ip firewall nat add comment=pfne:ipsec:hq-branch:nat-bypass chain=srcnat action=accept "
        "src-address=10.1.0.0/24 dst-address=10.2.0.0/24 place-before=0"]


def test_no_such_rule_appends(fixture_text):
    current = {"/ip firewall filter": parse_print_terse(fixture_text("composed/firewall_filter_print_terse.raw"))}
    result = plan([rule("x", place=("output", "drop"))], current)
    assert result["commands"][0].endswith("dst-port=500,4500")


def test_several_new_rules_share_the_number_from_the_print(fixture_text):
    current = {"/ip firewall filter": parse_print_terse(fixture_text("composed/firewall_filter_print_terse.raw"))}
    cmds = plan([rule("ike"), rule("nat-t")], current)["commands"]
    assert [c.rsplit(" ", 1)[1] for c in cmds] == ["place-before=1", "place-before=1"]


def test_existing_rule_is_not_moved(fixture_text):
    text = fixture_text("composed/firewall_filter_print_terse.raw") + (
        "22    comment=pfne:ipsec:hq-branch:ike chain=input action=accept protocol=udp dst-port=500,4500\n")
    current = {"/ip firewall filter": parse_print_terse(text)}
    assert plan([rule("ike")], current)["commands"] == []


def test_dynamic_drop_is_skipped():
    current = {"/ip firewall filter": parse_print_terse(
        " 0  D chain=input action=drop\n"
        " 1    chain=input action=accept\n"
        " 2    chain=input action=drop\n")}
    assert plan([rule("ike")], current)["commands"][0].endswith("place-before=2")


@given(st.lists(st.tuples(st.sampled_from(["input", "forward", "output"]),
                          st.sampled_from(["accept", "drop", "reject", "jump"]),
                          st.booleans()), max_size=12))
def test_placement_in_arbitrary_orders(rules):
    lines = "".join(" %d %s  chain=%s action=%s\n" % (num, "D" if dyn else " ", chain, action)
                    for num, (chain, action, dyn) in enumerate(rules))
    current = {"/ip firewall filter": parse_print_terse(lines)}
    cmd = plan([rule("ike")], current)["commands"][0]
    expected = [num for num, (chain, action, dyn) in enumerate(rules)
                if chain == "input" and action == "drop" and not dyn]
    if expected:
        assert cmd.endswith(" place-before=%d" % expected[0])
    else:
        assert "place-before" not in cmd


# ---------------------------------------------------------------- secrets

def test_add_with_secret_masks_everything_shown():
    result = plan([identity()], {"/ip ipsec identity": []})
    fp = fp_of(identity())
    assert result["commands"] == [
        '/ip ipsec identity add comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" peer=pfne-hq-branch '
        'auth-method=pre-shared-key secret="Sup3r secret \\"psk\\" \\$x\\?"' % fp]
    assert result["masked_commands"] == [
        '/ip ipsec identity add comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" peer=pfne-hq-branch '
        'auth-method=pre-shared-key secret=********' % fp]
    shown = repr(result["masked_commands"]) + repr(result["changes"]) + repr(result["diff"])
    assert "Sup3r" not in shown
    assert "secret=%s" % MASK in result["diff"]["after"]


def _identity_line(secret_part, comment):
    return " 0    comment=%s peer=pfne-hq-branch auth-method=pre-shared-key%s\n" % (comment, secret_part)


def test_visible_secret_equal_is_a_no_op():
    fp = fp_of(identity())
    current = {"/ip ipsec identity": parse_print_terse(_identity_line(
        ' secret="Sup3r secret \\"psk\\" \\$x\\?"', "pfne:ipsec:hq-branch:identity pfne-fp:" + fp))}
    assert plan([identity()], current)["commands"] == []


def test_visible_secret_changed_is_set_with_new_fingerprint():
    old_fp = fp_of(identity("old-psk"))
    current = {"/ip ipsec identity": parse_print_terse(_identity_line(
        " secret=old-psk", "pfne:ipsec:hq-branch:identity pfne-fp:" + old_fp))}
    result = plan([identity()], current)
    new_fp = fp_of(identity())
    assert result["masked_commands"] == [
        '/ip ipsec identity set [find where comment="pfne:ipsec:hq-branch:identity pfne-fp:%s"] '
        'comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" secret=********' % (old_fp, new_fp)]
    assert result["changes"][0]["before"] == {"comment": "pfne:ipsec:hq-branch:identity pfne-fp:" + old_fp,
                                              "secret": MASK}
    assert "old-psk" not in repr(result["changes"]) + repr(result["diff"])


def test_visible_secret_equal_without_fingerprint_only_sets_comment():
    current = {"/ip ipsec identity": parse_print_terse(_identity_line(
        ' secret="Sup3r secret \\"psk\\" \\$x\\?"', "pfne:ipsec:hq-branch:identity"))}
    result = plan([identity()], current)
    assert result["masked_commands"] == [
        '/ip ipsec identity set [find where comment="pfne:ipsec:hq-branch:identity"] '
        'comment="pfne:ipsec:hq-branch:identity pfne-fp:%s"' % fp_of(identity())]


def test_hidden_secret_uses_fingerprint():
    fp = fp_of(identity())
    same = {"/ip ipsec identity": parse_print_terse(_identity_line("", "pfne:ipsec:hq-branch:identity pfne-fp:" + fp))}
    assert plan([identity()], same)["commands"] == []
    stale = {"/ip ipsec identity": parse_print_terse(
        _identity_line("", "pfne:ipsec:hq-branch:identity pfne-fp:0000000000000000"))}
    result = plan([identity()], stale)
    assert result["masked_commands"] == [
        '/ip ipsec identity set [find where comment="pfne:ipsec:hq-branch:identity pfne-fp:0000000000000000"] '
        'comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" secret=********' % fp]
    assert result["changes"][0]["before"]["secret"] == "(not shown by the device)"


def test_secret_update_always_resends():
    fp = fp_of(identity())
    same = {"/ip ipsec identity": parse_print_terse(_identity_line("", "pfne:ipsec:hq-branch:identity pfne-fp:" + fp))}
    result = plan([identity()], same, secret_update="always")
    assert result["masked_commands"] == [
        '/ip ipsec identity set [find where comment="pfne:ipsec:hq-branch:identity pfne-fp:%s"] '
        'comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" secret=********' % (fp, fp)]


def test_named_entry_with_secret_gets_fingerprint_comment():
    entry = {"path": "/ppp secret", "match": {"name": "alice"},
             "properties": {"service": "l2tp", "profile": "pfne-l2tp", "password": "pw-alice-123"},
             "secret": ["password"]}
    result = plan([entry], {"/ppp secret": []})
    assert result["masked_commands"] == [
        "/ppp secret add name=alice service=l2tp profile=pfne-l2tp password=******** comment=pfne-fp:%s"
        % fp_of(entry)]


def test_sensitive_property_names_masked_even_if_not_declared():
    entry = {"path": "/ppp secret", "match": {"name": "bob"}, "properties": {"password": "pw-bob-456"}}
    result = plan([entry], {})
    assert result["masked_commands"] == ["/ppp secret add name=bob password=********"]
    assert "pw-bob-456" not in repr(result["diff"])


def test_fingerprint_properties():
    base = validate_entries([identity()])[0]
    fp = fingerprint(base)
    assert len(fp) == 16 and int(fp, 16) >= 0
    assert fingerprint(validate_entries([identity()])[0]) == fp
    assert fingerprint(validate_entries([identity("other")])[0]) != fp
    moved = dict(identity(), match={"comment": "pfne:ipsec:other:identity"})
    assert fingerprint(validate_entries([moved])[0]) != fp
    assert split_fingerprint("pfne:a:b pfne-fp:" + fp) == ("pfne:a:b", fp)
    assert split_fingerprint("pfne-fp:" + fp) == ("", fp)
    assert split_fingerprint("plain comment") == ("plain comment", None)
    assert split_fingerprint(None) == ("", None)


# ---------------------------------------------------------------- read phase

def test_read_commands_one_per_path():
    entries = [PROPOSAL, rule("a"), rule("b"),
               {"path": "/interface l2tp-server server", "match": {}, "singleton": True,
                "properties": {"enabled": "yes"}}]
    assert read_commands(validate_entries(entries)) == [
        "/ip ipsec proposal print terse without-paging",
        "/ip firewall filter print terse without-paging",
        "/interface l2tp-server server print",
    ]


def test_parse_current_dispatches_by_kind():
    entries = validate_entries([PROPOSAL, {"path": "/interface l2tp-server server", "match": {},
                                           "singleton": True, "properties": {"enabled": "yes"}}])
    current = parse_current(entries, {
        "/ip ipsec proposal print terse without-paging": " 0  * name=default pfs-group=modp1024\n",
        "/interface l2tp-server server print": "            enabled: no\n            max-mtu: 1450\n",
    })
    assert current["/ip ipsec proposal"][0]["properties"] == {"name": "default", "pfs-group": "modp1024"}
    assert current["/interface l2tp-server server"] == [
        {"index": None, "flags": "", "properties": {"enabled": "no", "max-mtu": "1450"}}]


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("entry,message", [
    ({"path": "ip ipsec peer", "match": {"name": "a"}}, r"entries\[0\]\.path"),
    ({"path": "/ip ipsec peer", "match": {}}, r"entries\[0\]\.match: needs name="),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "state": "gone"}, r"entries\[0\]\.state"),
    ({"path": "/ip ipsec peer", "match": {"address": "1.2.3.4"}, "state": "absent"},
     r"entries\[0\]\.match: an absent entry"),
    ({"path": "/ip firewall filter", "match": {"comment": "mine"}}, r"entries\[0\]\.match\.comment"),
    ({"path": "/ip ipsec peer", "match": {"name": "a b"}}, r"entries\[0\]\.match\.name"),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "properties": {"port": 500}},
     r"entries\[0\]\.properties\.port: RouterOS values must be strings"),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "properties": {"Bad_Key": "x"}},
     r"entries\[0\]\.properties"),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "secret": ["secret"]}, r"entries\[0\]\.secret"),
    ({"path": "/ip firewall filter", "match": {"comment": "pfne:a:b"}, "place_before": {"chain": "input"}},
     r"entries\[0\]\.place_before"),
    ({"path": "/interface l2tp-server server", "match": {"name": "x"}, "singleton": True,
      "properties": {"enabled": "yes"}}, r"entries\[0\]\.match: must be \{\}"),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "properties": {"name": "b"}},
     r"entries\[0\]\.properties\.name: differs"),
    ({"path": "/ip ipsec peer", "match": {"name": "a"}, "colour": "red"}, r"entries\[0\]: unknown keys colour"),
])
def test_validation_names_the_field(entry, message):
    with pytest.raises(RouterOSContractError, match=message):
        validate_entries([entry])


def test_validation_never_echoes_a_secret():
    entry = identity("line1\nline2-topsecret")
    with pytest.raises(RouterOSContractError) as err:
        validate_entries([entry])
    assert "topsecret" not in str(err.value)
    assert "entries[0].properties.secret" in str(err.value)


def test_duplicate_entries_refused():
    with pytest.raises(RouterOSContractError, match="twice"):
        validate_entries([PROPOSAL, PROPOSAL])


def test_secret_update_value_checked():
    with pytest.raises(RouterOSContractError, match="secret_update"):
        plan([PROPOSAL], {}, secret_update="sometimes")


def test_empty_printed_secret_is_treated_as_hidden_for_table_entries():
    fp = fp_of(identity())
    same = {"/ip ipsec identity": parse_print_terse(
        _identity_line(' secret=""', "pfne:ipsec:hq-branch:identity pfne-fp:" + fp))}
    assert plan([identity()], same)["commands"] == []
    fresh = {"/ip ipsec identity": parse_print_terse(_identity_line(" secret=", "pfne:ipsec:hq-branch:identity"))}
    assert plan([identity()], fresh)["masked_commands"] == [
        '/ip ipsec identity set [find where comment="pfne:ipsec:hq-branch:identity"] '
        'comment="pfne:ipsec:hq-branch:identity pfne-fp:%s" secret=********' % fp]


def test_empty_printed_secret_on_a_singleton_is_set():
    entry = {"path": "/interface l2tp-server server", "match": {}, "singleton": True,
             "properties": {"ipsec-secret": "s3cr3t-l2tp"}, "secret": ["ipsec-secret"]}
    current = {"/interface l2tp-server server": [{"index": None, "flags": "", "properties": {"ipsec-secret": ""}}]}
    assert plan([entry], current)["masked_commands"] == ["/interface l2tp-server server set ipsec-secret=********"]


# ---------------------------------------------------------------- keyed fingerprints, exclusive, fingerprint_in

def _user(password, key=None):
    entry = {"path": "/ppp secret", "match": {"name": "alice"}, "secret": ["password"],
             "properties": {"password": password, "comment": "pfne:l2tp:user"}}
    if key:
        entry["fingerprint_key"] = key
    return entry


def test_keyed_fingerprint_depends_on_the_key_and_the_secret():
    plain = fingerprint(_user("pw-1"))
    keyed = fingerprint(_user("pw-1", "psk-A"))
    assert keyed != plain and len(keyed) == 16
    assert fingerprint(_user("pw-1", "psk-B")) != keyed
    assert fingerprint(_user("pw-2", "psk-A")) != keyed
    assert fingerprint(_user("pw-1", "psk-A")) == keyed


def test_fingerprint_key_is_masked_and_validated():
    result = plan([_user("pw-1", "psk-secret-A")], {})
    assert "psk-secret-A" not in repr(result["masked_commands"]) + repr(result["diff"]) + repr(result["changes"])
    with pytest.raises(RouterOSContractError, match=r"entries\[0\]\.fingerprint_key"):
        validate_entries([dict(_user("pw"), fingerprint_key=7)])
    with pytest.raises(RouterOSContractError, match=r"entries\[0\]\.fingerprint_key"):
        validate_entries([{"path": "/ip pool", "match": {"name": "p"}, "properties": {"ranges": "1.1.1.1"},
                           "fingerprint_key": "k"}])


@pytest.mark.parametrize("entry,field", [
    ({"path": "/ip pool\n", "match": {"name": "p"}}, r"entries\[0\]\.path"),
    ({"path": "/ip pool", "match": {"name": "p"}, "properties": {"ranges\n": "10.0.0.1-10.0.0.9"}},
     r"entries\[0\]\.properties"),
    ({"path": "/ip firewall filter", "match": {"comment": "pfne:a:b\n"}}, r"entries\[0\]\.match\.comment"),
])
def test_names_with_a_trailing_newline_are_refused(entry, field):
    # `$` matches before a final newline: names are checked over the whole string
    with pytest.raises(RouterOSContractError, match=field):
        validate_entries([entry])
