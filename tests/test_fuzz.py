"""Fuzzing the loaders: random and damaged taxonomies and manifests are always one clear error, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapmodel.taxonomy import Taxonomy, parse_taxonomy
from gapmodel.yamlfile import DataFileError

SHIPPED = (Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml").read_text(encoding="utf-8")
LINES = SHIPPED.splitlines(keepends=True)


def _loads_or_says_why(text: str) -> None:
    problems: list[str] = []
    result = None
    try:
        result = parse_taxonomy(text, "fuzz.yaml")
    except DataFileError as exc:  # any other exception fails the test
        problems = list(exc.problems)
    if result is None:
        assert problems and all(p.strip() and "Traceback" not in p for p in problems)
        assert all(p.startswith("fuzz.yaml:") for p in problems), problems  # file and line, then the fix
    else:
        assert isinstance(result, Taxonomy)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_is_a_taxonomy_or_a_clear_error(text: str) -> None:
    _loads_or_says_why(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SHIPPED)))
def test_a_truncated_taxonomy_is_a_clear_error(cut: int) -> None:
    _loads_or_says_why(SHIPPED[:cut])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["drop", "double", "indent", "dedent", "garble"]),
                          st.integers(min_value=0, max_value=len(LINES) - 1)), min_size=1, max_size=4))
def test_a_damaged_taxonomy_is_a_clear_error(edits: list[tuple[str, int]]) -> None:
    lines = list(LINES)
    for kind, at in edits:
        at = min(at, len(lines) - 1)
        if kind == "drop":
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "indent":
            lines[at] = "  " + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at][2:]
        else:
            lines[at] = lines[at].replace(":", ": [", 1)
    _loads_or_says_why("".join(lines))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["r.txt", "r.md", "r.pdf", "r.docx", "r"]))
def test_any_bytes_are_read_or_refused_in_a_sentence(data: bytes, name: str) -> None:
    from gapmodel.corpus import InputError
    from gapmodel.readers import extract

    for content in (data, b"%PDF-1.4\n" + data, b"PK\x03\x04" + data):
        message = ""
        try:
            text = extract(name, content).text
        except InputError as exc:  # any other exception fails the test
            message, text = str(exc), ""
        assert text.strip() or (message.endswith(".") and "\n" not in message)
