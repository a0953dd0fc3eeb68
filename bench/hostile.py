"""Replays hostile and clumsy input against the app's entry points and prints tried / handled.

    python3 bench/hostile.py

Each input once took the server down, bricked a workspace or gave a wrong table (issue 14): YAML alias bombs
and deep nesting, DOCX zip bombs, days the calendar does not have, mistyped years, damaged or armed workspace
backups, regexes that match nothing or cost too much, a new workspace opened by several processes at once.
"Handled" means refused in one sentence (or, for a planted trigger, imported without it), with the workspace
as it was. The builders below are shared with ``tests/test_hostile.py``.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gapmodel.store import APPLICATION_ID  # noqa: E402

SHIPPED_TAXONOMY = ROOT / "data" / "taxonomy.yaml"


# -- builders of hostile input ---------------------------------------------------------------------------------------
def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes of YAML whose aliases expand to 9^levels values ("billion laughs")."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for before, name in zip(names, names[1:levels], strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + before] * 9)}]")
    return "\n".join(lines) + "\n"


def mapping_bomb(levels: int = 8) -> str:
    """The same expansion through mappings of mappings."""
    lines = ["a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}"]
    names = "abcdefghijklmnop"
    for before, name in zip(names, names[1:levels], strict=False):
        lines.append(f"{name}: &{name} {{" + ", ".join(f"k{i}: *{before}" for i in range(10)) + "}")
    return "\n".join(lines) + "\n"


def text_bomb(characters: int = 50_000, copies: int = 45) -> str:
    """Aliases of one long phrase: few values, but millions of characters once written out."""
    return f'a: &p "{"x" * characters}"\nb: [{", ".join(["*p"] * copies)}]\n'


def docx_with_long_text(docx: bytes, megabytes: int) -> bytes:
    """A Word file whose text and layout part is padded to about ``megabytes`` MiB (it compresses well)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * (megabytes << 20) + b"--></w:body>")
            target.writestr(info, data)
    return out.getvalue()


def with_regexes(taxonomy_text: str, regexes: list[str]) -> str:
    """The taxonomy with ``regexes`` added to its first view (JSON strings are YAML's double-quoted scalars)."""
    at = taxonomy_text.index("\n    include:")
    return taxonomy_text[:at] + f"\n    regex: [{', '.join(json.dumps(r) for r in regexes)}]" + taxonomy_text[at:]


def docx_bomb(docx: bytes, megabytes: int) -> bytes:
    """A Word file with an extra part of ``megabytes`` MiB of zeros (a few hundred KB once compressed)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open("word/media/padding.bin", "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def docx_understated(docx: bytes, megabytes: int = 8) -> bytes:
    """A Word file with a part whose headers declare 1,000 bytes but which unpacks to ``megabytes`` MiB."""
    name = b"word/media/understated.bin"
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name.decode(), bytes(megabytes << 20))
    data = bytearray(out.getvalue())
    local = data.index(b"PK\x03\x04")
    while data[local + 30:local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, 1000)
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)
    return bytes(data)


BACKUP_DAMAGE = {  # how a backup is damaged: what the refusal says
    "version 0": "not a backup of a Mandate Gap Monitor workspace, or it is damaged",
    "missing column": "not a backup of a Mandate Gap Monitor workspace, or it is damaged",
    "extra table": "not a backup of a Mandate Gap Monitor workspace, or it is damaged",
    "newer version": "was made by a newer version of the app",
    "review not json": "Its review 1 is damaged",
    "impossible date": "names a day that does not exist",
    "mistyped year": "names the year 1018",
    "bomb revision": "Its taxonomy revision 1 cannot be read",
    "damaged draft": "Its unsaved draft 'taxonomy:Ana' is damaged",
    "draft without its base": "Its unsaved draft 'taxonomy:Ana' is damaged",
    "short review flags": "Its review 1 is damaged",
    "active revision not a number": "Its record of the active taxonomy revision is damaged",
    "text stored as bytes": "holds 1 value of the wrong kind (text)",
    "text not UTF-8": "holds text that is not UTF-8 (title)",
    "basket item not a pair": "Its saved selection 'x' is damaged",
    "revision with an impossible date": "Its taxonomy revision 1 cannot be read",
    "original over 50 MB": "is larger than any document this app reads",
    "revision not its recorded version": "Its taxonomy revision 1 does not match its recorded version",
    "review numbered at the largest integer": "Its numbering of reviews is damaged",
}


def damaged_backup(exported: Path, target: Path, damage: str) -> Path:
    """A copy of an exported workspace damaged in one way (see :data:`BACKUP_DAMAGE`, plus 'trigger' and
    'version 1'). The exported workspace needs one document and one taxonomy revision."""
    if damage == "version 0":
        conn = sqlite3.connect(target)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.commit()
        conn.close()
        return target
    shutil.copyfile(exported, target)
    conn = sqlite3.connect(target)
    statements = {
        "missing column": ["ALTER TABLE documents DROP COLUMN rapporteurs"],
        "extra table": ["CREATE TABLE planted (x)"],
        "newer version": ["PRAGMA user_version = 99"],
        "review not json": ["INSERT INTO reviews (passage_id, document_id, passage_hash, passage_text, views, gap, "
                            "remedy, progress, action, reason, reviewed_by, reviewed_at, auto_views, auto_flags) "
                            "VALUES ('r:001', 'r', 'h', 't', 'not json', 1, 0, 0, 'confirmed', '', 'Ana', "
                            "'2026-01-01T00:00:00+00:00', '[]', '[0, 0, 0]')"],
        "impossible date": ["UPDATE documents SET date = '2018-02-29'"],
        "mistyped year": ["UPDATE documents SET period = '1018'"],
        "bomb revision": [f"UPDATE taxonomy_revisions SET text = {_quoted(alias_bomb())} WHERE number = 1"],
        "damaged draft": ["INSERT INTO drafts VALUES ('taxonomy:Ana', '{\"base\": 1', '2026-01-01T00:00:00')"],
        "draft without its base": ["INSERT INTO drafts VALUES ('taxonomy:Ana', '{\"text\": \"views: []\"}', "
                                   "'2026-01-01T00:00:00')"],
        "short review flags": ["INSERT INTO reviews (passage_id, document_id, passage_hash, passage_text, views, gap, "
                               "remedy, progress, action, reason, reviewed_by, reviewed_at, auto_views, auto_flags) "
                               "VALUES ('r:001', 'r', 'h', 't', '[]', 1, 0, 0, 'confirmed', '', 'Ana', "
                               "'2026-01-01T00:00:00+00:00', '[]', '[1]')"],
        "active revision not a number": ["UPDATE meta SET value = 'abc' WHERE key = 'active_taxonomy'"],
        "text stored as bytes": ["UPDATE documents SET text = X'FFFE00'"],
        "text not UTF-8": ["UPDATE documents SET title = CAST(X'FF' AS TEXT)"],
        "basket item not a pair": ["INSERT INTO selections VALUES ('x', '{}', '[[\"only one\"]]', 't', 'Ana', "
                                   "'2026-01-01T00:00:00+00:00')"],
        "revision with an impossible date": ["UPDATE taxonomy_revisions SET text = 'created: 2018-02-31' || "
                                             "char(10) || text WHERE number = 1"],
        "original over 50 MB": ["UPDATE documents SET original = zeroblob(52428801)"],
        "revision not its recorded version": ["UPDATE taxonomy_revisions SET version = '000000000000' "
                                              "WHERE number = 1"],
        "counter at the largest integer": ["UPDATE sqlite_sequence SET seq = 9223372036854775807"],
        "review numbered at the largest integer": [
            "INSERT INTO reviews (number, passage_id, document_id, passage_hash, passage_text, views, gap, remedy, "
            "progress, action, reason, reviewed_by, reviewed_at, auto_views, auto_flags) VALUES "
            "(9223372036854775807, 'r:001', 'r', 'h', 't', '[]', 1, 0, 0, 'confirmed', '', 'Ana', "
            "'2026-01-01T00:00:00+00:00', '[]', '[0, 0, 0]')"],
        "trigger": ["CREATE TRIGGER wipe AFTER INSERT ON documents BEGIN DELETE FROM reviews; END",
                    "CREATE VIEW peek AS SELECT * FROM documents", "CREATE INDEX planted ON documents (title)"],
        "version 1": ["DROP TABLE drafts", "PRAGMA user_version = 1"],
    }[damage]
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return target


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _open_after(barrier: object, home: str) -> str:
    from gapmodel.corpus import InputError
    from gapmodel.store import Store

    barrier.wait()  # type: ignore[attr-defined]
    try:
        Store(Path(home) / "workspace.sqlite").documents()
    except InputError as exc:
        return str(exc)
    return "ok"


def open_concurrently(home: Path, processes: int = 8) -> list[str]:
    """Open one new workspace from ``processes`` processes released at the same moment: what each was told."""
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(processes)
    with context.Pool(processes) as pool:
        return pool.starmap(_open_after, [(barrier, str(home))] * processes)


# -- the replay ------------------------------------------------------------------------------------------------------
Attempt = tuple[str, Callable[[], bool]]


def _refused(action: Callable[[], object], *kinds: type[BaseException], says: str = "") -> bool:
    """Whether ``action`` was refused with one of ``kinds`` whose message contains ``says``."""
    try:
        action()
    except kinds as exc:
        return says in str(exc)
    return False


def attempts(folder: Path) -> list[Attempt]:
    """Every hostile input, with a check that it was handled."""
    from files import REPORT_2018, make_docx

    from gapmodel.corpus import InputError, document_from_text
    from gapmodel.curation import check
    from gapmodel.dates import find_dates, iso_problem
    from gapmodel.readers import extract
    from gapmodel.store import open_store
    from gapmodel.taxonomy import taxonomy_version
    from gapmodel.workspace import open_workspace
    from gapmodel.yamlfile import DataFileError, load_yaml_text

    shipped = SHIPPED_TAXONOMY.read_text(encoding="utf-8")
    docx = make_docx(REPORT_2018)
    found: list[Attempt] = [
        ("YAML alias bomb (lists)", lambda: _refused(lambda: load_yaml_text(alias_bomb(), "b"), DataFileError)),
        ("YAML alias bomb (mappings)", lambda: _refused(lambda: load_yaml_text(mapping_bomb(), "b"), DataFileError)),
        ("YAML alias bomb as a taxonomy draft", lambda: check(alias_bomb())[0] is None),
        ("YAML nested 5,000 deep", lambda: _refused(lambda: load_yaml_text("[" * 5000 + "]" * 5000, "d"),
                                                     DataFileError)),
        ("YAML mappings nested 500 deep", lambda: _refused(lambda: load_yaml_text("{a: " * 500 + "1" + "}" * 500,
                                                                                  "d"), DataFileError)),
        ("YAML alias inside itself", lambda: _refused(lambda: load_yaml_text("a: &x [1, *x]", "d"), DataFileError)),
        ("YAML aliases of a 50,000-character phrase", lambda: _refused(lambda: load_yaml_text(text_bomb(), "d"),
                                                                      DataFileError)),
        ("YAML date that does not exist (2018-02-31)", lambda: check("created: 2018-02-31\n" + shipped)[0] is None),
        ("YAML number of 5,000 digits", lambda: check("x: " + "9" * 5000 + "\n" + shipped)[0] is None),
        ("YAML hexadecimal number of 4,000 digits", lambda: check("x: 0x" + "f" * 4000 + "\n" + shipped)[0] is None),
        ("YAML of a million empty lists", lambda: _refused(lambda: load_yaml_text("x: [" + "[]," * 10**6 + "]", "e"),
                                                          DataFileError, says="Split the file")),
        ("a phrase of 100,000 characters", lambda: check(shipped.replace(
            "      - mandate formulation\n", "      - " + "word " * 20000 + "\n", 1))[0] is None),
        ("YAML ordinary aliases (the shipped taxonomy) still load", lambda: check(shipped)[1] == []),
        ("DOCX with a 300 MiB extra part", lambda: _refused(lambda: extract("b.docx", docx_bomb(docx, 300)),
                                                            InputError, says="unpacks to more than")),
        ("DOCX part understating its size", lambda: _refused(lambda: extract("u.docx", docx_understated(docx)),
                                                             InputError, says="damaged")),
        ("DOCX whose text part unpacks to 40 MiB", lambda: _refused(
            lambda: extract("t.docx", docx_with_long_text(docx, 40)), InputError, says="more text and layout")),
        ("29 February 2018 in a text", lambda: find_dates("On 29 February 2018 it met.") == ()),
        ("--period in Arabic-Indic digits", lambda: iso_problem("\u0662\u0660\u0661\u0668") is not None),
        ("--period in full-width digits", lambda: iso_problem("\uff12\uff10\uff11\uff18") is not None),
        ("31 February to 31 April 2018 in a text", lambda: find_dates("From 31 February to 31 April 2018.") == ()),
        ("--date 2018-02-31", lambda: iso_problem("2018-02-31") is not None),
        ("--period 0000", lambda: iso_problem("0000") is not None),
        ("--period 2019/2010", lambda: iso_problem("2019/2010") is not None),
        ("--period 1018", lambda: iso_problem("1018") is not None),
        ("a document dated 2200", lambda: _refused(lambda: document_from_text(
            REPORT_2018, name="r.txt", origin="workspace", overrides={"date": "2200-01-01"}), InputError)),
        ("regex x*", lambda: check(with_regexes(shipped, ["x*"]))[0] is None),
        ("regex a|", lambda: check(with_regexes(shipped, ["a|"]))[0] is None),
        ("regex \\b", lambda: check(with_regexes(shipped, ["\\b"]))[0] is None),
        ("regex a{1000}", lambda: check(with_regexes(shipped, ["a{1000}"]))[0] is None),
        ("regex a{1000} repeated 50 times", lambda: check(with_regexes(shipped, ["a{1000}" * 50]))[0] is None),
        ("50 regexes a{900}", lambda: check(with_regexes(shipped, ["a{900}"] * 50))[0] is None),
    ]
    home = folder / "workspace"
    store = open_workspace(home)
    store.add_document(document_from_text(REPORT_2018, name="r.txt", origin="workspace"), original=b"x",
                       media_type="text/plain", added_by="bench")
    store.save_revision(shipped, taxonomy_version(shipped), comment="", saved_by="bench")
    exported = folder / "backup.sqlite"
    store.export_to(exported)

    def backup_refused(damage: str) -> bool:
        before = [d.document.id for d in store.documents()], store.schema_version()
        bad = damaged_backup(exported, folder / f"{damage}.sqlite", damage)
        refused = _refused(lambda: store.import_from(bad), InputError, says=BACKUP_DAMAGE[damage])
        return refused and ([d.document.id for d in store.documents()], store.schema_version()) == before

    def trigger_dropped() -> bool:
        store.import_from(damaged_backup(exported, folder / "trigger.sqlite", "trigger"))
        conn = sqlite3.connect(store.path)
        planted = conn.execute("SELECT name FROM sqlite_master WHERE name IN ('wipe', 'peek', 'planted')").fetchall()
        conn.close()
        return planted == []

    for damage in BACKUP_DAMAGE:
        found.append((f"backup: {damage}", lambda damage=damage: backup_refused(damage)))  # type: ignore[misc]
    found.append(("backup with a trigger, a view and an index", trigger_dropped))
    found.append(("8 processes opening a new workspace", lambda: open_concurrently(folder / "new") == ["ok"] * 8))
    found.append(("a second store on the same new folder", lambda: open_store(folder / "new").documents() == ()))
    return found


def replay(folder: Path) -> tuple[int, int, list[str]]:
    """Try every input; the number tried, the number handled, and the names of those not handled."""
    previous = os.environ.get("GAPMODEL_HOME")
    os.environ["GAPMODEL_HOME"] = str(folder / "home")
    failures: list[str] = []
    try:
        tried = attempts(folder)
        for name, handled in tried:
            try:
                ok = handled()
            except Exception as exc:  # an input that escaped as an error is not handled
                ok = False
                name = f"{name} ({type(exc).__name__}: {exc})"
            if not ok:
                failures.append(name)
    finally:
        if previous is None:
            os.environ.pop("GAPMODEL_HOME", None)
        else:
            os.environ["GAPMODEL_HOME"] = previous
    return len(tried), len(tried) - len(failures), failures


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tried, handled, failures = replay(Path(folder))
    print(f"hostile input: {handled} of {tried} handled ({time.perf_counter() - started:.1f} s)")
    for name in failures:
        print(f"  NOT handled: {name}")
    return 0 if handled == tried else 1


if __name__ == "__main__":
    sys.exit(main())
