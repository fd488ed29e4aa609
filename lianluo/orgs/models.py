from django.db import models

from lianluo.core.models import TimeStampedModel


class OrganisationKind(models.TextChoices):
    CPPCC_GROUP = "cppcc_group", "政协联络组"
    CPPCC_OFFICE = "cppcc_office", "政协联络办"
    COURT_OFFICE = "court_office", "法院联络办"
    DEPUTY_STATION = "deputy_station", "人大代表联络站"
    RECEPTION_GROUP = "reception_group", "会务接待组"
    CPPCC = "cppcc", "政协"
    OTHER = "other", "其他"


class Organisation(TimeStampedModel):
    """A node of the organisation tree; `path` holds the ids from the root, for subtree reads."""

    PATH_STEP = 10  # each id is written zero-padded to this width: "0000000001/0000000004/"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    region = models.CharField("所在地区", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="org_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def path_for(cls, *, parent: "Organisation | None", pk: int) -> str:
        prefix = parent.path if parent else ""
        return f"{prefix}{pk:0{cls.PATH_STEP}d}/"

    def is_within(self, other: "Organisation") -> bool:
        """True when self is other or lies below it."""
        return self.path.startswith(other.path)
