"""The project's one number parser, in Python: the same rules and reasons as
util/include/vmcutil/number.h (the C parser every tool uses).

Decimal digits ("010" is ten, never octal) or 0x/0X and hex digits; nothing before (no space,
no sign) and nothing after except, when allowed, one suffix letter K, M or G in either case
(powers of 1024 for sizes, of 1000 for counts). Only ASCII digits count.
"""
import re

U64_MAX = (1 << 64) - 1
NOT_A_NUMBER = "not a number (decimal, or hex with 0x)"
BAD_SUFFIX = "unknown suffix (K, M or G, where allowed)"
_UNITS = {"binary": 1024, "decimal": 1000}
_POWERS = {"k": 1, "m": 2, "g": 3}
_SHAPE = re.compile(r"(0[xX][0-9a-fA-F]+|[0-9]+)([A-Za-z]?)", re.ASCII)


def parse_number(text, suffix=None, maximum=U64_MAX):
    """The value of `text`, or ValueError whose message is the reason (as in C).
    suffix: None, "binary" or "decimal"."""
    m = _SHAPE.fullmatch(text) if isinstance(text, str) else None
    digits = m.group(1) if m else ""
    is_hex = digits[:2] in ("0x", "0X")
    # "0x" with no hex digit after it is not "0" with an x suffix.
    if not m or (m.group(2) and not suffix) or (text[:2] in ("0x", "0X") and not is_hex):
        raise ValueError(NOT_A_NUMBER)
    value = int(digits[2:], 16) if is_hex else int(digits, 10)
    if m.group(2):
        power = _POWERS.get(m.group(2).lower())
        if not power:
            raise ValueError(BAD_SUFFIX)
        value *= _UNITS[suffix] ** power
    if value > min(maximum, U64_MAX):
        raise ValueError(f"out of range (at most {min(maximum, U64_MAX)})")
    return value
