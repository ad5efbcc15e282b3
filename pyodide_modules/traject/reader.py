"""The one strict reader for text that comes from outside Traject.

Every entry point reads through :func:`read_json`: a backup or a single-trajectory file, a
template file, a template link, an answer code (after its base64 and deflate layers) and text
pasted by the coach. The steps, in this order, and each one before anything is parsed:

1. bytes are decoded strictly (:func:`decode`): a byte order mark of UTF-8, UTF-16 or UTF-32
   is recognised and removed; UTF-16/32 without a mark is recognised from the zero bytes a
   JSON text (which starts with an ASCII character) has in those encodings (RFC 4627, §3);
   anything else must be valid UTF-8. Nothing is ever decoded with replacement characters:
   a file in another encoding (such as Windows-1252) is refused with a Dutch message that says
   so and how to save it as UTF-8;
2. the size is checked (characters);
3. the nesting depth is checked without recursion and without parsing (:func:`too_deep`):
   the browser's stack is far smaller than CPython's, and ``json.loads`` recurses;
4. the text is parsed (NaN and Infinity refused);
5. a lone surrogate (``"\\ud800"``: valid in a JSON escape, not text) is refused, because it
   cannot be stored or exported as UTF-8.

Every refusal is a :class:`~traject.errors.ValidationError` with a Dutch message.
"""

import json
import re
from itertools import accumulate

from .errors import ValidationError, problem

MAX_DEPTH = 40  # Traject's own files nest at most 7 levels; 6,000 crash Pyodide's parser
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_CHUNK = 1 << 20


def _fail(code, **params):
    raise ValidationError([problem("", code, **params)])


def sniff(raw):
    """``(codec, name, mark_length)`` of ``raw`` (bytes): from a byte order mark, from the zero
    bytes of UTF-16/32 text without one, else UTF-8. ``name`` is shown to the coach."""
    for mark, codec, name in _BOMS:
        if raw.startswith(mark):
            return codec, name, len(mark)
    head = raw[:4]
    if len(head) == 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "utf-32-be", "UTF-32", 0
    if len(head) == 4 and head[0] and head[1:] == b"\x00\x00\x00":
        return "utf-32-le", "UTF-32", 0
    if len(head) >= 2 and not head[0] and head[1]:
        return "utf-16-be", "UTF-16", 0
    if len(head) >= 2 and head[0] and not head[1]:
        return "utf-16-le", "UTF-16", 0
    return "utf-8", "UTF-8", 0


def decode(raw):
    """Text of ``raw`` (bytes), strictly decoded as :func:`sniff` finds; never with replacement
    characters. Raises ValidationError (``not_utf8`` or ``bad_encoding`` naming the encoding)."""
    codec, name, skip = sniff(raw)
    try:
        return str(raw[skip:], codec)  # strict: also refuses lone surrogates in UTF-16/32
    except UnicodeDecodeError as exc:
        if name == "UTF-8":
            _fail("not_utf8", offset=exc.start + skip + 1)
        _fail("bad_encoding", encoding=name)


def too_deep(text, limit=MAX_DEPTH):
    """True when arrays and objects in the JSON ``text`` (str or bytes) nest deeper than
    ``limit``. Brackets inside strings do not count. Linear time, no recursion, and every step
    runs in C: escaped backslashes and quotes are cut out, then everything but brackets and
    quotes; adjacent quotes are dropped (that keeps every bracket's inside/outside parity);
    the strings that remain are cut out and the running depth is summed by ``accumulate``."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    if text.count(b"[") + text.count(b"{") <= limit:
        return False
    raw = bytes(text).replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = raw.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    outside = b"".join(skeleton.split(b'"')[0::2])
    return max(accumulate(map(_STEP.__getitem__, outside)), default=0) > limit


def has_surrogate(text):
    """True when ``text`` holds a surrogate code point (U+D800..U+DFFF). The strict UTF-16
    encoder refuses exactly those and is about ten times faster than a regular expression in
    Pyodide; it runs on slices so a large file costs little extra memory."""
    for start in range(0, len(text), _CHUNK):
        try:
            text[start:start + _CHUNK].encode("utf-16-le")
        except UnicodeEncodeError:
            return True
    return False


def has_lone_surrogate(data):
    """True when a string (or key) in parsed JSON ``data`` holds a surrogate code point.
    Iterative: ``data`` has passed :func:`too_deep`, but no recursion over outside data."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _reject_constant(name):
    raise ValueError(name)


def read_text(source, max_chars):
    """Text of ``source`` (bytes, decoded by :func:`decode`, or str) of at most ``max_chars``
    characters. Raises ValidationError (``not_text``, ``too_large``, ``not_utf8``, …)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > 4 * max_chars:  # UTF-8 and UTF-32 take at most 4 bytes per character
            _fail("too_large", size=len(source), max=max_chars)
        source = decode(bytes(source))
    if not isinstance(source, str):
        _fail("not_text")
    if len(source) > max_chars:
        _fail("too_large", size=len(source), max=max_chars)
    return source


def read_json(source, max_chars, max_depth=MAX_DEPTH, authenticated=False):
    """The JSON value in ``source`` (bytes or str) after every check of this module.

    :param max_chars: the entry point's size limit in characters.
    :param max_depth: deepest nesting of arrays and objects accepted.
    :param authenticated: ``source`` is a stored entry whose integrity was checked with a key
        (the vault's AES-GCM entries): this app wrote it, after validating it, and it never
        writes deep nesting or lone surrogates. The scans for those two are then skipped (they
        are an eighth of reading all trajectories at unlock); every other check stays.
    :raises ValidationError: one problem (codes ``not_text``, ``too_large``, ``not_utf8``,
        ``bad_encoding``, ``empty_file``, ``too_deep``, ``invalid_json``,
        ``invalid_json_value``, ``invalid_text``) with a Dutch message.
    """
    text = read_text(source, max_chars)
    if not text or text.isspace():  # (not text.strip(), without copying a large file)
        _fail("empty_file")
    if text[0] == "\ufeff":  # a mark left in pasted text
        text = text[1:]
    if not authenticated and too_deep(text, max_depth):
        _fail("too_deep", max=max_depth)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        _fail("invalid_json", line=exc.lineno, column=exc.colno)
    except (ValueError, RecursionError):
        _fail("invalid_json_value")
    if not authenticated and (has_surrogate(text) or _SURROGATE_ESCAPE.search(text)) and has_lone_surrogate(data):
        _fail("invalid_text")
    return data
