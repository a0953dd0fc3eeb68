"""A slide deck from a briefing note, for a retreat: PowerPoint (.pptx, 16:9) through python-pptx.

Slides, in order: a title slide (the note's title, the date it was made, the corpus in one line); one slide per
chart (the same figure as on screen, as an image, with its title and the source line under it); the headline
sentences; the quotes with their citations. Every text is cleaned of control characters first (see
``corpus.printable``), so a deck never fails on text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from gapmodel.briefing import Note, printable_note
from gapmodel.corpus import printable_line

WIDE, HIGH = 13.333, 7.5  # inches: a 16:9 slide
FONT = "Liberation Sans"  # Debian ships it: the deck looks the same on the machine that made it and on others
MAX_QUOTES = 3


def to_pptx(note: Note, when: dt.date | None = None) -> bytes:
    """The note as a 16:9 deck (see the module docstring); charts without an image get a line saying why."""
    from pptx import Presentation
    from pptx.util import Inches

    note = printable_note(note)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDE), Inches(HIGH)
    blank = deck.slide_layouts[6]
    _title_slide(deck.slides.add_slide(blank), note, when or dt.date.today())
    for caption, _ in note.figures:
        _chart_slide(deck.slides.add_slide(blank), note, caption)
    _bullets(deck.slides.add_slide(blank), "Headlines", list(note.headlines))
    quotes = [f"\u201c{q.text}\u201d \u2014 {q.citation}" for q in note.quotes[:MAX_QUOTES]]
    _bullets(deck.slides.add_slide(blank), "In their words", quotes or ["No passage is within the selection."])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _text(slide: object, text: str, left: float, top: float, width: float, height: float, size: int, *,
          bold: bool = False) -> None:
    from pptx.util import Inches, Pt

    frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame  # type: ignore[attr-defined]
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT


def _title_slide(slide: object, note: Note, when: dt.date) -> None:
    _text(slide, note.title, 0.8, 2.3, WIDE - 1.6, 1.6, 36, bold=True)
    _text(slide, f"Prepared {when.isoformat()} with Mandate Gap Monitor", 0.8, 4.0, WIDE - 1.6, 0.5, 16)
    if note.about:
        _text(slide, note.about[0], 0.8, 4.6, WIDE - 1.6, 1.6, 12)


def _chart_slide(slide: object, note: Note, caption: str) -> None:
    from pptx.util import Inches

    _text(slide, printable_line(caption), 0.5, 0.3, WIDE - 1.0, 0.7, 24, bold=True)
    image = note.images.get(caption)
    if image:
        slide.shapes.add_picture(io.BytesIO(image), Inches(0.9), Inches(1.1), height=Inches(5.4))  # type: ignore[attr-defined]
    else:
        _text(slide, note.image_problem or "The chart could not be drawn as an image here.", 0.9, 3.0,
              WIDE - 1.8, 1.0, 16)
    _text(slide, note.source, 0.5, HIGH - 0.85, WIDE - 1.0, 0.7, 11)


def _bullets(slide: object, heading: str, lines: Sequence[str]) -> None:
    from pptx.util import Inches, Pt

    _text(slide, heading, 0.5, 0.3, WIDE - 1.0, 0.7, 28, bold=True)
    frame = slide.shapes.add_textbox(Inches(0.7), Inches(1.2), Inches(WIDE - 1.4), Inches(HIGH - 1.6)).text_frame  # type: ignore[attr-defined]
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"\u2022 {line}"
        run.font.size, run.font.name = Pt(18 if len(lines) <= 3 else 16), FONT
        paragraph.space_after = Pt(12)
