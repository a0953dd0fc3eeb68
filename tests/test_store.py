"""The workspace store: round trips, transactions, crashes, migrations, export and import."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from files import REPORT_2018, make_docx, make_pdf

from gapmodel.corpus import InputError, MeetingEdit
from gapmodel.store import SCHEMA_VERSION, Review, Selection, open_store
from gapmodel.taxonomy import Taxonomy
from gapmodel.workspace import load_workspace, open_workspace, prepare, save

ROOT = Path(__file__).resolve().parent.parent


def state(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the workspace (what 'unchanged' means), or {} if there is none."""
    path = home / "workspace.sqlite"
    if not path.exists():
        return {}
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def add_report(home: Path, taxonomy: Taxonomy, name: str = "report-2018.pdf", data: bytes | None = None) -> str:
    draft = prepare(name, data or make_pdf([REPORT_2018]), [], taxonomy)
    return save(open_workspace(home), draft, added_by="Ana").id


def test_a_document_survives_a_restart_and_can_be_removed_and_restored(workspace: Path, taxonomy: Taxonomy) -> None:
    data = make_pdf([REPORT_2018])
    doc_id = add_report(workspace, taxonomy, data=data)
    reopened = open_store(workspace)  # a new process would do exactly this
    stored = reopened.documents()
    assert [d.document.id for d in stored] == [doc_id]
    assert stored[0].media_type == "application/pdf" and stored[0].added_by == "Ana"
    assert reopened.original(doc_id) == ("report-2018.pdf", data)
    assert "utility helicopters" in load_workspace(workspace)[0].text
    reopened.remove_document(doc_id)
    assert load_workspace(workspace) == () and [d.document.id for d in reopened.documents(removed=True)] == [doc_id]
    reopened.restore_document(doc_id)
    assert [d.id for d in load_workspace(workspace)] == [doc_id]
    with pytest.raises(InputError, match="There is no added document 'nope'"):
        reopened.remove_document("nope")


def test_edited_meetings_are_stored_and_used(workspace: Path, taxonomy: Taxonomy) -> None:
    draft = prepare("r.docx", make_docx(REPORT_2018), [], taxonomy)
    found = draft.preview.meetings
    first = str(found.iloc[0]["meeting"])
    doc = save(open_workspace(workspace), draft, added_by="Ana",
               meetings=[MeetingEdit(first, "2018-03-15", "informal", "Air mobility")])
    assert doc.meeting_edits == (MeetingEdit(first, "2018-03-15", "informal", "Air mobility"),)
    from gapmodel.model import build_model

    rebuilt = build_model(load_workspace(workspace), taxonomy).meetings.set_index("meeting").loc[first]
    assert (rebuilt["date"], rebuilt["kind"], rebuilt["theme"]) == ("2018-03-15", "informal", "Air mobility")


def test_a_failure_inside_the_import_leaves_the_store_as_it_was(workspace: Path, taxonomy: Taxonomy) -> None:
    add_report(workspace, taxonomy, "first.docx", make_docx(REPORT_2018))
    before = state(workspace)
    draft = prepare("second.txt", REPORT_2018.replace("2018", "2017").encode(), [], taxonomy)

    def crash() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        open_workspace(workspace).add_document(draft.document, original=draft.original, media_type="text/plain",
                                               added_by="Ana", before_commit=crash)
    assert state(workspace) == before


def test_a_process_killed_in_the_middle_of_an_import_leaves_the_store_as_it_was(
        workspace: Path, taxonomy: Taxonomy) -> None:
    add_report(workspace, taxonomy)
    before = state(workspace)
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from gapmodel.corpus import document_from_text
        from gapmodel.store import open_store
        doc = document_from_text({REPORT_2018.replace("2018", "2016")!r}, name="killed.txt", origin="workspace")
        # the document row is written, then the process dies before the commit
        open_store().add_document(doc, original=b"x", media_type="text/plain", added_by="Ana",
                                  before_commit=lambda: os._exit(9))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 9, done.stderr
    assert state(workspace) == before
    assert len(open_store(workspace).documents()) == 1


def test_plain_files_of_the_first_workspace_move_in_once(workspace: Path) -> None:
    (workspace / "corpus").mkdir()
    (workspace / "corpus" / "a.txt").write_text(REPORT_2018, encoding="utf-8")
    (workspace / "corpus.yaml").write_text(
        "documents:\n  - id: a\n    title: Report 2018\n    date: 2019-01-31\n    kind: report\n"
        "    period: '2018'\n    file: corpus/a.txt\n", encoding="utf-8")
    assert [d.id for d in load_workspace(workspace)] == ["a"]
    assert not (workspace / "corpus.yaml").exists()
    assert (workspace / "corpus.yaml.moved-into-workspace-sqlite").exists()  # kept, never deleted
    assert (workspace / "corpus" / "a.txt").exists()
    assert [d.id for d in load_workspace(workspace)] == ["a"]  # once


def test_schema_is_versioned_and_an_older_file_migrates(workspace: Path) -> None:
    store = open_store(workspace)
    assert store.schema_version() == SCHEMA_VERSION
    newer = workspace / "newer"
    newer.mkdir()
    conn = sqlite3.connect(newer / "workspace.sqlite")
    conn.execute(f"PRAGMA application_id = {0x4D474D31}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="newer version of the app"):
        open_store(newer).documents()
    foreign = workspace / "foreign"
    foreign.mkdir()
    conn = sqlite3.connect(foreign / "workspace.sqlite")
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    with pytest.raises(InputError, match="is not a Mandate Gap Monitor workspace"):
        open_store(foreign).documents()


def test_export_and_import_the_whole_workspace(workspace: Path, taxonomy: Taxonomy, tmp_path: Path) -> None:
    add_report(workspace, taxonomy)
    store = open_workspace(workspace)
    store.save_selection(Selection("POC 2018", {"views": "protection_of_civilians"}, [("r:002", "helicopters")],
                                   "Note", "Ana"))
    exported = tmp_path / "backup.sqlite"
    store.export_to(exported)
    snapshot = state(workspace)
    store.remove_document(store.documents()[0].document.id)
    store.delete_selection("POC 2018")
    backup = store.import_from(exported)
    assert state(workspace) == snapshot
    assert backup.exists() and backup.parent == workspace
    assert store.selections()[0].basket == [("r:002", "helicopters")]
    other = tmp_path / "elsewhere"
    open_store(other).import_from(exported)  # moving to a new machine
    assert [d.document.title for d in open_store(other).documents()] == [d.document.title for d in store.documents()]


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00broken"])
def test_importing_something_else_changes_nothing(workspace: Path, taxonomy: Taxonomy, tmp_path: Path,
                                                  content: bytes) -> None:
    add_report(workspace, taxonomy)
    before = state(workspace)
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(content)
    with pytest.raises(InputError, match="not a backup of a Mandate Gap Monitor workspace, or it is damaged"):
        open_store(workspace).import_from(bogus)
    assert state(workspace) == before


def test_a_review_needs_a_name(workspace: Path) -> None:
    review = Review("a:001", "a", "h", "text", ("resources",), True, False, False, "confirmed", "", " ", "")
    with pytest.raises(InputError, match="Enter your name"):
        open_store(workspace).add_review(review)
    assert open_store(workspace).reviews() == ()


def test_a_version_1_workspace_migrates_forward_keeping_its_data(workspace: Path, taxonomy: Taxonomy) -> None:
    from gapmodel import store as store_module

    path = workspace / "workspace.sqlite"
    conn = sqlite3.connect(path)
    for statement in store_module._MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('generation', '0')")
    conn.execute("INSERT INTO documents (id, title, date, kind, period, source_name, media_type, original, text,"
                 " fingerprint, added_at, added_by) VALUES ('old', 'Old report', '2019-01-31', 'report', '2018',"
                 " 'old.txt', 'text/plain', x'00', ?, 'f', '2019-02-01', 'Ana')", (REPORT_2018,))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = open_store(workspace)
    assert store.schema_version() == SCHEMA_VERSION == 3
    assert [(d.document.title, d.document.kind) for d in store.documents()] == [("Old report", "Working Group report")]
    with sqlite3.connect(workspace / "workspace.sqlite") as conn:  # upgraded in place, not only read so
        assert conn.execute("SELECT kind FROM documents").fetchall() == [("Working Group report",)]
    store.keep_draft("taxonomy", "views: []")
    assert store.draft("taxonomy")[0] == "views: []"  # type: ignore[index]
    store.drop_draft("taxonomy")
    assert store.draft("taxonomy") is None


def test_a_damaged_backup_is_refused_and_other_page_sizes_and_odd_names_import(
        workspace: Path, taxonomy: Taxonomy, tmp_path: Path) -> None:
    add_report(workspace, taxonomy)
    store = open_store(workspace)
    exported = tmp_path / "odd #name?.sqlite"
    store.export_to(exported)
    data = bytearray(exported.read_bytes())
    damaged = tmp_path / "damaged.sqlite"
    data[4096:12288] = bytes(8192)
    damaged.write_bytes(bytes(data))
    before = state(workspace)
    with pytest.raises(InputError, match="is damaged"):
        store.import_from(damaged)
    assert state(workspace) == before
    big_pages = tmp_path / "big-pages.sqlite"
    conn = sqlite3.connect(big_pages)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    source = sqlite3.connect(exported)
    source.backup(conn)
    source.close()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    store.remove_document(store.documents()[0].document.id)
    store.import_from(big_pages)
    assert len(store.documents()) == 1
    store.import_from(exported)  # a name with '#' and '?'
    assert len(store.documents()) == 1


def test_an_unreadable_workspace_file_is_a_sentence(workspace: Path) -> None:
    (workspace / "workspace.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(100) + b"garbage" * 200)
    with pytest.raises(InputError, match=r"(cannot be read|is not a Mandate Gap Monitor workspace)"):
        open_store(workspace).documents()


def test_a_killed_export_leaves_no_file_behind_and_old_safety_copies_do_not_pile_up(
        workspace: Path, taxonomy: Taxonomy, tmp_path: Path) -> None:
    import os
    import time

    from gapmodel import store as store_module

    add_report(workspace, taxonomy)
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from gapmodel.store import open_store
        os.replace = lambda *a, **k: os._exit(9)  # killed after the copy is written, before it is put in place
        open_store().export_to(open_store().path.parent / "backup.sqlite")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 9, done.stderr
    left = list(workspace.glob(".tmp-*.sqlite"))
    assert len(left) == 1  # what a killed process leaves: swept once it is old enough not to be in use
    hour_ago = time.time() - 2 * 3600
    os.utime(left[0], (hour_ago, hour_ago))
    fresh = workspace / ".tmp-in-use.sqlite"
    fresh.write_bytes(b"")  # another process's export, going on now
    store_module._STORES.clear()
    assert len(open_store(workspace).documents()) == 1
    assert list(workspace.glob(".tmp-*.sqlite")) == [fresh]
    exported = tmp_path / "backup.sqlite"
    store = open_store(workspace)
    store.export_to(exported)
    kept = [store.import_from(exported) for _ in range(5)]
    copies = sorted(workspace.glob("workspace-before-import-*.sqlite"))
    assert copies == sorted(kept[-store_module.KEEP_BEFORE_IMPORT:])  # the last three, the newest among them
