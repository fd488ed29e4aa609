from django.db import models

from lianluo.core.models import TimeStampedModel

# The sectors (界别) a local CPPCC committee usually has; each organisation gets a copy it can edit.
STANDARD_SECTORS = (
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "工商联",
    "科技界",
    "文化艺术界",
    "教育界",
    "医药卫生界",
    "经济界",
    "农业界",
    "社会科学界",
    "体育界",
    "新闻出版界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "港澳台侨界",
    "特邀人士",
)


class RoleKind(models.TextChoices):
    MEMBER = "member", "政协委员"
    CONTACT = "contact", "联络对象"
    DEPUTY = "deputy", "人大代表"
    SUPERVISOR = "supervisor", "廉政监督员"
    INVITED = "invited", "特邀人士"
    VOLUNTEER = "volunteer", "志愿者"
    GUEST = "guest", "嘉宾"
    STAFF = "staff", "工作人员"


# The roles a roster, an office's notices and its summary count: not staff, volunteers or guests.
ROSTER_ROLES = (RoleKind.MEMBER, RoleKind.DEPUTY, RoleKind.CONTACT, RoleKind.INVITED)


class DeputyLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡"


class PersonStatus(models.TextChoices):
    SERVING = "serving", "在任"
    TERM_ENDED = "term_ended", "任期届满"
    REMOVED = "removed", "已劝辞/取消资格"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Sector(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="sectors"
    )
    name = models.CharField("界别", max_length=50)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "界别"
        verbose_name_plural = "界别"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="sector_unique_name"),
        ]
        # The roster's sector filter lists the names in scope one index lookup each
        # (people.selectors.sector_names_in_scope).
        indexes = [
            models.Index(
                fields=["name", "organisation"],
                condition=models.Q(is_active=True),
                name="sector_active_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    # Indexes are what the roster reads by and nothing more: an import writes every one of them for
    # each of 100,000 people. person_roster_order and person_org_status begin with organisation,
    # so the foreign key needs no index of its own.
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="所属组织",
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=6, choices=Gender.choices, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    mobile = models.CharField("手机", max_length=11, blank=True)
    work_unit = models.CharField("工作单位", max_length=200, blank=True)
    position = models.CharField("职务", max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name="界别",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    term = models.CharField("届次", max_length=30, blank=True)
    deputy_level = models.CharField(
        "代表层级", max_length=12, choices=DeputyLevel.choices, blank=True
    )
    status = models.CharField(
        "状态", max_length=12, choices=PersonStatus.choices, default=PersonStatus.SERVING
    )
    status_since = models.DateField("状态起始日期", null=True, blank=True)
    status_note = models.CharField("状态说明", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    # Search keys derived from the name by people.services (pinyin initials: 周建华 -> zjh).
    name_initials = models.CharField(max_length=50, blank=True, editable=False)
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]
        indexes = [
            # The roster's order: by organisation, then by the pinyin of the name.
            models.Index(fields=["organisation", "name_pinyin", "id"], name="person_roster_order"),
            models.Index(fields=["organisation", "status"], name="person_org_status"),
            # The search's prefix ranges (people_search_q); declared here rather than db_index,
            # which adds a LIKE-pattern twin on PostgreSQL that no query uses. An ID number is
            # looked up within its office only: person_unique_id_number_per_org serves it.
            models.Index(fields=["name_initials"], name="person_initials"),
            models.Index(fields=["name_pinyin"], name="person_pinyin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "id_number"],
                condition=~models.Q(id_number=""),
                name="person_unique_id_number_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PersonStatus.values), name="person_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonRole(models.Model):
    """One of a person's roles; integrity supervisors carry their appointment period."""

    # person_role_unique (person, role) serves the lookups by person: no index of its own.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", db_index=False
    )
    role = models.CharField("身份", max_length=12, choices=RoleKind.choices)
    start_date = models.DateField("起始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "身份"
        verbose_name_plural = "身份"
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="person_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=RoleKind.values), name="person_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["role", "person"], name="person_role_role")]

    def __str__(self) -> str:
        return self.get_role_display()


class ActivityGroup(TimeStampedModel):
    """活动小组: an office's people split by line of work, each group with a leader."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="activity_groups"
    )
    name = models.CharField("小组名称", max_length=100)
    leader = models.ForeignKey(
        Person,
        verbose_name="组长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    members = models.ManyToManyField(
        Person, verbose_name="成员", related_name="activity_groups", blank=True
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "活动小组"
        verbose_name_plural = "活动小组"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
