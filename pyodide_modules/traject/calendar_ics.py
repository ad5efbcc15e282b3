"""Calendar export: one iCalendar file (RFC 5545) with the sessions and the coach's due
actions of one or more trajectories, for importing into the coach's own calendar.

Written by hand with the standard library only (the ``icalendar`` package is not available in
the browser); the app imports this module lazily, only when the coach exports. The tests read
every file back with two independent parsers (``icalendar`` and ``vobject``).

Decisions
- **Sessions are timed, busy appointments.** ``DTSTART;TZID=Europe/Amsterdam`` at the
  session's ``start_time`` and ``DTEND`` after its ``duration_minutes`` (local wall-clock
  times), ``TRANSP:OPAQUE``. The file defines the ``Europe/Amsterdam`` VTIMEZONE (the EU rule:
  summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00), so a
  session at 10:00 is 10:00 in the Netherlands on both sides of a clock change, whatever zone
  the calendar program itself runs in.
- **Due actions are short timed events at the coach's default time.** Sending the intake
  (session 0: its due date, 2 days before session 1), sending the evaluation form (a week before
  the first closing session, until the form has answers), the follow-up mail and the check-in
  start at ``due_time`` on their due day and last 15 minutes, ``TRANSP:TRANSPARENT`` (a task,
  not an appointment: the time stays free). Not all-day events: an all-day event starts at
  midnight, so a reminder "1 hour before" would fire at 23:00 the evening before, and several
  programs shift all-day events or drop their reminders on import.
- **Reminders (VALARM, ACTION:DISPLAY)** at each of ``reminders`` (minutes, e.g. 1440 and 60),
  always *before* the start (``TRIGGER:-P1D``, ``TRIGGER:-PT1H``; relative to the start, which
  carries the time zone, so "1 day before" stays at the same wall-clock time across a DST
  change). No trigger at or after the start: some programs drop those. Only for pending items
  of an active trajectory (and open follow-ups of a completed one) that start after ``now``.
- **Events.** Every session 1..n with a date (mid-term and closing marked in the title); due
  actions as above. The follow-up comes from ``traj.followups``; while a trajectory has none yet
  it is derived from the date of its last session with :func:`traject.followup.followup_dates`
  (not for stopped trajectories). Sessions without a date are left out.
- **Stable UIDs.** ``<trajectory id>-<session id>@traject`` for sessions (session 0 too),
  ``...-evaluation-form@traject``, ``...-followup-mail@traject`` and
  ``...-followup-checkin@traject``. A calendar that matches on UID updates the events when an
  updated file is imported again. ``SEQUENCE`` is the trajectory's ``revision``; ``DTSTAMP``
  is ``now`` in UTC. (An event of a session later removed from the plan is not in the new file;
  calendars do not delete it on import.)
- **Status.** Cancelled and no-show sessions: ``STATUS:CANCELLED`` (title marked
  "(vervallen)", free time). Held sessions stay as ``CONFIRMED`` without a reminder.
  Planned/moved sessions of an active trajectory: ``CONFIRMED``; of a paused one:
  ``TENTATIVE``; of a stopped one: ``CANCELLED``; of a completed one: ``CONFIRMED``. Follow-up:
  open and done ``CONFIRMED`` (open: ``TENTATIVE`` while paused), skipped ``CANCELLED``.
- **Privacy.** Titles name the client only as the coach chooses (``title_mode``): ``initials``
  (default, "J.J."), ``code`` (``T-3F9A``, from the trajectory id, see
  :func:`trajectory_code`) or ``name`` (full name, explicit opt-in), followed by the session's
  role. No other client data goes into the file: no notes, coaching question, e-mail, phone,
  goals, focus, homework or form answers; events have no DESCRIPTION (the reminder's required
  DESCRIPTION repeats the title).
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
from .practice import DEFAULT_START_TIME, parse_time, time_minutes

__all__ = ["export_ics", "ics_filename", "trajectory_code", "client_initials",
           "escape_text", "fold_line", "format_trigger", "TITLE_MODES", "DEFAULT_REMINDERS", "TZID"]

TITLE_MODES = ("initials", "code", "name")
DEFAULT_REMINDERS = (1440, 60)  # one day and one hour before the start
MAX_LEAD_MINUTES = 60 * 24 * 28  # four weeks
MAX_REMINDERS = 3
DUE_ACTION_MINUTES = 15
TZID = "Europe/Amsterdam"
VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:" + TZID,
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
)
PRODID = "-//Traject//Agenda-export//NL"
UID_DOMAIN = "traject"
CRLF = "\r\n"
FOLD_OCTETS = 75

_CANCELLED_SESSION = ("cancelled", "no_show")


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------

def export_ics(trajectories, *, now, reminders=DEFAULT_REMINDERS, title_mode="initials",
               calendar_name=None, due_time=DEFAULT_START_TIME):
    """The iCalendar text (CRLF line endings) for one trajectory or a list of them.

    ``now`` (an ISO date-time string or a ``datetime``; naive means UTC) becomes DTSTAMP and
    decides which reminders are still useful (none for items that start before ``now``).
    ``reminders`` are minutes before the start (at most 3, each 1..40320; empty or None: no
    reminders). ``title_mode`` is "initials", "code" or "name". ``due_time`` ("HH:MM") is the
    start of the due-action events. A trajectory id that occurs twice is exported once.
    Raises ValueError for invalid arguments.
    """
    if not isinstance(trajectories, (list, tuple)):
        trajectories = [trajectories]
    if title_mode not in TITLE_MODES:
        raise ValueError(f"title_mode must be one of {', '.join(TITLE_MODES)}: {title_mode!r}")
    reminders = _checked_reminders(reminders)
    if parse_time(due_time) is None:
        raise ValueError(f"due_time must be HH:MM: {due_time!r}")
    stamp = _utc(now)
    moment = _local_moment(now)
    name = t("ical.calendar_name") if calendar_name is None else str(calendar_name)

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + PRODID,
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:" + escape_text(name),
        "X-WR-CALNAME:" + escape_text(name),
        "X-WR-TIMEZONE:" + TZID,
    ]
    lines.extend(VTIMEZONE)
    seen = set()
    for traj in trajectories:
        if traj.id in seen:
            continue
        seen.add(traj.id)
        for item in _items(traj, due_time):
            alarms = reminders if item.alarm and item.start > moment else ()
            lines.extend(_vevent(traj, item, stamp, title_mode, alarms))
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


def format_trigger(minutes):
    """A relative TRIGGER duration for an offset in minutes from the event's start (negative:
    before). Whole days are nominal days: -1440 -> ``-P1D``, -1500 -> ``-P1DT1H``,
    -60 -> ``-PT1H``; 0 -> ``PT0S``."""
    if minutes == 0:
        return "PT0S"
    sign = "-" if minutes < 0 else ""
    days, rest = divmod(abs(minutes), 1440)
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
def _checked_reminders(reminders):
    if reminders is None:
        return ()
    values = tuple(reminders)
    if len(values) > MAX_REMINDERS or len(set(values)) != len(values) or any(
            isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_LEAD_MINUTES for v in values):
        raise ValueError(f"reminders must be up to {MAX_REMINDERS} different minutes 1..{MAX_LEAD_MINUTES}: "
                         f"{reminders!r}")
    return tuple(sorted(values, reverse=True))


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


def _last_sunday(year, month):
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _amsterdam_offset(utc_moment):
    """UTC offset (timedelta) in Europe/Amsterdam at a naive UTC moment (EU rule: the clock
    changes at 01:00 UTC on the last Sunday of March and of October)."""
    begin = datetime.combine(_last_sunday(utc_moment.year, 3), datetime.min.time()) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(utc_moment.year, 10), datetime.min.time()) + timedelta(hours=1)
    return timedelta(hours=2 if begin <= utc_moment < end else 1)


def _local_moment(now):
    """``now`` as a naive wall-clock time in Europe/Amsterdam (naive input means UTC)."""
    now = _parse_now(now)
    utc = now.replace(tzinfo=None) if now.tzinfo is None else now.astimezone(timezone.utc).replace(tzinfo=None)
    return utc + _amsterdam_offset(utc)


def _local(moment):
    return moment.strftime("%Y%m%dT%H%M%S")


def _at(day, hhmm):
    minutes = time_minutes(hhmm)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)


class _Item:
    """One calendar event before formatting: local naive start, length, title part, status,
    busy or free, and whether reminders make sense."""

    def __init__(self, key, start, minutes, what, status, busy, alarm):
        self.key, self.start, self.minutes, self.what = key, start, minutes, what
        self.status, self.busy, self.alarm = status, busy, alarm


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


def _session_item(traj, session, due_time):
    alarm = False
    if session.status in _CANCELLED_SESSION:
        status = "CANCELLED"
    elif session.status == "held":
        status = "CONFIRMED"
    else:
        status = _pending_status(traj)
        alarm = traj.status == "active"
    if session.number == 0:  # the due action "send intake + contract"
        return _Item(session.id, _at(session.planned_date, due_time), DUE_ACTION_MINUTES, _session_what(session),
                     status, False, alarm)
    return _Item(session.id, _at(session.planned_date, session.start_time), session.duration_minutes,
                 _session_what(session), status, status != "CANCELLED", alarm)


def _evaluation_form_item(traj, due_time):
    """The due action 'send the evaluation form' (when: closing_story.evaluation_form_send), while
    the closing is still to come and the form has no answers; confirmed once marked done."""
    send = evaluation_form_send(traj) if traj.status in ("active", "paused") else None
    record = traj.forms.get("evaluation")
    if send is None or not send[0].is_pending or (record and record.answers):
        return None
    session, day = send
    done = f"evaluation_form:{session.id}" in traj.done_actions
    status = "CONFIRMED" if done else _pending_status(traj)
    return _Item("evaluation-form", _at(day, due_time), DUE_ACTION_MINUTES, t("ical.evaluation_form"), status,
                 False, not done and traj.status == "active")


def _items(traj, due_time):
    for session in sorted(traj.sessions, key=lambda s: s.number):
        if session.planned_date is not None:
            yield _session_item(traj, session, due_time)
    form = _evaluation_form_item(traj, due_time)
    if form is not None:
        yield form
    for kind, day, state in _followups(traj):
        alarm = False
        if state == "skipped":
            status = "CANCELLED"
        elif state == "done":
            status = "CONFIRMED"
        else:
            status = "CANCELLED" if traj.status == "stopped" else ("TENTATIVE" if traj.status == "paused" else "CONFIRMED")
            alarm = traj.status in ("active", "completed")
        yield _Item("followup-" + kind, _at(day, due_time), DUE_ACTION_MINUTES, _followup_what(traj, kind), status,
                    False, alarm)


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


def _vevent(traj, item, stamp, title_mode, reminders):
    title = t("ical.summary", who=_who(traj, title_mode), what=item.what)
    if item.status == "CANCELLED":
        title = t("ical.cancelled", title=title)
    sequence = traj.revision if isinstance(traj.revision, int) and traj.revision >= 0 else 0
    lines = [
        "BEGIN:VEVENT",
        "UID:" + escape_text(f"{traj.id}-{item.key}@{UID_DOMAIN}"),
        "DTSTAMP:" + stamp,
        "SEQUENCE:" + str(sequence),
        f"DTSTART;TZID={TZID}:" + _local(item.start),
        f"DTEND;TZID={TZID}:" + _local(item.start + timedelta(minutes=item.minutes)),
        "SUMMARY:" + escape_text(title),
        "STATUS:" + item.status,
        "TRANSP:" + ("OPAQUE" if item.busy else "TRANSPARENT"),
    ]
    for minutes in reminders:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + escape_text(t("ical.reminder", title=title)),
            "TRIGGER;RELATED=START:" + format_trigger(-minutes),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines
