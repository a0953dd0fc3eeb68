"""The workspace store: everything users add, behind one small module.

One SQLite file (``workspace.sqlite``, WAL mode) in the workspace folder holds
added documents (original bytes, extracted text, metadata, edited meetings),
reviews of passages, saved briefing selections and every taxonomy revision.
Each write is one transaction: an interrupted import or save leaves the
previous state as it was. The schema is numbered (``PRAGMA user_version``) and
migrated forward on open. Only this module speaks SQL, and it uses plain
tables and standard statements, so another database (PostgreSQL for a shared
team server) could take its place behind the same methods.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from gapmodel.corpus import Document, InputError, MeetingEdit, kind_of, pack_text, printable, printable_line

APP_NAME = "mandate-gap-monitor"
FILE_NAME = "workspace.sqlite"
APPLICATION_ID = 0x4D474D31  # "MGM1": marks our files among other SQLite files
SCHEMA_VERSION = 3  # the number of migrations below
# A backup uploaded on the Documents page is held in memory: up to this size there (the global upload limit in
# .streamlit/config.toml); a larger one is imported from the command line, which reads it from disk.
MAX_BACKUP_UPLOAD = 1024 * 2**20


def workspace_dir() -> Path:
    """``GAPMODEL_HOME`` if set, else the per-user data folder."""
    home = os.environ.get("GAPMODEL_HOME")
    return Path(home).expanduser() if home else Path(user_data_dir(APP_NAME, appauthor=False))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fingerprint(text: str) -> str:
    """The same text whatever its line breaks and spacing: finds a document added twice."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """An added document as stored, with who added it and whether it was removed."""

    document: Document
    media_type: str
    size: int
    added_at: str
    added_by: str
    removed_at: str | None


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved taxonomy: its text, content hash (the taxonomy version), who saved it and why."""

    number: int
    text: str
    version: str
    comment: str
    saved_by: str
    saved_at: str
    shipped: bool


@dataclass(frozen=True, slots=True)
class Review:
    """An expert's coding of one passage: the views and flags they hold right, and why.

    ``action`` is ``confirmed`` (the automatic codes as they were) or ``corrected``.
    ``auto_views`` and ``auto_flags`` keep what the model said at the time.
    """

    passage_id: str
    document: str
    passage_hash: str
    passage_text: str
    views: tuple[str, ...]
    gap: bool
    remedy: bool
    progress: bool
    action: str
    reason: str
    reviewed_by: str
    reviewed_at: str
    auto_views: tuple[str, ...] = ()
    auto_flags: tuple[bool, bool, bool] = (False, False, False)
    number: int = 0


@dataclass(frozen=True, slots=True)
class Selection:
    """A saved briefing selection: filters (as URL parameters), basket and note title."""

    name: str
    query: dict[str, str]
    basket: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    saved_by: str = ""
    saved_at: str = ""


_MIGRATIONS: tuple[tuple[str, ...], ...] = (  # each: the statements of one schema step
    # 1: the first schema
    (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE documents (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL,
        period TEXT NOT NULL, chair TEXT NOT NULL DEFAULT '', rapporteurs TEXT NOT NULL DEFAULT '',
        symbol TEXT NOT NULL DEFAULT '', source_name TEXT NOT NULL, media_type TEXT NOT NULL,
        original BLOB NOT NULL, text TEXT NOT NULL, fingerprint TEXT NOT NULL,
        added_at TEXT NOT NULL, added_by TEXT NOT NULL, removed_at TEXT)""",
        """CREATE TABLE meeting_edits (
        document_id TEXT NOT NULL REFERENCES documents(id), meeting_id TEXT NOT NULL,
        date TEXT NOT NULL, kind TEXT NOT NULL, theme TEXT NOT NULL,
        PRIMARY KEY (document_id, meeting_id))""",
        """CREATE TABLE reviews (
        number INTEGER PRIMARY KEY AUTOINCREMENT, passage_id TEXT NOT NULL, document_id TEXT NOT NULL,
        passage_hash TEXT NOT NULL, passage_text TEXT NOT NULL, views TEXT NOT NULL,
        gap INTEGER NOT NULL, remedy INTEGER NOT NULL, progress INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('confirmed', 'corrected')), reason TEXT NOT NULL,
        reviewed_by TEXT NOT NULL, reviewed_at TEXT NOT NULL, auto_views TEXT NOT NULL, auto_flags TEXT NOT NULL)""",
        """CREATE INDEX reviews_by_passage ON reviews (passage_id)""",
        """CREATE TABLE taxonomy_revisions (
        number INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, version TEXT NOT NULL,
        comment TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at TEXT NOT NULL, shipped INTEGER NOT NULL)""",
        """CREATE TABLE selections (
        name TEXT PRIMARY KEY, query TEXT NOT NULL, basket TEXT NOT NULL, title TEXT NOT NULL,
        saved_by TEXT NOT NULL, saved_at TEXT NOT NULL)""",
    ),
    # 2: unsaved work kept between sessions (a taxonomy edit in progress)
    (
        """CREATE TABLE drafts (name TEXT PRIMARY KEY, text TEXT NOT NULL, saved_at TEXT NOT NULL)""",
    ),
    # 3: nine kinds of document; what was a "report" is a Working Group report (rows of backups made before
    # are read the same way, see corpus.kind_of)
    (
        """UPDATE documents SET kind = 'Working Group report' WHERE kind = 'report'""",
    ),
)


class Store:
    """The workspace database. Open one per use; every method is its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    # -- connection and schema -------------------------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                _create(self.path)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"The workspace folder {self.path.parent} cannot be used ({exc}). Set GAPMODEL_HOME "
                             "to a folder you can write to.") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                if not _is_ours(conn, allow_new=True):
                    raise InputError(f"{self.path} is not a Mandate Gap Monitor workspace. "
                                     "Point GAPMODEL_HOME at another folder or move that file away.")
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) != SCHEMA_VERSION:
                    conn.execute("PRAGMA journal_mode = WAL")
                    _migrate(conn)  # takes the write lock only when there is something to do
                _sweep_unfinished(self.path.parent)
                self._ready = True
            yield conn
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise InputError("The workspace is busy (another window is saving). Try again in a moment.") \
                    from None
            raise InputError(f"The workspace file {self.path.name} cannot be read ({exc}). Import a backup on the "
                             "Documents page, or move the file away to start a new workspace.") from None
        except sqlite3.DatabaseError as exc:
            raise InputError(f"The workspace file {self.path.name} cannot be read ({exc}). Import a backup on the "
                             "Documents page, or move the file away to start a new workspace.") from None
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write: on any error (or a crash) nothing of it is kept."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back on its own: keep the first error
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connect() as conn:
            return list(conn.execute(sql, params).fetchall())

    def documents_stamp(self) -> str:
        """A short hash of which documents are in the corpus and of their meetings: a model cache key."""
        if not self.path.exists():
            return ""
        digest = hashlib.sha256()
        for row in self._read("SELECT id, fingerprint, date, period, title, removed_at IS NULL FROM documents"
                              " ORDER BY id"):
            digest.update(repr(row).encode())
        for row in self._read("SELECT * FROM meeting_edits ORDER BY document_id, meeting_id"):
            digest.update(repr(row).encode())
        return digest.hexdigest()[:16]

    def reviews_stamp(self) -> str:
        """A short hash of every review (what they say, not how many): a cache key for the reviewed model."""
        if not self.path.exists():
            return ""
        digest = hashlib.sha256()
        for row in self._read("SELECT number, passage_id, passage_hash, views, gap, remedy, progress, reviewed_by,"
                              " reviewed_at FROM reviews ORDER BY number"):
            digest.update(repr(row).encode())
        return digest.hexdigest()[:16]

    def schema_version(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # -- documents -------------------------------------------------------------------------------------------------
    def add_document(self, doc: Document, *, original: bytes, media_type: str, added_by: str,
                     reviews: Sequence[Review] = (), before_commit: Callable[[], None] | None = None) -> Document:
        """Store a document with its original bytes, edited meetings and the reviews made in its preview.

        Refuses a text already present (also a removed one: restore it instead). ``before_commit`` runs
        inside the transaction (tests use it to simulate a crash).
        """
        with self.transaction() as conn:
            same = conn.execute("SELECT id, title, removed_at FROM documents WHERE fingerprint = ?",
                                (fingerprint(doc.text),)).fetchone()
            if same:
                where = "removed documents (restore it from there)" if same[2] else "the workspace"
                raise InputError(f"This document is already in {where} as '{same[1]}'. Nothing was added.")
            taken = {row[0] for row in conn.execute("SELECT id FROM documents")}
            ident, n = doc.id, 1
            while ident in taken:
                n += 1
                ident = f"{doc.id}-{n}"
            conn.execute(
                "INSERT INTO documents (id, title, date, kind, period, chair, rapporteurs, symbol, source_name,"
                " media_type, original, text, fingerprint, added_at, added_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ident, printable_line(doc.title), doc.date, doc.kind, doc.period, printable_line(doc.chair),
                 printable_line(doc.rapporteurs), printable_line(doc.symbol), printable_line(doc.source or doc.file),
                 media_type, original, doc.text, fingerprint(doc.text), now(), printable_line(added_by)))
            conn.executemany(
                "INSERT INTO meeting_edits (document_id, meeting_id, date, kind, theme) VALUES (?, ?, ?, ?, ?)",
                [(ident, m.meeting, m.date, m.kind, printable_line(m.theme)) for m in doc.meeting_edits])
            for review in reviews:
                prefix = f"{doc.id}:"
                pid = f"{ident}:{review.passage_id[len(prefix):]}" if review.passage_id.startswith(prefix) else \
                    review.passage_id
                _insert_review(conn, replace(review, passage_id=pid, document=ident))
            if before_commit:
                before_commit()
        return _as_document(self._documents("WHERE id = ?", (ident,))[0])

    def documents(self, *, removed: bool = False) -> tuple[StoredDocument, ...]:
        """Added documents in the order they were added; the removed ones with ``removed``."""
        return tuple(_stored(row) for row in self._documents(
            "WHERE removed_at IS NOT NULL" if removed else "WHERE removed_at IS NULL"))

    def _documents(self, where: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = self._read(
            "SELECT id, title, date, kind, period, chair, rapporteurs, symbol, source_name, text, media_type,"
            f" length(original), added_at, added_by, removed_at FROM documents {where} ORDER BY rowid", params)
        edits: dict[str, list[MeetingEdit]] = {}
        for doc_id, meeting, date, kind, theme in self._read(
                "SELECT document_id, meeting_id, date, kind, theme FROM meeting_edits ORDER BY meeting_id"):
            edits.setdefault(doc_id, []).append(MeetingEdit(meeting, date, kind, theme))
        return [(*row, tuple(edits.get(row[0], ()))) for row in rows]

    def has_documents(self) -> bool:
        """Whether any added document is in the corpus (without reading them)."""
        if not self.path.exists():
            return False
        return bool(self._read("SELECT EXISTS (SELECT 1 FROM documents WHERE removed_at IS NULL)")[0][0])

    def original(self, doc_id: str) -> tuple[str, bytes]:
        """The file as it was added: its name and bytes."""
        rows = self._read("SELECT source_name, original FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise InputError(f"There is no added document '{doc_id}'.")
        return str(rows[0][0]), bytes(rows[0][1])

    def remove_document(self, doc_id: str) -> None:
        """Take a document out of the corpus; it stays stored and can be restored."""
        self._set_removed(doc_id, now())

    def restore_document(self, doc_id: str) -> None:
        self._set_removed(doc_id, None)

    def _set_removed(self, doc_id: str, when: str | None) -> None:
        with self.transaction() as conn:
            if conn.execute("UPDATE documents SET removed_at = ? WHERE id = ?", (when, doc_id)).rowcount != 1:
                raise InputError(f"There is no added document '{doc_id}'. The list of documents shows their ids.")

    # -- taxonomy revisions ----------------------------------------------------------------------------------------
    def revisions(self) -> tuple[Revision, ...]:
        return tuple(Revision(int(n), t, v, c, b, a, bool(s)) for n, t, v, c, b, a, s in self._read(
            "SELECT number, text, version, comment, saved_by, saved_at, shipped FROM taxonomy_revisions"
            " ORDER BY number"))

    def active_revision(self) -> Revision | None:
        rows = self._read("SELECT value FROM meta WHERE key = 'active_taxonomy'")
        number = int(rows[0][0]) if rows else 0
        return next((r for r in self.revisions() if r.number == number), None)

    def follow_shipped(self, text: str, version: str) -> Revision:
        """Make sure the taxonomy shipped with the app is a revision; the active one unless a user chose another.

        The first shipped taxonomy becomes revision 1. When an upgrade ships a new one, it is added as a
        revision and becomes active only if the active revision was the previous shipped one.
        """
        active = self.active_revision()
        if active and active.shipped and active.version == version:
            return active
        if active and not active.shipped:
            known = any(r.shipped and r.version == version for r in self.revisions())
            if known:
                return active
        with self.transaction() as conn:
            current = conn.execute("SELECT r.shipped FROM meta m JOIN taxonomy_revisions r ON r.number ="
                                   " CAST(m.value AS INTEGER) WHERE m.key = 'active_taxonomy'").fetchone()
            chosen_by_user = current is not None and not current[0]  # re-read: another window may have saved
            row = conn.execute("SELECT number FROM taxonomy_revisions WHERE shipped = 1 AND version = ?",
                               (version,)).fetchone()
            if row is None:
                number = _insert_revision(conn, text, version, "The taxonomy shipped with the app (data/taxonomy.yaml)",
                                          "Mandate Gap Monitor", shipped=True)
            else:
                number = int(row[0])
            if not chosen_by_user:
                _set_meta(conn, "active_taxonomy", str(number))
        revision = self.active_revision()
        assert revision is not None
        return revision

    def save_revision(self, text: str, version: str, *, comment: str, saved_by: str) -> Revision:
        """Save a taxonomy as a new revision and make it the active one."""
        with self.transaction() as conn:
            number = _insert_revision(conn, text, version, printable_line(comment), printable_line(saved_by),
                                      shipped=False)
            _set_meta(conn, "active_taxonomy", str(number))
        return next(r for r in self.revisions() if r.number == number)

    def roll_back(self, number: int, *, saved_by: str) -> Revision:
        """Make an earlier revision active again, as a new revision (the history keeps every step)."""
        old = next((r for r in self.revisions() if r.number == number), None)
        if old is None:
            raise InputError(f"There is no taxonomy revision {number}. The list of revisions shows their numbers.")
        active = self.active_revision()
        if active is not None and active.version == old.version:
            raise InputError(f"Revision {number} is the same taxonomy as the active revision {active.number}: "
                             "nothing to roll back.")
        return self.save_revision(old.text, old.version, comment=f"Rolled back to revision {number}",
                                  saved_by=saved_by)

    # -- reviews ---------------------------------------------------------------------------------------------------
    def add_review(self, review: Review) -> None:
        with self.transaction() as conn:
            _insert_review(conn, review)

    def reviews(self) -> tuple[Review, ...]:
        """Every review ever saved, oldest first (the latest per passage is the one that counts)."""
        return tuple(_review(row) for row in self._read(
            "SELECT passage_id, document_id, passage_hash, passage_text, views, gap, remedy, progress, action,"
            " reason, reviewed_by, reviewed_at, auto_views, auto_flags, number FROM reviews ORDER BY number"))

    # -- briefing selections ---------------------------------------------------------------------------------------
    def save_selection(self, selection: Selection) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO selections (name, query, basket, title, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query, basket = excluded.basket,"
                " title = excluded.title, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
                (printable_line(selection.name), json.dumps(selection.query),
                 json.dumps([(item, printable(note)) for item, note in selection.basket]),
                 printable_line(selection.title), printable_line(selection.saved_by), now()))

    def selections(self) -> tuple[Selection, ...]:
        return tuple(
            Selection(n, json.loads(q), [(str(x[0]), str(x[1])) for x in json.loads(b)], t, by, at)
            for n, q, b, t, by, at in self._read(
                "SELECT name, query, basket, title, saved_by, saved_at FROM selections ORDER BY saved_at DESC"))

    def delete_selection(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM selections WHERE name = ?", (name,))

    # -- unsaved work -----------------------------------------------------------------------------------------------
    def keep_draft(self, name: str, text: str) -> None:
        """Keep work in progress (e.g. a taxonomy being edited) so a closed browser does not lose it."""
        with self.transaction() as conn:
            conn.execute("INSERT INTO drafts (name, text, saved_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                         " SET text = excluded.text, saved_at = excluded.saved_at", (name, text, now()))

    def draft(self, name: str) -> tuple[str, str] | None:
        """The kept draft's text and when it was kept, or None."""
        rows = self._read("SELECT text, saved_at FROM drafts WHERE name = ?", (name,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def drop_draft(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE name = ?", (name,))

    # -- the whole workspace as one file ---------------------------------------------------------------------------
    def export_to(self, target: Path) -> None:
        """Copy the whole workspace into one file (a consistent snapshot, even while others write)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".sqlite")
        os.close(fd)
        try:
            with self._connect() as conn:
                out = sqlite3.connect(tmp)
                try:
                    conn.backup(out)
                    out.execute("PRAGMA journal_mode = DELETE")
                finally:
                    out.close()
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def export_bytes(self) -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "workspace.sqlite"
            self.export_to(path)
            return path.read_bytes()

    def import_from(self, source: Path) -> Path:
        """Replace the workspace with an exported one; the current one is first saved beside it.

        Returns the path of that safety copy. The backup is checked completely on a private copy before
        anything changes: our application id, its integrity, a schema version this app knows, every table
        and column as that version made them, and every row (dates, JSON, taxonomy revisions). Only the
        rows of our tables are copied, into a schema made here: triggers, views and indexes in the file are
        never taken. On any problem it is refused in a sentence and the workspace stays exactly as it was.
        """
        from gapmodel.backup import copy_rows, row_problems, tables, tables_of_version

        refused = InputError(f"{source.name} is not a backup of a Mandate Gap Monitor workspace, or it is damaged. "
                             "Choose the .sqlite file that 'Download the backup' (or 'workspace export') made.")
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "import.sqlite"
            try:
                src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
                try:
                    if not _is_ours(src, allow_new=False) or src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                        raise refused
                    found = int(src.execute("PRAGMA user_version").fetchone()[0])
                    if found > SCHEMA_VERSION:
                        raise InputError(f"{source.name} was made by a newer version of the app (workspace schema "
                                         f"{found}). Update the app, then import it.")
                    if found < 1 or tables(src) != tables_of_version(found):
                        raise refused
                finally:
                    src.close()
                copy_rows(source, copy, found)
                problems = row_problems(copy)
            except sqlite3.Error:
                raise refused from None
            if problems:
                raise InputError(f"{source.name} cannot be imported; nothing was changed. {problems[0]} "
                                 "Choose another backup.")
            backup = self.path.with_name(f"{BEFORE_IMPORT}{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.sqlite")
            if self.path.exists():
                self.export_to(backup)
            fresh = sqlite3.connect(copy)
            try:
                with self._connect() as conn:
                    fresh.backup(conn)  # one step: the workspace is the old one or the new one, never half
            finally:
                fresh.close()
        for old in sorted(self.path.parent.glob(f"{BEFORE_IMPORT}*.sqlite"))[:-KEEP_BEFORE_IMPORT]:
            old.unlink(missing_ok=True)  # the last few are kept; each is a whole workspace (tens of MB)
        return backup


BEFORE_IMPORT = "workspace-before-import-"  # the copy of the workspace an import keeps, then a UTC time
KEEP_BEFORE_IMPORT = 3
_UNFINISHED_AFTER = 3600.0  # seconds: a private file of an export or a new workspace older than this was left by
                            # a process that was stopped (no export takes an hour); a younger one may be in use


def _sweep_unfinished(folder: Path) -> None:
    """Remove the private files (``.tmp-*.sqlite``) that a process killed while exporting, importing or making the
    workspace left beside it."""
    limit = time.time() - _UNFINISHED_AFTER
    for leftover in folder.glob(".tmp-*.sqlite"):
        try:
            if leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:  # gone already, or not ours to remove
            pass


def _create(path: Path) -> None:
    """A new workspace, made whole in a private file and then put in place in one step, so no other
    process ever opens it half made; where another process was first, its workspace is kept."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".sqlite")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            _migrate(conn)
            conn.execute("PRAGMA journal_mode = WAL")  # kept in the file
        finally:
            conn.close()
        try:
            os.link(tmp, path)  # fails if the workspace exists by now
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _is_ours(conn: sqlite3.Connection, *, allow_new: bool) -> bool:
    """Whether a database is one of our workspaces (or, with ``allow_new``, a new empty file)."""
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    empty = app == 0 and not conn.execute("SELECT name FROM sqlite_master").fetchone()
    return app == APPLICATION_ID or (allow_new and empty)


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise InputError(f"The workspace was written by a newer version of the app (schema {version}). "
                             "Update the app to open it.")
        for number in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[number]:
                conn.execute(statement)
            if number == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                _set_meta(conn, "created_at", now())
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (key, value))


def _insert_revision(conn: sqlite3.Connection, text: str, version: str, comment: str, saved_by: str, *,
                     shipped: bool) -> int:
    cursor = conn.execute(
        "INSERT INTO taxonomy_revisions (text, version, comment, saved_by, saved_at, shipped)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (text, version, comment, saved_by, now(), int(shipped)))
    return int(cursor.lastrowid or 0)


def _insert_review(conn: sqlite3.Connection, r: Review) -> None:
    if not r.reviewed_by.strip():
        raise InputError("Enter your name before saving a review: every review records who made it.")
    conn.execute(
        "INSERT INTO reviews (passage_id, document_id, passage_hash, passage_text, views, gap, remedy, progress,"
        " action, reason, reviewed_by, reviewed_at, auto_views, auto_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        (r.passage_id, r.document, r.passage_hash, r.passage_text, json.dumps(list(r.views)), int(r.gap),
         int(r.remedy), int(r.progress), r.action, printable(r.reason), printable_line(r.reviewed_by),
         r.reviewed_at or now(),
         json.dumps(list(r.auto_views)), json.dumps(list(r.auto_flags))))


def _review(row: tuple[Any, ...]) -> Review:
    (pid, doc, phash, ptext, views, gap, remedy, progress, action, reason, by, at, auto_views, auto_flags,
     number) = row
    flags = json.loads(auto_flags)
    return Review(pid, doc, phash, ptext, tuple(json.loads(views)), bool(gap), bool(remedy), bool(progress), action,
                  reason, by, at, tuple(json.loads(auto_views)), (bool(flags[0]), bool(flags[1]), bool(flags[2])),
                  int(number))


def _stored(row: tuple[Any, ...]) -> StoredDocument:
    return StoredDocument(_as_document(row), str(row[10]), int(row[11]), str(row[12]), str(row[13]), row[14])


def _as_document(row: tuple[Any, ...]) -> Document:
    (ident, title, date, kind, period, chair, rapporteurs, symbol, source, text) = row[:10]
    return Document(id=ident, title=title, date=date, kind=kind_of(kind), period=period, packed_text=pack_text(text),
                    file=source,
                    chair=chair, rapporteurs=rapporteurs, symbol=symbol, source=source, origin="workspace",
                    meeting_edits=row[-1])


_STORES: dict[Path, Store] = {}


def open_store(home: Path | None = None) -> Store:
    """The store in ``home`` (default: the workspace folder); one per file, so its schema is checked once."""
    path = (home or workspace_dir()) / FILE_NAME
    if path not in _STORES or not path.exists():
        _STORES[path] = Store(path)
    return _STORES[path]
