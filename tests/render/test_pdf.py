"""The demo's PDF, read back: pages, running header, page numbers, text and embedded fonts."""

from __future__ import annotations

import subprocess

from pypdf import PdfReader


def test_pdf_reads_back(demo):
    pdf = demo.out / "monthly-report-2026-10.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) > 20
    first = reader.pages[0].extract_text()
    assert "Children's Services Monthly Performance Report" in first
    assert "Page 1 of" in first
    second = reader.pages[1].extract_text()
    assert "Exampleshire County Council · Children's Services Monthly Performance Report · October 2026" in second
    assert "Performance summary" in second
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height and round(float(width)) == 842  # A4 landscape, in points


def test_pdf_fonts_are_embedded(demo):
    fonts = subprocess.run(["pdffonts", str(demo.out / "monthly-report-2026-10.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
