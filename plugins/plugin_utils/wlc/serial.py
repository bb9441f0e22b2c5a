# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco serial numbers -> manufacture date -> MIC expiry forecast.

Cisco serials follow ``LLLYYWWSSSS``: a three-letter factory code, a two-digit
year code (year = 1996 + YY), a two-digit week (01-53) and a four-character
unit number.  Access points built from July 2005 to the end of 2017 carry a
manufacturer installed certificate (MIC) valid ten years (Field Notice 63942).
The serial is only a forecast: the AP's own certificate dates win.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

SERIAL_RE = re.compile(r"^([A-Z]{3})([0-9]{2})([0-9]{2})([A-Z0-9]{4})$")
MIC_YEARS = 10
# First and last manufacture dates of the 10-year MIC era (FN63942).
TEN_YEAR_MIC_FROM = datetime.date(2005, 7, 1)
TEN_YEAR_MIC_UNTIL = datetime.date(2017, 12, 31)


class SerialError(ValueError):
    """A serial number that does not follow LLLYYWWSSSS."""


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def decode_serial(serial):
    """Decode a Cisco serial number.

    Returns a dict: serial, factory, year, week, manufactured (ISO date of the
    first day of that week, counted from 1 January), ten_year_mic (bool),
    mic_expires (ISO date ten years on, or None outside the 10-year MIC era),
    mic_term (a short text that says which rule applied).
    Raises SerialError naming the part that is wrong.
    """
    if not isinstance(serial, str):
        raise SerialError("serial must be a string, got %s" % type(serial).__name__)
    text = serial.strip().upper()
    if len(text) != 11:
        raise SerialError(
            "serial %r: expected 11 characters LLLYYWWSSSS, got %d" % (serial, len(text))
        )
    match = SERIAL_RE.match(text)
    if not match:
        if not re.match(r"^[A-Z]{3}", text):
            part = "factory code (3 letters)"
        elif not re.match(r"^.{3}[0-9]{2}", text):
            part = "year code (2 digits)"
        elif not re.match(r"^.{5}[0-9]{2}", text):
            part = "week (2 digits)"
        else:
            part = "unit number (4 letters or digits)"
        raise SerialError("serial %r: bad %s; expected LLLYYWWSSSS" % (serial, part))
    factory, yy, ww, _unit = match.groups()
    year = 1996 + int(yy)
    week = int(ww)
    if not 1 <= week <= 53:
        raise SerialError("serial %r: week %s out of range 01-53" % (serial, ww))
    manufactured = datetime.date(year, 1, 1) + datetime.timedelta(days=7 * (week - 1))
    if manufactured.year != year:  # week 53 of a short year
        manufactured = datetime.date(year, 12, 31)
    ten_year = TEN_YEAR_MIC_FROM <= manufactured <= TEN_YEAR_MIC_UNTIL
    # The serial gives a week, not a day: a July 2005 week that starts in late
    # June still counts when it reaches into July.
    if not ten_year and manufactured < TEN_YEAR_MIC_FROM:
        ten_year = manufactured + datetime.timedelta(days=6) >= TEN_YEAR_MIC_FROM
    if ten_year:
        expires = _add_years(manufactured, MIC_YEARS).isoformat()
        term = "10-year MIC (built July 2005 - 2017)"
    elif manufactured < TEN_YEAR_MIC_FROM:
        expires = None
        term = "built before July 2005: no 10-year MIC forecast"
    else:
        expires = None
        term = "built after 2017: longer-lived MIC, no 10-year forecast"
    return {
        "serial": text,
        "factory": factory,
        "year": year,
        "week": week,
        "manufactured": manufactured.isoformat(),
        "ten_year_mic": ten_year,
        "mic_expires": expires,
        "mic_term": term,
    }


def try_decode_serial(serial):
    """decode_serial, but returns (None, error text) instead of raising."""
    try:
        return decode_serial(serial), None
    except SerialError as exc:
        return None, str(exc)
