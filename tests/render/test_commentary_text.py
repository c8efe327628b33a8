"""Commentary Markdown as plain text for spreadsheet cells."""

from __future__ import annotations

import pytest

from kpiboard.render.commentary_text import plain_text


@pytest.mark.parametrize("markdown, text", [
    ("Decisions *fell* because of **two** vacancies & a new rota.",
     "Decisions fell because of two vacancies & a new rota."),
    ("First paragraph\ncontinues.\n\nSecond.", "First paragraph continues.\n\nSecond."),
    ("Actions:\n\n- recruit\n- *review* rota\n\n1. first\n2. second",
     "Actions:\n\n• recruit\n• review rota\n\n1. first\n2. second"),
    ("See [the plan](https://example.org/plan) and <https://example.org>.",
     "See the plan (https://example.org/plan) and https://example.org."),
    ("Line one  \nline two, `code` kept", "Line one\nline two, code kept"),
    ("<script>alert(1)</script> stays as typed", "<script>alert(1)</script> stays as typed"),
    ("", ""),
    (None, ""),
])
def test_plain_text(markdown, text):
    assert plain_text(markdown) == text
