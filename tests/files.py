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
