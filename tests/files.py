"""Small documents made by the tests: a PDF with a text layer, a scanned PDF, a DOCX, a short report."""

from __future__ import annotations

import io
import textwrap

REPORT_2018 = """Report of the Security Council Working Group on Peacekeeping Operations

Letter dated 31 January 2019 from the Chair of the Working Group addressed to the President of the Security Council

1. In 2018 the Working Group held three meetings.

2. On 14 March 2018, the Working Group met on air mobility. Many members stressed that the mission lacks
utility helicopters and that the shortfall of enablers limits the protection of civilians in MINUSMA.

3. On 22 May 2018, the Working Group discussed mandate formulation. Some members said that mandates should be
clear, achievable and prioritised, and that the Council should consult troop-contributing countries earlier.

4. On 9 October 2018, the Working Group met with the African Union on partnerships and recommended closer
cooperation with regional organizations.
"""


def report(year: int) -> str:
    """REPORT_2018 moved to another year (its letter dated January of the next), so each is a different document."""
    return REPORT_2018.replace("2018", "{year}").replace("2019", str(year + 1)).replace("{year}", str(year))


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str], *, with_text: bool = True) -> bytes:
    """A valid PDF of A4 pages in Helvetica; ``with_text=False`` draws only a rectangle (a page with no text)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, text in enumerate(pages):
        if with_text:
            lines = [w for para in text.split("\n") for w in (textwrap.wrap(para, 95) or [""])]
            ops = " ".join(f"({_escape(line)}) Tj T*" for line in lines)
            stream = f"BT /F1 10 Tf 13 TL 40 800 Td {ops} ET".encode("cp1252", errors="replace")
        else:
            stream = b"0.5 g 40 40 500 700 re f"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       f">> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(text: str, table: list[list[str]] | None = None) -> bytes:
    """A DOCX with one paragraph per block of ``text`` and, optionally, a table after them."""
    import docx

    document = docx.Document()
    for block in text.strip().split("\n\n"):
        document.add_paragraph(" ".join(block.split()))
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- Word files with automatic numbering ------------------------------------------------------------------------------
# python-docx writes no list numbering: make_numbered_docx adds the lists to word/numbering.xml in the saved zip
# (beside the template's own, which its List Bullet and List Number styles use: ids 0-9 are theirs) and puts
# w:numPr on the paragraphs and styles that use the lists, as Word does.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _add_numbering(template: bytes, lists: dict[int, list[tuple]], nums: dict[int, tuple[int, dict[int, int]]]) \
        -> bytes:
    from xml.sax.saxutils import quoteattr

    parts = []
    for abstract, levels in lists.items():
        lvls = []
        for i, (fmt, text, *more) in enumerate(levels):
            start = more[0] if more else 1
            restart = f'<w:lvlRestart w:val="{more[1]}"/>' if len(more) > 1 else ""
            font = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>' \
                if fmt == "bullet" else ""
            lvls.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{restart}'
                        f'<w:lvlText w:val={quoteattr(text)}/><w:lvlJc w:val="left"/><w:pPr>'
                        f'<w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr>{font}</w:lvl>')
        parts.append(f'<w:abstractNum w:abstractNumId="{abstract}"><w:nsid w:val="{0x1A2B3C00 + abstract:08X}"/>'
                     f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
    for num, (abstract, starts) in nums.items():
        overrides = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                            for lvl, start in starts.items())
        parts.append(f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>')
    assert min([*lists, *nums], default=10) >= 10, "ids 0-9 are the template's lists"
    text = template.decode()
    first_num = text.index("<w:num ")  # every w:abstractNum comes before the first w:num
    abstracts = "".join(p for p in parts if p.startswith("<w:abstractNum"))
    instances = "".join(p for p in parts if p.startswith("<w:num "))
    text = text[:first_num] + abstracts + text[first_num:]
    return text.replace("</w:numbering>", instances + "</w:numbering>").encode()


def _page_field(paragraph: object, before: str) -> None:
    """'Page 3' as Word writes it: the text, then a PAGE field whose last result is kept in the file."""
    from docx.oxml import parse_xml

    paragraph.add_run(before)  # type: ignore[attr-defined]
    for xml in ('<w:r %s><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r %s><w:instrText xml:space="preserve"> PAGE '
                '</w:instrText></w:r>', '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r %s><w:t>1</w:t></w:r>', '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml % f'xmlns:w="{W_NS}"'))  # type: ignore[attr-defined]


def make_numbered_docx(
    paragraphs: list[str | tuple],
    lists: dict[int, list[tuple]] | None = None,
    *,
    nums: dict[int, tuple[int, dict[int, int]]] | None = None,
    style_numbering: dict[str, tuple[int, int | None]] | None = None,
    header: str = "",
    footer: str = "",
) -> bytes:
    """A DOCX whose numbers are Word's automatic numbering, never typed into the text.

    ``paragraphs``: a string is a plain paragraph; ``(text, num_id, level)`` a paragraph numbered by list
    ``num_id`` (a w:numPr; num_id 0 switches a style's numbering off); ``(text, style)`` a paragraph of a style
    ("Heading 1", "List Bullet"); ``(text, style, num_id, level)`` both. A line break in the text is a line
    break in the paragraph.
    ``lists``: abstract list id -> its levels, each ``(numFmt, lvlText)``, ``(numFmt, lvlText, start)`` or
    ``(numFmt, lvlText, start, lvlRestart)``. ``nums``: w:numId -> (abstract list id, {level: startOverride});
    by default each abstract list n is used by w:numId n. Ids are 10 or more (0-9 are the template's).
    ``style_numbering``: style name -> (numId, level or None) put in the style's own w:numPr.
    ``header`` is the page header's text; ``footer`` the footer's text, to which a PAGE field is added.
    """
    import zipfile

    import docx

    document = docx.Document()
    for name, (num, level) in (style_numbering or {}).items():
        num_pr = document.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num
        if level is not None:
            num_pr.get_or_add_ilvl().val = level
    for item in paragraphs:
        text, rest = (item, ()) if isinstance(item, str) else (item[0], item[1:])
        paragraph = document.add_paragraph(style=rest[0] if len(rest) in (1, 3) else None)
        for i, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if i:
                run._r.insert(0, run._r.makeelement(f"{{{W_NS}}}br", {}))
        if len(rest) >= 2:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = rest[-1]
            num_pr.get_or_add_numId().val = rest[-2]
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        _page_field(section.footer.paragraphs[0], footer)
    saved = io.BytesIO()
    document.save(saved)
    lists = lists or {}
    nums = nums if nums is not None else {n: (n, {}) for n in lists}
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            target.writestr(info, _add_numbering(part, lists, nums) if info.filename == "word/numbering.xml" else part)
    return out.getvalue()
