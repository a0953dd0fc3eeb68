"""Checking a workspace backup before it replaces anything (``Store.import_from``).

A backup is a SQLite file anyone could have edited. Its schema is compared with what our migrations make
for its version, its rows are copied into a schema made here (never its triggers, views or indexes), and
every row is read as the app will read it: dates, JSON, text kinds and encoding, taxonomy revisions, sizes.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from gapmodel.corpus import MAX_BYTES
from gapmodel.store import _MIGRATIONS, SCHEMA_VERSION, _migrate

Schema = dict[str, list[tuple[Any, ...]]]


def tables(conn: sqlite3.Connection) -> Schema:
    """Each table's columns (name, type, not null, default, primary key), as SQLite reports them."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
                                        "'CREATE TABLE%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    virtual = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                           "'CREATE TABLE%'").fetchone()[0]
    tables = {name: [tuple(c[1:]) for c in conn.execute(f'PRAGMA table_info("{name}")')] for name in names}
    return {**tables, "(virtual tables)": [(virtual,)]} if virtual else tables


def tables_of_version(version: int) -> Schema:
    """The tables and columns our migrations make up to schema ``version``."""
    conn = sqlite3.connect(":memory:")
    try:
        for number in range(version):
            for statement in _MIGRATIONS[number]:
                conn.execute(statement)
        return tables(conn)
    finally:
        conn.close()


def copy_rows(source: Path, target: Path, version: int) -> None:
    """A new file with our full schema and the rows of the backup's tables (nothing else of the file)."""
    conn = sqlite3.connect(target.resolve().as_uri(), uri=True, isolation_level=None)  # URIs in ATTACH too
    try:
        _migrate(conn)
        conn.execute("ATTACH DATABASE ? AS backup", (source.resolve().as_uri() + "?mode=ro",))
        conn.execute("BEGIN")
        for table, columns in tables_of_version(version).items():
            names = ", ".join(f'"{c[0]}"' for c in columns)
            conn.execute(f'DELETE FROM main."{table}"')  # the migration's own rows (meta) give way to the backup's
            conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM backup."{table}"')
        _copy_counters(conn)
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE backup")
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _copy_counters(conn: sqlite3.Connection) -> None:
    """The counters of numbered rows (reviews, revisions): the backup's where they are sane, else the highest
    number in the table (a counter at the largest integer would refuse every later save)."""
    conn.execute("DELETE FROM main.sqlite_sequence")
    has_counters = conn.execute("SELECT 1 FROM backup.sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    for table in ("reviews", "taxonomy_revisions"):
        highest = int(conn.execute(f"SELECT coalesce(max(number), 0) FROM main.{table}").fetchone()[0])
        kept = conn.execute("SELECT seq FROM backup.sqlite_sequence WHERE name = ?", (table,)).fetchone() \
            if has_counters else None
        seq = kept[0] if kept is not None else None
        sane = isinstance(seq, int) and highest <= seq <= highest + 1_000_000
        if kept is not None or highest:
            conn.execute("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)",
                         (table, seq if sane else highest))


def row_problems(path: Path) -> list[str]:
    """Every row checked as the app will read it; the first problems found, each a sentence."""
    from gapmodel.dates import iso_problem
    from gapmodel.taxonomy import parse_taxonomy, taxonomy_version
    from gapmodel.yamlfile import DataFileError

    problems: list[str] = []
    conn = sqlite3.connect(path)
    try:
        problems += _kind_problems(conn)
        if problems:  # values of the wrong kind: the checks below would misread them
            return problems
        for ident, size, length in conn.execute("SELECT id, length(original), length(text) FROM documents"):
            if size > MAX_BYTES or length > 2 * MAX_BYTES:
                problems.append(f"Its document '{ident}' is larger than any document this app reads "
                                f"({MAX_BYTES // 2**20} MB).")
        for table, what in (("reviews", "reviews"), ("taxonomy_revisions", "taxonomy revisions")):
            highest = conn.execute(f"SELECT max(number) FROM {table}").fetchone()[0]
            if highest is not None and highest > 2**53:  # no later one could be numbered
                problems.append(f"Its numbering of {what} is damaged.")
        for (value,) in conn.execute("SELECT value FROM meta WHERE key = 'active_taxonomy'"):
            numbers = {n for (n,) in conn.execute("SELECT number FROM taxonomy_revisions")}
            if not str(value).isdecimal() or int(value) not in numbers:
                problems.append("Its record of the active taxonomy revision is damaged.")
        for ident, date, period in conn.execute("SELECT id, date, period FROM documents"):
            for what, value in (("date", date), ("period", period)):
                if (problem := iso_problem(str(value), f"The {what}")) is not None:
                    problems.append(f"Its document '{ident}': {problem}")
        for ident, meeting, date in conn.execute("SELECT document_id, meeting_id, date FROM meeting_edits"):
            if (problem := iso_problem(str(date), f"The date of meeting {meeting}")) is not None:
                problems.append(f"Its document '{ident}': {problem}")
        for row in conn.execute("SELECT number, views, auto_views, auto_flags, reviewed_at FROM reviews"):
            if not _json_is(row[1], list, str) or not _json_is(row[2], list, str) or not _json_is(row[3], list, int) \
                    or len(json.loads(row[3])) != 3 or not _timestamp(row[4]):
                problems.append(f"Its review {row[0]} is damaged.")
        for name, query, basket in conn.execute("SELECT name, query, basket FROM selections"):
            if not _json_is(query, dict, str) or not _json_is(basket, list, list) or not all(
                    len(item) == 2 and all(isinstance(part, str) for part in item) for item in json.loads(basket)):
                problems.append(f"Its saved selection '{name}' is damaged.")
        for number, text, version in conn.execute("SELECT number, text, version FROM taxonomy_revisions"):
            try:
                parse_taxonomy(str(text), f"taxonomy revision {number}")
            except DataFileError as exc:
                problems.append(f"Its taxonomy revision {number} cannot be read: {exc.problems[0]}")
            else:
                if version != taxonomy_version(str(text)):
                    problems.append(f"Its taxonomy revision {number} does not match its recorded version.")
        for name, text in conn.execute("SELECT name, text FROM drafts"):
            draft = json.loads(text) if _json_is(text, dict, object) else {}
            if not isinstance(draft.get("text"), str) or not isinstance(draft.get("base"), int):
                problems.append(f"Its unsaved draft '{name}' is damaged.")
    finally:
        conn.close()
    return problems


def _kind_problems(conn: sqlite3.Connection) -> list[str]:
    """Values of the wrong kind (a number or bytes where text belongs) or text that is not UTF-8, per column."""
    problems = []
    conn.text_factory = bytes  # read text as stored, to check it decodes
    try:
        for table, columns in tables_of_version(SCHEMA_VERSION).items():
            for name, kind, *_ in columns:
                wanted = {"TEXT": "text", "INTEGER": "integer", "BLOB": "blob"}.get(str(kind), "")
                wrong = conn.execute(f'SELECT count(*) FROM "{table}" WHERE "{name}" IS NOT NULL AND '
                                     f'typeof("{name}") != ?', (wanted,)).fetchone()[0] if wanted else 0
                if wrong:
                    problems.append(f"Its table of {table.replace('_', ' ')} holds {wrong} "
                                    f"{'value' if wrong == 1 else 'values'} of the wrong kind ({name}).")
                elif wanted == "text":
                    for (value,) in conn.execute(f'SELECT "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL'):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            problems.append(f"Its table of {table.replace('_', ' ')} holds text that is not "
                                            f"UTF-8 ({name}).")
                            break
    finally:
        conn.text_factory = str
    return problems


def _json_is(text: Any, kind: type, item: type) -> bool:
    """Whether ``text`` is JSON of ``kind`` (list or dict) whose items (values) are all ``item``."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return False
    items = value.values() if isinstance(value, dict) else value
    return isinstance(value, kind) and all(isinstance(v, item) for v in items)


def _timestamp(text: Any) -> bool:
    try:
        datetime.fromisoformat(str(text))
    except ValueError:
        return False
    return True
