"""How long adding a document takes: the five seed reports as PDF, DOCX and text, read, coded and saved.

Run: python3 bench/intake.py  (uses a throwaway workspace; prints one table)
The PDFs and DOCX files are made here from the seed texts (the test suite's makers), so they carry
the same words as the embedded corpus; a PDF from the UN's document system has more layout to read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from files import make_docx, make_pdf  # noqa: E402

from gapmodel.readers import extract  # noqa: E402
from gapmodel.taxonomy import load_taxonomy  # noqa: E402
from gapmodel.workspace import open_workspace, prepare, save  # noqa: E402


def pages(text: str, per_page: int = 3500) -> list[str]:
    return [text[i:i + per_page] for i in range(0, len(text), per_page)]


def main() -> None:
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomy.yaml")
    rows = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["GAPMODEL_HOME"] = home
        store = open_workspace(Path(home))
        for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for kind, data in (("pdf", make_pdf(pages(text))), ("docx", make_docx(text)), ("txt", text.encode())):
                started = time.perf_counter()
                extracted = extract(f"{path.stem}.{kind}", data)
                read = time.perf_counter() - started
                draft = prepare(f"{path.stem}.{kind}", data, [], taxonomy)
                prepared = time.perf_counter() - started - read
                started = time.perf_counter()
                doc = save(store, draft, added_by="bench")
                saved = time.perf_counter() - started
                store.remove_document(doc.id)  # so the next format is not refused as a duplicate
                store.restore_document(doc.id)
                with store.transaction() as conn:  # forget it entirely: the next format is the same text
                    conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                rows.append((path.stem[:40], kind, len(data) / 1024, extracted.pages, len(draft.preview.passages),
                             read, prepared, saved))
        started = time.perf_counter()
        backup = store.export_bytes()
        exported = time.perf_counter() - started
    print(f"{'document':40} {'kind':5} {'KB':>7} {'pages':>5} {'passages':>8} {'read s':>7} {'code s':>7} "
          f"{'save s':>7}")
    for name, kind, kb, n_pages, n_passages, read, prepared, saved in rows:
        print(f"{name:40} {kind:5} {kb:7.0f} {n_pages:5} {n_passages:8} {read:7.2f} {prepared:7.2f} {saved:7.3f}")
    print(f"workspace backup ({len(backup) / 1024:.0f} KB): {exported:.3f} s")


if __name__ == "__main__":
    main()
