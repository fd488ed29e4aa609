"""What the API reads and answers. Inputs are bounded (lengths, choices) and refuse characters a
database cannot store, so a malformed request is a 422, never a server error."""

import datetime as dt
import functools
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from lianluo.activities.models import ActivityKind
from lianluo.people.models import RoleKind
from lianluo.submissions.models import AdoptionLevel, ReplyClass, Satisfaction
from lianluo.visits.models import VisitKind, VisitMethod


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能包含空字符")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("包含无法保存的字符") from exc
    return value


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - reads as a type in the schemas
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_storable),
    ]


def OneOf(values):  # noqa: N802 - reads as a type in the endpoints
    """A query value that must be one of the record's choices, or empty for all."""
    return Literal[("", *values)]


def SearchText(max_length: int):  # noqa: N802
    """A query text: bounded and storable, like every input."""
    return Text(max_length)


@functools.cache
def paged(item: type[Schema]) -> type[Schema]:
    """A page of a list: its items, how many there are in all, the page and the page count."""
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {
            "__annotations__": {"items": list[item], "count": int, "page": int, "pages": int},
            "__module__": __name__,
        },
    )


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    organisation: str
    person_id: int | None
    person_name: str


class NoticeOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: dt.datetime
    read: bool


class InvitationOut(Schema):
    activity_id: int
    subject: str
    kind: str
    kind_label: str
    organisation: str
    date: str  # as recorded: 2024-07-05, or 2024-07 when only the month is known
    place: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    answer_deadline: dt.datetime | None
    mandatory: bool
    status: str
    status_label: str
    answer: str
    leave_request: str  # the latest request's state, "" when none


class AnswerIn(Schema):
    answer: Literal["attend", "decline"]


class LeaveIn(Schema):
    reason: Text(300, 1)


class SignInIn(Schema):
    code: Text(500, 1)


class SignInOut(Schema):
    activity_id: int
    subject: str
    day: dt.date
    late: bool
    created: bool


class SubmissionOut(Schema):
    id: int
    code: str
    kind: str
    kind_label: str
    title: str
    state: str
    state_label: str
    year: int
    submitted_on: dt.date | None
    proposers: list[str]
    organisation: str
    deadline: dt.date | None
    replied_on: dt.date | None
    reply_text: str
    adoptions: list[str]
    version: int


class TimelineEntry(Schema):
    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    comment: str


class SubmissionDetailOut(SubmissionOut):
    body: str
    timeline: list[TimelineEntry]
    can_rate: bool


class DraftIn(Schema):
    kind: Literal["proposal", "suggestion", "opinion_report", "opinion", "motion"]
    title: Text(200, 1)
    body: Text(20000) = ""


class RatingIn(Schema):
    attitude: Literal["satisfied", "basic", "unsatisfied"]
    result: Literal["satisfied", "basic", "unsatisfied"]
    reason: Text(300) = ""
    version: int | None = Field(default=None, ge=0, le=2_000_000_000)


class VersionIn(Schema):
    version: int | None = Field(default=None, ge=0, le=2_000_000_000)


class DutyLine(Schema):
    day: str
    subject: str
    status: str
    points: str


class DutyOut(Schema):
    person: str
    year: int
    invited: int
    present: int
    leave: int
    absent: int
    attendance_rate: float | None
    attendance: list[DutyLine]
    submissions: int
    contributions: list[str]
    points: str


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    roles: list[str]
    sector: str
    work_unit: str
    position: str
    organisation: str
    mobile: str  # masked
    status: str


class ActivityOut(Schema):
    id: int
    code: str
    kind: str
    kind_label: str
    subject: str
    date: str
    year: int  # 所属年度: the year whose summary and statistics count it (usually the date's)
    place: str
    organisation: str
    starts_at: dt.datetime | None
    invited: int
    present: int


class PickupOut(Schema):
    id: int
    travel: str
    meet_at: dt.datetime
    status: str
    status_label: str
    car: str
    version: int


class GuestOut(Schema):
    id: int
    name: str
    title: str
    event: str
    lodging: str
    checked_in: bool
    travel: list[str]
    pickups: list[PickupOut]


class PickupMoveIn(Schema):
    status: Literal["departed", "met", "cancelled"]
    note: Text(200) = ""
    version: int | None = Field(default=None, ge=0, le=2_000_000_000)


class ArrivalOut(Schema):
    guest_id: int
    guest: str
    volunteer: str
    travel: str
    planned: str
    expected: str
    actual: str
    status: str


# Staff writes ---------------------------------------------------------------------------------

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Version = Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)]


class ActivityIn(Schema):
    """An activity as the web form takes it; `date` may be a day or a month ("2024-07");
    `year` (所属年度) left out is the date's year, else at most one year from it."""

    kind: Literal[tuple(ActivityKind.values)]  # type: ignore[valid-type]
    subject: Text(300, 1)
    date: Text(30, 1)
    year: int | None = Field(default=None, ge=1949, le=2100)
    place: Text(200) = ""
    partners: list[Text(100)] = Field(default_factory=list, max_length=50)
    mandatory: bool = True
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    answer_deadline: dt.datetime | None = None
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)
    person_times: int | None = Field(default=None, ge=0, le=1_000_000)
    suggestions_count: int | None = Field(default=None, ge=0, le=1_000_000)
    outcome: Text(2000) = ""
    note: Text(2000) = ""


class InviteIn(Schema):
    """Whom to invite: everyone serving, by role, by activity group, by sector, or by person."""

    everyone: bool = False
    roles: list[Literal[tuple(RoleKind.values)]] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    group_ids: list[Id] = Field(default_factory=list, max_length=200)
    sectors: list[Text(100)] = Field(default_factory=list, max_length=200)
    person_ids: list[Id] = Field(default_factory=list, max_length=5000)


class InvitedOut(Schema):
    invited: int  # newly invited by this request (those already invited are not again)
    activity: ActivityOut


class AttendanceIn(Schema):
    person_id: Id
    status: Literal["present", "leave", "absent", "invited"]
    note: Text(300) = ""


class AttendanceOut(Schema):
    person_id: int
    name: str
    status: str
    status_label: str
    note: str
    late: bool


class ManualSignInIn(Schema):
    person_id: Id
    day: dt.date
    reason: Text(200, 1)


class LeaveRequestOut(Schema):
    id: int
    activity_id: int
    person_id: int
    name: str
    reason: str
    status: str
    status_label: str
    created_at: dt.datetime


class LeaveDecisionIn(Schema):
    approve: bool
    note: Text(300) = ""


class MoveIn(Schema):
    """What a move of the lifecycle needs (see the move's `requires`); the rest is left out."""

    version: Version = None
    reason: Text(2000) = ""
    comment: Text(2000) = ""
    reply_class: Literal[("", *ReplyClass.values)] = ""  # type: ignore[valid-type]
    reply_text: Text(10000) = ""
    attitude: Literal[("", *Satisfaction.values)] = ""  # type: ignore[valid-type]
    result: Literal[("", *Satisfaction.values)] = ""  # type: ignore[valid-type]
    person_id: Id | None = None  # the proposer whose paper rating staff enter
    level: Literal[("", *AdoptionLevel.values)] = ""  # type: ignore[valid-type]
    adopted_by: Text(100) = ""
    adopted_on: dt.date | None = None
    instruction: Text(2000) = ""
    instructed_by: Text(100) = ""
    lead: Text(100) = ""  # merge: the lead item's id or 编号
    lead_unit: Text(100) = ""
    assisting_units: list[Text(100)] = Field(default_factory=list, max_length=20)
    deadline: dt.date | None = None
    date: dt.date | None = None
    replied_on: dt.date | None = None
    is_key: bool = False
    decision: Literal["", "approve", "refuse"] = ""
    extension: Id | None = None  # decide_extension: the extension request


class VisitIn(Schema):
    version: Version = None  # when changing: the version read, so a concurrent edit is refused
    date: dt.date
    month_only: bool = False
    kind: Literal[tuple(VisitKind.values)] = "office"  # type: ignore[valid-type]
    method: Literal[("", *VisitMethod.values)] = ""  # type: ignore[valid-type]
    visitors: Text(200) = ""
    person_ids: list[Id] = Field(default_factory=list, max_length=200)
    unit: Text(200) = ""
    heard: Text(5000) = ""
    concern_open: bool = False
    follow_up: Text(5000) = ""


class VisitOut(Schema):
    id: int
    date: str
    kind: str
    method: str
    visitors: str
    people: list[str]
    unit: str
    heard: str
    concern_status: str
    follow_up: str
    version: int
