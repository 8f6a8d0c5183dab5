#!/usr/bin/env python3
"""Imports every .ics of a built site with Python's icalendar (a real
client library) and expands recurring events with recurring-ical-events.

usage: python3 -m venv /tmp/v && /tmp/v/bin/pip install icalendar recurring-ical-events
       /tmp/v/bin/python scripts/check-calendars.py example-site/public
Prints each calendar's events with their local start times; exits 1 on any
parse problem.
"""
import datetime
import pathlib
import sys

import icalendar
import recurring_ical_events

root = pathlib.Path(sys.argv[1])
failures = 0
for path in sorted(root.rglob("*.ics")):
    raw = path.read_bytes()
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # noqa: BLE001 - report any parser failure
        print(f"FAIL {path}: {e}")
        failures += 1
        continue
    long_lines = [l for l in raw.split(b"\r\n") if len(l) > 75]
    if long_lines or b"\n" in raw.replace(b"\r\n", b""):
        print(f"FAIL {path}: {len(long_lines)} lines over 75 octets or bare LF")
        failures += 1
    events = cal.walk("VEVENT")
    print(f"ok   {path.relative_to(root)}: {len(events)} event(s)")
    if path.name == "calendar.ics":
        window = recurring_ical_events.of(cal).between(datetime.date(2026, 1, 1), datetime.date(2027, 7, 1))
        for ev in sorted(window, key=lambda e: str(e["DTSTART"].dt)):
            start = ev["DTSTART"].dt
            print(f"       {start!s:26} {ev.get('STATUS', '')!s:10} {ev['SUMMARY']}")
sys.exit(1 if failures else 0)
