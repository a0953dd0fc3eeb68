"""Coded models kept on disk, so that a restart does not read and code the corpus again.

Reading and coding 100,000 passages takes about half a minute; reading them back from Parquet takes about
a second. A saved model is found by a key the caller makes of everything the model depends on (the
dashboard: the corpus files' contents, the workspace's documents and the taxonomy's text); this package's
own code is added to it, so a new version of the coding never reads an old model. Saved models live in
``models/`` beside the workspace; the newest few are kept. The cache only ever saves time: a folder that
cannot be written or a file that cannot be read means the model is coded again, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]

from gapmodel import columns as C
from gapmodel.corpus import Document, MeetingEdit
from gapmodel.model import TUPLE_COLUMNS, Model, in_one_piece
from gapmodel.store import workspace_dir
from gapmodel.taxonomy import Taxonomy

KEEP = 4  # saved models kept; older ones are removed
_FRAMES = ("documents", "passages", "evidence", "meetings", "discrepancies", "skipped")


@cache
def code_version() -> str:
    """A hash of this package's source and of the versions it runs on: a model saved by other code is never
    read."""
    digest = hashlib.sha256(f"{sys.version}|{pd.__version__}|{np.__version__}|{pa.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    return workspace_dir() / "models"


def _where(key: str, folder: Path | None) -> Path:
    return (folder or cache_dir()) / hashlib.sha256(f"{key}|{code_version()}".encode()).hexdigest()[:20]


def load_model(key: str, taxonomy: Taxonomy, folder: Path | None = None) -> Model | None:
    """The model saved under ``key``, or None if there is none, or if it cannot be read (it is then removed)."""
    where = _where(key, folder)
    if not where.is_dir():
        return None
    try:
        model = _read(where, taxonomy)
    except Exception:  # noqa: BLE001 - whatever is wrong with a saved model, coding again is the answer
        shutil.rmtree(where, ignore_errors=True)
        return None
    with contextlib.suppress(OSError):
        (where / "used").touch()  # when it was last used: the least recently used go first
    return model


def _read(where: Path, taxonomy: Taxonomy) -> Model:
    frames = {name: pd.read_parquet(where / f"{name}.parquet") for name in _FRAMES}
    combos = json.loads((where / "combinations.json").read_text(encoding="utf-8"))
    passages, evidence = frames["passages"], frames["evidence"]
    passages = in_one_piece(passages)
    # evidence names its passage by position: the categorical built on that position is what the model uses
    evidence[C.PASSAGE_ID] = pd.Categorical.from_codes(evidence[C.PASSAGE_ID].to_numpy(),
                                                       categories=pd.Index(passages[C.PASSAGE_ID]))
    for column in TUPLE_COLUMNS:  # stored as an integer per passage into the column's distinct tuples
        shared = np.empty(len(combos[column]), dtype=object)
        shared[:] = [tuple(c) for c in combos[column]]
        passages[column] = shared[passages[column].to_numpy()] if len(passages) else shared[:0]
    meetings = frames["meetings"]
    meetings["described_in"] = [tuple(x) for x in meetings["described_in"]]
    meetings[C.MISSIONS] = [tuple(x) for x in meetings[C.MISSIONS]]
    documents = tuple(_document({str(k): v for k, v in row.items()})
                      for row in frames["documents"].to_dict("records"))
    saved = json.loads((where / "versions.json").read_text(encoding="utf-8"))
    return Model(documents=documents, taxonomy=taxonomy, passages=passages, evidence=evidence,
                 meetings=meetings, discrepancies=frames["discrepancies"], skipped=frames["skipped"],
                 version=str(saved["version"]), text_version=str(saved["text_version"]))


def save_model(model: Model, key: str, folder: Path | None = None) -> bool:
    """Save a model under ``key`` for later starts; False when it could not be saved (nothing else happens)."""
    target = _where(key, folder)
    root = target.parent
    if target.exists():
        return True
    try:
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".saving-", dir=root))
    except OSError:
        return False
    try:
        combos: dict[str, list[tuple[str, ...]]] = {}
        numbered: dict[str, np.ndarray] = {}
        for column in TUPLE_COLUMNS:
            seen: dict[tuple[str, ...], int] = {}
            numbered[column] = np.fromiter((seen.setdefault(t, len(seen)) for t in model.passages[column]),
                                           dtype=np.int32, count=len(model.passages))
            combos[column] = list(seen)
        passages = model.passages.assign(**numbered)  # the texts are not copied
        evidence = model.evidence.assign(**{C.PASSAGE_ID: model.evidence[C.PASSAGE_ID].map(
            dict(zip(model.passages[C.PASSAGE_ID], range(len(model.passages)), strict=True))).astype(np.int32)})
        frames = {"documents": pd.DataFrame([_row(d) for d in model.documents], columns=_DOCUMENT_FIELDS),
                  "passages": passages, "evidence": evidence, "meetings": model.meetings,
                  "discrepancies": model.discrepancies, "skipped": model.skipped}
        for name, frame in frames.items():
            frame.to_parquet(work / f"{name}.parquet", index=False)
        (work / "combinations.json").write_text(json.dumps(combos), encoding="utf-8")
        (work / "versions.json").write_text(json.dumps({"version": model.version, "text_version": model.text_version}),
                                            encoding="utf-8")
        os.replace(work, target)
    except (OSError, ValueError, pa.ArrowException):
        shutil.rmtree(work, ignore_errors=True)
        return False
    _prune(root)
    return True


_DOCUMENT_FIELDS = [f.name for f in fields(Document)]


def _row(document: Document) -> dict[str, object]:
    row = {name: getattr(document, name) for name in _DOCUMENT_FIELDS}
    row["meeting_edits"] = json.dumps([asdict(e) for e in document.meeting_edits])
    return row


def _document(row: dict[str, object]) -> Document:
    edits = tuple(MeetingEdit(**e) for e in json.loads(str(row["meeting_edits"])))
    values = {k: v if k == "packed_text" else str(v) for k, v in row.items()}
    return Document(**{**values, "meeting_edits": edits})  # type: ignore[arg-type]


def _prune(root: Path) -> None:
    """Keep the newest :data:`KEEP` saved models; remove what a stopped save left behind."""
    def last_used(path: Path) -> float:
        used = path / "used"
        return used.stat().st_mtime if used.exists() else path.stat().st_mtime

    try:
        saved = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=last_used)
        for old in saved[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
        for left in root.glob(".saving-*"):
            if time.time() - left.stat().st_mtime > 3600:  # an hour old: its save has stopped
                shutil.rmtree(left, ignore_errors=True)
    except OSError:  # another session pruning at the same moment: nothing to do
        pass
