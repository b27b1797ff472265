# Reads one iCalendar file from stdin with Python's icalendar (strict: a malformed property is reported
# as broken) and expands its events with recurring-ical-events. Prints JSON: the broken properties, the
# METHOD, and every occurrence with its local start and end and their zone.
import datetime
import json
import sys

import icalendar
import recurring_ical_events

calendar = icalendar.Calendar.from_ical(sys.stdin.read())
result = {"errors": [], "method": str(calendar.get("METHOD", "")), "occurrences": []}
for component in calendar.walk():
    for error in getattr(component, "errors", None) or []:
        result["errors"].append(f"{component.name}: {error}")
try:
    for occurrence in recurring_ical_events.of(calendar).between(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)):
        start, end = occurrence["DTSTART"].dt, occurrence["DTEND"].dt
        result["occurrences"].append({"start": start.isoformat(), "end": end.isoformat(), "zone": str(start.tzinfo)})
except Exception as error:  # the expansion refuses a broken calendar: that is the finding
    result["expandError"] = f"{type(error).__name__}: {error}"
print(json.dumps(result))
