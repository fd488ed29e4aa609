"""Files made the way offices make them: title rows, their own headers in their own order, merged
cells, dates typed every way, ID numbers Excel turned into numbers, footers, .xls/.ods/.csv."""

import csv
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

ID_ZHENG = "330102197003070036"  # check digits right
ID_LIN = "330102198206150022"
ID_QIAN = "330102196511200023"

ROSTER_TITLE = "青石镇政协委员名册（2024年）"
ROSTER_HEADERS = [
    "序号",
    "姓  名",
    "性别",
    "民族",
    "出生年月",
    "身份证号码",
    "联系电话",
    "工作单位及职务",
    "界别",
]
ROSTER_ROWS = [
    [
        1,
        "郑国平",
        "男",
        "汉族",
        "1970.03",
        ID_ZHENG,
        "138-1234-5678",
        "青石镇农业服务中心主任",
        "农业界",
    ],
    [2, "林  晓", "F", "畲族", "1982.06", ID_LIN, "139 8765 4321", "青石镇中心小学教师", None],
    [
        3,
        "钱秀英",
        "女",
        "汉族",
        "1965.11",
        ID_QIAN,
        "１３７００００１１１１",
        "青石镇卫生院医生",
        "医卫界",
    ],
]
FOOTER = ["填表人：王芳", None, None, "填表日期：2024年6月5日"]


def roster_book(path: Path, *, id_as_number: bool = False, extra_rows=()) -> Path:
    """A roster with a merged title, a blank row, its header in row 3, 界别 merged down over the
    first two members, and a footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "委员名册"
    sheet.append([ROSTER_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ROSTER_HEADERS))
    sheet.append([])
    sheet.append(ROSTER_HEADERS)
    for values in [*ROSTER_ROWS, *extra_rows]:
        values = list(values)
        if id_as_number and values[5] == ID_ZHENG:
            values[5] = int(ID_ZHENG)  # Excel keeps it as a number: 3.30102E+17
        sheet.append(values)
    sheet.merge_cells("I4:I5")  # 农业界 for 郑国平 and 林晓
    sheet.append([])
    sheet.append(FOOTER)
    book.save(path)
    return path


# The activities ledger: dates in every form offices type them (the year from the title).
ACTIVITY_TITLE = "青石镇政协联络组2024年活动台账"
ACTIVITY_HEADERS = ["序号", "活动时间", "活动形式", "活动内容", "地点", "参加人数", "备注"]
ACTIVITY_ROWS = [
    [1, "2024.3.8", "集中学习", "学习全国两会精神", "镇政府会议室", 12, None],
    [2, "2024/4/16", "视察", "视察农村人居环境整治", "青石村", "８", None],
    [3, "2024年5月20日", "座谈会", "民营企业座谈会", None, 10, None],
    [4, "2024年6月", "调研", "调研茶产业发展", None, None, "月底前完成"],
    [5, 45495, "考察", "考察乡村旅游", None, None, None],  # an Excel serial: 2024-07-22
    [6, "九月", "走访", "走访困难群众", None, None, None],
    [7, " ２０２４．１１．５ ", "培训", "履职能力培训", None, None, None],
    # a date cell of Excel: a time without a zone
    [8, dt.datetime(2024, 12, 10), "集中学习", "学习党的二十届三中全会精神", None, None, None],  # noqa: DTZ001
]
ACTIVITY_DATES = [
    ("学习全国两会精神", dt.date(2024, 3, 8), "day"),
    ("视察农村人居环境整治", dt.date(2024, 4, 16), "day"),
    ("民营企业座谈会", dt.date(2024, 5, 20), "day"),
    ("调研茶产业发展", dt.date(2024, 6, 1), "month"),
    ("考察乡村旅游", dt.date(2024, 7, 22), "day"),
    ("走访困难群众", dt.date(2024, 9, 1), "month"),
    ("履职能力培训", dt.date(2024, 11, 5), "day"),
    ("学习党的二十届三中全会精神", dt.date(2024, 12, 10), "day"),
]


def ledger_book(path: Path) -> Path:
    """Roster and activities in one workbook, as many offices keep them."""
    roster_book(path)
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("活动台账")
    sheet.append([ACTIVITY_TITLE])
    sheet.merge_cells("A1:G1")
    sheet.append(ACTIVITY_HEADERS)
    for values in ACTIVITY_ROWS:
        sheet.append(values)
    book.save(path)
    return path


def roster_csv(path: Path, *, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([ROSTER_TITLE])
        writer.writerow(ROSTER_HEADERS)
        for values in ROSTER_ROWS:
            writer.writerow(["" if v is None else v for v in values])
    return path


def converted(path: Path, extension: str) -> Path:
    """The workbook saved by LibreOffice Calc as .xls or .ods, as offices' older tools save it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice Calc is needed (make system-deps installs it)"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(  # noqa: S603
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                extension.lstrip("."),
                "--outdir",
                str(path.parent),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    out = path.with_suffix(extension)
    assert out.is_file(), f"LibreOffice wrote no {out.name}"
    return out
