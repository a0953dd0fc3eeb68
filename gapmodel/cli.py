"""Command line: ``python -m gapmodel [--corpus DIR] [--taxonomy FILE] [--format F] SUBCOMMAND``.

A thin layer over the library: each subcommand loads, calls one function and
prints. Problems with the input are one sentence on stderr and a non-zero
exit, never a traceback, and nothing on disk changes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from gapmodel import columns as C
from gapmodel.coding import Coder
from gapmodel.corpus import KINDS, Document, InputError, decode_text, ensure_unique, load_corpus, read_text_file
from gapmodel.model import Model, build_model
from gapmodel.tally import tally
from gapmodel.taxonomy import Taxonomy, load_taxonomy
from gapmodel.workspace import ingest_file, load_workspace, workspace_dir
from gapmodel.yamlfile import DataFileError

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT / "data"
DEFAULT_TAXONOMY = PROJECT / "data" / "taxonomy.yaml"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gapmodel",
        description="Mandate Gap Monitor: code Working Group reports for views and gaps, and tally them.",
    )
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, metavar="DIR",
                   help="folder with corpus.yaml and its files, or a folder of .txt/.md texts (default: data/)")
    p.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY, metavar="FILE",
                   help="taxonomy YAML (default: data/taxonomy.yaml)")
    p.add_argument("--format", choices=("table", "csv", "jsonl"), default="table",
                   help="output format (default: table)")
    sub = p.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    sub.add_parser("passages", help="every passage with its citation, meeting, year and codes")
    sub.add_parser("meetings", help="every meeting (and each document's meeting series)")
    t = sub.add_parser("tally", help="views against year, meeting, document or mission")
    t.add_argument("--by", choices=("year", "meeting", "document", "mission"), required=True,
                   help="what to tally the views against")
    t.add_argument("--view", action="append", metavar="ID", help="only this view (repeat for several)")
    t.add_argument("--subviews", action="store_true", help="add a row per sub-view")
    t.add_argument("--gaps-only", action="store_true", help="count gap passages only")
    c = sub.add_parser("code", help='code JSON lines {"id": ..., "text": ...} from FILE or standard input')
    c.add_argument("file", nargs="?", default="-", metavar="FILE", help="JSON lines file; '-' or absent: stdin")
    b = sub.add_parser("brief", help="a briefing note (DOCX or Markdown) with headlines, charts, a tally and quotes")
    b.add_argument("--view", action="append", metavar="ID",
                   help="a view to brief on (repeat); default: the six core views mandate_formulation, resources, "
                        "protection_of_civilians, ssr_ddr, benchmarks, partnerships")
    b.add_argument("--from", dest="first", type=int, metavar="YEAR", help="first year")
    b.add_argument("--to", dest="last", type=int, metavar="YEAR", help="last year")
    b.add_argument("--document", action="append", metavar="ID", help="only this document (repeat)")
    b.add_argument("--mission", action="append", metavar="ID", help="passages naming this mission (repeat)")
    b.add_argument("--title", default="", help="the note's title")
    b.add_argument("--quotes", type=_quotes, default=5, help="how many key quotes, 0 to 30 (default 5)")
    b.add_argument("--format", dest="note_format", choices=("docx", "md"), default="md", help="docx or md")
    b.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (Markdown: default stdout)")
    b.add_argument("--no-images", action="store_true", help="leave the chart images out")
    i = sub.add_parser("ingest", help="add a plain-text or Markdown report to your workspace")
    i.add_argument("path", type=Path, metavar="PATH", help="the .txt or .md file")
    i.add_argument("--title", default="", help="the document's title (default: read from the text)")
    i.add_argument("--date", default="", help="ISO date of the letter, e.g. 2018-03-31 (default: read from the text)")
    i.add_argument("--kind", default="", choices=("", *KINDS), help="report, interim report, retreat summary, other")
    i.add_argument("--period", default="",
                   help="the period the document covers, e.g. 2018 or 2018-01-01/2018-12-31 (default: read from the "
                        "text, else the year most of its dated days fall in)")
    return p


def _quotes(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 30:
        raise argparse.ArgumentTypeError("give a number of quotes from 0 to 30")
    return number


def load(args: argparse.Namespace) -> tuple[tuple[Document, ...], Taxonomy]:
    taxonomy = load_taxonomy(args.taxonomy)
    documents = ensure_unique((*load_corpus(args.corpus), *load_workspace()))
    return documents, taxonomy


def run_passages(model: Model) -> pd.DataFrame:
    cols = [C.PASSAGE_ID, C.DOCUMENT, C.LABEL, C.NUMBERED, C.KIND, C.SECTION, C.MEETING, C.ATTRIBUTION, C.YEAR,
            C.VIEWS, C.SUBVIEWS, C.GAP, C.REMEDY, C.PROGRESS, C.BREADTH, C.MISSIONS, C.ACTORS, C.START, C.END, C.TEXT]
    return model.passages[cols]


def run_meetings(model: Model) -> pd.DataFrame:
    cols = [C.MEETING, C.DOCUMENT, "date", "dated", C.KIND, C.LABEL, "theme", "participants", C.MISSIONS,
            C.PASSAGES, "source"]
    frame = model.meetings[cols].copy()
    notes: dict[str, list[str]] = {}
    for row in model.discrepancies.itertuples(index=False):
        notes.setdefault(str(row.meeting), []).append(f"text says {row.text_date} ({row.passage_id})")
    frame["discrepancy"] = [("; ".join(notes.get(m, []))) for m in frame[C.MEETING]]
    return frame


def run_code(source: str, taxonomy: Taxonomy) -> Iterable[dict[str, Any]]:
    if source == "-":
        name, data = "standard input", sys.stdin.buffer.read()
        text = decode_text(data, name)
    else:
        name = source
        text = read_text_file(Path(source))
    records = _records(text, name)
    coder = Coder(taxonomy)
    for start in range(0, len(records), 5000):
        chunk = records[start:start + 5000]
        for (ident, _text), coding in zip(chunk, coder.code_many([b for _, b in chunk]), strict=True):
            yield {
                "id": ident, "views": list(coding.views), "subviews": list(coding.subviews), "gap": coding.gap,
                "remedy": coding.remedy, "progress": coding.progress, "breadth": coding.breadth,
                "missions": list(coding.missions), "actors": list(coding.actors),
                "evidence": [{"code": e.code, "term": e.term, "start": e.start, "end": e.end}
                             for e in coding.evidence],
            }


def _records(text: str, name: str) -> list[tuple[Any, str]]:
    records: list[tuple[Any, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{name}, line {number}: not a JSON object. Write one "
                             '{"id": ..., "text": ...} per line.') from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f'{name}, line {number}: each line needs a "text" string (and an "id").')
        records.append((item.get("id", number), item["text"]))
    if not records:
        raise InputError(f"{name} holds no passages to code. Give one JSON object per line.")
    return records


def run_brief(args: argparse.Namespace, model: Model) -> int:
    """Write a briefing note; the same note the dashboard's Briefing page builds."""
    from gapmodel.briefing import build_note, to_docx, to_markdown
    from gapmodel.filters import Filters, scope
    from gapmodel.images import figure_image

    views = {v.id for v in model.taxonomy.views}
    missions = {m.id for m in model.taxonomy.missions}
    for given, known, what in ((args.view, views, "view"), (args.mission, missions, "mission"),
                               (args.document, {d.id for d in model.documents}, "document")):
        unknown = [x for x in given or () if x not in known]
        if unknown:
            raise InputError(f"There is no {what} '{unknown[0]}'. Choose from: {', '.join(sorted(known))}.")
    if args.note_format == "docx" and args.output is None:
        raise InputError("A DOCX note is a file: name it with -o, e.g. -o note.docx.")
    years = None
    if args.first or args.last:
        all_years = sorted(int(y) for y in model.passages[C.YEAR].unique())
        years = (args.first or all_years[0], args.last or all_years[-1])
        if years[0] > years[1]:
            raise InputError(f"--from {years[0]} is after --to {years[1]}. Swap them.")
    filters = Filters(views=tuple(dict.fromkeys(args.view or ())), years=years,
                      documents=tuple(dict.fromkeys(args.document or ())),
                      missions=tuple(dict.fromkeys(args.mission or ())))
    covered = scope(model, filters)
    if covered.empty:
        have = ", ".join(str(y) for y in sorted(model.passages[C.YEAR].unique()))
        raise InputError(f"No passage is within this selection (years with documents: {have}). "
                         "Widen the years, documents or missions.")
    maker = None if args.no_images or args.note_format == "md" else figure_image
    note = build_note(model, filters, title=args.title, quotes=args.quotes, make_image=maker)
    if note.image_problem:
        print(note.image_problem, file=sys.stderr)
    try:
        if args.note_format == "docx":
            args.output.write_bytes(to_docx(note))
        elif args.output is not None:
            args.output.write_text(to_markdown(note), encoding="utf-8")
        else:
            sys.stdout.write(to_markdown(note))
    except OSError as exc:
        raise InputError(f"Cannot write {args.output} ({exc.strerror}). Choose a folder that exists and that you "
                         "can write to.") from None
    if args.output is not None:
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return ";".join(map(str, value))
    return value


def write(frame: pd.DataFrame, fmt: str, out: io.TextIOBase | Any) -> None:
    """A frame as an aligned text table, CSV or JSON lines."""
    if fmt == "jsonl":
        for record in frame.to_dict(orient="records"):
            out.write(json.dumps({k: (list(v) if isinstance(v, tuple) else _plain(v)) for k, v in record.items()},
                                 ensure_ascii=False) + "\n")
        return
    flat = frame.map(_cell)
    if fmt == "csv":
        flat.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        return
    shown = flat.astype(str).map(lambda s: s if len(s) <= 60 else s[:57] + "...")
    out.write(shown.to_string(index=False) + "\n")


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (InputError, DataFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so in a sentence, never a traceback
        print(f"Something went wrong inside the gap model ({type(exc).__name__}: {exc}). "
              "Nothing was changed; please report this with the command you ran.", file=sys.stderr)
        return 3


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "code":
        taxonomy = load_taxonomy(args.taxonomy)
        for record in run_code(args.file, taxonomy):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if args.command == "ingest":
        documents, _ = load(args)
        doc = ingest_file(args.path, documents, title=args.title, date=args.date, kind=args.kind, period=args.period)
        print(f"Added '{doc.id}' ({doc.title}, dated {doc.date}, covering {doc.period}) to the workspace in "
              f"{workspace_dir()}.")
        return 0
    documents, taxonomy = load(args)
    model = build_model(documents, taxonomy)
    if args.command == "brief":
        return run_brief(args, model)
    if args.command == "passages":
        frame = run_passages(model)
    elif args.command == "meetings":
        frame = run_meetings(model)
    else:
        unknown = [v for v in args.view or () if v not in {x.id for x in taxonomy.views}]
        if unknown:
            raise InputError(f"There is no view '{unknown[0]}'. Views: {', '.join(v.id for v in taxonomy.views)}.")
        frame = tally(model, args.by, views=args.view, subviews=args.subviews, gaps_only=args.gaps_only)
    write(frame, args.format, sys.stdout)
    return 0
