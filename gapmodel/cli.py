"""Command line: ``python -m gapmodel [--corpus DIR] [--taxonomy FILE] [--format F] SUBCOMMAND``.

A thin layer over the library: each subcommand loads, calls one function and
prints. Problems with the input are one sentence on stderr and a non-zero
exit, never a traceback, and nothing on disk changes.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from gapmodel import columns as C
from gapmodel.coding import Coder
from gapmodel.corpus import (
    KINDS,
    LEGACY_KINDS,
    MAX_BYTES,
    Document,
    InputError,
    decode_text,
    empty,
    ensure_unique,
    kind_of,
    load_corpus,
    not_text,
    read_file,
)
from gapmodel.curation import active_taxonomy
from gapmodel.dates import iso_problem, year_problem
from gapmodel.export import neutralise
from gapmodel.model import Model, build_model, use_system_allocator
from gapmodel.reviews import agreement, apply_reviews, reviews_table
from gapmodel.store import KEEP_BEFORE_IMPORT
from gapmodel.tally import tally
from gapmodel.taxonomy import Taxonomy, load_taxonomy
from gapmodel.workspace import (
    Added,
    add_files,
    batch_summary,
    dated,
    load_workspace,
    open_workspace,
    prepare,
    readable_files,
    removed_documents,
    save,
    workspace_dir,
)
from gapmodel.yamlfile import DataFileError

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT / "data"
DEFAULT_TAXONOMY = PROJECT / "data" / "taxonomy.yaml"  # the shipped taxonomy: the first revision


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gapmodel",
        description="Mandate Gap Monitor: code Working Group reports for views and gaps, and tally them.",
    )
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, metavar="DIR",
                   help="folder with corpus.yaml and its files, or a folder of .txt/.md texts (default: data/)")
    p.add_argument("--taxonomy", type=Path, default=None, metavar="FILE",
                   help="taxonomy YAML (default: the workspace's active taxonomy revision; data/taxonomy.yaml is "
                        "its first)")
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
    b.add_argument("--format", dest="note_format", choices=("docx", "md", "pptx"), default="md",
                   help="md (the default), docx, or pptx (a 16:9 slide deck for a presentation)")
    b.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (Markdown: default stdout)")
    b.add_argument("--no-images", action="store_true", help="leave the chart images out")
    b.add_argument("--full", action="store_true", help="the full note (two charts, the tally table, five quotes) "
                                                        "instead of the one-page note (md and docx)")
    i = sub.add_parser(
        "ingest", help="add reports (.txt, .md, .pdf with a text layer, .docx) to your workspace, one or many",
        description="Add one report, or several files and folders at once (a folder: the .pdf, .docx, .txt and .md "
                    "files directly inside it, by name). Each file is saved on its own: a refused file changes "
                    "nothing, and the others are still added. Exit code 0 when every file was added, 1 when any was "
                    "refused.")
    i.add_argument("path", type=Path, nargs="+", metavar="PATH", help="a file (up to 50 MB) or a folder of them")
    i.add_argument("--title", default="", help="the document's title (default: read from the text; one file only)")
    i.add_argument("--date", default="", help="ISO date of the letter, e.g. 2018-03-31 (default: read from the text; "
                                              "one file only)")
    i.add_argument("--kind", default="", choices=("", *KINDS, *LEGACY_KINDS),
                   help="the kind of document (default: read from the text): " + ", ".join(KINDS) +
                        " (applies to every file named)")
    i.add_argument("--period", default="",
                   help="the period the document covers, e.g. 2018 or 2018-01-01/2018-12-31 (default: read from the "
                        "text, else the year most of its dated days fall in; applies to every file named)")
    i.add_argument("--who", default="", help="your name, recorded with the document (default: your login name)")
    sub.add_parser("documents", help="the documents added to the workspace, removed ones included")
    for name, what in (("remove", "take an added document out of the corpus (it can be restored)"),
                       ("restore", "put a removed document back")):
        r = sub.add_parser(name, help=what)
        r.add_argument("document", metavar="ID", help="the document's id (see: documents)")
    tx = sub.add_parser("taxonomy", help="export, import, list, roll back the taxonomy; export a REFI-QDA codebook")
    tx_sub = tx.add_subparsers(dest="action", required=True, metavar="ACTION")
    e = tx_sub.add_parser("export", help="write the active revision's YAML")
    e.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (default: stdout)")
    q = tx_sub.add_parser("qdc", help="write the active revision as a REFI-QDA codebook (.qdc) for NVivo, "
                                      "ATLAS.ti, MAXQDA")
    q.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .qdc file to write")
    im = tx_sub.add_parser("import", help="check a taxonomy YAML and save it as the new active revision")
    im.add_argument("file", type=Path, metavar="FILE")
    im.add_argument("--comment", default="", help="why it changed")
    im.add_argument("--who", default="", help="your name (default: your login name)")
    tx_sub.add_parser("revisions", help="every saved revision, the active one marked")
    rb = tx_sub.add_parser("rollback", help="make an earlier revision active again (saved as a new revision)")
    rb.add_argument("number", type=int, metavar="N", help="the revision's number (see: taxonomy revisions)")
    rb.add_argument("--who", default="", help="your name (default: your login name)")
    ws = sub.add_parser("workspace", help="export the whole workspace to one file, or import one")
    ws_sub = ws.add_subparsers(dest="action", required=True, metavar="ACTION")
    we = ws_sub.add_parser("export", help="write everything added, reviewed and saved to one file")
    we.add_argument("file", type=Path, metavar="FILE", help="e.g. workspace-backup.sqlite")
    wi = ws_sub.add_parser("import", help="replace the workspace with an exported file (the current one is kept "
                                          "beside it)")
    wi.add_argument("file", type=Path, metavar="FILE")
    tb = sub.add_parser("tables", help="write the coded passages as Parquet tables and the tally as SQL, for "
                                       "another SQL engine (DuckDB, Spark, Trino...)")
    tb.add_argument("folder", type=Path, metavar="DIR", help="folder to write into (made if missing)")
    sub.add_parser("reviews", help="every review of a passage (confirmations and corrections), oldest first")
    sub.add_parser("agreement", help="per view: how often the automatic codes agree with experts' reviews")
    return p


def _quotes(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 30:
        raise argparse.ArgumentTypeError("give a number of quotes from 0 to 30")
    return number


def load(args: argparse.Namespace) -> tuple[tuple[Document, ...], Taxonomy]:
    documents = ensure_unique((*load_corpus(args.corpus), *load_workspace()))
    return documents, load_active_taxonomy(args)


def load_active_taxonomy(args: argparse.Namespace) -> Taxonomy:
    if args.taxonomy is not None:
        return load_taxonomy(args.taxonomy)
    return active_taxonomy(open_workspace(), DEFAULT_TAXONOMY)[0]


def _who(args: argparse.Namespace) -> str:
    try:
        return str(args.who or "").strip() or getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "command line"


def _progress(share: float, what: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{share:4.0%} {what[:70]:<70}", end="", file=sys.stderr, flush=True)


def _clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r" + " " * 76 + "\r", end="", file=sys.stderr, flush=True)


def run_ingest(args: argparse.Namespace) -> int:
    paths: list[Path] = args.path
    if len(paths) > 1 or paths[0].is_dir():
        return _ingest_several(args, paths)
    path = paths[0]
    data = read_file(path)
    documents, taxonomy = load(args)
    overrides = {"title": args.title, "date": args.date, "kind": args.kind, "period": args.period}
    draft = prepare(path.name, data, documents, taxonomy, overrides=overrides, progress=_progress,
                    removed=removed_documents())
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for misprint in draft.misprints:
        print(f"Note: {misprint}", file=sys.stderr)
    doc = save(open_workspace(), draft, added_by=_who(args))
    passages = draft.preview.passages
    print(f"Added '{doc.id}' ({doc.title}, dated {dated(doc.date, draft.date_note)}, covering {doc.period}) to the "
          f"workspace in "
          f"{workspace_dir()}: {len(passages)} passages, {int(passages[C.GAP].sum())} stating a gap, "
          f"{len(draft.preview.meetings)} meetings.")
    return 0


def _ingest_several(args: argparse.Namespace, paths: Sequence[Path]) -> int:
    """Add each file on its own: a line per file as it is done, then how many were added (exit 1 if any refused)."""
    files, skipped = readable_files(paths)
    if len(files) > 1 and (args.title or args.date):
        raise InputError(f"--title and --date belong to one document, but {len(files)} files are to be added. "
                         "Leave them out, or add that document on its own with them.")
    if args.period and (problem := iso_problem(args.period, "The period")) is not None:
        raise InputError(problem)
    documents, taxonomy = load(args)
    for note in skipped:
        print(note)
    shared = [f"as kind '{kind_of(args.kind)}'" if args.kind else "", f"covering {args.period}" if args.period else ""]
    if any(shared):
        print(f"Every file is added {' and '.join(s for s in shared if s)}.")
    overrides = {"title": args.title, "date": args.date, "kind": args.kind, "period": args.period}
    results: list[Added] = []
    try:
        for result in add_files(open_workspace(), [(p.name, partial(read_file, p)) for p in files], documents,
                                taxonomy, added_by=_who(args), overrides=overrides, removed=removed_documents(),
                                progress=_progress):
            _clear_progress()
            results.append(result)
            print(_added_line(result))
            for misprint in result.misprints:
                print(f"Note: {result.name}: {misprint}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"\nStopped: {sum(r.added for r in results)} of {len(files)} files were added (listed above); the "
              "file being read when you stopped and those after it were not.", file=sys.stderr)
        return 130
    _clear_progress()
    print(batch_summary(results, f"the workspace in {workspace_dir()}"))
    return 0 if all(r.added for r in results) else 1


def _added_line(result: Added) -> str:
    doc = result.document
    if doc is None:
        return f"Refused {result.name}: {result.problem}"
    return (f"Added '{doc.id}' ({doc.title}, dated {dated(doc.date, result.date_note)}, covering {doc.period}): "
            f"{result.passages} passages, "
            f"{result.gaps} stating a gap, {result.meetings} meetings.")


def run_taxonomy(args: argparse.Namespace) -> int:
    from gapmodel.curation import roll_back, save_revision, to_qdc

    store = open_workspace()
    if args.action == "revisions":
        active = active_taxonomy(store, DEFAULT_TAXONOMY)[1]
        rows = [{"revision": r.number, "active": "yes" if r.number == active.number else "", "version": r.version,
                 "saved_at": r.saved_at, "saved_by": r.saved_by, "comment": r.comment} for r in store.revisions()]
        write(pd.DataFrame(rows), args.format, sys.stdout)
        return 0
    if args.action == "import":
        text = decode_text(read_file(args.file), args.file.name)
        revision = save_revision(store, text, comment=args.comment or f"imported from {args.file.name}",
                                 saved_by=_who(args), name=args.file.name)
        print(f"Saved as taxonomy revision {revision.number} (version {revision.version}); it is now active.")
        return 0
    if args.action == "rollback":
        active_taxonomy(store, DEFAULT_TAXONOMY)
        revision = roll_back(store, args.number, saved_by=_who(args))
        print(f"Revision {args.number} is active again, saved as revision {revision.number} "
              f"(version {revision.version}).")
        return 0
    taxonomy = load_active_taxonomy(args)
    if args.action == "qdc":
        _write_file(args.output, to_qdc(taxonomy))
        return 0
    text = args.taxonomy.read_text(encoding="utf-8") if args.taxonomy else \
        active_taxonomy(store, DEFAULT_TAXONOMY)[1].text
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write_file(args.output, text.encode("utf-8"))
    return 0


def _write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"Cannot write {path} ({exc.strerror}). Choose a folder that exists and that you "
                         "can write to.") from None
    print(f"Wrote {path}.", file=sys.stderr)


def run_workspace(args: argparse.Namespace) -> int:
    store = open_workspace()
    if args.action == "export":
        try:
            store.export_to(args.file)
        except OSError as exc:
            raise InputError(f"Cannot write {args.file} ({exc.strerror}). Choose a folder you can write to.") \
                from None
        print(f"Wrote the whole workspace to {args.file}.", file=sys.stderr)
        return 0
    if not args.file.is_file():
        raise InputError(f"{args.file}: there is no such file. Name the file 'workspace export' wrote.")
    backup = store.import_from(args.file)
    print(f"Imported {args.file}. The workspace as it was before is kept in {backup} (the last "
          f"{KEEP_BEFORE_IMPORT} such copies are kept; older ones are removed).", file=sys.stderr)
    return 0


def run_documents(args: argparse.Namespace) -> int:
    store = open_workspace()
    if args.command in ("remove", "restore"):
        (store.remove_document if args.command == "remove" else store.restore_document)(args.document)
        done = "removed (restore it with: restore " + args.document + ")" if args.command == "remove" else "restored"
        print(f"'{args.document}' {done}.", file=sys.stderr)
        return 0
    rows = [{"id": d.document.id, "title": d.document.title, "date": d.document.date, "period": d.document.period,
             "kind": d.document.kind, "file": d.document.source, "type": d.media_type, "bytes": d.size,
             "added_at": d.added_at, "added_by": d.added_by, "removed_at": d.removed_at or ""}
            for d in (*store.documents(), *store.documents(removed=True))]
    if not rows and args.format == "table":
        print("No documents have been added yet. Add one with: python -m gapmodel ingest FILE", file=sys.stderr)
        return 0
    write(pd.DataFrame(rows, columns=["id", "title", "date", "period", "kind", "file", "type", "bytes", "added_at",
                                      "added_by", "removed_at"]), args.format, sys.stdout)
    return 0


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


CODE_BATCH = 20_000  # passages read, coded and written at a time: memory stays flat however long the file is


def run_code(source: str, taxonomy: Taxonomy) -> Iterator[bytes]:
    """The codes of each passage of a JSON-lines file (or standard input), as JSON lines, a batch at a time.

    Read, coded and written in batches of ``CODE_BATCH`` passages, with columns rather than one object per
    passage: a file of any size streams through (each line at most 50 MB). A bad line is refused with the
    sentence naming it; the batches before it have been written."""
    import orjson

    if source == "-":
        stream: Any = sys.stdin.buffer
        name = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            read_file(path)  # the usual sentence for a missing file or a folder
        name = source
        with path.open("rb") as head:
            start = head.read(8192)
        if b"\x00" in start or start.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise not_text(name)
        if not start.strip():
            raise empty(name)
        stream = path.open("rb")
    coder = Coder(taxonomy)
    coded = 0
    try:
        for raw in _numbered_lines(stream):
            yield _coded(coder, _records(raw, name, orjson.loads))
            coded += len(raw)
    finally:
        if source != "-":
            stream.close()
    if not coded:
        raise InputError(f"{name} holds no passages to code. Give one JSON object per line.")


def _numbered_lines(stream: Any, block: int = 1 << 24) -> Iterator[list[tuple[int, bytes]]]:
    """The file's non-blank lines with their numbers, CODE_BATCH at a time, read in blocks of 16 MB (a BOM at
    the start is skipped)."""
    number, rest, waiting = 0, b"", []
    first = True
    while True:
        data = stream.read(block)
        if first and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        first = False
        lines = (rest + data).split(b"\n") if data else ([rest] if rest else [])
        rest = lines.pop() if data else b""
        waiting += [(number + i, line) for i, line in enumerate(lines, start=1) if line.strip()]
        number += len(lines)
        while len(waiting) >= CODE_BATCH or (not data and waiting):
            yield waiting[:CODE_BATCH]
            waiting = waiting[CODE_BATCH:]
        if not data:
            return


def _records(raw: Sequence[tuple[int, bytes]], name: str, loads: Callable[[bytes], Any]) -> list[tuple[Any, str]]:
    """A batch's ids and texts: every line read at once, and only a batch with a line that is not a plain
    {"id": name or whole number, "text": ...} object read line by line to say what is wrong."""
    try:
        items = [loads(line) for _, line in raw]
        records = [(item.get("id", number), item["text"]) for (number, _), item in zip(raw, items, strict=True)]
        if all(type(text) is str and (type(ident) is str or type(ident) is int and -2**53 < ident < 2**53)
               and len(line) <= MAX_BYTES for (ident, text), (_, line) in zip(records, raw, strict=True)):
            return records
    except (ValueError, AttributeError, KeyError, TypeError):
        pass
    return [_record(line, number, name, loads) for number, line in raw]


def _record(line: bytes, number: int, name: str, loads: Callable[[bytes], Any]) -> tuple[Any, str]:
    """One passage's id and text, or the sentence saying what is wrong with its line."""
    if len(line) > MAX_BYTES:
        raise InputError(f"{name}, line {number}: over {MAX_BYTES // 2**20} MB in one passage. Split it.")
    try:
        item = loads(line)
    except ValueError:
        item = _strict_json(line, number, name)  # says exactly what is wrong (rare: only on a bad line)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InputError(f'{name}, line {number}: each line needs a "text" string (and an "id").')
    ident = item.get("id", number)
    if isinstance(ident, float) and not math.isfinite(ident) or isinstance(ident, int) and abs(ident) >= 2**53:
        raise InputError(f'{name}, line {number}: the "id" {str(ident)[:20]} cannot be given back exactly. '
                         "Give each passage a name or a whole number below 2^53 as its id.")
    return ident, item["text"]


def _strict_json(line: bytes, number: int, name: str) -> Any:
    try:
        return json.loads(line.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise InputError(f"{name}, line {number}: not UTF-8 text. Save the file with UTF-8 encoding.") from None
    except json.JSONDecodeError:
        raise InputError(f"{name}, line {number}: not a JSON object. Write one "
                         '{"id": ..., "text": ...} per line.') from None
    except RecursionError:
        raise InputError(f"{name}, line {number}: the JSON is nested too deeply to read. Write one flat "
                         '{"id": ..., "text": ...} object per line.') from None
    except ValueError as exc:  # a number too long to read, or NaN / Infinity
        what = "a number of thousands of digits" if "digits" in str(exc) else str(exc)
        raise InputError(f"{name}, line {number}: {what} cannot be read. Give each passage a plain id (a name "
                         "or a whole number) and its text.") from None


def _no_constant(value: str) -> None:
    raise ValueError(f"{value}, which JSON does not allow,")


def _coded(coder: Coder, batch: Sequence[tuple[Any, str]]) -> bytes:
    """A batch's codes as JSON lines: id, views, sub-views, the three flags, breadth, missions, actors and the
    evidence (code, term, start, end). Built from the coder's columns; each label's JSON is written once."""
    import numpy as np
    import orjson

    codes = coder.code_all([text for _, text in batch])
    heads = [orjson.dumps({"code": code, "term": term}).decode()[:-1] + ',"start":' for code, term in codes.labels]
    spans = [f'{heads[label]}{start},"end":{end}}}' for label, start, end in zip(
        codes.evidence_label.tolist(), codes.evidence_start.tolist(), codes.evidence_end.tolist(), strict=True)]
    bounds = np.searchsorted(codes.evidence_passage, np.arange(len(batch) + 1)).tolist()
    out = []
    for i, ((ident, _), views, subviews, gap, remedy, progress, breadth, missions, actors) in enumerate(zip(
            batch, codes.views, codes.subviews, codes.gap.tolist(), codes.remedy.tolist(), codes.progress.tolist(),
            codes.breadth, codes.missions, codes.actors, strict=True)):
        record = orjson.dumps({"id": ident, "views": views, "subviews": subviews, "gap": gap, "remedy": remedy,
                               "progress": progress, "breadth": breadth, "missions": missions, "actors": actors})
        out.append(f'{record[:-1].decode()},"evidence":[{",".join(spans[bounds[i]:bounds[i + 1]])}]}}')
    return ("\n".join(out) + "\n").encode("utf-8", "surrogatepass")


def run_brief(args: argparse.Namespace, model: Model) -> int:
    """Write a briefing note; the same note the dashboard's Briefing page builds."""
    from gapmodel.briefing import build_note, one_page, to_docx, to_markdown
    from gapmodel.filters import Filters, scope
    from gapmodel.images import figure_image

    views = {v.id for v in model.taxonomy.views}
    missions = {m.id for m in model.taxonomy.missions}
    for given, known, what in ((args.view, views, "view"), (args.mission, missions, "mission"),
                               (args.document, {d.id for d in model.documents}, "document")):
        unknown = [x for x in given or () if x not in known]
        if unknown:
            raise InputError(f"There is no {what} '{unknown[0]}'. Choose from: {', '.join(sorted(known))}.")
    if args.note_format in ("docx", "pptx") and args.output is None:
        raise InputError(f"A {args.note_format.upper()} note is a file: name it with -o, e.g. -o "
                         f"note.{args.note_format}.")
    years = None
    for option, year in (("--from", args.first), ("--to", args.last)):
        if year is not None and (problem := year_problem(year, option)) is not None:
            raise InputError(problem)
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
        page = note if args.full else one_page(note)
        if args.note_format == "docx":
            args.output.write_bytes(to_docx(page))
        elif args.note_format == "pptx":
            from gapmodel.slides import to_pptx

            args.output.write_bytes(to_pptx(note))
        elif args.output is not None:
            args.output.write_text(to_markdown(page), encoding="utf-8")
        else:
            sys.stdout.write(to_markdown(page))
    except OSError as exc:
        raise InputError(f"Cannot write {args.output} ({exc.strerror}). Choose a folder that exists and that you "
                         "can write to.") from None
    if args.output is not None:
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return ";".join(map(str, value))
    if isinstance(value, float) and math.isnan(value):
        return None  # an undefined figure (e.g. kappa of a view nobody used) is an empty cell
    return value


def write(frame: pd.DataFrame, fmt: str, out: io.TextIOBase | Any) -> None:
    """A frame as an aligned text table, CSV or JSON lines."""
    if fmt == "jsonl":
        for record in frame.to_dict(orient="records"):
            out.write(json.dumps({k: (list(v) if isinstance(v, tuple) else _plain(v)) for k, v in record.items()},
                                 ensure_ascii=False) + "\n")
        return
    flat = frame.map(_cell)
    if fmt == "csv":  # text that a spreadsheet would run as a formula is neutralised, as in the app's downloads
        neutralise(flat).to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        return
    shown = flat.map(lambda v: "" if v is None else str(v)).map(lambda s: s if len(s) <= 60 else s[:57] + "...")
    out.write(shown.to_string(index=False) + "\n")


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None  # JSON has no NaN: an undefined figure is null
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    use_system_allocator()
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
        taxonomy = load_active_taxonomy(args)
        out = getattr(sys.stdout, "buffer", None)
        for chunk in run_code(args.file, taxonomy):
            if out is not None:
                sys.stdout.flush()
                out.write(chunk)
            else:
                sys.stdout.write(chunk.decode("utf-8", "surrogatepass"))
        return 0
    if args.command == "ingest":
        return run_ingest(args)
    if args.command == "taxonomy":
        return run_taxonomy(args)
    if args.command == "workspace":
        return run_workspace(args)
    if args.command in ("documents", "remove", "restore"):
        return run_documents(args)
    documents, taxonomy = load(args)
    reviews = open_workspace().reviews()
    model = apply_reviews(build_model(documents, taxonomy), reviews)
    if args.command == "reviews":
        write(reviews_table(reviews), args.format, sys.stdout)
        return 0
    if args.command == "tables":
        from gapmodel.tables import write_tables

        try:
            written = write_tables(model, args.folder)
        except OSError as exc:
            raise InputError(f"The tables cannot be written to {args.folder} ({exc.strerror}).") from None
        print(f"Wrote {', '.join(p.name for p in written)} to {args.folder}: {len(model.passages):,} passages.")
        return 0
    if args.command == "agreement":
        write(agreement(model), args.format, sys.stdout)
        return 0
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
