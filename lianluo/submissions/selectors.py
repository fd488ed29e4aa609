"""Reading submissions, always through the viewer's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from lianluo.core.access import MEMBER as MEMBER_ROLE
from lianluo.core.access import (
    access_child,
    can_write_org,
    get_in_scope_or_404,
    handler_unit_q,
    is_handler,
    is_member,
    is_org_reader,
    scope_by_org,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.home import Todo
from lianluo.core.transitions import timeline
from lianluo.submissions.figures import overdue_q
from lianluo.submissions.lifecycle import HANDLER, HISTORY_LABELS, MEMBER, STAFF, moves_for
from lianluo.submissions.models import (
    Assignment,
    Confirmation,
    Proposer,
    Rating,
    Submission,
    SubmissionFile,
    SubmissionSettings,
    SubmissionState,
)
from lianluo.submissions.similarity import SHOWN_SCORE, similar_submissions


def settings_for(organisation) -> SubmissionSettings:
    found = SubmissionSettings.objects.filter(organisation=organisation).first()
    return found or SubmissionSettings(organisation=organisation)


def _own_q(viewer) -> Q | None:
    """What a member or a handler reads: items they propose, items assigned to their unit."""
    if is_member(viewer):
        return Q(
            Exists(Proposer.objects.filter(submission=OuterRef("pk"), person_id=viewer.person_id))
        )
    if is_handler(viewer):
        return Q(
            Exists(Assignment.objects.filter(handler_unit_q(viewer), submission=OuterRef("pk"))),
            ~Q(state=SubmissionState.DRAFT),
        )
    return None


def submission_scope(viewer) -> QuerySet[Submission]:
    """A member's draft is theirs alone until they submit it; the office sees it from then on
    (drafts staff keep for a paper submission are the office's)."""
    items = scope_by_org(Submission.objects.all(), viewer, own=_own_q(viewer))
    if is_org_reader(viewer):
        items = items.exclude(state=SubmissionState.DRAFT, created_by__role=MEMBER_ROLE)
    return items


def access_submission_file(*, viewer, pk: int) -> SubmissionFile:
    """An attachment of an item the viewer reads."""
    return access_child(
        SubmissionFile.objects.all(), parent="submission", parents=submission_scope(viewer), pk=pk
    )


def submission_get(*, viewer, pk: int) -> Submission:
    return get_in_scope_or_404(
        submission_scope(viewer).select_related("organisation", "category", "merged_into"), pk=pk
    )


def merge_lead_find(*, viewer, submission: Submission, lead: str | None) -> Submission | None:
    """The lead item a duplicate is merged into, named by its id or its 编号, among the items of
    the same office that the viewer sees; None when no lead is named."""
    lead = (lead or "").strip()
    if not lead:
        return None
    candidates = submission_scope(viewer).filter(organisation=submission.organisation)
    found = (
        candidates.filter(pk=int(lead)).first() if lead.isdigit() else None
    ) or candidates.filter(code=lead).first()
    if found is None:
        raise ApplicationError(f"找不到编号为“{lead}”的事项", field="lead")
    return found


def submission_roles(viewer, submission: Submission) -> set[str]:
    """The lifecycle roles (lifecycle.MEMBER/STAFF/HANDLER) the viewer holds on this item."""
    roles: set[str] = set()
    if not viewer.is_authenticated:
        return roles
    if can_write_org(viewer, submission.organisation):
        roles.add(STAFF)
    if viewer.person_id and submission.proposers.filter(person_id=viewer.person_id).exists():
        roles.add(MEMBER)
    if (
        is_handler(viewer)
        and submission.assignments.filter(handler_unit_q(viewer), active=True).exists()
    ):
        roles.add(HANDLER)
    return roles


def viewer_assignments(viewer, submission: Submission) -> list[Assignment]:
    """The active assignments of this item that the viewer's unit holds."""
    if not is_handler(viewer):
        return []
    return list(
        submission.assignments.filter(handler_unit_q(viewer), active=True).select_related("unit")
    )


@dataclass
class ListFilters:
    kind: str = ""
    state: str = ""
    unit: str = ""
    proposer: str = ""
    year: int | None = None
    overdue: bool = False
    q: str = ""


def submission_list(*, viewer, filters: ListFilters, today: dt.date | None = None):
    today = today or timezone.localdate()
    items = submission_scope(viewer)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.year:
        items = items.filter(year=filters.year)
    if filters.unit:
        items = items.filter(
            Exists(
                Assignment.objects.filter(
                    submission=OuterRef("pk"), active=True, unit__name__contains=filters.unit
                )
            )
        )
    if filters.proposer:
        items = items.filter(
            Exists(
                Proposer.objects.filter(
                    submission=OuterRef("pk"), person__name__contains=filters.proposer
                )
            )
        )
    if filters.q:
        items = items.filter(Q(title__contains=filters.q) | Q(code__contains=filters.q))
    if filters.overdue:
        items = items.filter(overdue_q(today))
    return items.select_related("organisation").prefetch_related(
        "proposers__person", "assignments__unit"
    )


def submission_timeline(submission: Submission) -> list:
    return timeline(submission.events, HISTORY_LABELS)


def current_round_ratings(submission: Submission):
    return submission.ratings.filter(round=submission.handling_round).select_related("person")


def replying_proposers(submission: Submission) -> list:
    """Everybody who receives the reply: its proposers, those merged in included; a lapsed
    co-signature is no longer a proposer's."""
    return list(
        submission.proposers.exclude(confirmation=Confirmation.LAPSED).select_related("person")
    )


def available_moves(viewer, submission: Submission):
    moves = moves_for(submission.kind, submission.state, submission_roles(viewer, submission))
    # Confirming a joint submission is offered only to a co-signer whose signature is awaited.
    if any(move.name == "confirm" for move in moves) and not (
        viewer.person_id
        and submission.proposers.filter(
            person_id=viewer.person_id, confirmation=Confirmation.PENDING
        ).exists()
    ):
        moves = [move for move in moves if move.name != "confirm"]
    return moves


def similar_candidates(viewer, *, organisation=None, today: dt.date | None = None):
    """Where to look for duplicates: this year's and last year's submitted items the viewer
    may read (a member: those of their own organisation, titles only)."""
    today = today or timezone.localdate()
    base = Submission.objects.exclude(state=SubmissionState.DRAFT).filter(year__gte=today.year - 1)
    if is_org_reader(viewer):
        return scope_by_org(base, viewer)
    if is_member(viewer) and viewer.organisation_id:
        return base.filter(organisation_id=viewer.organisation_id)
    return base.none()


def submission_similar(viewer, *, title: str, body: str = "", exclude_pk: int | None = None):
    candidates = similar_candidates(viewer)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    return [
        m
        for m in similar_submissions(candidates=candidates, title=title, body=body)
        if m.score >= SHOWN_SCORE
    ]


def member_submissions(viewer):
    """A member's own items with where each stands, newest first."""
    return (
        submission_scope(viewer)
        .filter(proposers__person_id=viewer.person_id)
        .prefetch_related("proposers__person", "assignments__unit", "adoptions")
        .order_by("-year", "-id")
    )


def pending_cosign(viewer):
    if not viewer.person_id:
        return Proposer.objects.none()
    return (
        Proposer.objects.filter(person_id=viewer.person_id, confirmation=Confirmation.PENDING)
        .exclude(confirm_by__lt=timezone.localdate())
        .select_related("submission")
    )


def handler_assignments(viewer):
    """The handler's desk: what is assigned to its unit and not yet answered first."""
    return (
        Assignment.objects.filter(handler_unit_q(viewer), active=True)
        .exclude(submission__state=SubmissionState.DRAFT)
        .select_related("submission", "unit", "submission__organisation")
        .order_by("submission__state", "deadline", "id")
    )


def member_todos(user) -> list:
    """Replies waiting for the member's rating, joint submissions waiting for their signature,
    and their own drafts not yet submitted."""
    from django.urls import reverse

    todos = []
    for proposer in pending_cosign(user):
        url = reverse("submissions:detail", args=[proposer.submission_id])
        todos.append(Todo(f"请确认是否联名：《{proposer.submission.title}》", url, "确认"))
    mine = member_submissions(user)
    rated = Rating.objects.filter(
        person_id=user.person_id, submission=OuterRef("pk"), round=F("submission__handling_round")
    )
    for item in mine.filter(state=SubmissionState.REPLIED).exclude(Exists(rated))[:10]:
        url = reverse("submissions:detail", args=[item.pk])
        todos.append(Todo(f"答复已收到，请评价：《{item.title}》", url, "评价"))
    for item in mine.filter(state=SubmissionState.DRAFT)[:5]:
        url = reverse("submissions:detail", args=[item.pk])
        todos.append(Todo(f"草稿尚未提交：《{item.title}》", url, "提交"))
    return todos
