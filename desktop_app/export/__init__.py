"""Export the filled checklist (a draft application) as DOCX, PDF, HTML or XLSX.

    from desktop_app.export import export_report, ExportError
    export_report(report, db, profile, "checklist.docx", lang="zh")

The format follows the file's suffix. Every file is written to a temporary file
beside the target and renamed into place, so a failed export leaves an earlier
file intact. The per-format writers import their libraries (docxtpl, openpyxl,
PySide6) only when called.
"""

from __future__ import annotations

import errno
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.application import Application
    from desktop_app.core.clausedb import ClauseDB
    from desktop_app.core.report import Report

FORMATS = ("docx", "pdf", "html", "xlsx")
# For a save dialog's filter, by language.
FILE_FILTERS = {
    "zh": {"docx": "Word 文档 (*.docx)", "pdf": "PDF 文件 (*.pdf)",
           "html": "网页 (*.html)", "xlsx": "Excel 工作簿 (*.xlsx)"},
    "en": {"docx": "Word document (*.docx)", "pdf": "PDF (*.pdf)",
           "html": "Web page (*.html)", "xlsx": "Excel workbook (*.xlsx)"},
}
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class ExportError(Exception):
    """An export that could not be written; the message is bilingual and names the file."""


def export_report(report: Report, db: ClauseDB, profile: dict[str, Any] | None,
                  path: str | Path, lang: str = "zh", application: Application | None = None,
                  today: date | None = None) -> Path:
    """Write the draft application for `report` to `path` (format by suffix); return it.

    `application` holds the firm's requested amounts and project descriptions (None:
    every item asks for its bound, no descriptions yet). `today` is the export date
    printed in the file (default: today; the assessment's as-of date is shown apart).
    """
    from desktop_app.core.atomic import TargetLockedError, atomic_path
    from desktop_app.export.context import build_context

    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(f"不支持的导出格式“.{suffix}”，可用：{', '.join(FORMATS)} / "
                          f"unsupported export format '.{suffix}' ({', '.join(FORMATS)}): {path}")
    if _is_dir(path):
        raise ExportError(f"目标是一个文件夹，请给出文件名 / the target is a folder, "
                          f"not a file: {path}")
    ctx = build_context(report, db, profile or {}, lang, application=application, today=today)
    writer = _writer(suffix)
    try:
        with atomic_path(path) as tmp:
            writer(ctx, tmp)
    except TargetLockedError as exc:
        raise ExportError(f"无法替换文件，可能正在其他程序（如 Word、Excel）中打开，请关闭后重试 / "
                          f"cannot replace the file; it may be open in another program "
                          f"(Word, Excel): close it and try again: {path}") from exc
    except PermissionError as exc:
        raise ExportError(f"没有写入权限，请换一个文件夹 / no permission to write here; "
                          f"choose another folder: {path}") from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ExportError(f"磁盘空间不足 / the disk is full: {path}") from exc
        raise ExportError(f"无法写入文件 / cannot write the file: {_shown(path)}: "
                          f"{exc.strerror or exc}") from exc
    except ExportError:
        raise
    except Exception as exc:  # a library failure must not crash the app
        raise ExportError(f"导出失败 / export failed ({suffix}): {path}: "
                          f"{type(exc).__name__}: {exc}") from exc
    return path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: the write below reports it
        return False


def suggested_filename(profile: dict[str, Any] | None, as_of: date | str, suffix: str,
                       lang: str = "zh", with_year: bool = False, record: bool = False) -> str:
    """A file name for the save dialog: 申报材料草稿-<firm>-<date>.<suffix>, safe on Windows;
    `with_year`: the assessment year after the firm (a library's drafts of one firm's two
    years otherwise differed only by their case numbers); `record`: the export is a record
    of the self-check (nothing to apply for), named 自评结果 as it is titled."""
    if record:
        stem = "自评结果" if lang == "zh" else "self-check-record"
    else:
        stem = "申报材料草稿" if lang == "zh" else "application-draft"
    name = str((profile or {}).get("company.name") or "").strip()
    name = _UNSAFE_IN_NAMES.sub("_", name).strip(" ._")[:60]
    day = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    year = (profile or {}).get("assessment.year")
    parts = [stem, name] if name else [stem]
    if with_year and isinstance(year, int) and not isinstance(year, bool):
        parts.append(f"{year}年度" if lang == "zh" else str(year))
    return "-".join([*parts, day]) + "." + suffix.lstrip(".").lower()


def _shown(path: Path) -> str:
    from desktop_app.core.textfile import shown_path

    return shown_path(path)


def _writer(suffix: str):
    if suffix == "docx":
        from desktop_app.export.docx import write_docx

        return write_docx
    if suffix == "pdf":
        from desktop_app.export.pdf import write_pdf

        return write_pdf
    if suffix == "html":
        from desktop_app.export.html import write_html

        return write_html
    from desktop_app.export.xlsx import write_xlsx

    return write_xlsx


__all__ = ["ExportError", "FILE_FILTERS", "FORMATS", "export_report", "suggested_filename"]
