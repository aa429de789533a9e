"""Checklist templates of the town walks: the items a facilitator ticks before the start, at every
stop and at the end (``PHASES``). A walk copies its template's items when it is made, so editing a
template never changes a past walk. Validation returns ``{field: reason}`` as the routes do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.errors import Invalid
from app.i18n import _
from app.storage.models import new_id
from app.storage.models.townwalk import ChecklistTemplate, TemplateItem
from app.storage.queries import assign_changed, code_taken, next_position, swap_with_neighbour
from app.storage.store import Store

PHASES = ("start", "stop", "end")


def phase_label(phase: str) -> str:
    return {"start": _("Before the start"), "stop": _("At every stop"), "end": _("At the end")}.get(phase, phase)



@dataclass(frozen=True)
class TemplateRow:
    id: str
    name: str
    description: str
    retired: bool
    items: int


@dataclass(frozen=True)
class ItemRow:
    id: str
    template_id: str
    phase: str
    position: int
    text: str
    category: str
    required: bool


@dataclass
class ItemInput:
    template_id: str
    phase: str
    text: str
    category: str = ""
    required: bool = False
    id: str | None = None


def list_templates(store: Store) -> list[TemplateRow]:
    with store.read() as session:
        counts = dict(session.execute(select(TemplateItem.template_id, func.count())
                                      .where(TemplateItem.deleted.is_(False)).group_by(TemplateItem.template_id)).all())
        rows = session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.deleted.is_(False))
                               .order_by(ChecklistTemplate.retired, ChecklistTemplate.name)).all()
        return [TemplateRow(t.id, t.name, t.description, t.retired, counts.get(t.id, 0)) for t in rows]


def template_items(store: Store, template_id: str) -> list[ItemRow]:
    with store.read() as session:
        return _items(session, template_id)


def _items(session, template_id: str) -> list[ItemRow]:
    rows = session.scalars(select(TemplateItem).where(TemplateItem.template_id == template_id,
                                                      TemplateItem.deleted.is_(False))).all()
    rows = sorted(rows, key=lambda i: (PHASES.index(i.phase) if i.phase in PHASES else 9, i.position))
    return [ItemRow(i.id, i.template_id, i.phase, i.position, i.text, i.category, i.required) for i in rows]


def save_template(store: Store, name: str, description: str = "", template_id: str | None = None) -> str:
    if not name.strip():
        raise Invalid({"name": _("required")})
    with store.session() as session:
        if code_taken(session, ChecklistTemplate.name, name.strip(), exclude_id=template_id):
            raise Invalid({"name": _("another template already has this name")})
        template = session.get(ChecklistTemplate, template_id) if template_id else None
        if template is None:
            template = ChecklistTemplate(id=new_id(), name=name.strip(), description=description, retired=False)
            session.add(template)
        else:
            assign_changed(template, {"name": name.strip(), "description": description})
        return template.id


def check_item(item: ItemInput) -> dict[str, str]:
    """The rules of a checklist item (none needs the store): the dialog's and the save's."""
    problems = {}
    if not item.text.strip():
        problems["text"] = _("required")
    if item.phase not in PHASES:
        problems["phase"] = _("choose before the start, at every stop or at the end")
    return problems


def save_item(store: Store, item: ItemInput) -> str:
    """Edit an item or add it at the end of its phase. Past walks keep their own copies."""
    problems = check_item(item)
    if problems:
        raise Invalid(problems)
    values = {"phase": item.phase, "text": item.text.strip(), "category": item.category.strip(),
              "required": item.required}
    with store.session() as session:
        record = session.get(TemplateItem, item.id) if item.id else None
        if record is None:
            position = next_position(session, TemplateItem.position, TemplateItem.template_id == item.template_id,
                                     TemplateItem.phase == item.phase)
            record = TemplateItem(id=new_id(), template_id=item.template_id, position=position, **values)
            session.add(record)
        else:
            assign_changed(record, values)
        return record.id


def move_item(store: Store, item_id: str, delta: int) -> None:
    with store.session() as session:
        item = session.get(TemplateItem, item_id)
        swap_with_neighbour(session, item, TemplateItem.position, delta,
                            TemplateItem.template_id == item.template_id, TemplateItem.phase == item.phase)


def delete_item(store: Store, item_id: str) -> None:
    with store.session() as session:
        session.get(TemplateItem, item_id).deleted = True


def set_template_retired(store: Store, template_id: str, retired: bool) -> None:
    with store.session() as session:
        session.get(ChecklistTemplate, template_id).retired = retired
