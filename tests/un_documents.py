"""Realistic UN documents made in the tests: a report printed to PDF by Debian's chromium in the layout of the
Organization's documents (masthead, running head with the symbol, running foot with the job number and the
page as x/y, justified serif text, hanging paragraph numbers, a footnote at the foot of a page that
interrupts a paragraph, words broken at line ends, the annex table), from the text of an embedded report.

Nothing is downloaded: the PDF is printed by the chromium Debian ships, as the browser tests use.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")

_STYLE = """
@page { size: A4; margin: 2.4cm 2.2cm 2.6cm 2.2cm; }
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.35; text-align: justify; }
p { margin: 0 0 0.6em 0; }
p.para { padding-left: 1.1cm; text-indent: -1.1cm; }
p.para span.n { display: inline-block; width: 1.1cm; text-indent: 0; }
p.item { padding-left: 2.2cm; text-indent: -1.1cm; }
p.item span.n { display: inline-block; width: 1.1cm; text-indent: 0; }
p.cont { padding-left: 1.1cm; }
h1, h2, h3 { font-size: 10.5pt; font-weight: bold; margin: 1.1em 0 0.6em 0; text-align: left; }
h1 { font-size: 12pt; }
.masthead { display: flex; justify-content: space-between; font-size: 9pt; border-bottom: 2px solid black;
            margin-bottom: 0.8em; }
.masthead b { font-size: 16pt; }
.dist { text-align: right; font-size: 9pt; margin-bottom: 1.5em; }
.firstfoot { font-size: 8pt; margin-top: 2em; display: flex; justify-content: space-between; }
.footnotes { font-size: 8.5pt; border-top: 1px solid black; width: 5cm; padding-top: 0.2em; margin-top: 0.6em; }
.footnotes p { width: 15cm; }
.break { break-after: page; }
table { font-size: 9pt; border-collapse: collapse; text-align: left; }
td, th { vertical-align: top; padding: 0.2em 0.4em; border-bottom: 0.5px solid #999; }
sup { font-size: 7pt; }
"""


@dataclass(frozen=True, slots=True)
class Layout:
    """What a UN document prints besides its text."""

    symbol: str  # e.g. S/2017/134, printed at the top of every page
    job: str  # the job number printed at the foot of every page, e.g. 17-02205
    distributed: str  # the masthead's date, e.g. 14 February 2017
    footnote_after: int = 0  # the paragraph whose text a footnote interrupts (0: none)
    footnote: str = ""  # the footnote's text


def _soft_hyphens(text: str) -> str:
    """Long words may break at line ends with a printed hyphen, as justified UN text does."""
    def mark(m: re.Match[str]) -> str:
        word = m.group()
        return word[:5] + "\u00ad" + word[5:]
    return re.sub(r"\b[a-z]{10,}\b", mark, text)


def _inline(text: str) -> str:
    text = re.sub(r"</?i>", "", text)
    text = re.sub(r"\*\(([^)]*)\)\*", r"(\1)", text)
    text = text.replace("**", "").replace("  \n", " ")
    return _soft_hyphens(html.escape(text, quote=False))


def report_html(markdown: str, layout: Layout) -> str:
    """The embedded report's text (Markdown-like, as in data/corpus/) laid out as a UN document."""
    out = [f"<div class='masthead'><span><b>United Nations</b></span><span><b>{layout.symbol}</b></span></div>",
           "<div class='dist'>Security Council<br>Distr.: General<br>" + html.escape(layout.distributed) +
           "<br><br>Original: English</div>"]
    lines = markdown.splitlines()
    i = 0
    in_table = False
    first_page_done = False
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line or line in ("**Security Council**", "---") or line.startswith(("Distr.:", "Original:")) or \
                re.fullmatch(r"\d{1,2} \w+ \d{4}", line.strip()):
            continue
        if "\t" in line:
            if not in_table:
                out.append("<table>")
                in_table = True
            cells = "".join(f"<td>{_inline(c)}</td>" for c in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.startswith("#"):
            level = min(3, len(line) - len(line.lstrip("#")))
            if not first_page_done and "Report on the activities" in line:
                out.append(f"<div class='firstfoot'><span>{layout.job} (E)</span><span>*{layout.job.replace('-', '')}*"
                           "</span><span>Please recycle</span></div><div class='break'></div>")
                first_page_done = True
            out.append(f"<h{level}>{_inline(line.lstrip('#').strip())}</h{level}>")
            continue
        if line.startswith("**Letter dated"):
            out.append(f"<h2>{_inline(line)}</h2>")
            continue
        if line[:1].islower() and out and out[-1].startswith("<p"):  # the text's own page break: one paragraph
            out[-1] = out[-1][:-len("</p>")] + " " + _inline(line) + "</p>"
            continue
        numbered = re.match(r"^(\d{1,3})\.\s+(.*)$", line)
        item = re.match(r"^\s*-\s+(\([a-z]{1,4}\))\s+(.*)$", line)
        if numbered:
            number, text = int(numbered.group(1)), numbered.group(2)
            if number == layout.footnote_after and layout.footnote:
                words = text.split()
                half = len(words) // 2
                out.append(f"<p class='para'><span class='n'>{number}.</span>{_inline(' '.join(words[:half]))}"
                           "<sup>1</sup></p>")
                out.append(f"<div class='footnotes'><p><sup>1</sup> {_inline(layout.footnote)}</p></div>")
                out.append("<div class='break'></div>")
                out.append(f"<p class='cont'>{_inline(' '.join(words[half:]))}</p>")
            else:
                out.append(f"<p class='para'><span class='n'>{number}.</span>{_inline(text)}</p>")
        elif item:
            out.append(f"<p class='item'><span class='n'>{item.group(1)}</span>{_inline(item.group(2))}</p>")
        else:
            out.append(f"<p>{_inline(line.strip())}</p>")
    if in_table:
        out.append("</table>")
    return f"<html><head><meta charset='utf-8'><style>{_STYLE}</style></head><body>{''.join(out)}</body></html>"


def print_pdf(page_html: str, layout: Layout) -> bytes:
    """The HTML printed to PDF by Debian's chromium, with the running head and foot of a UN document."""
    from playwright.sync_api import sync_playwright

    head = (f"<div style='font-size:8pt;width:100%;margin:0 2.2cm;text-align:left;font-family:DejaVu Serif'>"
            f"<b>{layout.symbol}</b></div>")
    foot = ("<div style='font-size:8pt;width:100%;margin:0 2.2cm;display:flex;justify-content:space-between;"
            f"font-family:DejaVu Serif'><span>{layout.job}</span>"
            "<span><span class='pageNumber'></span>/<span class='totalPages'></span></span></div>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.set_content(page_html)
            return tab.pdf(format="A4", display_header_footer=True, header_template=head, footer_template=foot,
                           margin={"top": "2.4cm", "bottom": "2.6cm", "left": "2.2cm", "right": "2.2cm"})
        finally:
            browser.close()


REPORT_2016 = Layout(symbol="S/2017/134", job="17-02205", distributed="14 February 2017", footnote_after=12,
                     footnote="See the report of the High-level Independent Panel on Peace Operations "
                              "(A/70/95-S/2015/446), paras. 212-215.")
