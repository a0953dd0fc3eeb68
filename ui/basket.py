"""The evidence basket: passages pinned from any page, kept for the session, in the user's order."""

from __future__ import annotations

import streamlit as st

KEY = "basket"


def items() -> list[dict[str, str]]:
    """Pinned passages, in order: each {'id': passage id, 'note': the user's annotation}."""
    return list(st.session_state.get(KEY, []))


def pinned(passage_id: str) -> bool:
    return any(i["id"] == passage_id for i in items())


def pin(passage_id: str) -> None:
    if not pinned(passage_id):
        st.session_state[KEY] = [*items(), {"id": passage_id, "note": ""}]


def unpin(passage_id: str) -> None:
    st.session_state[KEY] = [i for i in items() if i["id"] != passage_id]


def move(passage_id: str, step: int) -> None:
    current = items()
    index = next(n for n, i in enumerate(current) if i["id"] == passage_id)
    target = max(0, min(len(current) - 1, index + step))
    current.insert(target, current.pop(index))
    st.session_state[KEY] = current


def annotate(passage_id: str, note: str) -> None:
    st.session_state[KEY] = [{**i, "note": note} if i["id"] == passage_id else i for i in items()]


def clear() -> None:
    st.session_state[KEY] = []


def pin_button(passage_id: str, key: str) -> None:
    """A button on a passage card that pins it (or unpins it)."""
    if pinned(passage_id):
        st.button("Unpin from basket", key=f"{key}_unpin_{passage_id}", on_click=unpin, args=(passage_id,),
                  icon=":material/bookmark_remove:")
    else:
        st.button("Pin to basket", key=f"{key}_pin_{passage_id}", on_click=pin, args=(passage_id,),
                  icon=":material/bookmark_add:")
