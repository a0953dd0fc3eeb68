"""Experts' reviews of passages: corrections kept apart from the automatic codes.

A review records the views and flags an expert holds right for one passage
(confirming the automatic codes or correcting them), with a reason, who and
when. Reviews are stored in the workspace, never in the model: after every
(re)coding, :func:`apply_reviews` lays the latest review of each passage over
the automatic codes, so they survive re-coding and taxonomy changes. A passage
is found by its id and the hash of its text; if its text moved, by the hash in
the same document; a review whose passage is gone is kept and listed as such.
:func:`agreement` measures how often the automatic codes agree with experts.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from gapmodel import columns as C
from gapmodel.model import Model
from gapmodel.store import Review, fingerprint, now

AUTO_VIEWS = "auto_views"
AUTO_SUBVIEWS = "auto_subviews"
AUTO_GAP = "auto_gap"
AUTO_REMEDY = "auto_remedy"
AUTO_PROGRESS = "auto_progress"
REVIEWED = C.REVIEWED  # "" | confirmed | corrected
REVIEWED_BY = "reviewed_by"
FLAGS = (C.GAP, C.REMEDY, C.PROGRESS)


def passage_hash(text: str) -> str:
    """The passage's text, whatever its spacing, as a short hash: finds the passage again if its id moves."""
    return fingerprint(text)[:16]


def review_from_edit(
    row: pd.Series, passage_id: str, *, views: Sequence[str], gap: bool, remedy: bool, progress: bool,
    reason: str, reviewed_by: str,
) -> Review:
    """A review of one passage (a row of the passages frame): confirmed when it equals the automatic codes."""
    auto_views = tuple(row[AUTO_VIEWS] if AUTO_VIEWS in row.index else row[C.VIEWS])
    auto_flags = tuple(bool(row[f"auto_{f}"] if f"auto_{f}" in row.index else row[f]) for f in FLAGS)
    chosen = tuple(v for v in auto_views if v in views) + tuple(v for v in views if v not in auto_views)
    same = set(chosen) == set(auto_views) and (gap, remedy, progress) == auto_flags
    return Review(
        passage_id=passage_id, document=str(row[C.DOCUMENT]), passage_hash=passage_hash(str(row[C.TEXT])),
        passage_text=str(row[C.TEXT])[:500], views=chosen, gap=gap, remedy=remedy, progress=progress,
        action="confirmed" if same else "corrected", reason=reason.strip(), reviewed_by=reviewed_by,
        reviewed_at=now(), auto_views=auto_views, auto_flags=(auto_flags[0], auto_flags[1], auto_flags[2]),
    )


def _locate(model: Model, reviews: Sequence[Review]) -> tuple[dict[str, Review], list[Review]]:
    """Reviews by the passage id they apply to now, and the reviews whose passage is gone."""
    passages = model.passages
    hashes = {pid: passage_hash(t) for pid, t in zip(passages[C.PASSAGE_ID], passages[C.TEXT], strict=True)}
    by_hash: dict[tuple[str, str], str] = {}
    for pid, doc in zip(passages[C.PASSAGE_ID], passages[C.DOCUMENT], strict=True):
        by_hash.setdefault((doc, hashes[pid]), pid)
    found: dict[str, Review] = {}
    gone: list[Review] = []
    for r in sorted(reviews, key=lambda r: r.number):  # relocate every review first, then keep the latest
        pid = r.passage_id if hashes.get(r.passage_id) == r.passage_hash else by_hash.get((r.document,
                                                                                          r.passage_hash))
        if pid is None:
            gone.append(r)
        elif pid not in found or found[pid].number < r.number:
            found[pid] = replace(r, passage_id=pid)
    return found, gone


def apply_reviews(model: Model, reviews: Sequence[Review]) -> Model:
    """The model with each reviewed passage coded as its latest review says; automatic codes kept beside."""
    found, _ = _locate(model, reviews) if reviews else ({}, [])
    known = {v.id for v in model.taxonomy.views}
    p = model.passages.copy()
    p[AUTO_VIEWS] = p[C.VIEWS]
    p[AUTO_SUBVIEWS] = p[C.SUBVIEWS]
    for flag in FLAGS:
        p[f"auto_{flag}"] = p[flag]
    p[REVIEWED] = ""
    p[REVIEWED_BY] = ""
    if found:
        index = {pid: i for i, pid in enumerate(p[C.PASSAGE_ID])}
        views, subviews = list(p[C.VIEWS]), list(p[C.SUBVIEWS])
        flags = {f: list(p[f]) for f in FLAGS}
        reviewed, by = list(p[REVIEWED]), list(p[REVIEWED_BY])
        for pid, r in found.items():
            i = index[pid]
            kept = tuple(v for v in r.views if v in known)
            views[i] = kept
            subviews[i] = tuple(s for s in subviews[i] if s.split(".")[0] in kept)
            for f, value in zip(FLAGS, (r.gap, r.remedy, r.progress), strict=True):
                flags[f][i] = value
            reviewed[i], by[i] = r.action, f"{r.reviewed_by}, {r.reviewed_at[:10]}"
        p[C.VIEWS], p[C.SUBVIEWS], p[REVIEWED], p[REVIEWED_BY] = views, subviews, reviewed, by
        for f in FLAGS:
            p[f] = flags[f]
    stamp = hashlib.sha256(model.version.encode())
    for pid, r in sorted(found.items()):
        stamp.update(f"{pid}|{r.number}|{r.views}|{r.gap}|{r.remedy}|{r.progress}".encode())
    return replace(model, passages=p, version=stamp.hexdigest()[:12] if found else model.version)


def orphaned(model: Model, reviews: Sequence[Review]) -> list[Review]:
    """Reviews whose passage no longer exists (its document removed or its text changed)."""
    return _locate(model, reviews)[1]


def agreement(model: Model) -> pd.DataFrame:
    """Per view and flag (gap, remedy, progress): automatic codes against experts' on the reviewed passages.

    Columns: code, label, reviewed, both, model_only, expert_only, neither, precision, recall, kappa
    (Cohen's; NaN where it is undefined, e.g. when neither coder ever used the code).
    """
    p = model.passages
    if REVIEWED not in p.columns:
        raise ValueError("apply_reviews must run first")
    done = p[p[REVIEWED] != ""]
    rows = []
    targets = [(v.id, v.label, lambda frame, v=v.id: frame.map(lambda t: v in t)) for v in model.taxonomy.views]
    flags = [("gap", "Gap (a deficit, need or shortfall)", None), ("remedy", "Remedy", None),
             ("progress", "Progress", None)]
    for code, label, has in [*targets, *flags]:
        if has is None:
            auto, expert = done[f"auto_{code}"].astype(bool), done[code].astype(bool)
        else:
            auto, expert = has(done[AUTO_VIEWS]), has(done[C.VIEWS])
        rows.append({"code": code, "label": label, "reviewed": len(done), **_scores(auto, expert)})
    return pd.DataFrame(rows, columns=["code", "label", "reviewed", "both", "model_only", "expert_only", "neither",
                                       "precision", "recall", "kappa"])


def _scores(auto: pd.Series, expert: pd.Series) -> dict[str, float | int]:
    both = int((auto & expert).sum())
    model_only = int((auto & ~expert).sum())
    expert_only = int((~auto & expert).sum())
    neither = int((~auto & ~expert).sum())
    n = both + model_only + expert_only + neither
    precision = both / (both + model_only) if both + model_only else math.nan
    recall = both / (both + expert_only) if both + expert_only else math.nan
    if n == 0:
        kappa = math.nan
    else:
        observed = (both + neither) / n
        chance = ((both + model_only) * (both + expert_only) + (expert_only + neither) * (model_only + neither)) / n**2
        kappa = (observed - chance) / (1 - chance) if chance < 1 else math.nan
    return {"both": both, "model_only": model_only, "expert_only": expert_only, "neither": neither,
            "precision": precision, "recall": recall, "kappa": kappa}


def reviews_table(reviews: Sequence[Review]) -> pd.DataFrame:
    """Every review as a table (for export): what the model said, what the expert holds right, why, who, when."""
    rows = [{"number": r.number, C.PASSAGE_ID: r.passage_id, C.DOCUMENT: r.document, "action": r.action,
             "expert_views": r.views, "model_views": r.auto_views, "expert_gap": r.gap, "model_gap": r.auto_flags[0],
             "expert_remedy": r.remedy, "model_remedy": r.auto_flags[1], "expert_progress": r.progress,
             "model_progress": r.auto_flags[2], "reason": r.reason, "reviewed_by": r.reviewed_by,
             "reviewed_at": r.reviewed_at, "passage_text": r.passage_text} for r in reviews]
    return pd.DataFrame(rows, columns=["number", C.PASSAGE_ID, C.DOCUMENT, "action", "expert_views", "model_views",
                                       "expert_gap", "model_gap", "expert_remedy", "model_remedy",
                                       "expert_progress", "model_progress", "reason", "reviewed_by", "reviewed_at",
                                       "passage_text"])
