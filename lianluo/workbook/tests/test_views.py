import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianluo.audit.models import AuditEntry
from lianluo.people.models import Person
from lianluo.workbook.models import ImportJob, ImportStatus
from lianluo.workbook.services import import_job_confirm
from lianluo.workbook.tests.helpers import EXAMPLES, write_workbook

TOWN_A = [["名称", "类型", "上级组织"], ["甲镇政协联络组", "政协联络组", "测试区政协"]]


def _upload(client, path, captured):
    with captured(execute=True):
        return client.post(
            reverse("workbook:import"),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )


def test_staff_upload_see_the_preview_confirm_and_the_people_arrive(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    rows = [
        ["姓名", "身份", "工作单位"],
        ["郑国平", "政协委员", "东江县种鸡场"],
        ["周建华", "政协委员", "甲镇建华农机合作社"],
    ]
    path = write_workbook(tmp_path / "a.xlsx", {"组织": TOWN_A, "人员": rows, "备忘": [["内容"]]})
    client.force_login(world.staff)
    response = _upload(client, path, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == reverse("workbook:job", args=[job.pk])
    assert job.status == ImportStatus.READY
    page = client.get(response.url).content.decode()
    assert "确认导入" in page and "备忘: 不是联络工作台账的工作表，已忽略" in page
    assert job.report["counts"]["人员"] == {"created": 1, "updated": 0, "unchanged": 1}
    assert not Person.objects.filter(name="郑国平").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.percent == 100
    assert Person.objects.get(name="郑国平").organisation == world.town_a
    assert "导入完成" in client.get(reverse("workbook:job", args=[job.pk])).content.decode()
    assert client.get(reverse("workbook:job_status", args=[job.pk])).json()["status"] == "done"


def test_errors_are_listed_and_nothing_can_be_confirmed(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    rows = [["姓名", "身份", "手机"], ["坏手机", "政协委员", "123"]]
    path = write_workbook(tmp_path / "a.xlsx", {"组织": TOWN_A, "人员": rows})
    client.force_login(world.staff)
    _upload(client, path, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    page = client.get(reverse("workbook:job", args=[job.pk])).content.decode()
    assert "人员 行2 手机: 手机号应为11位，现为3位" in page
    assert "确认导入" not in page
    response = client.post(reverse("workbook:job_confirm", args=[job.pk]), follow=True)
    assert "不能确认导入" in response.content.decode()


def test_only_spreadsheets_are_taken(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("workbook:import"), {"file": SimpleUploadedFile("a.docx", b"PK\x03\x04")}
    )
    assert response.context["form"].errors["file"] == [
        "不支持的文件类型：.docx，可上传 .xlsx、.xls、.et、.ods、.csv"
    ]
    response = client.post(
        reverse("workbook:import"), {"file": SimpleUploadedFile("a.xls", b"PK\x03\x04")}
    )
    assert response.context["form"].errors["file"] == [
        "文件内容与扩展名 .xls 不符（可能是改了扩展名的其他文件）"
    ]
    assert not ImportJob.objects.exists()


def test_leaders_and_members_cannot_import(client, world):
    for persona in (world.leader, world.member):
        client.force_login(persona)
        assert client.get(reverse("workbook:import")).status_code == 404


def test_a_confirmed_job_is_not_confirmed_twice(
    world, tmp_path, django_capture_on_commit_callbacks
):
    job = ImportJob.objects.create(
        created_by=world.staff,
        organisation=world.town_a,
        original_name="a.xlsx",
        status=ImportStatus.READY,
    )
    import_job_confirm(actor=world.staff, job=job)
    from lianluo.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="不能确认导入"):
        import_job_confirm(actor=world.staff, job=job)


def test_export_masks_personal_data_unless_staff_ask(client, world):
    import openpyxl

    client.force_login(world.staff)
    url = reverse("workbook:export", args=[world.town_a.pk])
    masked = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(url, {"year": 2024}).streaming_content))
    )
    values = [cell for row in masked["人员"].iter_rows(values_only=True) for cell in row]
    assert world.person_a.mobile not in values
    full = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(url, {"year": 2024, "full": "on"}).streaming_content))
    )
    values = [cell for row in full["人员"].iter_rows(values_only=True) for cell in row]
    assert world.person_a.mobile in values
    entry = AuditEntry.objects.filter(action="workbook.exported").latest("id")
    assert entry.after == {"year": 2024, "full_personal_data": True} and entry.actor == world.staff
    client.force_login(world.leader)
    as_leader = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(url, {"year": 2024, "full": "on"}).streaming_content))
    )
    values = [cell for row in as_leader["人员"].iter_rows(values_only=True) for cell in row]
    assert world.person_a.mobile not in values


def test_the_example_imports_through_the_web_as_an_admin(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    _upload(client, EXAMPLES / "qingshi-2024.xlsx", django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    # 青石镇 sits under 东江县政协, outside the admin's district: refused, named at the 组织 row.
    assert job.status == ImportStatus.INVALID
    assert job.report["errors"] == ["组织 行2 名称: 只有上级组织的管理员可以通过导入新建组织"]


def test_an_own_roster_is_mapped_checked_and_confirmed_on_the_web(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    from lianluo.workbook.models import SavedMapping
    from lianluo.workbook.tests.offices import roster_book

    client.force_login(world.staff)
    path = roster_book(tmp_path / "名册.xlsx")
    _upload(client, path, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.MAPPING
    page = client.get(reverse("workbook:job", args=[job.pk])).content.decode()
    assert "确认对应关系" in page and "确认导入" not in page
    mapping_url = reverse("workbook:job_mapping", args=[job.pk])
    page = client.get(mapping_url).content.decode()
    assert "工作表“委员名册”" in page and "青石镇政协委员名册（2024年）" in page
    assert 'value="2024"' in page  # the year its title names
    # the preview shows the first rows as they will be read
    assert '<th scope="col">手机</th>' in page and "138-1234-5678" in page
    # 联系电话 is proposed as 手机; the user changes 民族 to be kept in 备注, previews, checks
    form = {
        "year": "2024",
        "s0-kind": "人员",
        "s0-header_row": "3",
        **{f"s0-col{n}": v for n, v in enumerate(job.report["layouts"][0]["fields"])},
        "s0-col3": "备注",
        "s0-fixed-身份": "政协委员",
    }
    page = client.post(mapping_url, {**form, "action": "preview"}).content.decode()
    assert "民族：汉族" in page  # the preview under the new mapping
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, {**form, "action": "check"})
    assert response.url == reverse("workbook:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.READY, job.report["errors"]
    assert job.report["counts"]["人员"]["created"] == 3
    assert SavedMapping.objects.get(organisation=world.town_a).mapping["columns"]["民族"] == "备注"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    zheng = Person.objects.get(organisation=world.town_a, name="郑国平")
    assert zheng.note == "民族:汉族" and zheng.mobile == "13812345678"
    # the next roster with these headers is proposed the way this office mapped it
    _upload(client, roster_book(tmp_path / "名册2.xlsx"), django_capture_on_commit_callbacks)
    second = ImportJob.objects.order_by("-created_at").first()
    assert second.status == ImportStatus.MAPPING and second.report["layouts"][0]["saved"]
    assert (
        "已按上次保存的对应关系填好"
        in client.get(reverse("workbook:job_mapping", args=[second.pk])).content.decode()
    )


def test_a_refused_own_file_comes_back_marked(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    import openpyxl

    from lianluo.workbook.tests.offices import roster_book

    client.force_login(world.staff)
    path = roster_book(
        tmp_path / "名册.xlsx",
        id_as_number=True,
        extra_rows=[[4, "坏号码", "男", None, None, None, "123"]],
    )
    _upload(client, path, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    mapping_url = reverse("workbook:job_mapping", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mapping_url, {"action": "check", "year": "2024"})
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    page = client.get(reverse("workbook:job", args=[job.pk])).content.decode()
    assert "下载标注了错误的工作簿" in page
    response = client.get(reverse("workbook:job_marked", args=[job.pk]))
    assert response.status_code == 200
    marked = tmp_path / "marked.xlsx"
    marked.write_bytes(b"".join(response.streaming_content))
    book = openpyxl.load_workbook(marked)
    assert book.sheetnames[:2] == ["错误清单", "委员名册"]
    listing = [row for row in book["错误清单"].iter_rows(min_row=2, values_only=True)]
    assert [row[1:] for row in listing] == [
        (
            "委员名册 F4",
            "委员名册 行4 身份证号码: 该单元格被 Excel 存成了数字，末几位已丢失，请将该列设为文本后重新填写",
        ),
        ("委员名册 G7", "委员名册 行7 联系电话: 手机号应为11位，现为3位"),
    ]
    sheet = book["委员名册"]
    assert sheet["F4"].fill.fgColor.rgb == "FFFF7C80" and "末几位已丢失" in sheet["F4"].comment.text
    assert sheet["G7"].comment.text == "手机号应为11位，现为3位"
    assert sheet["C5"].comment is None and sheet["C5"].fill.fgColor.rgb != "FFFF7C80"
    assert "A1:I1" in [str(r) for r in sheet.merged_cells.ranges]  # the office's own layout kept


def test_an_admin_chooses_which_office_an_own_ledger_goes_to(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    from lianluo.workbook.tests.offices import roster_book

    path = roster_book(tmp_path / "名册.xlsx")
    client.force_login(world.admin)
    page = client.get(reverse("workbook:import")).content.decode()
    assert "本单位自己的台账导入到" in page and world.town_b.name in page
    assert world.court.name not in page  # outside the admin's tree
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workbook:import"),
            {
                "file": SimpleUploadedFile(path.name, path.read_bytes()),
                "destination": world.town_b.pk,
            },
        )
    job = ImportJob.objects.get()
    assert job.destination == world.town_b and job.status == ImportStatus.MAPPING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_mapping", args=[job.pk]), {"action": "check"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.target == world.town_b
    assert Person.objects.get(name="郑国平").organisation == world.town_b
    response = client.post(
        reverse("workbook:import"),
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "destination": world.court.pk,
        },
    )
    assert "destination" in response.context["form"].errors


def test_staff_are_not_offered_another_office(client, world, tmp_path):
    client.force_login(world.staff)
    page = client.get(reverse("workbook:import")).content.decode()
    assert "本单位自己的台账导入到" not in page
