"""Run names and owned records of pfne.netops.asa_capture (plugin_utils/asa/owner.py)."""
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.capture import point_names, validate_name
from ansible_collections.pfne.netops.plugins.plugin_utils.asa.owner import (
    read_records, run_name, run_pattern, sort_listed, write_record)


def test_run_names_fit_the_asa_limit_with_the_extra_points():
    name = run_name("X" * 32, "0a1b2c")
    assert name == "X" * 22 + "_R0a1b2c"
    for cap in point_names({"name": name, "egress_interface": "outside", "asp_drop": True}).values():
        assert len(cap) <= 32 and validate_name(cap) == cap
        assert run_pattern("X" * 32).fullmatch(cap)


def test_pattern_is_the_whole_name():
    pattern = run_pattern("CAP")
    assert pattern.fullmatch("CAP_R0a1b2c") and pattern.fullmatch("CAP_R0a1b2c_E")
    assert not pattern.fullmatch("CAP_R0a1b2c\n") and not pattern.fullmatch("CAPX_R0a1b2c")
    assert not pattern.fullmatch("CAP") and not pattern.fullmatch("CAP_R0A1B2C")


def test_sort_listed_by_record_and_run_state(tmp_path):
    spec = {"name": "CAP_R000001", "interface": "inside"}
    write_record(str(tmp_path), "asa_22", spec, ["CAP_R000001", "CAP_R000001_D"], False)
    write_record(str(tmp_path), "asa_22", dict(spec, name="CAP_R000002"), ["CAP_R000002"], True)
    write_record(str(tmp_path), "asa_22", dict(spec, name="CAP_R000003"), ["CAP_R000003"], False)
    write_record(str(tmp_path), "other_22", dict(spec, name="CAP_R000004"), ["CAP_R000004"], False)
    records = read_records(str(tmp_path), "asa_22")
    assert sorted(records) == ["CAP_R000001", "CAP_R000001_D", "CAP_R000002", "CAP_R000003"]
    listed = dict.fromkeys(["CAP", "CAP_R000001", "CAP_R000001_D", "CAP_R000002", "CAP_R000003", "CAP_R000004",
                            "OTHER_R000001"])
    over = {"CAP_R000003": False}
    got = sort_listed(listed, "CAP", records, over=lambda r: over.get(r["name"], True))
    assert got == {"leftovers": ["CAP_R000001", "CAP_R000001_D"], "kept": ["CAP_R000002"],
                   "in_use": ["CAP_R000003"], "unrecorded": ["CAP_R000004"]}
