"""Column names of the central tables, documented once.

passages   one row per passage of every document
    passage_id   "<document>:<ordinal, 3 digits>", stable for a given text
    document     document id (data/corpus.yaml)
    ordinal      position of the passage in its document, from 1
    label        the paragraph label as printed ("14", "II.1.(1)(b)"); unnumbered
                 passages are numbered by position ("I¶2", "Appendix.1.a•3")
    numbered     True when the label is printed in the document
    kind         paragraph | lead-in | item | bullet | table row
    section      section path ("II > C > Protection of civilians")
    section_title  the innermost heading's text
    text         the cleaned text
    start, end   offsets of the raw span in the document's source text
    meeting      meeting id the passage is attributed to (or the document's series)
    attribution  how: table row | meeting named | several meetings named | lead-in |
                 section | only meeting | series
    year         the year the words were said: the meeting's, else the year the
                 document's period ends in
    views, subviews  tuples of view ids and "view.subview" ids
    gap, remedy, progress  booleans (all False: neutral)
    breadth      consensus | many | some | one | unstated
    missions, actors  tuples of ids
    after gapmodel.reviews.apply_reviews (views and flags then follow the experts):
    auto_views, auto_subviews, auto_gap, auto_remedy, auto_progress  the automatic codes
    reviewed     "" | confirmed | corrected;  reviewed_by  "name, date"

tallies (long form)
    view, subview ("" for the view itself), the by-key (year | meeting | document |
    mission), passages, gap_passages, share (of all passages with that key),
    documents (distinct documents among the passages), reviewed (of the passages,
    how many an expert reviewed)
"""

from __future__ import annotations

PASSAGE_ID = "passage_id"
DOCUMENT = "document"
ORDINAL = "ordinal"
LABEL = "label"
NUMBERED = "numbered"
KIND = "kind"
SECTION = "section"
SECTION_TITLE = "section_title"
TEXT = "text"
START = "start"
END = "end"
PARENT = "parent"
MEETING = "meeting"
ATTRIBUTION = "attribution"
YEAR = "year"
VIEWS = "views"
SUBVIEWS = "subviews"
GAP = "gap"
REMEDY = "remedy"
PROGRESS = "progress"
BREADTH = "breadth"
MISSIONS = "missions"
ACTORS = "actors"

VIEW = "view"
SUBVIEW = "subview"
MISSION = "mission"
PASSAGES = "passages"
GAP_PASSAGES = "gap_passages"
SHARE = "share"
DOCUMENTS = "documents"
REVIEWED = "reviewed"

BY_KEYS = ("year", "meeting", "document", "mission")
