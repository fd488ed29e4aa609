"""The 组织 sheet: the office the workbook belongs to, its parent and the year (the year every
other sheet's records belong to). The workbook's own sheet, so that orgs imports no workbook
code."""

from lianluo.core.access import can_manage_orgs, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.orgs.services import org_create, org_update
from lianluo.workbook.cells import CellError, cell_int, cell_text
from lianluo.workbook.framework import Column, SheetCounts, SheetHandler, register_sheet

KIND_BY_LABEL = {label: value for value, label in OrganisationKind.choices}
SHEET = "组织"


def _kind_for_new_parent(name: str) -> str:
    return OrganisationKind.CPPCC if name.endswith("政协") else OrganisationKind.OTHER


@register_sheet
class OrganisationSheet(SheetHandler):
    sheet = SHEET
    columns = (Column("名称", True), Column("类型", True), Column("上级组织"), Column("年度"))
    order = 10
    required_sheet = True

    def parse(self, ctx, rows):
        rows = list(rows)
        if not rows:
            ctx.error(SHEET, 2, "名称", "组织表应有一行：本组织的名称和类型")
            return
        if len(rows) > 1:
            ctx.error(SHEET, rows[1].number, "名称", "组织表只能有一行，一个工作簿只属于一个组织")
        row = rows[0]
        name = cell_text(row.get("名称"))
        if not name:
            ctx.error(SHEET, row.number, "名称", "请填写组织名称")
        kind_label = cell_text(row.get("类型"))
        if kind_label not in KIND_BY_LABEL:
            ctx.error(
                SHEET,
                row.number,
                "类型",
                f"未知类型“{kind_label}”，可选：{'、'.join(KIND_BY_LABEL)}",
            )
        year = None
        try:
            year = cell_int(row.get("年度"))
            if year is not None and not 1949 <= year <= 2100:
                raise CellError(f"年度{year}不合理")
        except CellError as exc:
            ctx.error(SHEET, row.number, "年度", str(exc))
        parent_name = cell_text(row.get("上级组织"))
        if parent_name and parent_name == name:
            ctx.error(SHEET, row.number, "上级组织", "上级组织不能是本组织")
        ctx.state["year"] = year
        ctx.state["org_row"] = {
            "row": row.number,
            "name": name,
            "kind": KIND_BY_LABEL.get(kind_label, ""),
            "parent": parent_name,
        }

    def plan(self, ctx):
        counts = SheetCounts()
        data = ctx.state.get("org_row")
        if data is None:  # the sheet has no row: its error is reported already
            return counts
        org = Organisation.objects.filter(name=data["name"]).select_related("parent").first()
        parent = (
            Organisation.objects.filter(name=data["parent"]).first() if data["parent"] else None
        )
        ctx.state["organisation"] = org
        ctx.state["parent"] = parent
        if data["parent"] and parent is None:
            counts.created += 1  # the parent is created too, as the spec says
        try:
            self._check_permission(ctx, org, parent)
        except ApplicationError as exc:
            ctx.error(SHEET, data["row"], "名称", exc.message)
            ctx.state["organisation"] = None
            ctx.state["forbidden"] = True
            return counts
        if org is None:
            counts.created += 1
        else:
            current_parent = org.parent.name if org.parent_id else ""
            if data["parent"] != current_parent and data["parent"]:
                ctx.error(
                    SHEET,
                    data["row"],
                    "上级组织",
                    f"该组织的上级组织是“{current_parent or '无'}”，不能通过导入更改",
                )
            elif org.kind != data["kind"]:
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts

    def _check_permission(self, ctx, org, parent) -> None:
        actor = ctx.actor
        if actor is None:
            return
        if org is not None:
            ensure_can_write(actor, org, f"您没有向“{org.name}”导入的权限")
            return
        if parent is None or not can_manage_orgs(actor):
            raise ApplicationError("只有上级组织的管理员可以通过导入新建组织", code="forbidden")
        ensure_can_write(actor, parent, f"您没有在“{parent.name}”下新建组织的权限")

    def apply(self, ctx):
        data = ctx.state["org_row"]
        parent = ctx.state["parent"]
        if data["parent"] and parent is None:
            parent = org_create(
                actor=None, name=data["parent"], kind=_kind_for_new_parent(data["parent"])
            )
        org = ctx.state["organisation"]
        if org is None:
            org = org_create(actor=ctx.actor, name=data["name"], kind=data["kind"], parent=parent)
        elif org.kind != data["kind"]:
            org = org_update(actor=ctx.actor, org=org, kind=data["kind"])
        ctx.state["organisation"] = org

    def export_rows(self, ctx):
        org = ctx.organisation
        yield [
            org.name,
            org.get_kind_display(),
            org.parent.name if org.parent_id else None,
            ctx.year,
        ]
