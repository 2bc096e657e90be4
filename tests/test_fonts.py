"""The bundled Chinese font: registered with Qt, and PDFs written with it extract correctly."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from desktop_app.fonts import font_path

CHECK = "北京自立门户科技有限公司 目录"


def test_font_subset_has_one_code_point_per_glyph():
    font = TTFont(font_path())
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in CHECK + "☐☑·，。（）：；“”《》¥≤×")
    assert not [cp for cp in cmap if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF]
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(cp)
    assert not {g: cps for g, cps in by_glyph.items() if len(cps) > 1}
    assert sum(0x4E00 <= cp <= 0x9FFF for cp in cmap) >= 6763  # GB 2312
    assert font_path().stat().st_size < 4_000_000


def test_register_fonts_and_pdf_text_extracts(qapp, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    from desktop_app.fonts import app_font_family, register_fonts

    family = register_fonts()
    assert family == "Noto Sans SC Subset"
    assert register_fonts() == family and app_font_family() == family
    out = tmp_path / "check.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setDefaultFont(QFont(family, 12))
    doc.setPlainText(CHECK)
    doc.print_(writer)
    del writer
    text = PdfReader(out).pages[0].extract_text()
    assert text.splitlines()[0] == CHECK


def test_latin_text_extracts_without_ligatures(qapp, tmp_path):
    """A ligature glyph has no code point: the PDF text would lose "fi" and "ff"."""
    from pypdf import PdfReader
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    from desktop_app.fonts import register_fonts

    words = "Unified office firm differ affluent"
    out = tmp_path / "latin.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setDefaultFont(QFont(register_fonts(), 12))
    doc.setPlainText(words)
    doc.print_(writer)
    del writer
    assert PdfReader(out).pages[0].extract_text().splitlines()[0] == words


def test_font_covers_every_text_the_app_prints(db):
    """Clause texts, facts, messages, policies and the export's own labels: no missing glyphs."""
    import json

    from desktop_app.export.context import LABELS
    from desktop_app.paths import resource

    cmap = TTFont(font_path()).getBestCmap()
    texts = [resource("templates", "checklist.html").read_text(encoding="utf-8")]
    texts += [v for labels in LABELS.values() for v in labels.values()]
    for item in db.items:
        texts.append(json.dumps(item.as_dict(), ensure_ascii=False))
    for fact in db.facts.values():
        texts.append(json.dumps(fact.as_dict(), ensure_ascii=False))
    texts += [json.dumps(p.as_dict(), ensure_ascii=False) for p in db.policies.values()]
    texts += [m["zh"] + m["en"] for m in db.messages.values()]
    texts += [g.zh + g.term for g in db.glossary] + [s.zh for s in db.stacking]
    missing = sorted({c for t in texts for c in t if ord(c) >= 0x20 and ord(c) not in cmap})
    assert not missing


def test_the_interface_font_is_the_bundled_family_unhinted_outside_windows(qapp):
    """The subset has no hinting instructions: asking for hinting only made FreeType's
    auto-hinter work through every glyph of the first window (fonts.app_font). Windows
    keeps Qt's default (DirectWrite would change the text's advances)."""
    import sys

    from fontTools.ttLib import TTFont
    from PySide6.QtGui import QFont

    from desktop_app.fonts import app_font, register_fonts

    assert not {"fpgm", "prep", "cvt "} & set(TTFont(font_path()).keys())
    font = app_font(11)
    assert font.families() == [register_fonts()]
    expected = (QFont.HintingPreference.PreferDefaultHinting if sys.platform == "win32"
                else QFont.HintingPreference.PreferNoHinting)
    assert font.hintingPreference() == expected
    assert font.pointSizeF() == 11
