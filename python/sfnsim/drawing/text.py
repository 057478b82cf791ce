"""Text measurement without a browser: glyph widths of Arial (metric-compatible with Liberation
Sans and close to Helvetica), so the layout can size boxes before anything is drawn.

The SVG asks for ``FONT_FAMILY``; where that font is present the estimate is exact, elsewhere a
sans-serif of similar width is used and the padding around every label absorbs the difference.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
MONO_FAMILY = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace"

# Advance widths in 1/1000 em for ASCII 32..126 (Arial / Helvetica AFM metrics).
_REGULAR = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_BOLD = (
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    238,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    333,
    333,
    584,
    584,
    584,
    611,
    975,
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    333,
    278,
    333,
    584,
    556,
    333,
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889,
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500,
    389,
    280,
    389,
    584,
)


def _char_width(ch: str, table: tuple[int, ...]) -> int:
    code = ord(ch)
    if 32 <= code <= 126:
        return table[code - 32]
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    return 620


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of ``text`` set in ``FONT_FAMILY`` at ``size`` pixels."""
    table = _BOLD if bold else _REGULAR
    return sum(_char_width(ch, table) for ch in text) * size / 1000.0


def mono_width(text: str, size: float) -> float:
    return len(text) * size * 0.602


def fit(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it is at most ``max_width`` pixels wide."""
    if text_width(text, size, bold) <= max_width:
        return text
    ellipsis = "\u2026"
    budget = max_width - text_width(ellipsis, size, bold)
    table = _BOLD if bold else _REGULAR
    used = 0.0
    out = []
    for ch in text:
        w = _char_width(ch, table) * size / 1000.0
        if used + w > budget:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ellipsis


def wrap(
    text: str, max_width: float, size: float, bold: bool = False, max_lines: int = 2
) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines no wider than ``max_width``. Lines break
    after spaces, ``-``, ``_``, ``.``, ``:``, ``/`` and inside CamelCase; a word longer than a
    line is cut, and the last line ends with an ellipsis when the text does not fit."""
    if text_width(text, size, bold) <= max_width:
        return [text]
    pieces = _break_points(text)
    lines: list[str] = []
    current = ""
    for index, piece in enumerate(pieces):
        candidate = current + piece
        if not current or text_width(candidate.rstrip(), size, bold) <= max_width:
            current = candidate
            continue
        lines.append(current.rstrip())
        if len(lines) == max_lines - 1:
            current = "".join(pieces[index:])
            break
        current = piece
    lines.append(current.strip())
    return [fit(line, max_width, size, bold) for line in lines if line][:max_lines]


def _break_points(text: str) -> list[str]:
    """``text`` cut into pieces after spaces, ``-``, ``_``, ``.``, ``:`` and before capitals that
    follow a lower-case letter; joining the pieces gives ``text`` back."""
    pieces: list[str] = []
    start = 0
    for i in range(1, len(text)):
        prev, ch = text[i - 1], text[i]
        if prev in " -_.:/" or (ch.isupper() and prev.islower()):
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    return pieces
