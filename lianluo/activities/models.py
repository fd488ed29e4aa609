import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from lianluo.core.dates import PartialDate
from lianluo.core.models import TimeStampedModel


class ActivityKind(models.TextChoices):
    STUDY = "study", "集中学习"
    SELF_STUDY = "self_study", "自学"
    TRAINING = "training", "培训"
    ATTEND_AS_GUEST = "attend_as_guest", "列席会议"
    INSPECTION = "inspection", "视察"
    STUDY_TOUR = "study_tour", "考察"
    RESEARCH = "research", "调研"
    FORUM = "forum", "座谈会"
    VISIT = "visit", "走访"
    TRIAL_OBSERVATION = "trial_observation", "旁听庭审"
    OPEN_DAY = "open_day", "开放日"
    APPRAISAL = "appraisal", "评议"
    SUPERVISION = "supervision", "督察"
    EXPERT_SERVICE = "expert_service", "专项服务"
    ASSISTANCE = "assistance", "帮扶"
    FELLOWSHIP = "fellowship", "联谊"
    REPORT_WORK = "report_work", "报告工作"
    OTHER = "other", "其他"


class DatePrecision(models.TextChoices):
    DAY = "day", "日"
    MONTH = "month", "月"


class ActivityQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for activity in objs:
            activity.count_in_date_year_unless_set()
        return super().bulk_create(objs, *args, **kwargs)


class Activity(TimeStampedModel):
    """Something the office organises or joins; the date may be known to the month only."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name="组织",
    )
    code = models.CharField("编号", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=ActivityKind.choices)
    subject = models.CharField("主题", max_length=300)
    date = models.DateField("日期")  # the first day of the month when only the month is known
    date_precision = models.CharField(
        "日期精度", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    # The year whose summary and statistics count it: the date's year, unless the office counts it
    # in another (a forum on 12月16日 that opens the next year's work, from a workbook's 年度).
    year = models.PositiveSmallIntegerField("所属年度")
    place = models.CharField("地点", max_length=200, blank=True)
    partners = models.JSONField("合办单位", default=list, blank=True)
    headcount = models.PositiveIntegerField("参加人数", null=True, blank=True)
    person_times = models.PositiveIntegerField("人次", null=True, blank=True)
    suggestions_count = models.PositiveIntegerField(
        "收集意见建议", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    outcome = models.TextField("成果", blank=True)
    note = models.TextField("备注", blank=True)
    mandatory = models.BooleanField("必须参加", default=True)
    starts_at = models.DateTimeField("开始时间", null=True, blank=True)
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    answer_deadline = models.DateTimeField("答复截止", null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["organisation", "date"], name="activity_org_date"),
            models.Index(fields=["year", "organisation"], name="activity_year_org"),
            # Lists show the newest first: walking this index stops after one page.
            models.Index(fields=["date", "id"], name="activity_date_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=~models.Q(code=""),
                name="activity_unique_code_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=DatePrecision.values),
                name="activity_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partial_date.chinese()} {self.subject}"

    def count_in_date_year_unless_set(self) -> None:
        if not self.year and self.date:
            self.year = self.date.year

    def save(self, *args, **kwargs):
        self.count_in_date_year_unless_set()
        super().save(*args, **kwargs)

    @property
    def counted_in_another_year(self) -> bool:
        return self.year != self.date.year

    @property
    def day_in_year(self) -> dt.date:
        """Its date within the year it is counted in: the December before opens that year (the
        points apply the same rule in SQL, duty.points.ACTIVITY_DAY)."""
        return min(max(self.date, dt.date(self.year, 1, 1)), dt.date(self.year, 12, 31))

    @property
    def partial_date(self) -> PartialDate:
        if self.date_precision == DatePrecision.MONTH:
            return PartialDate(self.date.year, self.date.month)
        return PartialDate(self.date.year, self.date.month, self.date.day)


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", "已邀请"
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class Attendance(models.Model):
    """One invitee of one activity and what became of the invitation."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(
        "出勤", max_length=8, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    note = models.CharField("备注", max_length=300, blank=True)
    answer = models.CharField(
        "答复",
        max_length=8,
        choices=[("", "未答复"), ("attend", "参加"), ("decline", "不参加")],
        blank=True,
    )
    late = models.BooleanField("迟到", default=False)

    class Meta:
        verbose_name = "出勤"
        verbose_name_plural = "出勤"
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=AttendanceStatus.values),
                name="attendance_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="attendance_person_status")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_status_display()}"


class AttendanceEvent(models.Model):
    """Every change of an attendance, never edited: who, when, from, to, why."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=8, blank=True)
    to_status = models.CharField(max_length=8)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class LeaveRequest(models.Model):
    """A member asks for leave from one activity, with a reason; staff approve or refuse."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="leave_requests"
    )
    reason = models.CharField("请假原因", max_length=300)
    status = models.CharField(
        "状态", max_length=8, choices=LeaveStatus.choices, default=LeaveStatus.PENDING
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "请假申请"
        verbose_name_plural = "请假申请"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LeaveStatus.values), name="leave_status_valid"
            ),
            # One open request at a time per invitation.
            models.UniqueConstraint(
                fields=["attendance"],
                condition=models.Q(status="pending"),
                name="leave_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason}（{self.get_status_display()}）"


class LeaveEvent(models.Model):
    """Every step of a leave request, never edited: asked, approved or refused, by whom, why."""

    leave = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=8, blank=True)
    to_status = models.CharField(max_length=8)
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.leave_id}: {self.action}"


class SignIn(models.Model):
    """A sign-in for one day of an activity: by scanning its code, or by hand afterwards (补签)."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="sign_ins")
    day = models.DateField("日期")
    at = models.DateTimeField("签到时间", auto_now_add=True)
    late = models.BooleanField("迟到", default=False)
    manual = models.BooleanField("补签", default=False)
    reason = models.CharField("补签原因", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "签到"
        verbose_name_plural = "签到"
        constraints = [
            # Two scans, even at the same instant, make one record.
            models.UniqueConstraint(fields=["attendance", "day"], name="signin_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {'补签' if self.manual else '扫码'}"


class SignInRefusal(models.Model):
    """A scan that was refused, with the reason, for the staff to look into."""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField("原因", max_length=200)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.reason


class DisciplineSettings(models.Model):
    """The office's attendance rules: how many consecutive absences warn, and remove."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="discipline_settings"
    )
    warning_streak = models.PositiveSmallIntegerField("口头警告：连续缺席次数", default=2)
    removal_streak = models.PositiveSmallIntegerField("建议取消资格：连续缺席次数", default=3)
    leave_counts = models.BooleanField("请假计为缺席", default=False)
    leave_request_cap = models.PositiveSmallIntegerField("每次活动最多请假申请次数", default=2)
    signin_opens_minutes = models.PositiveSmallIntegerField("开始前多少分钟可签到", default=60)
    signin_closes_minutes = models.PositiveSmallIntegerField("开始后多少分钟停止签到", default=120)

    class Meta:
        verbose_name = "考勤规则"
        verbose_name_plural = "考勤规则"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(removal_streak__gt=models.F("warning_streak")),
                name="discipline_removal_after_warning",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.warning_streak}/{self.removal_streak}"


class CalendarFeed(models.Model):
    """A private iCalendar address: a member's own activities, or an organisation's. Revocable."""

    token = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) ^ models.Q(person__isnull=True),
                name="feed_for_person_or_org",
            ),
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"


class ActivitySuggestion(models.Model):
    """One suggestion collected at an activity, and who raised it; it may become a submission."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField("意见建议")
    raised_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提出人",
    )
    raised_by_other = models.CharField("其他提出人", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:30]


class FileKind(models.TextChoices):
    MINUTES = "minutes", "会议纪要"
    REPORT = "report", "调研报告"
    PHOTO = "photo", "照片"
    OTHER = "other", "其他材料"


class ActivityFile(models.Model):
    """A file of an activity, kept through Django's storage API (object storage in production)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类别", max_length=8, choices=FileKind.choices)
    file = models.FileField(upload_to="activities/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name
