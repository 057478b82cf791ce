"""Status colours, readable by people with colour-vision deficiencies: hues from the Okabe-Ito
palette (bluish green and vermillion stay apart for deuteranopes and protanopes), each outcome
also told by an icon and a border style, never by colour alone. Node fills are light tints with
dark text, legible on light and dark pages; the HTML page darkens them in a dark theme."""

from __future__ import annotations

from dataclasses import dataclass

from ..history_reader import (
    ABORTED,
    CAUGHT,
    FAILED,
    NOT_RUN,
    RETRIED,
    RUNNING,
    SUCCEEDED,
    TIMED_OUT,
    UNREAD,
)


@dataclass(frozen=True)
class Look:
    label: str
    icon: str
    fill: str
    stroke: str
    dark_fill: str
    stroke_width: float = 1.5
    dash: str = ""


LOOKS: dict[str, Look] = {
    SUCCEEDED: Look("Succeeded", "\u2713", "#d3efe4", "#00805c", "#1d4a3b"),
    RETRIED: Look("Succeeded after retry", "\u21bb", "#d3efe4", "#00805c", "#1d4a3b"),
    CAUGHT: Look("Caught error", "\u26a0", "#fbecc8", "#b07800", "#54421a", 2.0),
    FAILED: Look("Failed", "\u2717", "#f9d9c9", "#c2410c", "#5c2a17", 3.0),
    TIMED_OUT: Look("Timed out", "\u29d7", "#f9d9c9", "#c2410c", "#5c2a17", 3.0),
    ABORTED: Look("Aborted", "\u2298", "#ecdfe8", "#8e4f7a", "#44303f", 1.5, "6 3"),
    RUNNING: Look("In progress", "\u25b6", "#d6ebfa", "#0064a8", "#1c3a52", 2.0),
    NOT_RUN: Look("Not run", "", "#f3f3f3", "#8c8c8c", "#2a2a2a", 1.0, "4 3"),
    UNREAD: Look("Ran in child executions", "?", "#eef2f7", "#5b6b7f", "#26303b", 1.0, "2 2"),
}
# The outcomes a legend lists, in its order (UNREAD only where a drawing has it).
LEGEND_KEYS = (SUCCEEDED, RETRIED, CAUGHT, FAILED, ABORTED, RUNNING, NOT_RUN)
DEFINITION_LOOK = Look("", "", "#eef2f7", "#5b6b7f", "#26303b")

TEXT = "#1a1a1a"
MUTED = "#555555"
DARK_TEXT = "#e8e8e8"
DARK_MUTED = "#b8b8b8"
CATCH_EDGE = "#b07800"
TAKEN_EDGE_WIDTH = 2.4
EDGE_WIDTH = 1.2

# Timeline bar colours: the time a task runs, waits to start, and the backoff between attempts.
BAR_RUN = "#0072b2"
BAR_QUEUED = "#56b4e9"
BAR_WAIT = "#999999"
BAR_FAILED = "#c2410c"
