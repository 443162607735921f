/*
 * Test-only helper: parse an .ics file with libical (the C library behind
 * Evolution and others) and print its VEVENTs as a JSON array on stdout.
 *
 * Times are converted to UTC by libical itself, using the VTIMEZONEs of the
 * file.  A TZID that does not resolve to a VTIMEZONE of the file is an error
 * (libical would otherwise silently fall back to its builtin zone database or
 * treat the time as floating, which would hide a missing VTIMEZONE).
 *
 * Exit status: 0 on success; 1 with a message on stderr if libical rejects
 * the file, reports parse errors (X-LIC-ERROR properties) or finds a property
 * missing or not allowed (icalrestriction_check: RFC 5545, and RFC 5546 for
 * the file's METHOD); 2 on usage/IO errors.
 *
 * Build: gcc libical_dump.c $(pkg-config --cflags --libs libical)
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap + 1);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static void print_json_string(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                putchar(*p); /* UTF-8 bytes pass through unchanged */
        }
    }
    putchar('"');
}

/* Fail unless a TZID-qualified time was bound to the file's own VTIMEZONE. */
static int check_zone(icalcomponent *cal, icalproperty *prop, struct icaltimetype t,
                      const char *what, const char *uid)
{
    icalparameter *param;
    if (!prop || !(param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER)))
        return 0;
    const char *tzid = icalparameter_get_tzid(param);
    icaltimezone *own = icalcomponent_get_timezone(cal, tzid);
    if (!own || t.zone != own) {
        fprintf(stderr, "libical: %s of event %s: TZID %s not resolved to a VTIMEZONE of the file\n",
                what, uid ? uid : "?", tzid);
        return 1;
    }
    return 0;
}

/* Prints DATE as YYYY-MM-DD, floating DATE-TIME without a suffix, others in UTC. */
static void print_time(struct icaltimetype t)
{
    if (icaltime_is_null_time(t)) {
        fputs("null", stdout);
    } else if (t.is_date) {
        printf("\"%04d-%02d-%02d\"", t.year, t.month, t.day);
    } else if (t.zone == NULL) {
        printf("\"%04d-%02d-%02dT%02d:%02d:%02d\"", t.year, t.month, t.day, t.hour, t.minute,
               t.second);
    } else {
        struct icaltimetype u = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
        printf("\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", u.year, u.month, u.day, u.hour, u.minute,
               u.second);
    }
}

static const char *prop_text(icalcomponent *c, icalproperty_kind kind)
{
    icalproperty *p = icalcomponent_get_first_property(c, kind);
    if (!p)
        return NULL;
    if (kind == ICAL_STATUS_PROPERTY) /* an enum: print its iCalendar name */
        return icalproperty_enum_to_string(icalproperty_get_status(p));
    if (kind == ICAL_URL_PROPERTY)
        return icalproperty_get_url(p);
    /* TEXT values come back unescaped ("\," -> ","). */
    return icalvalue_get_text(icalproperty_get_value(p));
}

int main(int argc, char **argv)
{
    /* --no-restrictions: only parse (for files the tests did not write, e.g. icalendar's own) */
    int restrictions = !(argc == 3 && strcmp(argv[1], "--no-restrictions") == 0);
    if (argc != 2 && restrictions) {
        fprintf(stderr, "usage: %s [--no-restrictions] FILE.ics\n", argv[0]);
        return 2;
    }
    const char *path = argv[argc - 1];
    char *text = read_file(path);
    if (!text)
        return 2;

    icalerror_set_errors_are_fatal(0);
    icalcomponent *cal = icalparser_parse_string(text);
    if (!cal) {
        fprintf(stderr, "libical: could not parse %s\n", path);
        return 1;
    }
    if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
        fprintf(stderr, "libical: top-level component is %s, expected one VCALENDAR\n",
                icalcomponent_kind_to_string(icalcomponent_isa(cal)));
        return 1;
    }
    /* libical does not reject bad input: it records X-LIC-ERROR properties. */
    if (icalcomponent_count_errors(cal) > 0) {
        fprintf(stderr, "libical reported errors:\n%s\n", icalcomponent_as_ical_string(cal));
        return 1;
    }

    /* RFC 5545 and, by the METHOD, RFC 5546 (iTIP) restrictions: which properties a
     * component must, may or must not have. Failures become X-LIC-ERROR properties. */
    if (restrictions && (!icalrestriction_check(cal) || icalcomponent_count_errors(cal) > 0)) {
        fprintf(stderr, "libical restriction check failed:\n%s\n", icalcomponent_as_ical_string(cal));
        return 1;
    }

    int failed = 0, first = 1;
    putchar('[');
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        const char *uid = icalcomponent_get_uid(ev);
        /* These resolve TZID against the VTIMEZONEs of the enclosing VCALENDAR
         * (builtin zones only as a fallback, which check_zone rejects).
         * get_dtend derives the end from DURATION when there is no DTEND. */
        struct icaltimetype start = icalcomponent_get_dtstart(ev);
        struct icaltimetype end = icalcomponent_get_dtend(ev);
        icalproperty *dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
        icalproperty *dtend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
        failed |= check_zone(cal, dtstart, start, "DTSTART", uid);
        failed |= check_zone(cal, dtend ? dtend : dtstart, end, "DTEND", uid);

        printf("%s\n{\"uid\": ", first ? "" : ",");
        first = 0;
        print_json_string(uid);
        static const struct { const char *key; icalproperty_kind kind; } fields[] = {
            {"summary", ICAL_SUMMARY_PROPERTY},         {"location", ICAL_LOCATION_PROPERTY},
            {"description", ICAL_DESCRIPTION_PROPERTY}, {"url", ICAL_URL_PROPERTY},
            {"status", ICAL_STATUS_PROPERTY},
            {"related_to", ICAL_RELATEDTO_PROPERTY},
        };
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            printf(", \"%s\": ", fields[i].key);
            print_json_string(prop_text(ev, fields[i].kind));
        }
        fputs(", \"start_utc\": ", stdout);
        print_time(start);
        fputs(", \"end_utc\": ", stdout);
        print_time(end);
        putchar('}');
    }
    puts("]");

    icalcomponent_free(cal);
    free(text);
    return failed ? 1 : 0;
}
