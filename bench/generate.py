"""Realistic generated coaching data for the benchmark, made with the domain package itself.

Every trajectory has 10 sessions (plus the preparation, session 0), notes of about 1-2 KB for
every session that was held, the after-session check, two SMART goals with scores, homework and
filled-in forms. The mix of states is that of a practice that has been running for a while:
most trajectories are completed, a quarter is under way, a few are paused or stopped.

The data is stored with the same ``KeyValueRepository`` the app uses, on a ``DictStore``; the
resulting dict (``traject:index``, ``traject:t:<id>`` ...) is what the browser's localStorage
holds after the coach entered it all.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "pyodide_modules"))

import traject  # noqa: E402
from traject.model import SessionCheck, SessionNotes  # noqa: E402
from traject.repository import DictStore, KeyValueRepository  # noqa: E402
from traject.situations import pause  # noqa: E402
from traject.templates import build_template  # noqa: E402

PREFIX = "traject:"
SESSIONS = 10

FIRST = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen", "Karin",
         "Lars", "Merel", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sven", "Tess", "Umut", "Vera", "Willem",
         "Yara", "Zoë", "Annelies", "Joël", "Mehmet", "Sanne", "Thijs", "Linda", "Kees", "Saskia", "Ruben"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
        "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
        "de Graaf", "van der Meer", "Kok", "Jacobs", "Yılmaz", "El Amrani", "van Dijk", "Willems", "Claes"]
QUESTIONS = [
    "Meer rust en richting in mijn werk", "Beter grenzen aangeven bij mijn leidinggevende",
    "Kiezen tussen blijven en een nieuwe baan", "Terugkeer na uitval door overbelasting",
    "Groeien in mijn rol als teamleider", "Minder piekeren en beter slapen",
    "Zichtbaarder worden in overleggen", "Een goede balans tussen werk en gezin",
]
OPENING = [
    "We begonnen met een korte terugblik op de afgelopen twee weken.",
    "De cliënt kwam binnen met een duidelijk verhaal over een lastig gesprek op het werk.",
    "Ik vroeg wat er sinds de vorige sessie was veranderd; er bleek veel gebeurd.",
    "Start met een schaalvraag: hoe sta je er nu voor op een schaal van 1 tot 10? Antwoord: een 6.",
    "De huiswerkopdracht was grotendeels gedaan; één onderdeel bleef liggen door drukte.",
    "Ze vertelde dat ’s ochtends de spanning het hoogst is, vooral op maandag.",
    "Hij had het logboek bijgehouden en nam drie situaties mee om te bespreken.",
]
KERN = [
    "We hebben de situatie met de leidinggevende uitgediept met het GROW-model.",
    "Het patroon van ja zeggen terwijl nee bedoeld wordt, kwam opnieuw naar voren.",
    "Samen onderzocht welke overtuigingen achter het perfectionisme zitten: 'als ik het niet doe, gaat het mis'.",
    "Rollenspel: het gesprek met de collega geoefend, eerst vanuit de eigen rol en daarna omgedraaid.",
    "Waarden in kaart gebracht; vrijheid, verbinding en vakmanschap kwamen bovenaan.",
    "De energiegevers en energievreters van de afgelopen week naast elkaar gelegd.",
    "We keken naar wat wél werkte: de vrijdagmiddag zonder vergaderingen gaf duidelijk lucht.",
    "Ideeën verzameld om het gesprek over taakverdeling voor te bereiden, met concrete voorbeelden.",
    "Stilgestaan bij de lichamelijke signalen van stress: schouders, slecht slapen, kort lontje.",
    "De cliënt merkte zelf op dat het oude patroon minder vaak optreedt dan bij de start.",
    "We bespraken de keuze tussen blijven en vertrekken aan de hand van een beslisbalans.",
    "Er kwam emotie bij het onderwerp thuissituatie; daar hebben we bewust tijd voor genomen.",
    "Het doel is aangescherpt: concreter, meetbaar en met een haalbare termijn.",
    "Feedback van het team besproken en vertaald naar twee gedragsvoornemens.",
]
AFSLUITING = [
    "Afgesproken om de komende twee weken elke dag vijf minuten te reflecteren.",
    "Huiswerk: het gesprek met de leidinggevende plannen vóór de volgende sessie.",
    "We sloten af met de vraag wat de cliënt vandaag meeneemt; dat was helder.",
    "Volgende keer starten we met de ervaringen uit het logboek.",
    "De cliënt gaf aan dat het tempo goed is; we houden de frequentie aan.",
]
TAKEAWAY = [
    "Ik mag nee zeggen zonder het uitgebreid uit te leggen.",
    "Rust nemen is ook werken aan mijn doel.",
    "Eerst voelen, dan pas reageren.",
    "Ik hoef het niet alleen te doen – hulp vragen is een kracht.",
    "Kleine stappen tellen ook.",
]
CHECK = ["Prettig en helder", "Pittig maar waardevol", "Rustig, fijn tempo", "Veel stof, goed gesprek"]
HOMEWORK = ["Dagboek bijhouden", "Energiegevers en -vreters noteren", "Gesprek met leidinggevende voorbereiden",
            "Drie keer bewust nee zeggen", "Waardenlijst afmaken", "Feedback vragen aan twee collega’s"]
GOALS = [("Vaker nee zeggen", "Bij verzoeken eerst bedenktijd vragen", "Aantal keren per week", "Ja",
          "Ja, met oefening", "Binnen drie maanden"),
         ("Beter slapen", "Voor 23.00 uur naar bed, schermvrij uur", "Slaapdagboek", "Ja", "Ja", "Over twee maanden"),
         ("Meer overzicht in mijn week", "Elke vrijdag de volgende week plannen", "Planning aanwezig", "Ja", "Ja",
          "Na zes weken")]


def _text(rng, pool, target):
    parts, length = [], 0
    while length < target:
        sentence = rng.choice(pool)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def session_notes(rng):
    """Notes of about 1-2 KB in total over the four fields."""
    total = rng.randint(1000, 2000)
    return SessionNotes(opening=_text(rng, OPENING, total * 0.2), kern=_text(rng, KERN, total * 0.55),
                        afsluiting=_text(rng, AFSLUITING, total * 0.17), takeaway=_text(rng, TAKEAWAY, total * 0.05))


def _answers(rng, form_id):
    result = {}
    for question in traject.form(form_id).questions:
        if question.kind == "text":
            result[question.id] = _text(rng, KERN, rng.randint(60, 220))
        elif question.kind == "scale":
            result[question.id] = rng.randint(5, 9)
        else:
            result[question.id] = True
    return result


def make_trajectory(rng, template, number, today):
    now = f"{today.isoformat()}T10:00:00+01:00"
    kind = rng.random()
    # 65 % completed, 25 % under way, 5 % paused, 5 % stopped early (no-show handled as stopped)
    held = SESSIONS if kind < 0.65 else rng.randint(3, SESSIONS - 1)
    start = today - timedelta(days=14 * held + rng.randint(5, 200 if held == SESSIONS else 10))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {number:04d}"
    traj = traject.new_trajectory(template, name, rng.choice(QUESTIONS), start, "biweekly", now=now,
                                  email=f"client{number}@example.nl", phone="06-12345678")
    traject.set_form_answers(traj, "intake", _answers(rng, "intake"), now=now)
    traject.set_form_answers(traj, "contract", _answers(rng, "contract"), now=now)
    goals = [traject.add_goal(traj, *g) for g in rng.sample(GOALS, 2)]
    for goal in goals:
        traject.record_score(traj, goal.id, rng.randint(2, 5), start, "intake")
    sessions = sorted(traj.sessions, key=lambda s: s.number)
    for session in sessions:
        if session.number > held:
            break
        day = session.planned_date or start
        notes = session_notes(rng) if session.number >= 1 else None
        check = SessionCheck(rng.choice(CHECK), rng.choice(TAKEAWAY), "") if session.number >= 1 else None
        if session.number >= 1 and rng.random() < 0.35:
            traject.add_homework(traj, rng.choice(HOMEWORK), day + timedelta(days=14), session.id)
        if session.is_midterm:
            traject.set_form_answers(traj, "midterm", _answers(rng, "midterm"), now=now)
            for goal in goals:
                traject.record_score(traj, goal.id, rng.randint(4, 7), day, "midterm")
        if session.is_closing and session.role == "closing_first":
            traject.set_form_answers(traj, "evaluation", _answers(rng, "evaluation"), now=now)
            traject.set_form_answers(traj, "borging", _answers(rng, "borging"), now=now)
        if session.number == SESSIONS:
            traject.set_form_answers(traj, "afsluiting", _answers(rng, "afsluiting"), now=now)
            for goal in goals:
                traject.record_score(traj, goal.id, rng.randint(6, 9), day, "end")
        traject.record_session(traj, session.id, "held", today=min(day, today), notes=notes, check=check)
    for item in traj.homework[:-1]:
        traject.set_homework_status(traj, item.id, "done")
    if held < SESSIONS and 0.90 <= kind < 0.95:
        pause(traj, today=today, note="Even rust door verbouwing thuis")
    elif held < SESSIONS and kind >= 0.95:
        traject.close_early(traj, today=today, note="Doel eerder bereikt")
    return traj


def generate(count=1000, seed=20261123, today=None):
    """``{key: value}`` of localStorage after ``count`` trajectories were entered, and the
    list of trajectory ids."""
    today = today or date.today()
    rng = random.Random(seed)
    template = build_template("bench10", "Traject van 10 sessies", SESSIONS, "two_60")
    store = DictStore()
    repo = KeyValueRepository(store, prefix=PREFIX)
    ids = []
    for number in range(1, count + 1):
        traj = make_trajectory(rng, template, number, today)
        repo.save(traj, now=f"{today.isoformat()}T10:00:00+01:00")
        ids.append(traj.id)
    return store.data, ids


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    data, ids = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    chars = sum(len(k) + len(v) for k, v in data.items())
    latin1 = sum(all(ord(c) < 256 for c in v) for v in data.values())
    print(f"{len(ids)} trajectories, {len(data)} keys, {chars:,} chars "
          f"({chars / len(ids):,.0f} per trajectory), {latin1} Latin-1-only values, "
          f"{time.perf_counter() - t0:.1f} s")
