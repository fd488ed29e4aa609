"""Submissions (提案、建议、社情民意、意见、议案) through their handling, and rectification (整改).

The states and the moves between them are named in `lifecycle.py`; these models only hold the
records. History tables (`SubmissionEvent`, `RectificationEvent`) are append-only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from lianluo.activities.models import DatePrecision
from lianluo.core.dates import PartialDate


class SubmissionKind(models.TextChoices):
    PROPOSAL = "proposal", "提案"
    SUGGESTION = "suggestion", "建议"
    OPINION_REPORT = "opinion_report", "社情民意"
    OPINION = "opinion", "意见"
    MOTION = "motion", "议案"


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    FILED = "filed", "已立案"
    NOT_FILED = "not_filed", "不立案"
    MERGED = "merged", "已并案"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


class Period(models.TextChoices):
    DURING = "during", "会间"
    BETWEEN = "between", "会后"


class ReplyClass(models.TextChoices):
    A = "A", "A类（已解决或采纳）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（因条件限制暂不能解决）"
    D = "D", "D类（留作参考）"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class AdoptionLevel(models.TextChoices):
    DISTRICT = "district", "区"
    COUNTY = "county", "县"
    CITY = "city", "市"
    PROVINCE = "province", "省"
    NATIONAL = "national", "全国"


class Confirmation(models.TextChoices):
    CONFIRMED = "confirmed", "已确认"
    PENDING = "pending", "待确认"
    LAPSED = "lapsed", "逾期未确认"


class SubmissionSettings(models.Model):
    """The office's handling rules; deadlines differ by place, so none of them is a constant."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="submission_settings"
    )
    handling_months = models.PositiveSmallIntegerField(
        "办理期限（月）", default=3, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    objection_working_days = models.PositiveSmallIntegerField(
        "承办单位提出异议期限（工作日）", default=7, validators=[MaxValueValidator(30)]
    )
    rehandle_limit = models.PositiveSmallIntegerField(
        "不满意时重新办理次数", default=1, validators=[MaxValueValidator(3)]
    )
    cosign_days = models.PositiveSmallIntegerField(
        "联名人确认期限（天）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )

    class Meta:
        verbose_name = "提案办理规则"
        verbose_name_plural = "提案办理规则"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handling_months__gte=1, handling_months__lte=6),
                name="submission_settings_months_1_6",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.handling_months}个月"


class SubmissionCategory(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="submission_categories"
    )
    name = models.CharField("类别", max_length=50)

    class Meta:
        ordering = ["id"]
        verbose_name = "提案类别"
        verbose_name_plural = "提案类别"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="submission_category_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(models.Model):
    """A government department or court division that receives assigned submissions.

    A handler account (role handler) answers for the unit whose name is its `handling_unit`,
    in its organisation and below (core/access.py).
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="handling_units"
    )
    name = models.CharField("单位名称", max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="handling_unit_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField("模板名称", max_length=60)
    text = models.TextField("答复内容")

    class Meta:
        ordering = ["id"]
        verbose_name = "答复模板"
        verbose_name_plural = "答复模板"

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField("类型", max_length=20, choices=SubmissionKind.choices)
    code = models.CharField("编号", max_length=40, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    category = models.ForeignKey(
        SubmissionCategory, verbose_name="类别", null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField(
        "状态", max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    year = models.PositiveSmallIntegerField("年度")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    date_precision = models.CharField(
        "日期精度", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    collective = models.BooleanField("以组织名义提交", default=False)
    term = models.PositiveSmallIntegerField("届", null=True, blank=True)
    session = models.PositiveSmallIntegerField("次", null=True, blank=True)
    period = models.CharField("会间/会后", max_length=10, choices=Period.choices, blank=True)
    is_key = models.BooleanField("重点提案", default=False)
    is_excellent = models.BooleanField("优秀提案", default=False)
    publish_consent = models.BooleanField("同意公开", default=False)
    suggested_units = models.JSONField("建议承办单位", default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    deadline = models.DateField("办理期限", null=True, blank=True)
    reply_class = models.CharField("答复类别", max_length=1, choices=ReplyClass.choices, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    handling_round = models.PositiveSmallIntegerField("重新办理次数", default=0)
    gram_count = models.PositiveIntegerField(default=0, editable=False)  # see similarity.py
    note = models.CharField("备注", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "提案建议"
        verbose_name_plural = "提案建议"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~models.Q(code=""),
                name="submission_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SubmissionKind.values), name="submission_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=SubmissionState.values),
                name="submission_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "year", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def partial_date(self) -> PartialDate | None:
        """The submission date as recorded: a month stays a month."""
        day = self.submitted_on
        if day is None:
            return None
        if self.date_precision == DatePrecision.MONTH:
            return PartialDate(day.year, day.month)
        return PartialDate(day.year, day.month, day.day)

    @property
    def number_label(self) -> str:
        """第十届第三次会议 第12号 where the term and session are known, else the code."""
        if self.term and self.session and self.code:
            return f"{self.term}届{self.session}次 {self.code}"
        return self.code


class Proposer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="proposers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("排名", default=0)
    confirmation = models.CharField(
        max_length=10, choices=Confirmation.choices, default=Confirmation.CONFIRMED
    )
    confirm_by = models.DateField("确认截止", null=True, blank=True)
    joined_from = models.ForeignKey(
        Submission,
        verbose_name="并案来源",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "person"], name="proposer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.person_id}"

    @property
    def is_first(self) -> bool:
        return self.position == 0


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSISTING = "assisting", "协办"


class Assignment(models.Model):
    """One unit's part in handling one submission; withdrawn ones stay as history."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=10, choices=AssignmentRole.choices)
    assigned_on = models.DateField("交办日期")
    deadline = models.DateField("办理期限")
    active = models.BooleanField(default=True)
    objection_reason = models.CharField("异议理由", max_length=300, blank=True)
    objected_on = models.DateField(null=True, blank=True)
    view_text = models.TextField("协办意见", blank=True)
    view_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-active", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "unit"],
                condition=models.Q(active=True),
                name="assignment_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"


class ExtensionRequest(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField("申请延期至")
    reason = models.CharField("理由", max_length=300)
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.requested_deadline}"


class Rating(models.Model):
    """A proposer's rating of one reply: attitude and result apart, a reason when unsatisfied."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=0)
    attitude = models.CharField("办理态度", max_length=12, choices=Satisfaction.choices)
    result = models.CharField("办理结果", max_length=12, choices=Satisfaction.choices)
    reason = models.CharField("不满意理由", max_length=300, blank=True)
    rated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "person", "round"], name="rating_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.result}"


class Adoption(models.Model):
    """A public-opinion report adopted at one level; "N items adopted" counts these rows."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="adoptions")
    level = models.CharField("采用层级", max_length=10, choices=AdoptionLevel.choices)
    adopted_on = models.DateField("采用日期", null=True, blank=True)
    adopted_by = models.CharField("采用单位", max_length=100, blank=True)
    instruction = models.TextField("领导批示", blank=True)
    instructed_by = models.CharField("批示领导", max_length=100, blank=True)

    class Meta:
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "level"], name="adoption_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.get_level_display()}"


class SubmissionEvent(models.Model):
    """One step of a submission's history: who, when, from, to and why. Never edited."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.action}"

    @property
    def from_label(self) -> str:
        return SubmissionState(self.from_state).label if self.from_state else ""

    @property
    def to_label(self) -> str:
        return SubmissionState(self.to_state).label if self.to_state else ""


class InternalNote(models.Model):
    """A reviewer's note on an item; staff see it, proposers and handlers never do."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField("内部备注")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


def submission_file_path(instance: "SubmissionFile", filename: str) -> str:
    return f"submissions/{instance.submission_id}/{filename}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=submission_file_path)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class SubmissionGram(models.Model):
    """Character bigrams of a submission's title and text: the index that finds similar ones."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)

    class Meta:
        indexes = [models.Index(fields=["gram", "submission"])]

    def __str__(self) -> str:
        return self.gram
