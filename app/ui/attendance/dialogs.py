"""Dialogs that edit one council, meeting or staff member.

Views only: before saving they run the service's store-free rules (``check_council`` …) on the
value they would submit, and show every reason beside its field at once; the only reasons of their
own are texts a widget cannot read (a date that is no date). They never save: OK emits ``submitted``
with the service's Input dataclass, the controller saves on the background runner, then calls
``accept()``, or ``set_problems()`` with the reasons of the service's ``Invalid``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import District, MeetingKind
from app.domain.parsing import tidy_time, time_problem
from app.domain.staff_no import DEFAULT_WIDTH
from app.i18n import _
from app.services.attendance.marking import CouncilRow
from app.services.attendance.records import (
    CouncilInput,
    MeetingInput,
    StaffInput,
    check_council,
    check_meeting,
    check_staff,
)
from app.ui.widgets.date_edit import ERROR_STYLE, WarekiDateEdit


def _changed_signal(widget: QWidget):
    """The signal that says the user changed this field (to hide its old reason)."""
    for name in ("textChanged", "date_changed", "currentIndexChanged", "valueChanged", "toggled"):
        if hasattr(widget, name):
            return getattr(widget, name)
    return None


class RecordDialog(QDialog):
    """A form of named fields, each with a red reason under it; OK runs the local checks."""

    submitted = Signal(object)  # CouncilInput | MeetingInput | StaffInput

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.other_error = QLabel(self)  # reasons for fields this dialog does not show
        self.other_error.setObjectName("other_error")
        self.other_error.setStyleSheet(ERROR_STYLE)
        self.other_error.setWordWrap(True)
        self.other_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)  # Enter in any one-line field is OK
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    # -- building ------------------------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """One form row: the label, the widget and (hidden until needed) its reason under it."""
        widget.setObjectName(name)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if isinstance(widget, WarekiDateEdit):
            error = widget.error_label  # one red line for parse errors and outside reasons alike
        else:
            error = QLabel(box)
            error.setObjectName(f"{name}_error")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
        caption = QLabel(label, self)
        caption.setBuddy(widget.focusProxy() or widget)
        self.form.addRow(caption, box)
        self.fields[name] = widget
        self.errors[name] = error
        signal = _changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_args, field=name: self._show(field, None))
        return widget

    def finish_layout(self) -> None:
        """Put the form and the buttons together; tab order follows the rows from the top."""
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.other_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        chain = [w.focusProxy() or w for w in self.fields.values()]
        chain += [self.ok_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        chain[0].setFocus()
        hint = self.sizeHint()  # not setMinimumWidth: that would stop the layout's own minimum
        self.resize(max(560, hint.width()), hint.height())

    # -- problems ------------------------------------------------------------------------------

    def input_problems(self) -> dict[str, str]:
        """What a widget cannot turn into a value (a date that is no date); none by default."""
        return {}

    def check(self, item) -> dict[str, str]:
        """The service's rules that need no store, run on ``value()``; each dialog names its own."""
        return {}

    def local_problems(self) -> dict[str, str]:
        """Every reason known before saving: the widgets' first, then the service's rules."""
        problems = self.input_problems()
        for name, reason in self.check(self.value()).items():
            problems.setdefault(name, reason)
        return problems

    def value(self):
        """The Input dataclass the form describes; each dialog builds its own from its fields."""
        return getattr(self, "item", None)

    def error_text(self, name: str) -> str:
        """The reason shown beside a field ('' when none), for tests and screen readers."""
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def _show(self, name: str, reason: str | None) -> None:
        widget = self.fields[name]
        if isinstance(widget, WarekiDateEdit):
            widget.set_problem(reason)
            return
        self.errors[name].setText(reason or "")
        self.errors[name].setVisible(bool(reason))

    def set_problems(self, problems: dict[str, str]) -> None:
        """Show each reason beside its field (all at once) and put the cursor in the first."""
        for name in self.fields:
            self._show(name, problems.get(name))
        other = [f"{name}: {reason}" for name, reason in problems.items() if name not in self.fields]
        self.other_error.setText("\n".join(other))
        self.other_error.setVisible(bool(other))
        self.set_busy(False)
        first = next((name for name in self.fields if self.error_text(name)), None)
        if first is not None:
            self.fields[first].setFocus()

    def set_busy(self, busy: bool) -> None:
        """While the controller saves, OK is off so one press saves once."""
        self.ok_button.setEnabled(not busy)

    def _on_ok(self) -> None:
        problems = self.local_problems()
        self.set_problems(problems)
        if problems:
            return
        self.set_busy(True)
        self.submitted.emit(self.value())


def date_input_problem(edit: WarekiDateEdit, name: str = "date") -> dict[str, str]:
    """The parser's reason when the text is not a date ('required' is the service's rule)."""
    return {name: edit.error()} if edit.error() else {}


def _line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


def _council_combo(councils: list[CouncilRow], chosen: str | None, empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for council in councils:
        combo.addItem(f"{council.code}　{council.name}", council.id)
    index = combo.findData(chosen) if chosen else -1
    combo.setCurrentIndex(index if index >= 0 else 0 if combo.count() else -1)
    return combo


class CouncilDialog(RecordDialog):
    def __init__(self, item: CouncilInput | None, parent: QWidget | None = None):
        self.item = item or CouncilInput(code="", name="", district="")
        super().__init__(_("Edit council") if self.item.id else _("New council"), parent)
        self.code = self.add_field("code", _("Council code"), _line(self.item.code))
        self.name = self.add_field("name", _("Council name"), _line(self.item.name))
        self.district = QComboBox()
        self.district.setPlaceholderText(_("Choose…"))
        for district in District:
            self.district.addItem(district.label(), district.value)
        self.district.setCurrentIndex(self.district.findData(self.item.district))
        self.add_field("district", _("District"), self.district)
        self.school_district = self.add_field("school_district", _("School district"),
                                              _line(self.item.school_district))
        self.finish_layout()

    def check(self, item: CouncilInput) -> dict[str, str]:
        return check_council(item)

    def value(self) -> CouncilInput:
        return CouncilInput(code=self.code.text().strip(), name=self.name.text().strip(),
                            district=self.district.currentData() or "",
                            school_district=self.school_district.text().strip(), id=self.item.id)


class MeetingDialog(RecordDialog):
    def __init__(self, item: MeetingInput, councils: list[CouncilRow], parent: QWidget | None = None):
        self.item = item
        super().__init__(_("Edit meeting") if item.id else _("New meeting"), parent)
        self.council = self.add_field("council_id", _("Council"), _council_combo(councils, item.council_id))
        self.date = self.add_field("date", _("Date"), WarekiDateEdit())
        self.date.set_date(item.date)
        self.kind = QComboBox()
        for kind in MeetingKind:
            self.kind.addItem(kind.label(), kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind)))
        self.add_field("kind", _("Kind"), self.kind)
        self.title = self.add_field("title", _("Title"), _line(item.title))
        self.place = self.add_field("place", _("Place"), _line(item.place))
        hint = _("e.g. 19:00 or 19時")
        self.start = self.add_field("start", _("Start"), _line(item.start, hint))
        self.end = self.add_field("end", _("End"), _line(item.end, hint))
        for edit in (self.start, self.end):
            edit.editingFinished.connect(lambda edit=edit: self._tidy_time(edit))
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance(hint) + 24)
        self.residents = QSpinBox()
        self.residents.setRange(0, 9999)
        self.residents.setMaximumWidth(self.residents.fontMetrics().horizontalAdvance("9999") + 60)
        self.residents.setValue(max(0, item.residents))
        self.add_field("residents", _("Residents attending"), self.residents)
        self.notes = QPlainTextEdit(item.notes)
        self.notes.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        self.add_field("notes", _("Notes"), self.notes)
        self.finish_layout()

    @staticmethod
    def _tidy_time(edit: QLineEdit) -> None:
        """19時 becomes 19:00 when the user leaves the field, so what is saved is what is seen."""
        if time_problem(edit.text()):
            return
        text = tidy_time(edit.text())
        if text != edit.text():
            edit.setText(text)

    def input_problems(self) -> dict[str, str]:
        return date_input_problem(self.date)

    def check(self, item: MeetingInput) -> dict[str, str]:
        return check_meeting(item)

    def value(self) -> MeetingInput:
        day: date | None = self.date.date()
        return MeetingInput(council_id=self.council.currentData() or "", date=day,
                            kind=self.kind.currentData(), title=self.title.text().strip(),
                            place=self.place.text().strip(), start=tidy_time(self.start.text()),
                            end=tidy_time(self.end.text()), residents=self.residents.value(),
                            notes=self.notes.toPlainText(), id=self.item.id)


class StaffDialog(RecordDialog):
    def __init__(self, item: StaffInput | None, councils: list[CouncilRow], parent: QWidget | None = None,
                 staff_no_width: int = DEFAULT_WIDTH):
        self.item = item or StaffInput(staff_no="", name="", kana="")
        self.staff_no_width = staff_no_width  # the ward's, from the store: checked as the save will
        super().__init__(_("Edit staff member") if self.item.id else _("New staff member"), parent)
        self.staff_no = self.add_field("staff_no", _("Staff no."), _line(self.item.staff_no))
        self.name = self.add_field("name", _("Name"), _line(self.item.name))
        self.kana = self.add_field("kana", _("Reading"), _line(self.item.kana, _("in hiragana or katakana")))
        self.department = self.add_field("department", _("Department"), _line(self.item.department))
        self.housing = self.add_field("housing", _("Disaster housing"),
                                      _line(self.item.housing, _("empty when not a resident")))
        self.council = self.add_field("council_id", _("Assigned council"),
                                      _council_combo(councils, self.item.council_id, _("(none)")))
        self.active = QCheckBox(_("Currently employed"))
        self.active.setChecked(self.item.active)
        self.add_field("active", _("Active"), self.active)
        self.finish_layout()

    def check(self, item: StaffInput) -> dict[str, str]:
        return check_staff(item, self.staff_no_width)

    def value(self) -> StaffInput:
        return StaffInput(staff_no=self.staff_no.text().strip(), name=self.name.text().strip(),
                          kana=self.kana.text().strip(), department=self.department.text().strip(),
                          housing=self.housing.text().strip(), council_id=self.council.currentData(),
                          active=self.active.isChecked(), id=self.item.id)
