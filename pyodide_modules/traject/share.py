"""Sharing without a server: template links and files, client form links and answer codes.

Everything travels in the URL fragment (``#...``, never sent to any server) or in a small file
or code the people involved send each other themselves.

Encoding of every payload: compact JSON -> UTF-8 -> raw deflate -> base64url without padding.

* **Template** (``{"app": "traject", "t": "tpl", "v": 1, "template": {...}}``): only the
  template's own data (name, closing variant, session rows), never an id or client data. It is
  read with :func:`traject.codec.template_from_dict`, so it is validated like any import, and
  gets a new id. As a link ``<app>/#/gedeeld-sjabloon/<payload>`` (only when the URL stays
  under :data:`MAX_URL` characters) or as a JSON file.
* **Form link** for a client (``<app>/formulier.html#<payload>``): ``{"t": "form", "v": 1,
  "traj", "form", "name", "q": [question ids], "n": nonce, "k": key, "p": 0|1}``, optionally
  ``"c"``: the coach's name and practice for the client page. ``k`` is
  HMAC-SHA256(coach secret, traj|form|nonce), so the coach can recompute it from the secret
  kept in the coach's settings (``settings.ui["share_secret"]``) and need not store links.
  ``p`` = 1 asks the client page to protect the answer with the passphrase agreed in person
  (the passphrase itself is never in the link).
* **Answer code** made by the client page (``app/formulier.js``): the body is
  ``<mac>\\n<json>`` with json = ``{"t": "answer", "v": 1, "traj", "form", "n", "a": {...}}``
  and mac = the first 32 hex of HMAC-SHA256(k, json). Plain: ``TA1.`` + base64url(deflate(body)).
  Protected: ``TE1.`` + base64url(salt 16 | iv 12 | AES-GCM(deflate(body))) with a key derived
  from the passphrase by PBKDF2-SHA256 (:data:`PBKDF2_ITERATIONS`). The browser layer does the
  AES-GCM part with Web Crypto; everything else is here.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
import zlib
from dataclasses import dataclass

from .codec import template_from_dict, template_to_dict
from .errors import Problem, ValidationError
from .forms import form
from .instants import is_after, is_instant
from .messages import t
from .reader import read_json

VERSION = 1  # template payloads
FORM_VERSION = 2  # form links and answer codes; 2 adds the asked questions and the time the code was made
MAX_URL = 2000  # characters; longer links break in some mail programs and browsers
MAX_CODE_CHARS = 400_000  # an answer code or shared file pasted or chosen by the coach
MAX_INFLATED = 2_000_000  # bytes after decompression (a deflate bomb stops here)
MAX_NAME = 60
MAX_COACH = 120
SHAREABLE_FORMS = ("intake", "midterm", "evaluation", "borging")
PLAIN_PREFIX = "TA1."
SEALED_PREFIX = "TE1."
SALT_BYTES = 16
IV_BYTES = 12
PBKDF2_ITERATIONS = 600_000
MAC_HEX = 32
TEMPLATE_ROUTE = "#/gedeeld-sjabloon/"
FORM_PAGE = "formulier.html"
_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _fail(code, **params):
    raise ValidationError([Problem("", code, t("ui.share.error." + code, **params))])


# --- encoding ------------------------------------------------------------------------------

def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    if not text or any(ch not in _B64 for ch in text) or len(text) % 4 == 1:
        _fail("damaged")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        _fail("damaged")


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def inflate(data: bytes) -> bytes:
    unpacker = zlib.decompressobj(-15)
    try:
        out = unpacker.decompress(data, MAX_INFLATED)
    except zlib.error:
        _fail("damaged")
    if unpacker.unconsumed_tail:
        _fail("too_large")
    if not unpacker.eof:
        _fail("damaged")  # cut off: the deflate stream did not end
    return out


def _json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pack(data) -> str:
    """A JSON-ready value as compressed base64url text."""
    return b64url_encode(deflate(_json_text(data).encode("utf-8")))


_SYNTAX = frozenset({"empty_file", "invalid_json", "invalid_json_value"})


def _utf8(raw: bytes) -> str:
    """Links and codes are UTF-8 by format (no mark, no other encoding): anything else is damage."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        _fail("damaged")


def _loads(raw: bytes):
    """JSON inside a link or code, through the one strict reader (:mod:`traject.reader`).
    Broken syntax inside a compressed payload means the link or code was damaged; depth,
    size and lone surrogates keep the reader's own message."""
    try:
        return read_json(_utf8(raw), MAX_INFLATED)
    except ValidationError as exc:
        if exc.problems[0].code in _SYNTAX:
            _fail("damaged")
        raise


def unpack(text: str):
    """Reverse of :func:`pack`; ValidationError with a Dutch message when damaged."""
    text = _clean(text)
    if len(text) > MAX_CODE_CHARS:
        _fail("too_large")
    return _loads(inflate(b64url_decode(text)))


def _clean(text) -> str:
    if not isinstance(text, str):
        _fail("damaged")
    return "".join(text.split())  # mail programs wrap long lines


# --- templates -----------------------------------------------------------------------------

def template_payload(template) -> dict:
    """Only the template's own data: no id, nothing of any trajectory or client."""
    data = template_to_dict(template)
    del data["id"]
    return {"app": "traject", "t": "tpl", "v": VERSION, "template": data}


def template_link(app_url: str, template):
    """``(url, None)`` or, when the link would be too long, ``(None, length)``."""
    url = app_url + TEMPLATE_ROUTE + pack(template_payload(template))
    return (url, None) if len(url) <= MAX_URL else (None, len(url))


def template_file_text(template) -> str:
    return json.dumps(template_payload(template), ensure_ascii=False, indent=2) + "\n"


def template_file_name(template) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in template.name.lower()).strip("-")[:40] or "sjabloon"
    return f"sjabloon-{slug}.json"


def read_template_data(data, new_template_id):
    """A shared template (payload dict) as a new, validated Template with ``new_template_id``."""
    if not isinstance(data, dict) or data.get("t") != "tpl" or "template" not in data:
        _fail("not_template")
    if data.get("v") != VERSION:
        _fail("version")
    extra = sorted(set(data) - {"app", "t", "v", "template"})
    if extra or data.get("app", "traject") != "traject":
        _fail("not_template")
    body = data["template"]
    if not isinstance(body, dict) or "id" in body:
        _fail("not_template")
    return template_from_dict(dict(body, id=new_template_id), "template")


def read_template_link(payload: str, new_template_id):
    return read_template_data(unpack(payload), new_template_id)


def read_template_file(source, new_template_id):
    """A template file's ``source`` (its bytes, or text) as a new Template; read by the one
    strict reader, so its encoding, size and depth are checked before parsing."""
    return read_template_data(read_json(source, MAX_CODE_CHARS), new_template_id)


# --- client form links ---------------------------------------------------------------------

def first_name(client_name: str) -> str:
    parts = (client_name or "").split()
    return parts[0][:MAX_NAME] if parts else ""


def coach_line(settings) -> str:
    """'Carmen Koers, Praktijk Koers': who the client's form page says the form comes from."""
    return ", ".join(part.strip() for part in (settings.coach_name, settings.practice.name) if part.strip())


def new_secret() -> str:
    return os.urandom(16).hex()


def link_key(secret: str, traj_id: str, form_id: str, nonce: str, questions=None) -> str:
    """The link's key: HMAC-SHA256(secret, traj|form|nonce[|q1,q2,…]). Version 2 links bind the
    asked questions, so an answer code cannot add answers to questions that were not asked."""
    message = f"{traj_id}|{form_id}|{nonce}" + ("" if questions is None else "|" + ",".join(questions))
    message = message.encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:32]


def form_questions(form_id):
    if form_id not in SHAREABLE_FORMS:
        _fail("unknown_form")
    return form(form_id).questions


def form_link_payload(traj_id, form_id, name, question_ids, secret, *, protected=False, nonce=None,
                      coach="") -> dict:
    """The payload of a client's form link (question ids in the form's order). ``coach`` (the
    coach's name and practice, shown on the client's form page) is added as ``c`` when given,
    shortened to :data:`MAX_COACH` characters."""
    known = [q.id for q in form_questions(form_id)]
    chosen = [q for q in known if q in set(question_ids)]
    if not chosen:
        _fail("no_questions")
    nonce = nonce or os.urandom(8).hex()
    return {"t": "form", "v": FORM_VERSION, "traj": traj_id, "form": form_id,
            "name": (name or "").strip()[:MAX_NAME],  # code points, as the client page counts them
            "q": chosen, "n": nonce, "k": link_key(secret, traj_id, form_id, nonce, chosen), "p": 1 if protected else 0,
            **({"c": " ".join(coach.split())[:MAX_COACH]} if coach and coach.strip() else {})}


def form_link(app_url: str, payload: dict) -> str:
    """``app_url`` is the app page's URL without its fragment (``…/app/``)."""
    base = app_url.rsplit("/", 1)[0] + "/"
    return base + FORM_PAGE + "#" + pack(payload)


# --- answer codes --------------------------------------------------------------------------

@dataclass(frozen=True)
class SealedCode:
    salt: bytes
    iv: bytes
    ciphertext: bytes


def split_code(text):
    """``bytes`` (the compressed body of a plain code) or a :class:`SealedCode`."""
    code = _clean(text)
    if not code:
        _fail("empty")
    if len(code) > MAX_CODE_CHARS:
        _fail("too_large")
    if code.startswith(PLAIN_PREFIX):
        return b64url_decode(code[len(PLAIN_PREFIX):])
    if code.startswith(SEALED_PREFIX):
        raw = b64url_decode(code[len(SEALED_PREFIX):])
        if len(raw) < SALT_BYTES + IV_BYTES + 17:  # GCM tag is 16 bytes
            _fail("damaged")
        return SealedCode(raw[:SALT_BYTES], raw[SALT_BYTES:SALT_BYTES + IV_BYTES], raw[SALT_BYTES + IV_BYTES:])
    if code.startswith("{"):
        _fail("foreign")
    _fail("not_answer")


def answer_mac(key: str, json_text: str) -> str:
    return hmac.new(key.encode("utf-8"), json_text.encode("utf-8"), hashlib.sha256).hexdigest()[:MAC_HEX]


def make_answer_body(payload: dict, answers: dict, made_at: str = "") -> bytes:
    """What the client page makes (used by the tests; formulier.js does the same). A version 2
    link's code also carries the asked questions and ``made_at`` (an instant)."""
    data = {"t": "answer", "v": payload["v"], "traj": payload["traj"], "form": payload["form"], "n": payload["n"]}
    if payload["v"] >= 2:
        data.update(q=payload["q"], at=made_at)
    text = _json_text(dict(data, a=answers))
    return deflate((answer_mac(payload["k"], text) + "\n" + text).encode("utf-8"))


def make_plain_code(payload, answers, made_at: str = "") -> str:
    return PLAIN_PREFIX + b64url_encode(make_answer_body(payload, answers, made_at))


@dataclass(frozen=True)
class ReceivedAnswers:
    """Checked answers. ``made_at``: the instant the client made the code (None for codes of
    version 1 links, which did not carry it)."""
    traj_id: str
    form_id: str
    answers: dict
    made_at: str = None


def _asked(data):
    """The asked questions of a version 2 answer (None for version 1), checked for shape."""
    if data.get("v") == 1:
        return None
    asked = data.get("q")
    if not (isinstance(asked, list) and asked and all(isinstance(q, str) for q in asked)) or not is_instant(data.get("at")):
        _fail("damaged")
    return asked


def replaces_newer(answers, made_at, record) -> bool:
    """True when applying ``answers`` (of a code made at instant ``made_at``, None when
    unknown) would overwrite stored answers of ``record`` (a FormRecord or None) that are
    newer than the code, or whose age cannot be compared. The coach is asked first, with both
    dates."""
    if record is None or not any(record.answers.get(q) not in (None, "", value) for q, value in answers.items()):
        return False
    return made_at is None or is_after(record.updated_at, made_at)


def read_answer_body(body: bytes, trajectories, secret) -> ReceivedAnswers:
    """Check a decrypted/decoded answer body against this app's trajectories and secret.
    ``secret`` is one secret or a list of accepted ones (see
    :func:`traject.restore.accepted_secrets`: after a restore the secret of the backup is
    accepted too); the answer must be signed with one of them."""
    raw = inflate(body)
    mac, sep, text = raw.partition(b"\n")
    if not sep:
        _fail("damaged")
    data = _loads(text)
    if not isinstance(data, dict) or data.get("t") != "answer":
        _fail("not_answer")
    if data.get("v") not in (1, FORM_VERSION):
        _fail("version")
    asked = _asked(data)
    traj_id, form_id, nonce, answers = data.get("traj"), data.get("form"), data.get("n"), data.get("a")
    if not all(isinstance(v, str) for v in (traj_id, form_id, nonce)) or not isinstance(answers, dict):
        _fail("damaged")
    traj = trajectories.get(traj_id)
    if traj is None:
        _fail("unknown_trajectory")
    if form_id not in SHAREABLE_FORMS:
        _fail("unknown_form")
    secrets = [secret] if isinstance(secret, str) else [one for one in (secret or ()) if one]
    body_text = _utf8(text)
    if not any(hmac.compare_digest(answer_mac(link_key(one, traj_id, form_id, nonce, asked), body_text).encode("ascii"),
                                   mac) for one in secrets if one):
        _fail("tampered")
    not_asked = [key for key in answers if asked is not None and key not in asked]
    if not_asked:
        _fail("not_asked", questions=", ".join(str(key)[:40] for key in not_asked[:5]))
    from .forms import check_answers  # the same rules as the form on the coach's screen
    problems = check_answers(form_id, answers, "a")
    if problems:
        raise ValidationError(problems)
    return ReceivedAnswers(traj_id, form_id, dict(answers), data.get("at"))
