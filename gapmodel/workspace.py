"""The user's workspace: documents added with ``ingest``, outside the project.

It lives in the per-user data folder (``GAPMODEL_HOME`` overrides it) and holds
a ``corpus.yaml`` of the same form as ``data/corpus.yaml`` beside a
``corpus/`` folder of texts. Every write goes to a temporary file first and
replaces the old one in one step, so an interrupted ingest leaves the previous
workspace intact. The embedded corpus in ``data/`` is never written.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import yaml
from platformdirs import user_data_dir

from gapmodel.corpus import KINDS, Document, InputError, document_from_text, load_corpus, read_text_file, slug

APP_NAME = "mandate-gap-monitor"


def workspace_dir() -> Path:
    """``GAPMODEL_HOME`` if set, else the per-user data folder."""
    home = os.environ.get("GAPMODEL_HOME")
    return Path(home).expanduser() if home else Path(user_data_dir(APP_NAME, appauthor=False))


def load_workspace(home: Path | None = None) -> tuple[Document, ...]:
    """Documents added to the workspace (none if it is empty or does not exist yet)."""
    folder = home or workspace_dir()
    if not (folder / "corpus.yaml").exists():
        return ()
    docs = load_corpus(folder)
    return tuple(_with_origin(d, "workspace") for d in docs)


def _with_origin(doc: Document, origin: str) -> Document:
    return replace(doc, origin=origin)


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def ingest_file(
    path: Path, existing: Sequence[Document], *, title: str = "", date: str = "", kind: str = "",
    period: str = "", home: Path | None = None,
) -> Document:
    """Add a plain-text or Markdown file to the workspace; returns the document as stored.

    Refuses (with :class:`InputError`, nothing written) a file that is not a
    .txt/.md text, is empty, duplicates a document already present, or whose
    date cannot be read.
    """
    if path.suffix.lower() not in (".txt", ".md", ".markdown"):
        raise InputError(
            f"{path.name}: only plain text (.txt) and Markdown (.md) files can be added here. "
            "Save the document as text first."
        )
    if kind and kind not in KINDS:
        raise InputError(f"The kind '{kind}' is not one of: {', '.join(KINDS)}.")
    text = read_text_file(path)
    doc = document_from_text(text, name=path.name, origin="workspace",
                             overrides={"title": title, "date": date, "kind": kind, "period": period})
    same = next((d for d in existing if _fingerprint(d.text) == _fingerprint(text)), None)
    if same is not None:
        raise InputError(f"{path.name} is already in the corpus as '{same.id}' ({same.title}). Nothing was added.")
    taken = {d.id for d in existing}
    ident, n = doc.id, 1
    while ident in taken:
        n += 1
        ident = f"{doc.id}-{n}"
    return _write(doc, ident, home or workspace_dir())


def _write(doc: Document, ident: str, home: Path) -> Document:
    manifest_path = home / "corpus.yaml"
    corpus = home / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    if manifest_path.exists():
        loaded = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
        entries = list(loaded.get("documents") or [])
    file_name = f"corpus/{slug(ident)}.txt"
    entry = {"id": ident, "title": doc.title, "date": doc.date, "kind": doc.kind, "period": doc.period,
             "file": file_name, "source": doc.file}
    if doc.symbol:
        entry["symbol"] = doc.symbol
    _atomic_write(home / file_name, doc.text)
    try:
        _atomic_write(manifest_path, yaml.safe_dump({"documents": [*entries, entry]}, sort_keys=False,
                                                     allow_unicode=True))
    except BaseException:
        (home / file_name).unlink(missing_ok=True)  # the text without its entry would be an orphan
        raise
    return replace(doc, id=ident, file=file_name)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
