"""Generated workbooks: import, export, import again changes nothing, and the export says the same."""

import random
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianluo.core.identity import fake_id_number, fake_mobile
from lianluo.people.models import Person
from lianluo.people.workbook import LEVEL_BY_LABEL, ROLE_BY_LABEL
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import read_workbook, sheet_as_dicts, write_workbook

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "建华志强国平玉兰秀英海涛丽萍明德春梅文博晓燕"
ROLE_LABELS = list(ROLE_BY_LABEL)
LEVELS = ["全国", "省", "市", "县", "乡"]
assert set(LEVELS) <= set(LEVEL_BY_LABEL)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Each generated example starts from the same database."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


person = st.fixed_dictionaries(
    {
        "name": st.text(SURNAMES, min_size=1, max_size=1).flatmap(
            lambda s: st.text(GIVEN, min_size=1, max_size=2).map(lambda g: s + g)
        ),
        "roles": st.lists(st.sampled_from(ROLE_LABELS), min_size=1, max_size=3, unique=True),
        "gender": st.sampled_from([None, "男", "女"]),
        "sector": st.sampled_from([None, "经济界", "农业", "教育界"]),
        "has_id": st.booleans(),
        "has_mobile": st.booleans(),
        "mobile_as_number": st.booleans(),
        "groups": st.lists(
            st.sampled_from(["经济组", "农业组", "民生组"]), max_size=2, unique=True
        ),
        "level": st.sampled_from([None, *LEVELS]),
        "note": st.sampled_from([None, "新任委员", "  备注　"]),
        "padded": st.booleans(),
    }
)


def _rows(people: list[dict], seed: int) -> list[list]:
    rng = random.Random(seed)  # noqa: S311
    header = [
        "姓名",
        "身份",
        "性别",
        "界别",
        "工作单位",
        "手机",
        "身份证号",
        "活动小组",
        "代表层级",
        "备注",
    ]
    rows = [header]
    for index, data in enumerate(people):
        mobile = fake_mobile(rng) if data["has_mobile"] else None
        rows.append(
            [
                f"\u3000{data['name']} " if data["padded"] else data["name"],
                "、".join(data["roles"]),
                data["gender"],
                data["sector"],
                f"第{index}单位",  # name + unit stays unique for people without an ID number
                int(mobile) if mobile and data["mobile_as_number"] else mobile,
                fake_id_number(rng, male=data["gender"] != "女") if data["has_id"] else None,
                "，".join(data["groups"]) or None,
                data["level"],
                data["note"],
            ]
        )
    return rows


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(person, min_size=1, max_size=12), seed=st.integers(0, 10**6))
def test_generated_workbooks_round_trip(people, seed):
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        folder = Path(folder)
        org = [
            ["名称", "类型", "上级组织", "年度"],
            ["生成镇政协联络组", "政协联络组", "生成区政协", 2024],
        ]
        source = write_workbook(folder / "in.xlsx", {"组织": org, "人员": _rows(people, seed)})
        report = workbook_import(path=source, actor=None, dry_run=False)
        assert report.ok, report.errors
        assert Person.objects.count() == len(people)
        exported = workbook_export(
            organisation=report.organisation, year=2024, actor=None, path=folder / "1.xlsx"
        )
        again = workbook_import(path=exported, actor=None, dry_run=False)
        assert again.ok, again.errors
        assert (again.counts["人员"].created, again.counts["人员"].updated) == (0, 0)
        second = workbook_export(
            organisation=report.organisation, year=2024, actor=None, path=folder / "2.xlsx"
        )
        assert read_workbook(exported) == read_workbook(second)
        for data, row in zip(people, sheet_as_dicts(exported, "人员"), strict=True):
            assert row["姓名"] == data["name"]
            assert sorted(row["身份"].split("、")) == sorted(data["roles"])
            groups = row["活动小组"].split("、") if row["活动小组"] else []
            assert sorted(groups) == sorted(data["groups"])
            assert row["代表层级"] == data["level"]
            assert row["备注"] == (data["note"].strip(" \u3000") if data["note"] else None)
