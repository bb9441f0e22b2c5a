# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Chart geometry for the HTML reports: numbers only; the templates draw the SVG elements."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

ROW = 24            # ladder: vertical step per arrow
TOP = 56            # ladder: room for the lane labels


def _months(first, last):
    """'YYYY-MM' strings from first to last inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while True:
        key = "%04d-%02d" % (year, month)
        out.append(key)
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_bars(dates, as_of, width=900, height=220):
    """Bars of how many dates fall in each month: {bars, ticks, width, height, max}.

    dates: ISO date strings (None skipped); as_of: ISO date, months before it are `past`."""
    counts = {}
    for day in dates:
        if day:
            counts[day[:7]] = counts.get(day[:7], 0) + 1
    chart = {"width": width, "height": height, "bars": [], "ticks": [], "max": max(counts.values() or [0]),
             "base": height - 30, "left": 40}
    if not counts:
        return chart
    months = _months(min(counts), max(counts))
    step = (width - chart["left"] - 10) / float(len(months))
    scale = (chart["base"] - 10) / float(chart["max"])
    now = (as_of or "")[:7]
    for pos, month in enumerate(months):
        x = chart["left"] + pos * step
        n = counts.get(month, 0)
        if n:
            chart["bars"].append({"x": round(x, 2), "w": round(max(step - 1, 1), 2), "y": round(chart["base"] - n * scale, 2),
                                  "h": round(n * scale, 2), "month": month, "count": n, "past": month < now})
        if month.endswith("-01") or pos == 0:
            chart["ticks"].append({"x": round(x, 2), "label": month[:4] if month.endswith("-01") else month})
    if now and months[0] <= now <= months[-1]:
        chart["now_x"] = round(chart["left"] + months.index(now) * step, 2)
    return chart


def ladder(rows, lanes=("A", "B"), middle=None, width=860):
    """A ladder diagram: two host lanes (and the ASA between them), one arrow per row.

    rows: [{"forward": bool, "label": str, "dropped": bool, "reason": str}] in time order.
    Returns {width, height, left_x, right_x, mid_x, lanes, middle, arrows: [{y, x1, x2, forward,
    dropped, label, reason, text_x}]}; a dropped packet's arrow stops at the middle lane."""
    left, right = 150, width - 150
    mid = (left + right) / 2.0
    arrows = []
    for pos, row in enumerate(rows):
        y = TOP + pos * ROW
        start, end = (left, right) if row["forward"] else (right, left)
        if row.get("dropped"):
            end = mid
        arrows.append({"y": y, "x1": start, "x2": end, "forward": bool(row["forward"]),
                       "dropped": bool(row.get("dropped")), "label": row.get("label", ""),
                       "reason": row.get("reason") or "", "text_x": (start + end) / 2.0})
    return {"width": width, "height": TOP + max(len(rows), 1) * ROW + 10, "left_x": left, "right_x": right,
            "mid_x": mid, "lanes": list(lanes), "middle": middle, "arrows": arrows}
