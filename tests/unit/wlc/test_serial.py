import pytest

from ansible_collections.pfne.netops.plugins.plugin_utils.wlc.serial import SerialError, decode_serial, try_decode_serial


def test_ten_year_mic_forecast():
    info = decode_serial("FTX1616Q1XY")
    assert info == {
        "serial": "FTX1616Q1XY", "factory": "FTX", "year": 2012, "week": 16,
        "manufactured": "2012-04-15", "ten_year_mic": True, "mic_expires": "2022-04-15",
        "mic_term": "10-year MIC (built July 2005 - 2017)",
    }


def test_write_up_ap_built_october_2012():
    # The write-up's AP: MIC valid Oct 13 2012 - Oct 13 2022; week 41 of 2012 starts Oct 7.
    info = decode_serial("FGL1641X0AB")
    assert (info["year"], info["week"], info["manufactured"], info["mic_expires"]) == (
        2012, 41, "2012-10-07", "2022-10-07")


def test_lower_case_and_spaces_are_normalised():
    assert decode_serial("  fgl1831a0bc ")["serial"] == "FGL1831A0BC"


@pytest.mark.parametrize("serial,year,ten_year", [
    ("FOC0926A001", 2005, False),   # week 26 of 2005 starts 25 June, ends 1 July -> counts
    ("FOC0925A001", 2005, False),   # June 2005: before the 10-year era
    ("FOC0927A001", 2005, True),
    ("FCW2152A001", 2017, True),    # last week of 2017
    ("FCW2201A001", 2018, False),   # 2018: longer-lived MIC
    ("FCW0001A001", 1996, False),
])
def test_ten_year_window_edges(serial, year, ten_year):
    info = decode_serial(serial)
    assert info["year"] == year
    if serial == "FOC0926A001":
        assert info["ten_year_mic"] is True and info["mic_expires"] == "2015-06-25"
    else:
        assert info["ten_year_mic"] is ten_year
        assert (info["mic_expires"] is not None) is ten_year


def test_week_53_of_short_year_clamps_to_year_end():
    info = decode_serial("FCW1053A001")
    assert info["manufactured"] == "2006-12-31" and info["mic_expires"] == "2016-12-31"


def test_leap_day_expiry():
    # week 9 of 2008 starts 26 Feb; week 10 starts 4 Mar; 2008-01-01 + 8 weeks = 2008-02-26
    info = decode_serial("FTX1209A001")
    assert info["manufactured"] == "2008-02-26" and info["mic_expires"] == "2018-02-26"


@pytest.mark.parametrize("serial,part", [
    ("FCEDDCCBBAA", "year code"),          # the sanitised serial in ntc-templates' show ap config general
    ("F1X1616Q1XY", "factory code"),
    ("FTX16XXQ1XY", "week"),
    ("FTX1616Q1X-", "unit number"),
    ("FTX1616", "expected 11 characters"),
    ("FTX1616Q1XYZ", "expected 11 characters"),
    ("FTX1600Q1XY", "week 00 out of range"),
    ("FTX1654Q1XY", "week 54 out of range"),
])
def test_malformed_serials_name_the_part(serial, part):
    with pytest.raises(SerialError, match=part):
        decode_serial(serial)


def test_non_string_serial():
    with pytest.raises(SerialError, match="must be a string"):
        decode_serial(16161)


def test_try_decode_returns_error_text():
    info, err = try_decode_serial("FCEDDCCBBAA")
    assert info is None and "year code" in err
