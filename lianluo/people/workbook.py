"""The 人员 sheet: key 身份证号 if given, else 姓名 + 工作单位, else 姓名 (spec/workbook.md)."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from lianluo.core.bulk import db_datetime, insert_rows, update_rows
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.core.validators import (
    id_number_problem,
    mobile_problem,
    normalize_id_number,
    normalize_mobile,
)
from lianluo.people.models import (
    ActivityGroup,
    DeputyLevel,
    Gender,
    Person,
    PersonRole,
    PersonStatus,
    RoleKind,
    Sector,
)
from lianluo.people.search import name_search_keys
from lianluo.people.selectors import roles_and_groups
from lianluo.people.services import gender_from_id_number
from lianluo.workbook.cells import (
    CellError,
    cell_choice,
    cell_list,
    cell_name,
    cell_text,
    join_list,
)
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

SHEET = "人员"
ROLE_BY_LABEL = {label: value for value, label in RoleKind.choices}
ROLE_LABEL = dict(RoleKind.choices)
GENDER_BY_LABEL = {label: value for value, label in Gender.choices}
GENDER_ALIASES = {
    **dict.fromkeys(("男性", "M", "MALE"), Gender.MALE),
    **dict.fromkeys(("女性", "F", "FEMALE"), Gender.FEMALE),
}
# An ID number Excel turned into a number: shown as 3.30102E+17, its last digits are gone.
NUMBER_FORM = re.compile(r"^\d+(\.\d+)?E\+?\d+$", re.IGNORECASE)
ID_AS_NUMBER = "该单元格被 Excel 存成了数字，末几位已丢失，请将该列设为文本后重新填写"
LEVEL_BY_LABEL = {label: value for value, label in DeputyLevel.choices}
LEVEL_BY_LABEL.update({f"{label}级": value for value, label in DeputyLevel.choices})
LEVEL_BY_LABEL.update({"乡镇": DeputyLevel.TOWNSHIP, "乡镇级": DeputyLevel.TOWNSHIP})
BATCH = 2000
COMPARED_AT_ONCE = 10_000  # stored records read at once to compare with their rows
# What a row sets, by column: (header, field on the record).
SCALAR_COLUMNS = (
    ("性别", "gender"),
    ("界别", "sector"),
    ("工作单位", "work_unit"),
    ("职务", "position"),
    ("手机", "mobile"),
    ("身份证号", "id_number"),
    ("代表层级", "deputy_level"),
    ("备注", "note"),
)
PERSON_FIELDS = (
    "name",
    "gender",
    "work_unit",
    "position",
    "mobile",
    "id_number",
    "deputy_level",
    "note",
)


@dataclass(slots=True)
class PersonRecord:
    """A person as the sheet or the database says; `roles` and `groups` are sorted tuples."""

    name: str
    roles: tuple[str, ...] = ()
    gender: str = ""
    sector: str = ""
    work_unit: str = ""
    position: str = ""
    mobile: str = ""
    id_number: str = ""
    groups: tuple[str, ...] = ()
    deputy_level: str = ""
    note: str = ""
    pk: int | None = None
    row: int = 0
    present: frozenset[str] = frozenset()  # the columns the sheet has
    masked: frozenset[str] = frozenset()  # fields given masked: keep the stored value


def _masked(value: str) -> bool:
    return "*" in value


def _shared(ctx, value):
    """One object for equal values (the columns a row has, its roles, sector, groups, masked
    fields): most rows of a sheet share them, and 100,000 copies of a 12-column frozenset alone
    are 70 MB."""
    return ctx.state.setdefault("people_shared", {}).setdefault(value, value)


def _read_row(ctx, row) -> PersonRecord | None:
    errors_before = len(ctx.errors)
    record = PersonRecord(
        name=cell_name(row.get("姓名")), row=row.number, present=_shared(ctx, frozenset(row.values))
    )
    masked = set()
    if not record.name:
        ctx.error(SHEET, row.number, "姓名", "请填写姓名")
    roles = []
    for label in cell_list(row.get("身份")):
        if label in ROLE_BY_LABEL:
            roles.append(ROLE_BY_LABEL[label])
        else:
            ctx.error(
                SHEET, row.number, "身份", f"未知身份“{label}”，可选：{'、'.join(ROLE_BY_LABEL)}"
            )
    if not roles and not cell_list(row.get("身份")):
        ctx.error(SHEET, row.number, "身份", "请填写身份，如 政协委员")
    record.roles = _shared(ctx, tuple(sorted(set(roles))))
    for header, field, choices, aliases in (
        ("性别", "gender", GENDER_BY_LABEL, GENDER_ALIASES),
        ("代表层级", "deputy_level", LEVEL_BY_LABEL, None),
    ):
        try:
            value = cell_choice(row.get(header), choices, what=header, aliases=aliases)
            setattr(record, field, value)
        except CellError as exc:
            ctx.error(SHEET, row.number, header, str(exc))
    record.sector = _shared(ctx, cell_text(row.get("界别")))
    record.work_unit = cell_text(row.get("工作单位"))
    record.position = cell_text(row.get("职务"))
    record.note = cell_text(row.get("备注"))
    record.groups = _shared(ctx, tuple(sorted(cell_list(row.get("活动小组")))))

    raw_id = row.get("身份证号")
    if (isinstance(raw_id, int | float) and not isinstance(raw_id, bool) and raw_id) or (
        isinstance(raw_id, str) and NUMBER_FORM.match(raw_id.strip())
    ):
        ctx.error(SHEET, row.number, "身份证号", ID_AS_NUMBER)
    else:
        record.id_number = normalize_id_number(raw_id)
        if _masked(record.id_number):
            masked.add("id_number")
        elif record.id_number and (problem := id_number_problem(record.id_number, today=ctx.today)):
            ctx.error(SHEET, row.number, "身份证号", problem)
    record.mobile = normalize_mobile(cell_text(row.get("手机")))
    if _masked(record.mobile):
        masked.add("mobile")
    elif record.mobile and (problem := mobile_problem(record.mobile)):
        ctx.error(SHEET, row.number, "手机", problem)
    if not record.gender and record.id_number and "id_number" not in masked:
        record.gender = gender_from_id_number(record.id_number)
    record.masked = _shared(ctx, frozenset(masked))
    return record if len(ctx.errors) == errors_before else None


def _key(record: PersonRecord) -> tuple:
    if record.id_number and "id_number" not in record.masked:
        return ("id", record.id_number)
    if record.work_unit:
        return ("unit", record.name, record.work_unit)
    return ("name", record.name)


def _key_label(key: tuple) -> tuple[str, str]:
    return {
        "id": ("身份证号", "身份证号"),
        "unit": ("姓名", "姓名和工作单位"),
        "name": ("姓名", "姓名"),
    }[key[0]]


@register_sheet
class PersonSheet(SheetHandler):
    sheet = SHEET
    columns = (
        Column("姓名", True, ("名字", "委员姓名", "代表姓名", "人员姓名", "联络员姓名")),
        Column(
            "身份",
            True,
            ("人员身份", "身份类别", "人员类别"),
            tuple(ROLE_BY_LABEL),
            named_by=(("委员", "政协委员"), ("代表", "人大代表")),  # 委员名册, 代表花名册
        ),
        Column("性别"),
        Column("界别", synonyms=("所属界别", "界别组", "界别名称")),
        Column(
            "工作单位",
            synonyms=(
                "单位",
                "所在单位",
                "工作单位及职务",
                "工作单位和职务",
                "单位及职务",
                "单位职务",
                "工作单位职务",
            ),
        ),
        Column("职务", synonyms=("职位", "现任职务", "现职务")),
        Column(
            "手机",
            synonyms=(
                "手机号",
                "手机号码",
                "联系电话",
                "电话",
                "联系方式",
                "移动电话",
                "电话号码",
                "手机电话",
            ),
        ),
        Column(
            "身份证号",
            synonyms=("身份证", "身份证号码", "公民身份号码", "公民身份证号码", "身份证件号码"),
        ),
        Column("活动小组", synonyms=("小组", "所属小组", "活动组", "所在小组")),
        Column("代表层级", synonyms=("层级", "代表级别")),
        Column("备注", synonyms=("说明", "其他")),
    )
    hints = ("名册", "花名册", "人员", "委员", "代表", "联络员", "通讯录")
    order = 20

    def parse(self, ctx, rows):
        records: list[PersonRecord] = []
        first_row_by_key: dict[tuple, int] = {}
        named: set[str] = set()
        for row in rows:
            record = _read_row(ctx, row)
            named.add(record.name if record else cell_name(row.get("姓名")))
            if record is None:
                continue
            key = _key(record)
            if key in first_row_by_key:
                column, what = _key_label(key)
                ctx.error(
                    SHEET,
                    row.number,
                    column,
                    f"与第{first_row_by_key[key]}行的{what}相同，同一人只能出现一次",
                )
                continue
            first_row_by_key[key] = row.number
            records.append(record)
        ctx.state["people_rows"] = records
        ctx.state["people_named"] = named - {""}  # rows with errors of their own included

    # -- plan -------------------------------------------------------------------------------
    def plan(self, ctx):
        org = ctx.state.get("organisation")
        # Rows are matched to stored people by what identifies them only; the whole records are
        # read afterwards, COMPARED_AT_ONCE at a time, to be compared (a re-imported roster of
        # 100,000 held 96 MB of stored records at once).
        existing = _stored_keys(org) if org is not None else []
        by_id = {person.id_number: person for person in existing if person.id_number}
        by_unit: dict[tuple, list[StoredKey]] = defaultdict(list)
        by_name: dict[str, list[StoredKey]] = defaultdict(list)
        for person in existing:
            by_unit[(person.name, person.work_unit)].append(person)
            by_name[person.name].append(person)
        del existing
        counts = SheetCounts()
        creates, updates = [], []
        matched: dict[int, int] = {}
        pairs: list[tuple[PersonRecord, int]] = []  # (row, the stored person's id)
        for record in ctx.state["people_rows"]:
            current = self._match(ctx, record, by_id, by_unit, by_name)
            if current is False:
                continue
            if current is None:
                for field in record.masked:
                    ctx.error(
                        SHEET,
                        record.row,
                        "身份证号" if field == "id_number" else "手机",
                        "脱敏的号码只能用于已有人员，新增人员请填写完整号码",
                    )
                creates.append(record)
                counts.created += 1
                continue
            if current.pk in matched:
                ctx.error(SHEET, record.row, "姓名", f"与第{matched[current.pk]}行是同一人")
                continue
            matched[current.pk] = record.row
            pairs.append((record, current.pk))
        del by_id, by_unit, by_name
        for start in range(0, len(pairs), COMPARED_AT_ONCE):
            chunk = pairs[start : start + COMPARED_AT_ONCE]
            stored = {p.pk: p for p in _existing_people(org, pks=[pk for _, pk in chunk])}
            for record, pk in chunk:
                desired = _merge(record, stored[pk])
                if desired == stored[pk]:
                    counts.unchanged += 1
                else:
                    updates.append(desired)
                    counts.updated += 1
        ctx.state["people_plan"] = (creates, updates)
        return counts

    def _match(self, ctx, record, by_id, by_unit, by_name):
        """The stored person this row is about, None for a new one, False after an error."""
        key = _key(record)
        if key[0] == "id":
            if key[1] in by_id:
                return by_id[key[1]]
            candidates = [
                p for p in by_unit.get((record.name, record.work_unit), []) if not p.id_number
            ]
            return candidates[0] if len(candidates) == 1 else None
        candidates = (
            by_unit.get((record.name, record.work_unit), [])
            if key[0] == "unit"
            else by_name.get(record.name, [])
        )
        if "id_number" in record.masked:
            candidates = [p for p in candidates if mask_id_number(p.id_number) == record.id_number]
        if len(candidates) > 1:
            ctx.error(
                SHEET,
                record.row,
                "姓名",
                f"本组织有{len(candidates)}名“{record.name}”，请填写身份证号或工作单位以区分",
            )
            return False
        return candidates[0] if candidates else None

    # -- apply ------------------------------------------------------------------------------
    def apply(self, ctx):
        org = ctx.state["organisation"]
        creates, updates = ctx.state["people_plan"]
        sector_ids = _ensure_sectors(org, {r.sector for r in [*creates, *updates] if r.sector})
        group_ids = _ensure_groups(org, {g for r in [*creates, *updates] for g in r.groups})

        now = db_datetime(timezone.now())
        new_ids = insert_rows(
            Person,
            PERSON_INSERT_COLUMNS,
            (
                _insert_values(org.pk, sector_ids.get(record.sector), record, now)
                for record in creates
            ),
            returning_ids=True,
        )
        for record, pk in zip(creates, new_ids, strict=True):
            record.pk = pk

        update_rows(
            Person,
            PERSON_UPDATE_COLUMNS,
            (
                (record.pk, sector_ids.get(record.sector), *_person_values(record), now)
                for record in updates
            ),
        )
        updated_ids = [record.pk for record in updates]
        for start in range(0, len(updated_ids), BATCH):
            chunk = updated_ids[start : start + BATCH]
            PersonRole.objects.filter(person_id__in=chunk).delete()
            ActivityGroup.members.through.objects.filter(person_id__in=chunk).delete()
        everyone = [*creates, *updates]
        insert_rows(
            PersonRole, ("person_id", "role"), ((r.pk, role) for r in everyone for role in r.roles)
        )
        insert_rows(
            ActivityGroup.members.through,
            ("person_id", "activitygroup_id"),
            ((r.pk, group_ids[g]) for r in everyone for g in r.groups),
        )

    # -- export -----------------------------------------------------------------------------
    def export_rows(self, ctx):
        # Three flat queries and no model instances: an export may hold 100,000 people.
        org = ctx.organisation
        role_order = {value: index for index, value in enumerate(RoleKind.values)}
        roles, groups = roles_and_groups(Person.objects.filter(organisation=org))
        gender_label, level_label = dict(Gender.choices), dict(DeputyLevel.choices)
        people = (
            Person.objects.filter(organisation=org)
            .order_by("id")
            .values_list("pk", "sector__name", *PERSON_FIELDS)
        )
        for pk, sector, *values in people.iterator(chunk_size=BATCH):
            person = dict(zip(PERSON_FIELDS, values, strict=True))
            mobile, id_number = person["mobile"], person["id_number"]
            if not ctx.full_personal_data:
                mobile, id_number = mask_mobile(mobile), mask_id_number(id_number)
            yield [
                person["name"],
                join_list(ROLE_LABEL[r] for r in sorted(roles.get(pk, ()), key=role_order.get)),
                gender_label.get(person["gender"]),
                sector,
                person["work_unit"] or None,
                person["position"] or None,
                mobile or None,
                id_number or None,
                join_list(sorted(groups.get(pk, ()))) or None,
                level_label.get(person["deputy_level"]),
                person["note"] or None,
            ]


@dataclass(slots=True, frozen=True)
class StoredKey:
    """What a row is matched to a stored person by (workbook.py's plan)."""

    pk: int
    name: str
    work_unit: str
    id_number: str


def _stored_keys(org) -> list[StoredKey]:
    rows = Person.objects.filter(organisation=org).values_list(
        "pk", "name", "work_unit", "id_number"
    )
    return [StoredKey(*row) for row in rows.iterator(chunk_size=BATCH)]


def _existing_people(org, *, pks: list[int]) -> list[PersonRecord]:
    """The stored records of these people of `org`."""
    people = Person.objects.filter(organisation=org, pk__in=pks)
    roles, groups = roles_and_groups(people)
    rows = people.values_list("pk", "sector__name", *PERSON_FIELDS)
    records = []
    for pk, sector, *values in rows.iterator(chunk_size=BATCH):
        data = dict(zip(PERSON_FIELDS, values, strict=True))
        records.append(
            PersonRecord(
                pk=pk,
                sector=sector or "",
                roles=tuple(sorted(roles.get(pk, ()))),
                groups=tuple(sorted(groups.get(pk, ()))),
                **data,
            )
        )
    return records


def _merge(record: PersonRecord, current: PersonRecord) -> PersonRecord:
    """What the stored person becomes: the sheet's columns win, absent and masked ones stay."""
    desired = PersonRecord(
        pk=current.pk,
        name=record.name,
        roles=record.roles,
        groups=record.groups if "活动小组" in record.present else current.groups,
    )
    for header, field in SCALAR_COLUMNS:
        keep = header not in record.present or field in record.masked
        setattr(desired, field, getattr(current, field) if keep else getattr(record, field))
    return desired


PERSON_INSERT_COLUMNS = (
    "organisation_id",
    "sector_id",
    *PERSON_FIELDS,
    "name_initials",
    "name_pinyin",
    "term",
    "status",
    "status_note",
    "created_at",
    "updated_at",
)


# What a re-import sets on a stored person (after its id): as PERSON_INSERT_COLUMNS, less what
# only a new person gets (office, term, status, created).
PERSON_UPDATE_COLUMNS = ("sector_id", *PERSON_FIELDS, "name_initials", "name_pinyin", "updated_at")


def _insert_values(org_id: int, sector_id: int | None, record: PersonRecord, now) -> tuple:
    return (org_id, sector_id, *_person_values(record), "", PersonStatus.SERVING, "", now, now)


def _person_values(record: PersonRecord) -> tuple:
    """The record's PERSON_FIELDS and the name's search keys (initials, pinyin)."""
    return (*(getattr(record, field) for field in PERSON_FIELDS), *name_search_keys(record.name))


def _ensure_sectors(org, names: set[str]) -> dict[str, int]:
    existing = dict(Sector.objects.filter(organisation=org).values_list("name", "id"))
    missing = sorted(names - set(existing))
    if missing:
        start = len(existing)
        Sector.objects.bulk_create(
            [
                Sector(organisation=org, name=name, position=start + i)
                for i, name in enumerate(missing)
            ]
        )
        existing = dict(Sector.objects.filter(organisation=org).values_list("name", "id"))
    return existing


def _ensure_groups(org, names: set[str]) -> dict[str, int]:
    existing = dict(ActivityGroup.objects.filter(organisation=org).values_list("name", "id"))
    missing = sorted(names - set(existing))
    if missing:
        ActivityGroup.objects.bulk_create(
            [ActivityGroup(organisation=org, name=name) for name in missing]
        )
        existing = dict(ActivityGroup.objects.filter(organisation=org).values_list("name", "id"))
    return existing


def person_name_counts(ctx) -> Counter:
    """How many people of each name the organisation has once this import is applied: the
    stored ones and the 人员 sheet's new rows. Other sheets name people by name."""
    org = ctx.state.get("organisation")
    names = (
        Counter(Person.objects.filter(organisation=org).values_list("name", flat=True))
        if org
        else Counter()
    )
    for record in ctx.state.get("people_plan", ((), ()))[0]:
        names[record.name] += 1
    # A person whose own row has an error is still a person of the workbook: other sheets that
    # name them are checked for their own errors, not told the name is unknown.
    for name in ctx.state.get("people_named", ()):
        names[name] = names[name] or 1
    return names


def check_person_name(ctx, names: Counter, sheet: str, row: int, column: str, name: str) -> bool:
    """Report a name that matches nobody, or more than one person; True when it is one person."""
    if names[name] == 0:
        ctx.error(sheet, row, column, f"人员表和系统中都没有“{name}”")
        return False
    if names[name] > 1:
        ctx.error(sheet, row, column, f"本组织有{names[name]}名“{name}”，无法确定是哪一位")
        return False
    return True
