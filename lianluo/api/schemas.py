"""What the API reads and answers. Inputs are bounded (lengths, choices) and refuse characters a
database cannot store, so a malformed request is a 422, never a server error."""

import datetime as dt
import functools
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints


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
    attendance_rate: int | None
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
