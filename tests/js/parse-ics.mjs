// Test-only helper: parse an .ics file with Mozilla's ical.js (the parser in
// Thunderbird) and print its VEVENTs as a JSON array on stdout.
//
// Usage: node parse-ics.mjs FILE.ics
//
// Times are converted to UTC by ical.js itself, using the VTIMEZONEs of the
// file. A TZID that does not resolve to one of them is an error, since ical.js
// would otherwise quietly treat the time as floating.
// Exit status: 0 on success, 1 (message on stderr) if the file is rejected.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(message) {
  process.stderr.write(`ical.js: ${message}\n`);
  process.exit(1);
}

// DATE as YYYY-MM-DD, floating DATE-TIME without suffix, others as UTC "...Z".
function formatTime(time) {
  if (!time) return null;
  if (time.isDate) return time.toString();
  if (time.zone === ICAL.Timezone.localTimezone) return time.toString();
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function checkZone(event, propName, time) {
  const prop = event.component.getFirstProperty(propName);
  const tzid = prop && prop.getParameter("tzid");
  if (tzid && (!time || !time.zone || time.zone.tzid !== tzid)) {
    fail(`${propName} of event ${event.uid}: TZID ${tzid} not resolved to a VTIMEZONE of the file`);
  }
}

let calendar;
try {
  calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
} catch (err) {
  fail(`could not parse ${process.argv[2]}: ${err.message ?? err}`);
}
if (calendar.name !== "vcalendar") fail(`top-level component is ${calendar.name}`);

// ical.js 2.x already resolves TZID parameters against the VTIMEZONEs of the
// enclosing VCALENDAR (Component.getTimeZoneByID); registering them as well
// keeps any code path that consults the global TimezoneService consistent.
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

const text = (event, name) => event.component.getFirstPropertyValue(name) ?? null;
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  checkZone(event, "dtstart", event.startDate);
  // endDate is derived from DURATION when there is no DTEND.
  checkZone(event, component.hasProperty("dtend") ? "dtend" : "dtstart", event.endDate);
  return {
    uid: event.uid ?? null,
    summary: event.summary ?? null,
    location: event.location ?? null,
    description: event.description ?? null,
    url: text(event, "url"),
    status: text(event, "status"),
    related_to: text(event, "related-to"),
    start_utc: formatTime(event.startDate),
    end_utc: formatTime(event.endDate),
  };
});
process.stdout.write(JSON.stringify(events) + "\n");
