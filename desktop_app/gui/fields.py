"""Question widgets generated from the clause database's facts: fact type -> widget.

Every widget reads and checks its value with the core (check_value, parse_money,
uscc_problem through check_value); none of them holds a rule of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clausedb import ClauseDB, Fact
from desktop_app.core.facts import (
    ProfileError,
    check_value,
    format_money,
    format_yuan,
    parse_money_detail,
)
from desktop_app.gui.strings import tr

TEXT_COLOURS = {"error": "#b3261e", "help": "#555555"}


def tint(label: QLabel, kind: str) -> None:
    """Colour a label's text (error red, help grey) through its palette: a style sheet
    per label would cost Qt a style-sheet pass for each of them when a page is built."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT_COLOURS[kind]))
    label.setPalette(palette)


def name_clear_button(edit: QLineEdit, what: str, lang: str) -> None:
    """Name the clear button Qt adds to a line edit ("清除：<what>")."""
    clear = tr("a11y.clear", lang, question=what)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(clear)
        button.setToolTip(clear)


# A flat button that reads as a link (the questions that matter most, the recent cases).
LINK_STYLE = "QPushButton, QLabel { color: #0b57d0; text-align: left; padding: 1px 2px;" \
    " border: none; }" \
    " QPushButton:focus { border: 1px dotted #0b57d0; }"
PANEL_COLOURS = {"next_steps": ("#f3f8f1", "#b7d3ad"), "projects": ("#fbf7ee", "#e0cf9f"),
                 "priorities": ("#eef3fd", "#b9cdf3"), "recent": ("#eef3fd", "#b9cdf3")}


def wrap_words(button: QAbstractButton, text: str) -> QLabel:
    """Let a button's words wrap. A push button or check box keeps its words on one line,
    and a long one (a question, three clause names) widened the results page past its edge
    at 150% on a 1366x768 screen; the words go in a wrapping label inside the button, the
    button keeps the focus, the click and the accessible name."""
    button.setText("")
    button.setAccessibleName(button.accessibleName() or text)
    words = QLabel(text)
    words.setObjectName("words")
    words.setWordWrap(True)
    words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    words.setStyleSheet("background: transparent;")
    lay = QHBoxLayout(button)
    left = 0
    if isinstance(button, QCheckBox):  # room for the box itself
        style = button.style()
        left = (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, button)
                + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, button))
    lay.setContentsMargins(left, 1, 2, 1)
    lay.addWidget(words)
    policy = button.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
    # A button's height is Fixed to one line: the layout then clipped the wrapped words to
    # their first line (the review page's question links at 150% on a 1366x768 screen).
    policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    button.setSizePolicy(policy)
    return words


class WrapButton(QPushButton):
    """A push button whose words wrap (wrap_words); text() gives its words."""

    def __init__(self, text: str):
        super().__init__()
        self.words = wrap_words(self, text)

    def text(self) -> str:  # type: ignore[override]
        return self.words.text()


class WrapCheckBox(QCheckBox):
    """A check box whose words wrap (wrap_words); text() gives its words."""

    def __init__(self, text: str):
        super().__init__()
        self.words = wrap_words(self, text)

    def text(self) -> str:  # type: ignore[override]
        return self.words.text()


def panel(name: str, title: str) -> tuple[QFrame, QVBoxLayout]:
    """A tinted box with a bold title (the results and review pages' 下一步 and the like)."""
    background, border = PANEL_COLOURS[name]
    box = QFrame()
    box.setObjectName(name)
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setStyleSheet(f"QFrame#{name} {{ background: {background}; border: 1px solid {border}; }}")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(8, 6, 8, 6)
    lay.setSpacing(2)
    head = QLabel(title)
    head.setObjectName(f"{name}_title")
    font = head.font()
    font.setBold(True)
    head.setFont(font)
    head.setWordWrap(True)
    lay.addWidget(head)
    return box, lay


class Question(QWidget):
    """One question: label, input, message next to the input, help text, glossary link."""

    changed = Signal(str)  # fact id; emitted on every edit the user makes
    glossary_requested = Signal(list)  # the fact's glossary terms

    def __init__(self, fact: Fact, db: ClauseDB, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.fact, self.db, self.lang = fact, db, lang
        self.setObjectName(f"q:{fact.fact_id}")
        self._loading = False
        self._value: Any = None
        self._error: tuple[str, str] | None = None

        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("label")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        tint(self.error, "error")
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.error.setMinimumWidth(120)

        self.help = QLabel()
        self.help.setObjectName("help")
        self.help.setWordWrap(True)
        tint(self.help, "help")
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.glossary_button = None
        if fact.glossary:
            self.glossary_button = QPushButton()
            self.glossary_button.setObjectName("glossary")
            self.glossary_button.setAutoDefault(True)  # Enter on it, focused, opens it
            self.glossary_button.setFlat(True)
            self.glossary_button.setStyleSheet("color: #0b57d0; text-align: left; padding: 0;")
            self.glossary_button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.glossary_button.clicked.connect(
                lambda: self.glossary_requested.emit(list(self.fact.glossary)))

        self.input_row = QHBoxLayout()
        self.input_row.setContentsMargins(0, 0, 0, 0)
        self.build_input(self.input_row)
        self.input_row.addWidget(self.error, 1)

        help_row = QHBoxLayout()
        help_row.setContentsMargins(0, 0, 0, 0)
        help_row.addWidget(self.help, 1)
        if self.glossary_button is not None:
            help_row.addWidget(self.glossary_button, 0, Qt.AlignmentFlag.AlignTop)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 8)
        box.setSpacing(3)
        box.addWidget(self.label)
        box.addLayout(self.input_row)
        box.addLayout(help_row)
        self.retranslate(lang)

    # --- to be provided per type -------------------------------------------------
    def build_input(self, row: QHBoxLayout) -> None:
        raise NotImplementedError

    def read(self) -> Any:
        """The value the input holds; ProfileError when it is not valid."""
        raise NotImplementedError

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def retranslate_input(self) -> None:
        pass

    def focus_target(self) -> QWidget:
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------
    def value(self) -> Any:
        """The valid value, or None (unknown) when empty, unsure or invalid."""
        return self._value

    def is_valid(self) -> bool:
        return self._error is None

    def error_text(self) -> str:
        return self.error.text() if self._error else ""

    def unsure(self) -> bool:
        """Whether the answer given is 不确定 (only a yes/no question offers it)."""
        return False

    def load_unsure(self) -> None:
        """Show a 不确定 given earlier (a yes/no question), without counting it as an edit."""

    def load(self, value: Any) -> None:
        """Show a value from a file without counting it as an edit."""
        self._loading = True
        try:
            self.show_value(value)
        finally:
            self._loading = False
        self._revalidate()

    def _edited(self, *_: Any) -> None:
        if self._loading:
            return
        self._revalidate()
        self.changed.emit(self.fact.fact_id)

    def _revalidate(self) -> None:
        try:
            value = self.read()
            self._error = None
        except ProfileError as exc:
            value, self._error = None, (exc.zh, exc.en)
        self._value = value
        self._show_error()
        self.after_validate()

    def after_validate(self) -> None:
        pass

    def _show_error(self) -> None:
        # The message sits beside the input; an empty label keeps the row's shape.
        self.error.setText((self._error[0] if self.lang == "zh" else self._error[1])
                           if self._error else "")
        self.name_inputs()

    def name_inputs(self) -> None:
        """What a screen reader says for the input: the question, and any error."""
        target = self.focus_target()
        target.setAccessibleName(self.fact.label(self.lang))
        target.setAccessibleDescription(self.error.text())

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.label.setText(self.fact.label(lang))
        self.help.setText(self.fact.help_zh if lang == "zh" else self.fact.help_en)
        self.setAccessibleName(self.fact.label(lang))
        if self.glossary_button is not None:
            terms = {g.term: g for g in self.db.glossary}
            names = [t if lang == "zh" or t not in terms else terms[t].en_term
                     for t in self.fact.glossary]
            self.glossary_button.setText(tr("btn.glossary", lang, terms="、".join(names)
                                            if lang == "zh" else ", ".join(names)))
            self.glossary_button.setAccessibleName(self.glossary_button.text())
        self.retranslate_input()
        self._loading = True
        try:
            self._revalidate()
        finally:
            self._loading = False


class BoolQuestion(Question):
    """是 / 否 / 不确定: not sure leaves the fact unknown."""

    CHOICES = (("yes", True), ("no", False), ("unsure", None))

    def build_input(self, row: QHBoxLayout) -> None:
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for name, _ in self.CHOICES:
            radio = QRadioButton()
            radio.setObjectName(name)
            self.group.addButton(radio)
            self.radios[name] = radio
            row.addWidget(radio)
            radio.toggled.connect(self._toggled)
            radio.installEventFilter(self)
        row.addSpacing(12)

    def _toggled(self, checked: bool) -> None:
        if checked:
            self._edited()

    ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """Arrow keys select, as on Windows (Qt's own only move the focus while none is
        chosen)."""
        if event.type() == event.Type.KeyPress and watched in self.radios.values():
            step = self.ARROWS.get(event.key())
            if step is not None and not event.modifiers():
                order = list(self.radios.values())
                target = order[(order.index(watched) + step) % len(order)]
                target.setChecked(True)
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def read(self) -> Any:
        for name, value in self.CHOICES:
            if self.radios[name].isChecked():
                return value
        return None

    def unsure(self) -> bool:
        return self.radios["unsure"].isChecked()

    def load_unsure(self) -> None:
        self._loading = True
        try:
            self.radios["unsure"].setChecked(True)
        finally:
            self._loading = False
        self._revalidate()

    def show_value(self, value: Any) -> None:
        if value is None:
            self.group.setExclusive(False)
            for radio in self.radios.values():
                radio.setChecked(False)
            self.group.setExclusive(True)
            return
        self.radios["yes" if value is True else "no"].setChecked(True)

    def retranslate_input(self) -> None:
        for name, _ in self.CHOICES:
            self.radios[name].setText(tr(f"bool.{name}", self.lang))

    def name_inputs(self) -> None:
        """Each choice is announced as itself (是), the question as its description."""
        question = self.fact.label(self.lang)
        for name, _ in self.CHOICES:
            radio = self.radios[name]
            radio.setAccessibleName(tr(f"bool.{name}", self.lang))
            radio.setAccessibleDescription(" ".join(filter(None, (question, self.error.text()))))

    def focus_target(self) -> QWidget:
        """The chosen answer (where Tab lands in an exclusive group), else 是."""
        return next((r for r in self.radios.values() if r.isChecked()), self.radios["yes"])


class EnumQuestion(Question):
    """A combo box whose first entry, 请选择, leaves the fact unknown."""

    def build_input(self, row: QHBoxLayout) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName("combo")
        self.combo.addItem("", None)
        for opt in self.fact.options or []:
            self.combo.addItem("", opt["value"])
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._edited)
        row.addWidget(self.combo)

    def read(self) -> Any:
        value = self.combo.currentData()
        return None if value is None else check_value(self.fact, value)

    def show_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def retranslate_input(self) -> None:
        self.combo.setItemText(0, tr("enum.choose", self.lang))
        for i, opt in enumerate(self.fact.options or [], start=1):
            self.combo.setItemText(i, opt[self.lang])

    def focus_target(self) -> QWidget:
        return self.combo


class LineQuestion(Question):
    """A line edit; the base of text, year, count and money questions."""

    placeholder_key: str | None = None

    def build_input(self, row: QHBoxLayout) -> None:
        self.edit = QLineEdit()
        self.edit.setObjectName("edit")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._edited)
        row.addWidget(self.edit, 3 if self.fact.type == "text" else 0)

    def text(self) -> str:
        return self.edit.text().strip()

    def show_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def retranslate_input(self) -> None:
        if self.placeholder_key:
            self.edit.setPlaceholderText(tr(self.placeholder_key, self.lang))
        name_clear_button(self.edit, self.fact.label(self.lang), self.lang)

    def focus_target(self) -> QWidget:
        return self.edit


class TextQuestion(LineQuestion):
    def build_input(self, row: QHBoxLayout) -> None:
        super().build_input(row)
        if self.fact.max_length:
            self.edit.setMaxLength(self.fact.max_length)
        if self.fact.format == "uscc":
            self.edit.setMaxLength(18)
            width = self.edit.fontMetrics().horizontalAdvance("W" * 20)
            self.edit.setMinimumWidth(width)
            self.edit.setMaximumWidth(width)
            self.edit.setPlaceholderText("91110000XXXXXXXXXX")
            self._typing = False
            self.edit.textEdited.connect(self._typed)
            self.edit.editingFinished.connect(self._left)

    def read(self) -> Any:
        text = self.text()
        return check_value(self.fact, text) if text else None

    def _show_error(self) -> None:
        """A credit code still being typed is counted, not refused: "应为18位，现为17位"
        stood in red under the field at every key (下一步 still waits for all 18)."""
        text = self.text()
        if (self.fact.format == "uscc" and self._error and 0 < len(text) < 18
                and getattr(self, "_typing", False)):
            self.error.setText(tr("uscc.typing", self.lang, n=len(text)))
            tint(self.error, "help")
            self.name_inputs()
            return
        tint(self.error, "error")
        super()._show_error()

    def _typed(self, _text: str) -> None:
        self._typing = True  # (textEdited comes before textChanged's revalidation)

    def _left(self) -> None:
        self._typing = False
        self._show_error()


class NumberQuestion(LineQuestion):
    """Year or count: a whole number checked by the core."""

    def build_input(self, row: QHBoxLayout) -> None:
        super().build_input(row)
        self.placeholder_key = "year.placeholder" if self.fact.type == "year" else \
            "count.placeholder"
        self.edit.setMaxLength(12)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 16))
        row.setStretch(0, 0)

    def read(self) -> Any:
        text = self.text()
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            key = "err.year" if self.fact.type == "year" else "err.count"
            raise ProfileError(self.fact.fact_id, tr(key, "zh"), tr(key, "en")) from None
        return check_value(self.fact, number)


class DecimalQuestion(NumberQuestion):
    """An area (m²) or a price per m² a day: a number with up to two decimals, checked by
    the core (issue 12's clause shapes)."""

    def build_input(self, row: QHBoxLayout) -> None:
        super().build_input(row)
        self.placeholder_key = "decimal.placeholder"

    def read(self) -> Any:
        text = self.text()
        return check_value(self.fact, text) if text else None


class MoneyQuestion(LineQuestion):
    """Money typed in 元 or 万元, stored as whole yuan; shown with thousands separators."""

    placeholder_key = "money.placeholder"

    def build_input(self, row: QHBoxLayout) -> None:
        super().build_input(row)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 24))
        self.edit.editingFinished.connect(self._tidy)
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.addItem("", "yuan")
        self.unit.addItem("", "wan")
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit.currentIndexChanged.connect(self._edited)
        self.equals = QLabel()
        self.equals.setObjectName("equals")
        tint(self.equals, "help")
        row.addWidget(self.unit)
        row.addWidget(self.equals)
        row.setStretch(0, 0)

    def unit_code(self) -> str:
        return self.unit.currentData()

    def read(self) -> Any:
        text = self.text()
        if not text:
            return None
        try:
            amount, self._rounded = parse_money_detail(text, self.unit_code())
        except ValueError as exc:
            raise ProfileError(self.fact.fact_id, str(exc), tr("err.money_en", "en")) from None
        return check_value(self.fact, amount)

    _rounded = False

    def after_validate(self) -> None:
        value = self._value
        rounded = value is not None and self._rounded
        show = value is not None and (self.unit_code() == "wan" or rounded
                                      or format_yuan(value) != self.text())
        key = "money.rounded" if rounded else "money.equals"
        self.equals.setText(tr(key, self.lang, amount=format_yuan(value)) if show else "")
        self.equals.setVisible(show)

    def show_value(self, value: Any) -> None:
        self.unit.setCurrentIndex(0)
        if isinstance(value, int) and not isinstance(value, bool):
            self.edit.setText(format_yuan(value))
        else:
            super().show_value(value)

    def _tidy(self) -> None:
        """Rewrite a valid amount with separators, as an edit (so undo still works)."""
        value = self._value
        if value is None or not self.is_valid() or self._rounded:
            return  # 角分 dropped: the typed text stays, the note beside it says so
        text = format_money(value, self.unit_code())
        if text != self.edit.text():
            self.edit.selectAll()
            self.edit.insert(text)

    def retranslate_input(self) -> None:
        super().retranslate_input()
        self.unit.setItemText(0, tr("unit.yuan", self.lang))
        self.unit.setItemText(1, tr("unit.wan", self.lang))
        self.unit.setAccessibleName(tr("a11y.unit", self.lang,
                                       question=self.fact.label(self.lang)))


WIDGETS: dict[str, type[Question]] = {
    "bool": BoolQuestion,
    "enum": EnumQuestion,
    "money": MoneyQuestion,
    "year": NumberQuestion,
    "count": NumberQuestion,
    "decimal": DecimalQuestion,
    "text": TextQuestion,
}


def make_question(fact: Fact, db: ClauseDB, lang: str, parent: QWidget | None = None
                  ) -> Question:
    """The widget for a fact, chosen by its type."""
    return WIDGETS[fact.type](fact, db, lang, parent)
