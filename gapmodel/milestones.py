"""Policy milestones (Brahimi 2000, Capstone 2008, New Horizon 2009, HIPPO 2015), kept as data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gapmodel.dates import parse_iso
from gapmodel.yamlfile import DataFileError, load_yaml_file


@dataclass(frozen=True, slots=True)
class Milestone:
    date: str  # ISO 8601
    label: str
    detail: str

    @property
    def year(self) -> int:
        return int(self.date[:4])


def load_milestones(path: Path, display_path: str | None = None) -> tuple[Milestone, ...]:
    """The milestones of a YAML file; problems raise :class:`DataFileError` naming the line."""
    loaded = load_yaml_file(path, display_path)
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("milestones"), list):
        raise DataFileError([f"{loaded.where(())}: expected 'milestones:' with a list of date and label."])
    out: list[Milestone] = []
    problems: list[str] = []
    for i, entry in enumerate(data["milestones"]):
        key = ("milestones", i)
        if not isinstance(entry, dict) or not entry.get("label") or not entry.get("date"):
            problems.append(f"{loaded.where(key)}: each milestone needs a date and a label.")
            continue
        unknown = set(entry) - {"date", "label", "detail"}
        if unknown:
            problems.append(f"{loaded.where(key)}: unknown key '{sorted(unknown)[0]}'. Use date, label and detail.")
        date = str(entry["date"])
        if parse_iso(date) is None:
            problems.append(f"{loaded.where((*key, 'date'))}: '{date}' is not an ISO date. Write 2015-06 or 2015.")
            continue
        out.append(Milestone(date, str(entry["label"]), str(entry.get("detail") or "")))
    if problems:
        raise DataFileError(problems)
    return tuple(out)
