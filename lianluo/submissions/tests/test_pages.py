"""The demo's submissions as each demo account sees them: every page opens and shows its part."""

import pytest
from django.urls import reverse

from lianluo.accounts.models import User
from lianluo.demo.load import demo_load
from lianluo.rectification.models import RectificationItem
from lianluo.submissions.models import Submission


@pytest.fixture
def demo(db):
    demo_load()


def _login(client, username):
    client.force_login(User.objects.get(username=username))


def test_staff_open_every_page_of_their_office(client, demo):
    _login(client, "qingshan")
    listing = client.get(reverse("submissions:list")).content.decode()
    assert "关于建设青山镇农产品冷链仓储中心的提案" in listing
    assert "关于加强白河流域生态补偿的提案" not in listing
    overdue = client.get(reverse("submissions:list"), {"overdue": "on"}).content.decode()
    assert "企业用电报装" in overdue and "冷链仓储" not in overdue
    for item in Submission.objects.filter(organisation__name="青山镇政协联络组"):
        response = client.get(reverse("submissions:detail", args=[item.pk]))
        assert response.status_code == 200, item.title
    duplicate = Submission.objects.get(title="关于推进畜禽养殖废弃物资源化利用的提案")
    page = client.get(reverse("submissions:detail", args=[duplicate.pk])).content.decode()
    assert "相近的事项" in page and "关于加强畜禽养殖污染治理的提案" in page and "并入此件" in page
    for name in ("submissions:settings", "rectification:list", "rectification:create"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("submissions:create")).status_code == 200
    for item in RectificationItem.objects.filter(organisation__name="青山镇政协联络组"):
        assert client.get(reverse("rectification:detail", args=[item.pk])).status_code == 200


def test_the_member_sees_a_reply_to_rate_and_a_draft(client, demo):
    _login(client, "zhoujianhua")
    mine = client.get(reverse("submissions:mine")).content.decode()
    assert "关于完善镇区公交站点设置的建议" in mine and "请评价" in mine
    assert "关于农机购置补贴申领流程繁琐的情况反映" in mine and "草稿" in mine
    assert "关于增设镇卫生院夜间值班医生的建议" not in mine
    replied = Submission.objects.get(title="关于完善镇区公交站点设置的建议")
    page = client.get(reverse("submissions:detail", args=[replied.pk])).content.decode()
    assert "评价这次答复" in page and "内部备注" not in page


def test_the_handler_sees_its_units_item_and_may_answer(client, demo):
    _login(client, "zhujianju")
    desk = client.get(reverse("submissions:handling")).content.decode()
    assert "关于优化工业园区企业用电报装流程的提案" in desk and "冷链" not in desk
    item = Submission.objects.get(title="关于优化工业园区企业用电报装流程的提案")
    page = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "答复类别" in page and "超期未办" in page


def test_court_rectification_lists_the_overdue_item(client, demo):
    _login(client, "court")
    page = client.get(reverse("rectification:list"), {"overdue": "on"}).content.decode()
    assert "执行款发放不及时" in page and "涉企执行案件周期偏长" not in page
