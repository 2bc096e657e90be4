"""The one writer of files (core/atomic.py): what a writer that hides its failure leaves
behind is caught before it replaces anything."""

from __future__ import annotations

import io
import zipfile

import pytest

from desktop_app.core.atomic import (
    IncompleteWriteError,
    atomic_path,
    remove_stale_temporaries,
    write_bytes_atomic,
)


def _zip(main_part: str, truncate: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(main_part, "<w:document/>" * 200)
        z.writestr("other.xml", "x" * 5000)
    data = buf.getvalue()
    return data[:-truncate] if truncate else data


@pytest.mark.parametrize("name,good,bad", [
    ("a.pdf", b"%PDF-1.4\n...\n%%EOF\n", b"%PDF-1.4\n... cut off"),
    ("a.pdf", b"%PDF-1.4\n...\n%%EOF\n", b""),
    ("a.png", b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82", b"\x89PNG\r\n\x1a\n...."),
    ("a.docx", _zip("word/document.xml"), _zip("word/document.xml", truncate=30)),
    ("a.docx", _zip("word/document.xml"), _zip("xl/workbook.xml")),
    ("a.xlsx", _zip("xl/workbook.xml"), _zip("xl/workbook.xml", truncate=300)),
    ("a.html", b"<!doctype html><html></html>\n", b"<!doctype html><html><body>"),
])
def test_a_writer_that_hides_its_failure_does_not_replace_the_file(tmp_path, name, good, bad):
    target = tmp_path / name
    write_bytes_atomic(target, good)
    assert target.read_bytes() == good
    with pytest.raises(IncompleteWriteError), atomic_path(target) as tmp:
        tmp.write_bytes(bad)  # the writer "succeeds"
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_an_explicit_check_and_no_check(tmp_path):
    target = tmp_path / "x.bin"

    def must_start_with_x(data: bytes) -> None:
        if not data.startswith(b"x"):
            raise ValueError("no x")

    with pytest.raises(IncompleteWriteError):
        write_bytes_atomic(target, b"y", verify=must_start_with_x)
    assert not target.exists()
    write_bytes_atomic(tmp_path / "free.pdf", b"anything", verify=None)
    assert (tmp_path / "free.pdf").read_bytes() == b"anything"


def test_only_our_own_temporaries_of_that_target_are_removed(tmp_path):
    target = tmp_path / "清单.docx"
    ours = [tmp_path / f".清单.docx.{s}.tmp" for s in ("abcd1234", "zz_9yy8x")]
    theirs = [tmp_path / ".清单.docx.toolong123.tmp", tmp_path / ".other.docx.abcd1234.tmp",
              tmp_path / "清单.docx.abcd1234.tmp", tmp_path / ".清单.docx.abcd1234.bak"]
    for p in ours + theirs:
        p.write_bytes(b"x")
    assert remove_stale_temporaries(target) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in theirs)
