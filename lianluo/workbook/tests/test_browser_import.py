"""An office brings in its own Excel from the web page, in a real browser: upload, the mapping
proposed, corrected and previewed, the check, the confirmation (or the refusal with its reason and
the marked-up workbook). The mapping page is saved to docs/screenshots/."""

# ruff: noqa: F811 (the browser fixtures are imported from core's browser tests and used here)

import pytest

from lianluo.activities.models import Activity
from lianluo.core.tests.test_browser import (  # noqa: F401 (fixtures)
    DESKTOP,
    _login,
    _shot,
    browser,
    office,
    pytestmark,
)
from lianluo.people.models import Person
from lianluo.workbook.tests.offices import converted, ledger_book, roster_book, roster_csv


def _upload(page, base: str, path):
    """Staff of 青松镇 upload a file on the import page; the page that follows."""
    _login(page, base, "qingsong")
    page.goto(f"{base}/workbook/import/")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('上传并检查')")
    return page


def _roster(tmp_path):
    return roster_book(tmp_path / "青石镇委员名册.xlsx")


def _roster_xls(tmp_path):
    return converted(roster_book(tmp_path / "委员名册（旧版）.xlsx"), ".xls")


def _roster_gbk(tmp_path):
    return roster_csv(tmp_path / "委员名册.csv", encoding="gbk")


def _ledger(tmp_path):
    return ledger_book(tmp_path / "2024年台账.xlsx")


def _id_as_number(tmp_path):
    return roster_book(tmp_path / "名册-身份证为数字.xlsx", id_as_number=True)


@pytest.mark.parametrize(
    ("make", "people", "activities"),
    [(_roster, 3, 0), (_roster_xls, 3, 0), (_roster_gbk, 3, 0), (_ledger, 3, 8)],
    ids=["title-row-merged", "xls", "gbk-csv", "dates-every-form"],
)
def test_an_office_brings_in_its_own_excel(
    browser,
    live_server,
    office,
    tmp_path,
    make,
    people,
    activities,
):
    page = _upload(browser.new_context(**DESKTOP).new_page(), live_server.url, make(tmp_path))
    page.wait_for_selector("text=请先确认每一列对应到哪个字段")
    page.click("a:has-text('确认对应关系')")
    page.wait_for_selector("text=确认各列的对应关系")
    preview = page.locator("table[data-preview='委员名册'], table[data-preview='委员名册（旧版）']")
    if make is not _roster_gbk:
        assert "郑国平" in preview.first.inner_text()
    # The user keeps 民族 in 备注 instead of leaving it out, and looks at the preview again.
    page.get_by_label("民族").first.select_option("备注")
    page.click("button:has-text('更新预览')")
    page.wait_for_selector("text=民族：汉族")
    if make is _roster:
        _shot(page, "browser-import-mapping.png")
    page.click("button:has-text('按此对应检查')")
    page.wait_for_selector("#job-label")
    assert page.is_visible("button:has-text('确认导入')"), page.inner_text("main")
    if make is _roster:
        _shot(page, "browser-import-checked.png")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    town = office["town"]
    zheng = Person.objects.get(organisation=town, name="郑国平")
    assert Person.objects.filter(organisation=town).count() == people + 3  # and the office's own
    assert zheng.mobile == "13812345678" and zheng.note == "民族:汉族"
    assert Activity.objects.filter(organisation=town).count() == activities


def test_an_id_number_excel_made_a_number_is_refused_and_marked(
    browser,
    live_server,
    office,
    tmp_path,
):
    page = browser.new_context(**DESKTOP, accept_downloads=True).new_page()
    _upload(page, live_server.url, _id_as_number(tmp_path))
    page.click("a:has-text('确认对应关系')")
    page.click("button:has-text('按此对应检查')")
    page.wait_for_selector("text=未写入任何数据")
    assert page.is_visible(
        "text=委员名册 行4 身份证号码: 该单元格被 Excel 存成了数字，末几位已丢失，请将该列设为文本后重新填写"
    )
    _shot(page, "browser-import-refused.png")
    with page.expect_download() as download:
        page.click("a:has-text('下载标注了错误的工作簿')")
    marked = tmp_path / "marked.xlsx"
    download.value.save_as(marked)
    import openpyxl

    cell = openpyxl.load_workbook(marked)["委员名册"]["F4"]
    assert "末几位已丢失" in cell.comment.text
    assert not Person.objects.filter(name="郑国平").exists()
