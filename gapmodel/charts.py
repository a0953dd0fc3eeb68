"""Plotly figures of the gap model: one function per chart kind, shared by the dashboard and exports.

Colours are fixed per view across every chart and colour-blind safe (Okabe-Ito
for the six core views, Paul Tol's muted scheme beyond them). Type is large
enough to read on a projector; hover text says what the number is. Years that
no document covers are drawn as "not covered", never as zero.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from gapmodel import columns as C
from gapmodel.milestones import Milestone
from gapmodel.taxonomy import Taxonomy

CORE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7")
EXTRA_COLOURS = ("#332288", "#882255", "#999933", "#AA4499", "#CC6677", "#661100", "#DDCC77", "#888888")
FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 16}
SEQUENTIAL = [[0.0, "#f7fbff"], [0.2, "#c6dbef"], [0.5, "#6baed6"], [0.8, "#2171b5"], [1.0, "#08306b"]]
NOT_COVERED = "#d9d9d9"


def view_colours(taxonomy: Taxonomy) -> dict[str, str]:
    """A colour for every view and sub-view id; the same on every chart."""
    colours: dict[str, str] = {}
    core = [v for v in taxonomy.views if v.core]
    extra = [v for v in taxonomy.views if not v.core]
    for i, view in enumerate(core):
        colours[view.id] = CORE_COLOURS[i % len(CORE_COLOURS)]
    for i, view in enumerate(extra):
        colours[view.id] = EXTRA_COLOURS[i % len(EXTRA_COLOURS)]
    palette = (*CORE_COLOURS, *EXTRA_COLOURS)
    for view in taxonomy.views:
        for j, sub in enumerate(view.subviews):
            colours[f"{view.id}.{sub.id}"] = palette[(palette.index(colours[view.id]) + j + 1) % len(palette)]
    return colours


def count(n: int, noun: str) -> str:
    """'1 gap passage', '7 gap passages', '1 passage proposing remedies'."""
    if n == 1:
        noun = noun.replace("passages", "passage", 1) if "passages" in noun else noun.removesuffix("s")
    return f"{n} {noun}"


def _clickable(fig: go.Figure, xs: list[str], ys: list[str], custom: list[list[list[object]]],
               text: list[list[str]], size: int) -> None:
    """Invisible square markers over heatmap cells: Streamlit reports clicks on points, not on heatmap cells."""
    points = [(x, y, custom[i][j], text[i][j]) for i, y in enumerate(ys) for j, x in enumerate(xs)]
    fig.add_scatter(x=[p[0] for p in points], y=[p[1] for p in points], customdata=[p[2] for p in points],
                    hovertext=[p[3] for p in points], hovertemplate="%{hovertext}<extra></extra>", mode="markers",
                    marker={"symbol": "square", "size": size, "color": "rgba(0,0,0,0)"}, showlegend=False)


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Security sector reform and DDR' -> 'security sector reform and DDR'."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _label(taxonomy: Taxonomy, view: str, subview: str) -> str:
    return taxonomy.label(f"{view}.{subview}" if subview else view)


def _layout(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 20}}, font={**FONT, "color": "#222"},
        template="plotly_white",
        height=height, margin={"l": 10, "r": 10, "t": 60, "b": 40}, hoverlabel={"font_size": 15},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    fig.update_xaxes(tickfont_color="#222")
    fig.update_yaxes(tickfont_color="#222")
    return fig


def _what(gaps_only: bool, value: str) -> str:
    if value == C.SHARE:
        return "share of passages that state a gap" if gaps_only else "share of all passages"
    return "gap passages" if gaps_only else "passages"


def _year_axis(covered: Sequence[int]) -> list[int]:
    return list(range(min(covered), max(covered) + 1)) if covered else []


def _columns(covered: Sequence[int]) -> list[tuple[str, list[int]]]:
    """Year columns: one per covered year, one per run of years no document covers."""
    out: list[tuple[str, list[int]]] = []
    for year in _year_axis(covered):
        if year in covered:
            out.append((str(year), [year]))
        elif out and out[-1][1][-1] not in covered:
            out[-1][1].append(year)
        else:
            out.append(("", [year]))
    return [(label or (f"{run[0]}" if len(run) == 1 else f"{run[0]}–{str(run[-1])[2:]}") + "<br>none", run)
            for label, run in out]


def _uncovered_runs(uncovered: Sequence[bool]) -> list[tuple[int, int]]:
    """First and last position of each run of True: one shaded band per run of years no document covers."""
    runs: list[tuple[int, int]] = []
    for i, flag in enumerate(uncovered):
        if flag and runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        elif flag:
            runs.append((i, i))
    return runs


def _reviewed(cell: Mapping[Any, Any]) -> str:
    """'; 3 reviewed by experts' for a tally cell with reviewed passages, else ''."""
    n = int(cell.get(C.REVIEWED, 0) or 0)
    return f"; {n} reviewed by experts" if n else ""


def heatmap(frame: pd.DataFrame, taxonomy: Taxonomy, *, value: str = C.PASSAGES, gaps_only: bool = True,
            title: str = "") -> go.Figure:
    """Views (rows) by year (columns) from a year tally; cells carry [view, subview, year] as customdata.

    Runs of years that no document covers are one grey column marked "no document", never zeros.
    """
    covered = sorted(int(y) for y in frame[C.YEAR].unique())
    columns = _columns(covered)
    rows = frame[[C.VIEW, C.SUBVIEW]].drop_duplicates().values.tolist()
    cells = {(r[C.VIEW], r[C.SUBVIEW], int(r[C.YEAR])): r for r in frame.to_dict("records")}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    custom: list[list[list[object]]] = []
    noun = "gap passages" if gaps_only else "passages"
    for view, sub in rows:
        label = _label(taxonomy, view, sub)
        z_row: list[float | None] = []
        t_row: list[str] = []
        c_row: list[list[object]] = []
        for _, run in columns:
            year = run[0]
            if year not in covered:
                z_row.append(None)
                t_row.append(f"No document covers {run[0]}" + (f" to {run[-1]}" if len(run) > 1 else ""))
            else:
                cell = cells[(view, sub, year)]
                amount = float(cell[value]) if value == C.SHARE else int(cell[C.PASSAGES])
                z_row.append(amount)
                shown = f"{amount:.0%} of passages" if value == C.SHARE else count(int(cell[C.PASSAGES]), noun)
                meetings = int(cell.get("meetings", 0))
                t_row.append(f"{shown} on {label} in {year}" + (f", {count(meetings, 'meetings')}" if meetings else "")
                             + _reviewed(cell))
            c_row.append([view, sub, year])
        z.append(z_row)
        text.append(t_row)
        custom.append(c_row)
    # a long label on two lines: on one, "Triangular cooperation with troop- and police-contributing countries"
    # took half the chart's width and left sixteen years 12 pixels each
    labels = ["<br>".join(textwrap.wrap(_label(taxonomy, v, s), 38)) for v, s in rows]
    crowded = len(columns) > 9  # many years: labels stand upright, on one line, so they never run together
    x_labels = [label.replace("<br>", " ") if crowded else label for label, _ in columns]
    fig = go.Figure(go.Heatmap(
        z=z, x=x_labels, y=labels, text=text, customdata=custom, colorscale=SEQUENTIAL, hoverongaps=True,
        hovertemplate="%{text}<extra></extra>", texttemplate="%{z}" if value != C.SHARE else "%{z:.0%}",
        xgap=2, ygap=2, colorbar={"title": {"text": "share" if value == C.SHARE else noun}},
    ))
    for i, (_, run) in enumerate(columns):
        if run[0] not in covered:
            fig.add_vrect(x0=i - 0.5, x1=i + 0.5, fillcolor=NOT_COVERED, opacity=0.5, line_width=0, layer="below")
    _clickable(fig, x_labels, labels, custom, text, size=34)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 15})
    fig.update_xaxes(type="category", side="top", tickangle=-90 if crowded else 0, tickfont={"size": 14 if crowded
                                                                                               else 15},
                     tickmode="array", tickvals=x_labels)  # every year named: plotly would skip some
    if len(columns) > 20:  # cells too narrow for their numbers: the colour and the hover say them
        fig.update_traces(texttemplate=None, selector={"type": "heatmap"})
    height = max(320, 90 + 44 * len(rows)) + (70 if crowded else 0)
    fig = _layout(fig, title or f"{_what(gaps_only, value).capitalize()} by view and year", height)
    if crowded:
        fig.update_layout(margin={"t": 130})  # the title above the upright year labels
    return fig


def trend(frame: pd.DataFrame, taxonomy: Taxonomy, *, by: str = C.YEAR, value: str = C.PASSAGES,
          kind: str = "lines", gaps_only: bool = False, milestones: Sequence[Milestone] = (),
          key_labels: dict[str, str] | None = None, title: str = "") -> go.Figure:
    """Views over years or meetings as lines or stacked bars; points carry [view, subview, key]."""
    colours = view_colours(taxonomy)
    keys = list(dict.fromkeys(frame[by]))
    axis: list[object] = list(keys)
    if by == C.YEAR and keys:
        axis = list(_year_axis([int(k) for k in keys]))
    labels = key_labels or {}
    fig = go.Figure()
    noun = "gap passages" if gaps_only else "passages"
    for (view, sub), group in frame.groupby([C.VIEW, C.SUBVIEW], sort=False):
        view, sub = str(view), str(sub)
        label = _label(taxonomy, view, sub)
        values = {r[by]: r for r in group.to_dict("records")}
        ys: list[float | None] = []
        texts: list[str] = []
        custom: list[list[object]] = []
        for key in axis:
            if key not in values:
                ys.append(None)
                texts.append(f"No document covers {key}")
            else:
                row = values[key]
                amount = float(row[value]) if value == C.SHARE else int(row[C.PASSAGES])
                ys.append(amount)
                shown = f"{amount:.0%} of passages" if value == C.SHARE else count(int(row[C.PASSAGES]), noun)
                texts.append(f"{shown} on {label}, {labels.get(str(key), key)}{_reviewed(row)}")
            custom.append([view, sub, key])
        x = [labels.get(str(k), str(k)) for k in axis]
        colour = colours.get(f"{view}.{sub}" if sub else view, "#555555")
        if kind == "bars":
            fig.add_bar(x=x, y=ys, name=label, marker_color=colour, text=None, hovertext=texts,
                        hovertemplate="%{hovertext}<extra></extra>", customdata=custom)
        else:
            fig.add_scatter(x=x, y=ys, name=label, mode="lines+markers", line={"color": colour, "width": 3},
                            marker={"size": 9}, connectgaps=False, hovertext=texts,
                            hovertemplate="%{hovertext}<extra></extra>", customdata=custom)
    if kind == "bars":
        fig.update_layout(barmode="stack")
    if by == C.YEAR:
        fig.update_xaxes(type="category")
        shown_years = [str(a) for a in axis]
        drawn = [m for m in milestones if str(m.year) in shown_years]
        for n, m in enumerate(drawn):  # labels above the plot, on three staggered rows: never on a line or another
            fig.add_vline(x=shown_years.index(str(m.year)), line_dash="dot", line_color="#444444")
            fig.add_annotation(x=shown_years.index(str(m.year)), y=1.01 + MILESTONE_ROW * (n % 3), yref="paper",
                               yanchor="bottom", text=m.label, showarrow=False, font={"size": 13},
                               hovertext=m.detail, bgcolor="rgba(255,255,255,0.85)")
        for first, last in _uncovered_runs([str(year) not in {str(k) for k in keys} for year in axis]):
            fig.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor=NOT_COVERED, opacity=0.35, line_width=0,
                          layer="below")
    fig.update_yaxes(title=_what(gaps_only, value), tickformat=".0%" if value == C.SHARE else None,
                     rangemode="tozero")
    return _layout(fig, title or f"{_what(gaps_only, value).capitalize()} by view over {by}s", 520)


MILESTONE_ROW = 0.07  # the height of a row of milestone labels, as a share of the plot's height

KIND_SYMBOLS = {"formal": "circle", "informal": "diamond", "organisational": "square", "field visit": "triangle-up",
                "retreat": "star"}


def timeline(meetings: pd.DataFrame, titles: dict[str, str], title: str = "Meetings") -> go.Figure:
    """Meetings on a time axis, one row per document; undated meetings drawn as the period they fall in."""
    fig = go.Figure()
    real = meetings[meetings[C.KIND] != "series"]
    for kind, group in real.groupby(C.KIND, sort=False):
        dated = group[group["dated"]]
        if len(dated):
            fig.add_scatter(
                x=pd.to_datetime(dated["date"].str.split("/").str[0], format="ISO8601").to_numpy(),
                y=dated[C.DOCUMENT].map(titles).to_numpy(dtype=str),
                mode="markers", name=str(kind), marker={"symbol": KIND_SYMBOLS.get(str(kind), "circle"), "size": 14,
                                                        "line": {"width": 1, "color": "#333"}},
                customdata=dated[C.MEETING].to_numpy(dtype=str),  # numpy arrays: plotly checks lists item by item
                hovertext=np.array([f"{label}: {theme or 'theme not given'} ({n} passages)" for label, theme, n in
                                    zip(dated[C.LABEL], dated["theme"], dated[C.PASSAGES], strict=True)], dtype=str),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        undated = group[~group["dated"]]
        if len(undated):  # one trace of bars, each from the period's first day to its last, broken by gaps
            xs: list[object] = []
            ys: list[object] = []
            ids: list[list[str]] = []
            hover: list[str] = []
            for r in undated.itertuples():
                start, _, end = str(r.date).partition("/")
                title_ = titles.get(str(r.document), str(r.document))
                xs += [_start(start), _end(end or start), None]
                ys += [title_, title_, None]
                ids += [[str(r.meeting)], [str(r.meeting)], [""]]
                hover += [str(r.label), str(r.label), ""]
            fig.add_scatter(
                x=xs, y=ys, mode="lines", name=f"{kind} (day not given)", connectgaps=False,
                line={"width": 10, "color": "rgba(120,120,120,0.45)"}, showlegend=False,
                customdata=ids, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            )
    order = [titles.get(d, d) for d in meetings.sort_values("date")[C.DOCUMENT].drop_duplicates()]
    fig.update_yaxes(title=None, automargin=True, categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title=None)
    fig.update_xaxes(type="date")
    return _layout(fig, title, max(360, min(1600, 90 * meetings[C.DOCUMENT].nunique())))


def _start(iso: str) -> str:
    return iso if len(iso) == 10 else f"{iso}-01" if len(iso) == 7 else f"{iso}-01-01"


def _end(iso: str) -> str:
    if len(iso) == 10:
        return iso
    return str((pd.Period(iso, freq="M" if len(iso) == 7 else "Y").end_time).date())


def bars(frame: pd.DataFrame, taxonomy: Taxonomy, *, x: str, title: str, value: str = C.PASSAGES,
         x_labels: dict[str, str] | None = None, stacked: bool = True, noun: str = "passages") -> go.Figure:
    """Bars of a long frame with view, subview, ``x`` and ``value``; one colour per view."""
    colours = view_colours(taxonomy)
    fig = go.Figure()
    labels = x_labels or {}
    for (view, sub), group in frame.groupby([C.VIEW, C.SUBVIEW], sort=False):
        view, sub = str(view), str(sub)
        label = _label(taxonomy, view, sub)
        fig.add_bar(
            x=[labels.get(str(k), str(k)) for k in group[x]], y=group[value], name=label,
            marker_color=colours.get(f"{view}.{sub}" if sub else view, "#555"),
            customdata=[[view, sub, k] for k in group[x]],
            hovertext=[f"{n} {noun} on {label}, {labels.get(str(k), k)}" for n, k in zip(group[value], group[x],
                                                                                          strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(barmode="stack" if stacked else "group")
    if x == C.YEAR:  # in order, whichever view's bars come first
        fig.update_xaxes(type="category", categoryorder="array",
                         categoryarray=[labels.get(str(k), str(k)) for k in sorted(frame[x].unique())])
    fig.update_yaxes(title=noun, rangemode="tozero")
    if len(frame) and float(frame[value].max()) <= 10:
        fig.update_yaxes(dtick=1)  # whole passages, never halves
    return _layout(fig, title)


STATUS_WORDS = {"rose": "up", "fell": "down", "appeared": "new", "vanished": "gone", "steady": "about the same"}


def comparison(rows: pd.DataFrame, taxonomy: Taxonomy, *, a: str, b: str, value: str = C.SHARE,
               noun: str = "passages", title: str = "") -> go.Figure:
    """Two periods as a dumbbell per view or sub-view: a hollow grey dot for period ``a``, a dot in the view's
    colour for ``b``, joined by a line, the largest rise (of ``value``: share or passages) at the top, and
    the change written on the right. ``rows``: the rows of a :class:`gapmodel.compare.Comparison`. Dots carry
    [view, subview, "a" or "b"] as customdata."""
    colours = view_colours(taxonomy)
    measure = "share" if value == C.SHARE else "passages"
    records = rows.to_dict("records")
    if measure == "passages":  # the order and the words of the change follow what is drawn
        records.sort(key=lambda r: int(r["passages_a"]) - int(r["passages_b"]))
    codes = [f"{r[C.VIEW]}.{r[C.SUBVIEW]}" if r[C.SUBVIEW] else str(r[C.VIEW]) for r in records]
    labels = [_two_lines(taxonomy, code) for code in codes]
    fig = go.Figure()
    ys = list(range(len(records)))  # positions, not labels: two sub-views of different views may share a label
    for y, r in zip(ys, records, strict=True):
        fig.add_scatter(x=[r[f"{measure}_a"], r[f"{measure}_b"]], y=[y, y], mode="lines",
                        line={"color": "#9a9a9a", "width": 3}, hoverinfo="skip", showlegend=False)
    for which, name in (("a", a), ("b", b)):
        hover = [f"{count(int(r[f'passages_{which}']), noun)} on {taxonomy.label(code)} in {name} "
                 f"({float(r[f'share_{which}']):.0%} of all passages)" for r, code in zip(records, codes, strict=True)]
        fig.add_scatter(
            x=[r[f"{measure}_{which}"] for r in records], y=ys, mode="markers", name=name, hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[[r[C.VIEW], r[C.SUBVIEW], which] for r in records],
            marker={"size": 15 if which == "b" else 13, "symbol": "circle",
                    "color": ["#ffffff" if which == "a" else colours.get(code, "#555555") for code in codes],
                    "line": {"color": "#555555" if which == "a" else "#222222", "width": 2}})
    for y, r in zip(ys, records, strict=True):
        fig.add_annotation(x=1.0, xref="paper", y=y, xanchor="left", showarrow=False, font={"size": 13},
                           text=_change_words(r, measure))
    fig.update_yaxes(range=[len(records) - 0.5, -0.5], tickvals=ys, ticktext=labels, tickfont={"size": 14},
                     showgrid=False)  # the first row at the top, with no band of padding above it
    top = max((max(float(r[f"{measure}_a"]), float(r[f"{measure}_b"])) for r in records), default=1.0)
    fig.update_xaxes(tickformat=".0%" if value == C.SHARE else None, range=[-0.03 * top, 1.05 * top],
                     title="share of all passages of the period" if value == C.SHARE else noun)
    row_height = 46 if any("." in code for code in codes) else 34
    fig = _layout(fig, title or f"{noun.capitalize()} in {a} (hollow) and {b} (filled)",
                  max(260, 130 + row_height * len(records)))
    fig.update_layout(margin={"r": 120, "t": 90}, legend={"y": 1.0, "yanchor": "bottom", "x": 0.0, "orientation": "h"})
    return fig


def _two_lines(taxonomy: Taxonomy, code: str) -> str:
    """A view's label, or a sub-view's with its view's under it in smaller grey type."""
    label = textwrap.shorten(taxonomy.label(code), 48, placeholder="…")
    if "." not in code:
        return label
    view = textwrap.shorten(taxonomy.label(code.partition(".")[0]), 48, placeholder="…")
    return f"{label}<br><span style='font-size:12px;color:#555'>{view}</span>"


def _change_words(row: Mapping[Any, Any], measure: str) -> str:
    """'up 7 pts', 'down 3' (passages), 'new', 'gone', 'about the same': the change drawn on a row."""
    status = str(row["status"])
    if status in ("appeared", "vanished"):
        return STATUS_WORDS[status]
    if measure == "share":
        points = round(abs(float(row["change"])) * 100)
        return STATUS_WORDS[status] + ("" if status == "steady" else f" {points} pt{'s' if points != 1 else ''}")
    change = int(row["passages_b"]) - int(row["passages_a"])
    return "the same" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change)}"


def cooccurrence(matrix: pd.DataFrame, taxonomy: Taxonomy, title: str = "Views raised together") -> go.Figure:
    """A symmetric view-by-view matrix of passages that speak to both; cells carry [row, column]."""
    ids = list(matrix.index)
    labels = [taxonomy.label(i) for i in ids]
    text = [[f"{int(matrix.loc[a, b])} passages speak to both {taxonomy.label(a)} and {taxonomy.label(b)}"
             if a != b else f"{int(matrix.loc[a, b])} passages on {taxonomy.label(a)}" for b in ids] for a in ids]
    custom = [[[a, b] for b in ids] for a in ids]
    # The diagonal (passages on one view) would wash out the pairs: it is written, not coloured.
    z = [[None if a == b else int(matrix.loc[a, b]) for b in ids] for a in ids]
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, text=text, customdata=custom, colorscale=SEQUENTIAL, hoverongaps=True,
        hovertemplate="%{text}<extra></extra>", texttemplate="%{z}", xgap=2, ygap=2,
    ))
    for i, a in enumerate(ids):
        fig.add_annotation(x=labels[i], y=labels[i], text=f"<b>{int(matrix.loc[a, a])}</b>", showarrow=False)
    _clickable(fig, labels, labels, custom, text, size=34)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-35)
    return _layout(fig, title, max(420, 60 + 44 * len(ids)))


def presentation(fig: go.Figure, source: str) -> go.Figure:
    """The same figure for a projector: larger type and a source line under it (corpus, filters, taxonomy)."""
    out = go.Figure(fig)
    out.update_layout(font={"size": 20, "color": "#111"},
                      title={"font": {"size": 30}, "y": 0.98, "yanchor": "top", "x": 0.02, "xanchor": "left"},
                      hoverlabel={"font_size": 20}, height=max(int(out.layout.height or 600), 820),
                      margin={"t": 190, "b": 190, "l": 80, "r": 40})
    out.update_xaxes(tickfont={"size": 18})
    out.update_yaxes(tickfont={"size": 18})
    out.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"})
    for note in out.layout.annotations or ():
        if note.font is not None and note.font.size and note.font.size < 16:
            note.font.size = 16  # milestone labels
    out.add_annotation(text="<br>".join(textwrap.wrap(source, 110)), xref="paper", yref="paper", x=0, y=-0.12,
                       xanchor="left", yanchor="top", showarrow=False, font={"size": 14, "color": "#444"},
                       align="left")
    return out
