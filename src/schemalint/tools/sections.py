"""What a tool never sends to the database, blanked with offsets kept: down sections, markers."""

from __future__ import annotations

import re

DBMATE_MARKER = re.compile(r"^[ \t]*--[ \t]*migrate:(up|down)\b", re.MULTILINE)
GOOSE_MARKER = re.compile(r"^[ \t]*--[ \t]*\+goose[ \t]+((?i:up|down))\b", re.MULTILINE)
# drizzle-kit splits a file on this line. ``-->`` is a comment only in PostgreSQL (MySQL wants
# a blank after ``--``), so the marker's ``>`` is blanked: a comment in every dialect.
_BREAKPOINT = r"-->([ \t]*statement-breakpoint)"


def blank(text: str) -> str:
    """Spaces in place of every character but line breaks (offsets and lines unchanged)."""
    return re.sub(r"[^\r\n]", " ", text)


def _mask_sections(text: str, marker: re.Pattern[str]) -> str:
    """Blank every ``down`` section: from its marker to the next ``up`` marker or the end."""
    pieces: list[str] = []
    copied = 0
    down_from: int | None = None
    for match in marker.finditer(text):
        is_down = match.group(1).lower() == "down"
        if is_down and down_from is None:
            down_from = match.start()
        elif not is_down and down_from is not None:
            pieces.append(text[copied:down_from])
            pieces.append(blank(text[down_from : match.start()]))
            copied = match.start()
            down_from = None
    if down_from is not None:
        pieces.append(text[copied:down_from])
        pieces.append(blank(text[down_from:]))
        copied = len(text)
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)


def mask_dbmate(text: str) -> str:
    """Only ``-- migrate:up`` sections are applied."""
    return _mask_sections(text, DBMATE_MARKER)


def mask_goose(text: str) -> str:
    """Only ``-- +goose Up`` sections are applied."""
    return _mask_sections(text, GOOSE_MARKER)


def mask_drizzle(text: str) -> str:
    """``--> statement-breakpoint`` as ``--  statement-breakpoint``, a comment in every dialect.

    drizzle-kit generates a ``;`` before each marker, so the statements still split there.
    """
    if "statement-breakpoint" not in text:
        return text
    return re.sub(_BREAKPOINT, r"-- \1", text)
