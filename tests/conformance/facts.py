"""Small readers for the checks: real-format facts computed without our parsers or the lab's internals."""
import datetime
import re

MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def ios_date(text):
    """'07:21:37 UTC Oct 3 2011' (IOS certificate validity) -> datetime."""
    m = re.fullmatch(r"\s*(\d\d):(\d\d):(\d\d)(?:\.\d+)? \S+ (\w{3}) +(\d+) (\d{4})\s*", text)
    if not m:
        raise AssertionError("not an IOS date: %r" % text)
    hh, mm, ss, mon, day, year = m.groups()
    return datetime.datetime(int(year), MONTHS[mon], int(day), int(hh), int(mm), int(ss))


def mac12(text):
    """Any MAC spelling -> 12 lower-case hex digits."""
    return re.sub(r"[^0-9a-f]", "", text.lower())


def ios_interfaces(running_config):
    """IOS / ASA running-config -> {interface: (address or None, shutdown)}."""
    out, name = {}, None
    for line in running_config.splitlines():
        if line.startswith("interface "):
            name = line.split()[1]
            out[name] = [None, False]
        elif not line.startswith(" "):
            name = None
        elif name:
            words = line.split()
            if words[:2] == ["ip", "address"] and len(words) >= 4 and words[-1] != "secondary":
                out[name][0] = words[2]
            elif words == ["shutdown"]:
                out[name][1] = True
    return {k: tuple(v) for k, v in out.items()}


def weekday_matches(day_name, day, month, year):
    """A printed clock's weekday agrees with its date."""
    date = datetime.date(int(year), MONTHS[month], int(day))
    return date.strftime("%a") == day_name


def serial_week(serial):
    """Cisco serial LLLYYWWSSSS -> (year, week) of manufacture."""
    m = re.fullmatch(r"[A-Z]{3}(\d\d)(\d\d)[0-9A-Z]{4}", serial)
    if not m:
        raise AssertionError("not a Cisco serial: %r" % serial)
    return 1996 + int(m.group(1)), int(m.group(2))


def date_style(text):
    """RouterOS date style: 'iso' (2024-04-17 12:47:58) or 'month' (Nov/04/2024 11:58:52)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text):
        return "iso"
    if re.fullmatch(r"[A-Z][a-z]{2}/\d\d/\d{4} \d\d:\d\d:\d\d", text):
        return "month"
    raise AssertionError("not a RouterOS date: %r" % text)


def routeros_date_style(version):
    """The style a RouterOS release prints, where real samples show it: None for the releases between."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:3])
    if numbers >= (7, 14, 3):
        return "iso"
    if numbers <= (7, 12, 2):
        return "month"
    return None
