"""Reading numbers typed or tampered with in a request, without ever raising on odd input."""

BIGINT_MAX = 2**63 - 1


def whole_number(text, *, maximum: int = BIGINT_MAX) -> int | None:
    """The non-negative whole number `text` spells in ASCII digits, or None (for '', '²', '1e3', a
    5,000-digit string that int() refuses, or anything above `maximum`, e.g. beyond a database column)."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    value = int(digits)
    return value if value <= maximum else None
