"""Event reception (会务接待): guests of an event, each with a liaison volunteer; their travel legs,
pickup tasks with a status history, entourage, accommodation, schedule and messages."""

from django.conf import settings
from django.db import models

from lianluo.core.models import TimeStampedModel


class ReceptionEvent(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="reception_events"
    )
    name = models.CharField("活动名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    activities = models.ManyToManyField(
        "activities.Activity", related_name="reception_events", blank=True, verbose_name="日程"
    )

    class Meta:
        verbose_name = verbose_name_plural = "接待活动"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Guest(TimeStampedModel):
    """A guest of one event and the volunteer who looks after them."""

    event = models.ForeignKey(ReceptionEvent, on_delete=models.CASCADE, related_name="guests")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="guest_of")
    title = models.CharField("单位职务", max_length=200, blank=True)
    volunteer = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guests_cared_for",
        verbose_name="联络员",
    )
    entourage = models.JSONField("随行人员", default=list, blank=True)
    lodging = models.CharField("住宿", max_length=200, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    checked_in_at = models.DateTimeField("报到时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "嘉宾"
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="guest_once_per_event")
        ]

    def __str__(self) -> str:
        return self.person.name


class TravelMode(models.TextChoices):
    FLIGHT = "flight", "航班"
    TRAIN = "train", "火车"
    CAR = "car", "自驾"
    OTHER = "other", "其他"


class TravelLeg(TimeStampedModel):
    """How a guest arrives: a flight or train number, where from, where to meet them, when."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="legs")
    mode = models.CharField("交通方式", max_length=8, choices=TravelMode.choices)
    number = models.CharField("班次", max_length=30, blank=True)
    origin = models.CharField("出发地", max_length=100, blank=True)
    station = models.CharField("到达站点", max_length=100, blank=True)
    planned_at = models.DateTimeField("计划抵达")
    expected_at = models.DateTimeField("预计抵达")  # the planned time until a delay moves it
    actual_at = models.DateTimeField("实际抵达", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "行程"
        indexes = [models.Index(fields=["expected_at"]), models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.number}"

    @property
    def current_pickup(self) -> "Pickup | None":
        """The newest pickup task (a delay closes one and opens another)."""
        return max(self.pickups.all(), key=lambda p: p.pk, default=None)


class PickupStatus(models.TextChoices):
    PENDING = "pending", "待接站"
    DEPARTED = "departed", "已出发"
    MET = "met", "已接到"
    DELAYED = "delayed", "延误"
    CANCELLED = "cancelled", "取消"


class Pickup(TimeStampedModel):
    """One pickup task. A delay closes it as 延误 and opens a new one at the new time."""

    leg = models.ForeignKey(TravelLeg, on_delete=models.CASCADE, related_name="pickups")
    volunteer = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    car = models.CharField("车辆", max_length=50, blank=True)
    driver = models.CharField("驾驶员", max_length=50, blank=True)
    meet_at = models.DateTimeField("接站时间")
    status = models.CharField(
        "接站状态", max_length=10, choices=PickupStatus.choices, default=PickupStatus.PENDING
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = verbose_name_plural = "接站任务"
        ordering = ["meet_at", "id"]

    def __str__(self) -> str:
        return f"{self.leg} {self.get_status_display()}"


class PickupEvent(models.Model):
    pickup = models.ForeignKey(Pickup, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return PickupStatus(self.to_status).label


class GuestMessage(models.Model):
    """A text sent to a guest through the outbox, kept in the guest's log."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="messages")
    message = models.ForeignKey("notifications.Message", on_delete=models.CASCADE, related_name="+")
    template = models.CharField(max_length=30, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return str(self.message_id)
