"""Curating the taxonomy: the active revision, the effect of an edit before it is saved, the codebook export.

The taxonomy shipped in ``data/taxonomy.yaml`` is the first revision of every
workspace; experts save edited revisions (each is checked by the loader first)
and roll back. The active revision is what the dashboard, the command line and
every provenance stamp use; its content hash is the taxonomy version.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pandas as pd

from gapmodel import columns as C
from gapmodel.matcher import unjoined
from gapmodel.model import Model, build_model
from gapmodel.problems import PlainProblem, plain_problems
from gapmodel.search import without_ending
from gapmodel.store import Revision, Store
from gapmodel.taxonomy import SubView, Taxonomy, View, parse_taxonomy, taxonomy_version
from gapmodel.wordspans import final_sigma
from gapmodel.yamlfile import DataFileError, Key, LoadedYaml, load_yaml_text

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_GUID_NAMESPACE = uuid.UUID("5b0c4c1e-7a55-4f7e-9c1d-6d616e646174")  # our own: the same code keeps its GUID


def revision_name(revision: Revision) -> str:
    return f"taxonomy revision {revision.number}"


@functools.lru_cache(maxsize=8)
def parsed(text: str, name: str) -> Taxonomy:
    """A taxonomy text parsed once (taxonomies are immutable, so the same object is shared)."""
    return parse_taxonomy(text, name)


def active_taxonomy(store: Store, shipped: Path) -> tuple[Taxonomy, Revision]:
    """The taxonomy in use and its revision (the shipped file becomes revision 1 on first use).

    This is the active revision; if it cannot be read (a newer app's revision imported, say), the newest
    revision that can, so the dashboard still opens: compare with ``store.active_revision()`` to warn.
    """
    text = shipped.read_bytes().decode("utf-8-sig")
    version = taxonomy_version(text)
    if not any(r.shipped and r.version == version for r in store.revisions()):
        active = store.active_revision()
        try:
            parsed(text, f"data/{shipped.name}")  # a broken shipped file never becomes a revision
        except DataFileError:
            if active is None:
                raise
            version = ""
    revision = store.follow_shipped(text, version) if version else store.active_revision()
    assert revision is not None
    for candidate in (revision, *sorted(store.revisions(), key=lambda r: -r.number)):
        try:
            return parsed(candidate.text, revision_name(candidate)), candidate
        except DataFileError:
            continue
    return parsed(revision.text, revision_name(revision)), revision  # none can be read: say why


def roll_back(store: Store, number: int, *, saved_by: str) -> Revision:
    """Make an earlier revision active again (checked first: a revision that cannot be read is refused)."""
    if not saved_by.strip():
        raise DataFileError(["Enter your name before rolling back: every revision records who saved it."])
    old = next((r for r in store.revisions() if r.number == number), None)
    if old is not None:
        _, problems = check(old.text, revision_name(old))
        if problems:
            raise DataFileError([f"Revision {number} cannot be used by this version of the app:", *problems])
    return store.roll_back(number, saved_by=saved_by.strip())


def check(text: str, name: str = "your edit") -> tuple[Taxonomy | None, list[str]]:
    """A taxonomy text parsed, or the loader's sentences (with line numbers) saying what to fix."""
    try:
        return parsed(text, name), []
    except DataFileError as exc:
        return None, list(exc.problems)


def explain(text: str, name: str = "your edit") -> tuple[PlainProblem, ...]:
    """The problems of a taxonomy text, each a plain sentence beside the loader's located message (none if it reads)."""
    try:
        parsed(text, name)
    except DataFileError as exc:
        return plain_problems(exc, text)
    return ()


def save_revision(store: Store, text: str, *, comment: str, saved_by: str, name: str = "your edit") -> Revision:
    """Check a taxonomy text and save it as the active revision; a text with problems is refused."""
    if not saved_by.strip():
        raise DataFileError(["Enter your name before saving: every revision records who saved it."])
    _, problems = check(text, name)
    if problems:
        raise DataFileError(problems)
    active = store.active_revision()
    if active is not None and active.version == taxonomy_version(text):
        raise DataFileError(["This taxonomy is the same as the active revision: there is nothing new to save."])
    return store.save_revision(text, taxonomy_version(text), comment=comment.strip(), saved_by=saved_by.strip())


@dataclass(frozen=True)
class Effect:
    """What an edit of the taxonomy changes, before it is saved."""

    by_view: pd.DataFrame  # view ("view" or "view.subview"), label, caught, lost, passages and gaps before/after
    caught: pd.DataFrame  # passage_id, view, document, text, label: a passage that newly speaks to a view
    lost: pd.DataFrame  # the same for passages that no longer do
    after: Model


def effect(before: Model, taxonomy: Taxonomy) -> Effect:
    """Code the same documents with ``taxonomy`` and compare, view by view and passage by passage.

    ``by_view`` has one row for each view and sub-view the edit changes (a passage caught or lost, or its count
    of gap passages), in the taxonomy's order; its ``caught`` and ``lost`` columns add up to the rows of
    ``caught`` and ``lost``, which list a passage once for each view or sub-view it is caught or lost for.
    """
    after = build_model(before.documents, taxonomy)
    labels = _labels(before.taxonomy, taxonomy)
    old, new = _pairs(before.passages), _pairs(after.passages)
    keys = [C.PASSAGE_ID, C.VIEW]
    merged = old[keys].merge(new[keys], on=keys, how="outer", indicator=True)
    text = before.passages.set_index(C.PASSAGE_ID)

    def listed(which: str) -> pd.DataFrame:
        part = merged[merged["_merge"] == which][keys].copy()
        part[C.DOCUMENT] = part[C.PASSAGE_ID].map(text[C.DOCUMENT])
        part[C.TEXT] = part[C.PASSAGE_ID].map(text[C.TEXT])
        part["label"] = part[C.VIEW].map(lambda c: labels.get(c, c))
        return part.sort_values(keys).reset_index(drop=True)

    caught, lost = listed("right_only"), listed("left_only")
    rows = []
    for code in dict.fromkeys([*labels, *sorted(set(old[C.VIEW]) | set(new[C.VIEW]))]):
        b, a = old[old[C.VIEW] == code], new[new[C.VIEW] == code]
        row = {C.VIEW: code, "label": labels.get(code, code), "caught": int((caught[C.VIEW] == code).sum()),
               "lost": int((lost[C.VIEW] == code).sum()), "passages_before": len(b), "passages_after": len(a),
               "gaps_before": int(b[C.GAP].sum()), "gaps_after": int(a[C.GAP].sum())}
        if row["caught"] or row["lost"] or row["gaps_before"] != row["gaps_after"]:
            rows.append(row)
    return Effect(pd.DataFrame(rows, columns=_EFFECT_COLUMNS), caught, lost, after)


_EFFECT_COLUMNS = [C.VIEW, "label", "caught", "lost", "passages_before", "passages_after", "gaps_before",
                   "gaps_after"]


def _labels(*taxonomies: Taxonomy) -> dict[str, str]:
    """Each view's and sub-view's label by its code, the taxonomies' views in order, each before its sub-views."""
    labels: dict[str, str] = {}
    for taxonomy in reversed(taxonomies):  # the edit's labels and order; views it removed come last
        for view in taxonomy.views:
            labels.setdefault(view.id, view.label)
            for sub in view.subviews:
                labels.setdefault(f"{view.id}.{sub.id}", f"{view.label}: {sub.label}")
    return labels


def describe(result: Effect) -> str:
    """One sentence saying which rows the preview table has and how its counts add up to the two lists."""
    if result.by_view.empty:
        return "The draft changes no passage's views or sub-views, and no count of gap passages."
    return ("Only the views and sub-views the draft changes are listed. Each passage counts once on every row it "
            "is newly caught or lost for, and is listed once for each below: the newly caught column adds up to "
            f"the {len(result.caught)} listed under “Passages newly caught”, the newly lost column to the "
            f"{len(result.lost)} under “Passages newly lost”.")


def _pairs(passages: pd.DataFrame) -> pd.DataFrame:
    """(passage, view or "view.subview", gap) of the automatic codes (experts' reviews set aside)."""
    reviewed = "auto_views" in passages.columns
    views, subviews = ("auto_views", "auto_subviews") if reviewed else (C.VIEWS, C.SUBVIEWS)
    gap = "auto_gap" if reviewed else C.GAP
    codes = passages[views] + passages[subviews]
    rows = pd.DataFrame({C.PASSAGE_ID: passages[C.PASSAGE_ID], C.VIEW: codes, C.GAP: passages[gap]})
    rows = rows.explode(C.VIEW).dropna(subset=[C.VIEW])
    return rows.reset_index(drop=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Added:
    """Phrases added to a taxonomy text: the new text, and what to tell the user."""

    text: str  # the taxonomy with the phrases (the same text when none was new to its list)
    added: tuple[str, ...]  # the phrases written into the list, their spaces tidied
    message: str  # one sentence saying what was added where ("" when nothing was)
    notices: tuple[str, ...]  # one sentence for each phrase already in the taxonomy, saying where it is


_ONE = {"include": "an include phrase", "weak": "a weak phrase", "exclude": "an exclude phrase",
        "together": "a phrase in a together list", "near": "a phrase in a near rule"}
_MANY = {"include": "include phrases", "weak": "weak phrases", "exclude": "exclude phrases"}
Place = tuple[str, str, int]  # where a phrase is written: view or "view.subview", list, line


def add_phrases(text: str, code: str, list_name: str, phrases: list[str]) -> Added:
    """The taxonomy text with phrases added to a view's or sub-view's list, comments and layout kept.

    ``code`` is ``view`` or ``view.subview``; ``list_name`` is include, weak or exclude (created if the entry
    has none). A phrase already written anywhere among the views' and sub-views' phrases (letter case, spaces
    and hyphens aside, as the matcher reads them) gets a notice saying where; one already in the chosen list
    is not added again. The result is checked like any edit; problems raise :class:`DataFileError`.
    """
    taxonomy, problems = check(text, "the taxonomy")
    if taxonomy is None:
        raise DataFileError(problems)
    loaded = load_yaml_text(text, "the taxonomy")
    key, entry = _entry(loaded, code)
    given: dict[str, str] = {}  # the first of two spellings the matcher reads alike
    for phrase in (" ".join(p.split()) for p in phrases):
        if phrase:
            given.setdefault(_phrase_key(phrase), phrase)
    if not given:
        raise DataFileError(["Write at least one phrase, one per line."])
    places, labels = _places(taxonomy, loaded), _labels(taxonomy)
    notices, new = [], []
    for phrase_key, phrase in given.items():
        where = places.get(phrase_key, [])
        here = any((c, name) == (code, list_name) for c, name, _ in where)
        if where:
            notices.append(_notice(phrase, where, labels, again=here))
        if not here:
            new.append(phrase)
    if not new:
        return Added(text=text, added=(), message="", notices=tuple(notices))
    out = _insert(text, loaded, (key, entry, code), list_name, new)
    _, problems = check(out, "the taxonomy with the new phrases")
    if problems:
        raise DataFileError(problems)
    what = f"{_quoted(new)} as {_ONE[list_name] if len(new) == 1 else _MANY[list_name]}"
    return Added(text=out, added=tuple(new), message=f"Added {what} of {labels[code]}.",
                 notices=tuple(notices))


def _phrase_key(phrase: str) -> str:
    """A phrase as the matcher compares it: lower case, a hyphen or slash between words read as a space, and its
    last word with any ending (so "utility helicopter" is "utility helicopters")."""
    words = unjoined(final_sigma(phrase.lower())).split()
    if words:
        words[-1] = without_ending(words[-1])
    return " ".join(words)


def _places(taxonomy: Taxonomy, loaded: LoadedYaml) -> dict[str, list[Place]]:
    """Every place a phrase is written among the views and sub-views, by the phrase's key."""
    places: dict[str, list[Place]] = {}
    for vi, view in enumerate(taxonomy.views):
        entries: list[tuple[str, Key, View | SubView]] = [(view.id, ("views", vi), view)]
        entries += [(f"{view.id}.{s.id}", ("views", vi, "subviews", si), s) for si, s in enumerate(view.subviews)]
        for code, key, entry in entries:
            for list_name, at, phrase in _written(entry):
                places.setdefault(_phrase_key(phrase), []).append((code, list_name, loaded.line((*key, *at))))
    return places


def _written(entry: View | SubView) -> Iterator[tuple[str, Key, str]]:
    """Each phrase of a view or sub-view: the kind of list it is in, its path inside the entry, the phrase."""
    for name in ("include", "weak", "exclude"):
        for i, phrase in enumerate(getattr(entry, name)):
            yield name, (name, i), phrase
    for g, group in enumerate(entry.together):
        for i, phrase in enumerate(group):
            yield "together", ("together", g, i), phrase
    for r, rule in enumerate(entry.near):
        for part, words in (("words", rule.words), ("with", rule.with_)):
            for i, phrase in enumerate(words):
                yield "near", ("near", r, part, i), phrase


def _notice(phrase: str, where: list[Place], labels: dict[str, str], *, again: bool) -> str:
    """“phrase” is already an include phrase of <label> (line n)[, ...][, so it was not added again]."""
    places = [f"{_ONE[name]} of {labels[code]} (line {line})"
              for code, name, line in sorted(where, key=lambda place: place[2])]
    return f"“{phrase}” is already {_and(places)}" + (", so it was not added again." if again else ".")


def _quoted(phrases: list[str]) -> str:
    return _and([f"“{p}”" for p in phrases])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _entry(loaded: LoadedYaml, code: str) -> tuple[Key, dict[str, Any]]:
    """The path and the mapping of a view or sub-view in the loaded YAML; an unknown code raises."""
    view_id, _, sub_id = code.partition(".")
    views = loaded.data["views"]
    vi = next((i for i, v in enumerate(views) if v.get("id") == view_id), None)
    if vi is None:
        raise DataFileError([f"There is no view '{view_id}' in the taxonomy."])
    key: Key = ("views", vi)
    entry: dict[str, Any] = views[vi]
    if sub_id:
        subs = entry.get("subviews") or []
        si = next((i for i, s in enumerate(subs) if s.get("id") == sub_id), None)
        if si is None:
            raise DataFileError([f"The view '{view_id}' has no sub-view '{sub_id}'."])
        key, entry = (*key, "subviews", si), subs[si]
    return key, entry


def _insert(text: str, loaded: LoadedYaml, target: tuple[Key, dict[str, Any], str], list_name: str,
            phrases: list[str]) -> str:
    """The text with the phrases written at the end of the list of ``target`` (its path, mapping and code),
    the list created if the entry has none."""
    key, entry, code = target
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    indent = lines[loaded.line((*key, "id")) - 1].index("id:")
    existing = entry.get(list_name) or []
    header = loaded.line((*key, list_name)) - 1 if list_name in entry else None
    if existing:
        last = loaded.line((*key, list_name, len(existing) - 1)) - 1
        if header is not None and ("[" in lines[header] or last == header):
            raise DataFileError([f"{list_name} of '{code}' is written on one line; add the phrases in the editor."])
        item_indent = len(lines[last]) - len(lines[last].lstrip())
        end = last + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > item_indent):
            end += 1  # the last item's continuation lines
        while end > last + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = [f"{' ' * item_indent}- {_yaml_string(p)}\n" for p in phrases]
    else:
        block = [f"{' ' * indent}{list_name}:\n", *(f"{' ' * (indent + 2)}- {_yaml_string(p)}\n" for p in phrases)]
        if header is not None and lines[header].lstrip().startswith(f"{list_name}:"):
            lines[header:header + 1] = block  # an empty list ("exclude: []" or "exclude:") is replaced
        else:
            at = loaded.line((*key, "id"))
            lines[at:at] = block
    return "".join(lines)


def _yaml_string(phrase: str) -> str:
    cleaned = " ".join(phrase.split())
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_qdc(taxonomy: Taxonomy, *, origin: str = "Mandate Gap Monitor") -> bytes:
    """The taxonomy as a REFI-QDA codebook (.qdc) that NVivo, ATLAS.ti and MAXQDA import.

    Views are codes with their sub-views nested; the gap, remedy and progress flags are codes of their own;
    the core views form a set. GUIDs derive from the ids, so the same view keeps its GUID across revisions.
    """
    ET.register_namespace("", QDC_NAMESPACE)
    ns = f"{{{QDC_NAMESPACE}}}"
    root = ET.Element(f"{ns}CodeBook", {"origin": origin})
    codes = ET.SubElement(root, f"{ns}Codes")

    def code(parent: ET.Element, ident: str, name: str, description: str) -> ET.Element:
        element = ET.SubElement(parent, f"{ns}Code", {"guid": _guid(ident), "name": name, "isCodable": "true"})
        if description:
            ET.SubElement(element, f"{ns}Description").text = description
        return element

    for view in taxonomy.views:
        element = code(codes, view.id, view.label, view.definition)
        for sub in view.subviews:
            code(element, f"{view.id}.{sub.id}", sub.label, "")
    stances = code(codes, "stance", "Stance", "Whether a passage states a gap, a remedy or progress.")
    stances.set("isCodable", "false")
    for flag, meaning in (("gap", "A deficit, need or shortfall in how mandates are made or carried out."),
                          ("remedy", "A remedy proposed or recommended."), ("progress", "Progress reported.")):
        code(stances, flag, flag.capitalize(), meaning)
    sets = ET.SubElement(root, f"{ns}Sets")
    core = ET.SubElement(sets, f"{ns}Set", {"guid": _guid("set:core"), "name": "Core views"})
    ET.SubElement(core, f"{ns}Description").text = "The six core views defined in VIEWS.md."
    for view in taxonomy.views:
        if view.core:
            ET.SubElement(core, f"{ns}MemberCode", {"guid": _guid(view.id)})
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _guid(ident: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, ident)).upper()
