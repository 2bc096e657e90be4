"""The one reader of input text files (profiles, case files, CSV rosters).

Files come from Chinese Windows as often as not: Notepad saves "ANSI" (GBK, read here as
its superset GB18030), UTF-8 with or without a BOM, or "Unicode" (UTF-16 with a BOM).
`read_text` reads all of them to the same `str`, so the same profile gives the same result.

    from desktop_app.core.textfile import TextFileError, read_text
    text = read_text(path)            # raises TextFileError (zh/en message naming the file)
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

# A profile is a few kilobytes, a roster of thousands of firms a few megabytes: anything
# much larger is not one of ours, and reading it whole would only exhaust memory.
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (  # longest first: a UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class TextFileError(ValueError):
    """A file that cannot be read as text; `zh` and `en` say why and name the file."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def decode_text(data: bytes) -> tuple[str, str]:
    """`(text, encoding)`: a BOM decides; else UTF-16 by its zero bytes; else UTF-8, else
    GB18030; else UnicodeDecodeError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding), encoding + " BOM"
    if len(data) >= 4 and b"\0" in data[:4]:
        # UTF-16 without a BOM (some exporters write it): text files start with an ASCII
        # character, whose other byte is zero (the way RFC 4627 tells JSON's encodings)
        if data[0] and not data[1] and data[2] and not data[3]:
            return data.decode("utf-16-le"), "utf-16-le"
        if not data[0] and data[1] and not data[2] and data[3]:
            return data.decode("utf-16-be"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # GB18030 maps almost every byte sequence, so it is only the fallback: a UTF-8
        # file is never misread as it, and a GBK/GB2312 ("ANSI") file is its subset.
        return data.decode("gb18030"), "gb18030"


def read_bytes(path: str | os.PathLike[str], max_bytes: int | None = MAX_BYTES) -> bytes:
    """The bytes of an input file (a pack, a key, a text); TextFileError naming the file
    when it is missing, a folder, not readable, or over `max_bytes` (None: no limit)."""
    path = Path(path)
    shown = shown_path(path)
    try:
        if path.is_dir():  # Windows refuses a folder as "permission denied"
            raise IsADirectoryError
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise TextFileError(f"文件过大（{size // 1048576} MB）：{shown}",
                                f"file too large ({size // 1048576} MB): {shown}")
        return path.read_bytes()
    except OSError as exc:
        raise file_error(path, exc) from None


def check_file(path: str | os.PathLike[str]) -> None:
    """TextFileError (the same words as read_bytes) unless `path` is a file we may read;
    for readers that open the file themselves (a workbook)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        with path.open("rb"):
            pass
    except OSError as exc:
        raise file_error(path, exc) from None


def file_error(path: str | os.PathLike[str], exc: OSError) -> TextFileError:
    """The one message for a file that cannot be opened, in both languages."""
    shown = shown_path(path)
    if isinstance(exc, FileNotFoundError):
        return TextFileError(f"找不到文件 {shown}", f"file not found: {shown}")
    if isinstance(exc, IsADirectoryError):
        return TextFileError(f"这是一个文件夹，不是文件：{shown}", f"a folder, not a file: {shown}")
    if isinstance(exc, PermissionError):
        return TextFileError(f"没有读取权限：{shown}", f"no permission to read {shown}")
    reason = exc.strerror or type(exc).__name__
    return TextFileError(f"无法读取文件 {shown}：{reason}", f"cannot read {shown}: {reason}")


# Documents a user may pick by mistake where a text file is read, by their first bytes: a
# firm told to "save it as UTF-8" would try to re-save its Word draft.
_DOCUMENTS = ((b"PK\x03\x04", "Word 或 Excel 文件（.docx/.xlsx）或压缩包",
               "a Word or Excel (.docx/.xlsx) file or a zip archive"),
              (b"%PDF", "PDF 文件", "a PDF file"),
              (b"\xd0\xcf\x11\xe0", "旧版 Word 或 Excel 文件（.doc/.xls）",
               "an old Word or Excel (.doc/.xls) file"))


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of an input file in any of the encodings above; newlines kept as written."""
    path = Path(path)
    shown = shown_path(path)
    data = read_bytes(path)
    for magic, zh, en in _DOCUMENTS:
        if data.startswith(magic):
            raise TextFileError(f"这是 {zh}，不是文本文件（档案、案例或 CSV）：{shown}",
                                f"this is {en}, not a text file (profile, case or CSV): "
                                f"{shown}")
    try:
        return decode_text(data)[0]
    except UnicodeDecodeError as exc:
        raise TextFileError(
            f"无法识别文件的文字编码（第{exc.start + 1}字节）：{shown}；"
            f"请另存为 UTF-8 或 GB18030",
            f"cannot tell the file's text encoding (byte {exc.start + 1}): {shown}; "
            f"save it as UTF-8 or GB18030") from None


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as messages show it: a very long one shortened in the middle."""
    text = str(path)
    return text if len(text) <= 160 else f"{text[:70]}…{text[-70:]}"
