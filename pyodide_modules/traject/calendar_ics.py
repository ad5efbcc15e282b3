"""Calendar export: one iCalendar file (RFC 5545) with the sessions, the intake deadline and
the follow-up of one or more trajectories, for importing into the coach's own calendar.

Written by hand with the standard library only (the ``icalendar`` package is not available in
the browser); the app imports this module lazily, only when the coach exports.

Decisions
- **All-day events.** A session has a date but no time of day, so every event is an all-day
  event: ``DTSTART;VALUE=DATE`` with an exclusive ``DTEND;VALUE=DATE`` on the next day. No
  invented clock time can be wrong, no VTIMEZONE is needed (nothing carries a TZID; DTSTAMP is
  UTC) and a daylight-saving change can never move a session to another day. Events are
  ``TRANSP:TRANSPARENT`` so they do not block the coach's whole day as busy.
- **Events.** Per trajectory: session 0 as "Intake versturen" on its planned date (the intake
  due date, 2 days before session 1); every session 1..n with a date, the mid-term evaluation
  and the closing session(s) marked in the title with the names of
  :mod:`traject.closing_story`; "Evaluatieformulier sturen" a week before the first closing
  session (the due action of :mod:`traject.due`; UID ``<trajectory id>-evaluation-form``,
  cancelled with the closing session, confirmed without reminder once done or answered); the
  follow-up mail and the check-in. :func:`calendar_selection` picks the trajectories of the
  "all trajectories" file: running ones and closed ones with an open follow-up. The
  follow-up comes from ``traj.followups``; while a trajectory has none yet (it is still
  running) it is derived from the date of its last session with
  :func:`traject.followup.followup_dates` (not for stopped trajectories: they get no
  follow-up). Sessions without a date are left out.
- **Stable UIDs.** ``<trajectory id>-<session id>@traject`` for sessions (session 0 too) and
  ``<trajectory id>-followup-mail@traject`` / ``...-followup-checkin@traject``, the same
  whether the follow-up is derived or real. Re-importing an updated file therefore updates the
  events. ``SEQUENCE`` is the trajectory's ``revision``; ``DTSTAMP`` is ``now`` in UTC. (An
  event of a session that was later removed from the plan is not in the new file; calendars do
  not delete it on import.)
- **Status.** Cancelled and no-show sessions: ``STATUS:CANCELLED`` (title marked
  "(vervallen)"). Held sessions stay in the file as ``STATUS:CONFIRMED`` without a reminder, so
  the calendar keeps a correct history and an earlier exported event is updated rather than
  left behind. Planned/moved sessions of an active trajectory: ``CONFIRMED``; of a paused one:
  ``TENTATIVE`` (they will be replanned), of a stopped one: ``CANCELLED``; of a completed one:
  ``CONFIRMED``. Follow-up: open and done ``CONFIRMED`` (open: ``TENTATIVE`` while paused),
  skipped ``CANCELLED``.
- **Reminders (VALARM, ACTION:DISPLAY).** Only for pending items of an active trajectory (and
  open follow-ups) whose date is today or later; ``lead_minutes=None`` switches them off. An
  all-day event starts at local midnight, and a reminder at midnight is useless, so reminders
  count back from **09:00 on the event's day** (``ALARM_TIME_MINUTES``): the default
  ``lead_minutes=1440`` ("1 day before") fires at 09:00 the day before (``TRIGGER:-PT15H``).
  The trigger stays relative (no time zone needed); whole days are written as nominal days
  (``-P1DT15H`` for 2 days) so they keep the wall-clock time across a DST change. Hours and
  minutes of a trigger are exact time, so on the two days a year that the clock changes a
  reminder later that same day (e.g. "1 hour before" = ``PT8H``) would fire an hour off; for
  those days the exact part is corrected for Central European Time (Europe/Amsterdam, the
  same switch moment as all EU zones): ``PT7H`` on the last Sunday of March, ``PT9H`` on the
  last Sunday of October, both 08:00 on the wall clock. The intake
  event is itself the deadline "48 hours before session 1", so its reminder fires at 09:00 on
  the intake due date (``TRIGGER:PT9H``), i.e. 48 hours before 09:00 on the day of session 1,
  whatever lead time is set.
- **Privacy.** Titles name the client only as the coach chooses (``title_mode``): ``initials``
  (default, "J.J."), ``code`` (``T-3F9A``, from the trajectory id, see
  :func:`trajectory_code`) or ``name`` (full name, explicit opt-in). No other client data goes
  into the file: no notes, coaching question, e-mail, phone, goals, focus, homework or form
  answers; events have no DESCRIPTION (the reminder's required DESCRIPTION repeats the title).
- **Format.** CRLF line endings, TEXT escaped (``\\`` ``\\;`` ``\\,`` ``\\n``; other control
  characters dropped), lines folded at 75 octets without splitting a UTF-8 character.
"""

import zlib
from datetime import date, datetime, timedelta, timezone

from .bidi import strip_unmatched
from .dates import parse_date
from .closing_story import closing_name, evaluation_form_send
from .followup import followup_dates
from .messages import t

__all__ = ["export_ics", "ics_filename", "trajectory_code", "client_initials",
           "escape_text", "fold_line", "format_trigger", "TITLE_MODES", "DEFAULT_LEAD_MINUTES",
           "ALARM_TIME_MINUTES"]

TITLE_MODES = ("initials", "code", "name")
DEFAULT_LEAD_MINUTES = 1440  # one day
MAX_LEAD_MINUTES = 60 * 24 * 28  # four weeks
ALARM_TIME_MINUTES = 9 * 60  # reminders count back from 09:00 on the event's day
PRODID = "-//Traject//Agenda-export//NL"
UID_DOMAIN = "traject"
CRLF = "\r\n"
FOLD_OCTETS = 75

_CANCELLED_SESSION = ("cancelled", "no_show")


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------

def export_ics(trajectories, *, now, lead_minutes=DEFAULT_LEAD_MINUTES, title_mode="initials",
               calendar_name=None):
    """The iCalendar text (CRLF line endings) for one trajectory or a list of them.

    ``now`` (an ISO date-time string or a ``datetime``; naive means UTC) becomes DTSTAMP and
    decides which reminders are still useful (none for dates before the day of ``now``).
    ``lead_minutes`` counts back from 09:00 on the event's day (None: no reminders).
    ``title_mode`` is "initials", "code" or "name". A trajectory id that occurs twice is
    exported once. Raises ValueError for invalid arguments.
    """
    if not isinstance(trajectories, (list, tuple)):
        trajectories = [trajectories]
    if title_mode not in TITLE_MODES:
        raise ValueError(f"title_mode must be one of {', '.join(TITLE_MODES)}: {title_mode!r}")
    if lead_minutes is not None and (isinstance(lead_minutes, bool) or not isinstance(lead_minutes, int)
                                     or not 0 <= lead_minutes <= MAX_LEAD_MINUTES):
        raise ValueError(f"lead_minutes must be None or 0..{MAX_LEAD_MINUTES}: {lead_minutes!r}")
    stamp = _utc(now)
    today = _local_day(now)
    name = t("ical.calendar_name") if calendar_name is None else str(calendar_name)

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + PRODID,
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:" + escape_text(name),
        "X-WR-CALNAME:" + escape_text(name),
    ]
    seen = set()
    for traj in trajectories:
        if traj.id in seen:
            continue
        seen.add(traj.id)
        for item in _items(traj, today, lead_minutes):
            lines.extend(_vevent(traj, item, stamp, title_mode))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def calendar_selection(trajectories):
    """The trajectories the "all trajectories" calendar holds: every running (active or
    paused) one, and every closed one that still has an open follow-up item (the follow-up
    mail and check-in of closed trajectories belong in the coach's calendar)."""
    return [traj for traj in trajectories
            if traj.status in ("active", "paused")
            or (traj.status == "completed" and any(item.status == "open" for item in traj.followups))]


def ics_filename(trajectories, today):
    """File name for the download, e.g. ``traject-agenda-2026-11-23.ics``; for exactly one
    trajectory its code is added (``traject-agenda-t-3f9a-2026-11-23.ics``), never a name."""
    if isinstance(today, datetime):
        today = today.date()
    elif not isinstance(today, date):
        parsed = parse_date(today[:10]) if isinstance(today, str) else None
        if parsed is None:
            raise ValueError(f"today must be a date or an ISO date: {today!r}")
        today = parsed
    if not isinstance(trajectories, (list, tuple)):
        trajectories = [trajectories]
    ids = {traj.id for traj in trajectories}
    if len(ids) == 1:
        return f"traject-agenda-{trajectory_code(trajectories[0]).lower()}-{today.isoformat()}.ics"
    return f"traject-agenda-{today.isoformat()}.ics"


def trajectory_code(traj):
    """Short, stable, name-free code of a trajectory: ``T-`` and 4 hex digits. Taken from the
    start of the id when that is hex (ids made by ``new_id``), else from a checksum of it."""
    ident = str(traj.id)
    head = ident[:4]
    if len(head) == 4 and all(c in "0123456789abcdefABCDEF" for c in head):
        return "T-" + head.upper()
    return "T-%04X" % (zlib.crc32(ident.encode("utf-8")) & 0xFFFF)


_PARTICLES = {"van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "in", "op", "von", "la", "le", "du",
              "da", "di", "del", "des", "vd", "v.d.", "'s"}


def client_initials(name):
    """Initials of a name without lower-case particles inside it: "Jan van der Berg" -> "J.B.",
    "Émile de Vries-Öztürk" -> "É.V.Ö.". Empty string when the name has no letters."""
    words = str(name).replace("-", " ").split()
    parts = []
    for i, word in enumerate(words):
        if 0 < i < len(words) - 1 and word.islower() and word in _PARTICLES:
            continue  # "van der" in "Jan van der Berg"; a capitalised "Van" or "Le" is kept
        letter = next((c for c in word if c.isalnum()), "")
        if letter:
            parts.append(letter.upper() + ".")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# iCalendar text helpers (public for the tests; no other module should need them)
# ---------------------------------------------------------------------------------------------

def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines; drop other control
    characters (RFC 5545 TEXT allows none but HTAB)."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == ";":
            out.append("\\;")
        elif char == ",":
            out.append("\\,")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t" or not (ord(char) < 0x20 or ord(char) == 0x7F):
            out.append(char)
    return "".join(out)


def fold_line(line):
    """Fold one content line into physical lines of at most 75 octets (UTF-8), joined by
    CRLF + space; a multi-byte character is never split."""
    if len(line.encode("utf-8")) <= FOLD_OCTETS:
        return line
    pieces, current, size, limit = [], [], 0, FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, FOLD_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def format_trigger(minutes, exact_minutes=None):
    """A relative TRIGGER duration for an offset in minutes from the event's start (negative:
    before). Whole days are nominal days: -2340 -> ``-P1DT15H``; 0 -> ``PT0S``.
    ``exact_minutes`` replaces the exact (hours and minutes) part, see :func:`_trigger`."""
    if minutes == 0 and not exact_minutes:
        return "PT0S"
    sign = "-" if minutes < 0 else ""
    days, rest = divmod(abs(minutes), 1440)
    if exact_minutes is not None:
        rest = exact_minutes
    hours, mins = divmod(rest, 60)
    text = sign + "P"
    if days:
        text += f"{days}D"
    if rest:
        text += "T" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return text


# ---------------------------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------------------------
def _last_sunday(year, month):
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _cet_offset(moment):
    """UTC offset in minutes of a wall-clock time in Europe/Amsterdam (EU rule since 1996:
    summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00)."""
    begin = datetime.combine(_last_sunday(moment.year, 3), datetime.min.time()) + timedelta(hours=2)
    end = datetime.combine(_last_sunday(moment.year, 10), datetime.min.time()) + timedelta(hours=3)
    return 120 if begin <= moment < end else 60


def _trigger(day, minutes):
    """TRIGGER value for a reminder ``minutes`` from midnight of the all-day event on ``day``:
    whole days nominal; the exact part corrected when a clock change (Europe/Amsterdam) lies
    between the nominal anchor and the wall-clock moment of the reminder."""
    days, rest = divmod(abs(minutes), 1440)
    if not rest:
        return format_trigger(minutes)
    sign = -1 if minutes < 0 else 1
    anchor = datetime.combine(day, datetime.min.time()) + timedelta(days=sign * days)
    wall = anchor + timedelta(minutes=sign * rest)
    exact = rest - sign * (_cet_offset(wall) - _cet_offset(anchor))
    return format_trigger(minutes, exact if exact > 0 else None)


def _parse_now(now):
    if isinstance(now, str):
        try:
            now = datetime.fromisoformat(now.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"now must be an ISO date-time: {now!r}") from None
    elif isinstance(now, date) and not isinstance(now, datetime):
        now = datetime(now.year, now.month, now.day)
    if not isinstance(now, datetime):
        raise ValueError(f"now must be an ISO date-time or a datetime: {now!r}")
    return now


def _utc(now):
    now = _parse_now(now)
    now = now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ")


def _local_day(now):
    """The calendar day of ``now`` as the caller gave it (its own UTC offset)."""
    return _parse_now(now).date()


def _ical_date(day):
    return day.strftime("%Y%m%d")


class _Item:
    """One calendar event before formatting."""

    def __init__(self, key, day, what, status, alarm):
        self.key, self.day, self.what, self.status, self.alarm = key, day, what, status, alarm


def _session_what(session):
    if session.number == 0:
        return t("ical.intake")
    if session.role == "midterm":
        return t("ical.midterm", number=session.number)
    if session.is_closing:
        return t("ical.closing_step", number=session.number, name=closing_name(session.role))
    return t("ical.session", number=session.number)


def _followup_what(traj, kind):
    if kind == "mail":
        return t("ical.followup_mail")
    months = traj.followup_checkin_months
    return t("ical.followup_checkin_one") if months == 1 else t("ical.followup_checkin", months=months)


def _pending_status(traj):
    return {"active": "CONFIRMED", "paused": "TENTATIVE", "stopped": "CANCELLED"}.get(traj.status, "CONFIRMED")


def _alarm(traj, day, today, lead_minutes, offset):
    """Trigger offset (minutes from midnight of ``day``) or None when no reminder is useful."""
    if lead_minutes is None or traj.status != "active" or day < today:
        return None
    return offset


def _last_session_date(traj):
    dated = [s for s in traj.regular_sessions if s.planned_date is not None]
    kept = [s for s in dated if s.status not in _CANCELLED_SESSION] or dated
    if not kept:
        return None
    return max(kept, key=lambda s: s.number).planned_date


def _followups(traj):
    """(kind, due date, status) of the follow-up: the real items, or derived ones."""
    if traj.followups:
        return [(item.kind, item.due_date, item.status) for item in traj.followups if item.due_date is not None]
    if traj.status == "stopped":
        return []
    end = traj.ended_on or _last_session_date(traj)
    if end is None:
        return []
    dates = followup_dates(traj, end)
    return [(kind, dates[kind], "open") for kind in ("mail", "checkin")]


def _items(traj, today, lead_minutes):
    lead = lead_minutes if lead_minutes is not None else 0
    for session in sorted(traj.sessions, key=lambda s: s.number):
        day = session.planned_date
        if day is None:
            continue
        alarm = None
        if session.status in _CANCELLED_SESSION:
            status = "CANCELLED"
        elif session.status == "held":
            status = "CONFIRMED"
        else:
            status = _pending_status(traj)
            offset = ALARM_TIME_MINUTES if session.number == 0 else ALARM_TIME_MINUTES - lead
            alarm = _alarm(traj, day, today, lead_minutes, offset)
        yield _Item(session.id, day, _session_what(session), status, alarm)
    send = evaluation_form_send(traj) if traj.status != "stopped" else None
    if send is not None:
        record = traj.forms.get("evaluation")
        done = (f"evaluation_form:{send[0].id}" in traj.done_actions or bool(record and record.answers)
                or send[0].status == "held")
        alarm = None
        if send[0].status in _CANCELLED_SESSION:
            status = "CANCELLED"
        elif done:
            status = "CONFIRMED"
        else:
            status = _pending_status(traj)
            alarm = _alarm(traj, send[1], today, lead_minutes, ALARM_TIME_MINUTES - lead)
        yield _Item("evaluation-form", send[1], t("ical.evaluation_form"), status, alarm)
    for kind, day, state in _followups(traj):
        alarm = None
        if state == "skipped":
            status = "CANCELLED"
        elif state == "done":
            status = "CONFIRMED"
        else:
            status = "CANCELLED" if traj.status == "stopped" else ("TENTATIVE" if traj.status == "paused" else "CONFIRMED")
            if lead_minutes is not None and traj.status in ("active", "completed") and day >= today:
                alarm = ALARM_TIME_MINUTES - lead
        yield _Item("followup-" + kind, day, _followup_what(traj, kind), status, alarm)


def _who(traj, title_mode):
    if title_mode == "name":
        name = " ".join(strip_unmatched(str(traj.client.name)).split())
        if name:
            return name
    elif title_mode == "initials":
        initials = client_initials(traj.client.name)
        if initials:
            return initials
    return trajectory_code(traj)


def _vevent(traj, item, stamp, title_mode):
    title = t("ical.summary", who=_who(traj, title_mode), what=item.what)
    if item.status == "CANCELLED":
        title = t("ical.cancelled", title=title)
    sequence = traj.revision if isinstance(traj.revision, int) and traj.revision >= 0 else 0
    lines = [
        "BEGIN:VEVENT",
        "UID:" + escape_text(f"{traj.id}-{item.key}@{UID_DOMAIN}"),
        "DTSTAMP:" + stamp,
        "SEQUENCE:" + str(sequence),
        "DTSTART;VALUE=DATE:" + _ical_date(item.day),
        "DTEND;VALUE=DATE:" + _ical_date(item.day + timedelta(days=1)),
        "SUMMARY:" + escape_text(title),
        "STATUS:" + item.status,
        "TRANSP:TRANSPARENT",
    ]
    if item.alarm is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + escape_text(t("ical.reminder", title=title)),
            "TRIGGER:" + _trigger(item.day, item.alarm),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines
