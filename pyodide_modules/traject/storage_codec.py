"""Compact text for stored entries: zlib-compressed JSON, packed 15 bits per character.

localStorage holds strings and counts every character (UTF-16 code unit) against its quota
(about 5 million characters per site in Chromium), so the densest safe packing wins:

* the JSON is UTF-8 encoded and compressed with zlib (its Adler-32 checksum also catches a
  damaged entry);
* the bytes are packed 15 bits per character into the range U+0800..U+87FF: no control
  characters, no surrogates (U+D800..U+DFFF, which do not survive the trip through
  JavaScript strings), nothing that needs escaping. That is 2.5 times denser than base64
  (6 bits per character), which Chromium also counts as one character per 6 bits;
* the text starts with the marker ``MARKER`` and the byte count: ``z1:<bytes>:<packed>``.
  JSON text never starts with ``z``, so an entry without the marker is plain JSON (older
  data, or an entry edited by hand) and is read as it is.

Packing uses only C-speed operations (slicing, ``bytes.translate``, big-integer
conversion), no loop per byte, so it is fast in Pyodide as well. How: the bytes are read as
16-bit pairs; each pair keeps its low 15 bits in one character (high byte + 8), and the 16th
bits of all pairs are collected, packed eight to a byte and encoded the same way, recursively,
after the main part (1/16 of the size each level; tiny remainders are one character per byte).
"""

import json
import zlib

MARKER = "z1:"
_BASE = 0x0800  # lowest character used; the high byte of each character is 0x08..0x87
_SMALL = 32  # byte strings up to this length are stored one character per byte

_LOW7_PLUS8 = bytes(((b & 0x7F) + 8) for b in range(256))
_TOP_BIT = bytes((0x31 if b & 0x80 else 0x30) for b in range(256))  # b'1' / b'0'
_MINUS8 = bytes(((b - 8) & 0xFF) for b in range(256))
_BIT_TO_80 = bytes((0x80 if b == 0x31 else 0) for b in range(256))


class CodecError(ValueError):
    """The text carries the marker but is not a valid packed, compressed entry."""


def is_packed(text):
    return text.startswith(MARKER)


def _pack(data):
    n = len(data)
    if n <= _SMALL:
        return "".join(chr(_BASE + b) for b in data)
    if n % 2:
        data += b"\0"
    lo, hi = data[0::2], data[1::2]
    m = len(lo)
    buf = bytearray(2 * m)
    buf[0::2] = lo
    buf[1::2] = hi.translate(_LOW7_PLUS8)
    bits = hi.translate(_TOP_BIT) + b"0" * (-m % 8)
    packed = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return buf.decode("utf-16-le") + _pack(packed)


def _unpack(text, n):
    """The ``n`` bytes packed at the start of ``text``, and how many characters they took."""
    if n <= _SMALL:
        part = text[:n]
        if len(part) != n:
            raise CodecError("truncated")
        values = [ord(c) - _BASE for c in part]
        if any(not 0 <= v <= 0xFF for v in values):
            raise CodecError("character out of range")
        return bytes(values), n
    m = (n + 1) // 2
    main = text[:m]
    if len(main) != m:
        raise CodecError("truncated")
    try:
        raw = main.encode("utf-16-le")
    except UnicodeEncodeError:
        raise CodecError("surrogate in packed text") from None
    lo, hi = raw[0::2], raw[1::2]
    if min(hi) < 0x08 or max(hi) > 0x87:
        raise CodecError("character out of range")
    hi = hi.translate(_MINUS8)
    packed, used = _unpack(text[m:], (m + 7) // 8)
    bits = format(int.from_bytes(packed, "big"), f"0{len(packed) * 8}b")[:m].encode("ascii").translate(_BIT_TO_80)
    hi = (int.from_bytes(hi, "big") | int.from_bytes(bits, "big")).to_bytes(m, "big")
    buf = bytearray(2 * m)
    buf[0::2] = lo
    buf[1::2] = hi
    return bytes(buf[:n]), m + used


def pack_bytes(data):
    """Bytes as a localStorage-safe string (no marker, no compression)."""
    return f"{len(data)}:" + _pack(bytes(data))


def unpack_bytes(text):
    size, sep, body = text.partition(":")
    if not sep or not size.isdigit() or len(size) > 12:
        raise CodecError("missing length")
    data, used = _unpack(body, int(size))
    if used != len(body):
        raise CodecError("trailing characters")
    return data


def encode(text, level=6):
    """JSON text -> stored text (marker + packed zlib stream)."""
    return MARKER + pack_bytes(zlib.compress(text.encode("utf-8"), level))


def decode(stored):
    """Stored text -> JSON text. Text without the marker is returned unchanged (plain JSON).
    Raises CodecError when a marked entry is damaged."""
    if not stored.startswith(MARKER):
        return stored
    try:
        return zlib.decompress(unpack_bytes(stored[len(MARKER):])).decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise CodecError(str(exc)) from None


def encode_json(data):
    return encode(json.dumps(data, ensure_ascii=False))
