"""润色 by the office's own model, fact-locked: tested against a fake OpenAI-compatible endpoint that
the test starts on 127.0.0.1, including a model that invents a figure and one that renames."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from lianluo.audit.models import AuditEntry
from lianluo.reports.compose import plain
from lianluo.reports.models import ReportVersion
from lianluo.reports.polish import fact_check
from lianluo.reports.services import report_generate
from lianluo.reports.tests.helpers import import_example

TODAY = dt.date(2025, 1, 10)


class FakeModel:
    """A chat-completions endpoint whose answer is `rewrite(the user's text)`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.rewrite = lambda text: text
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, **body})
                fake.headers.append(dict(self.headers))
                text = body["messages"][-1]["content"].split("\n\n", 1)[1]
                answer = {
                    "choices": [{"message": {"role": "assistant", "content": fake.rewrite(text)}}]
                }
                data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def model(settings):
    fake = FakeModel()
    settings.LLM = {"url": fake.url, "model": "qwen-local", "key": "k-123", "timeout": 5}
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def qingshi_report(db):
    import_example("qingshi-2024")
    from lianluo.orgs.models import Organisation

    office = Organisation.objects.get(name="青石镇政协联络组")
    version = report_generate(actor=None, organisation=office, year=2024, today=TODAY)
    return office, version


def _staff(office):
    from lianluo.accounts.tests.factories import make_user

    return make_user("qs_staff", organisation=office, role="staff")


def _polish(client, office, key):
    return client.post(reverse("reports:polish", args=[office.pk, 2024]), {"key": key})


def test_a_faithful_polish_is_shown_beside_the_draft_and_saved_as_a_new_audited_version(
    client, model, qingshi_report
):
    office, version = qingshi_report
    client.force_login(_staff(office))
    model.rewrite = lambda text: text.replace("较好地履行了职责", "切实履行了职责")
    page = _polish(client, office, "opening").content.decode()
    assert "核对通过" in page and "切实履行了职责" in page and "较好地履行了职责" in page
    assert "<del>较好地</del><ins>切实</ins>" in page
    sent = model.requests[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["model"] == "qwen-local"
    assert model.headers[-1]["Authorization"] == "Bearer k-123"
    polished = model.rewrite(plain(version.section("opening")["text"]))
    client.post(
        reverse("reports:polish_accept", args=[office.pk, 2024]),
        {"key": "opening", "text": polished, "version": version.number},
    )
    latest = ReportVersion.objects.filter(report=version.report).order_by("-number").first()
    assert latest.number == version.number + 1 and "润色" in latest.note
    text = latest.section("opening")["text"]
    assert "切实履行了职责" in plain(text)
    # the figures keep their links to the records
    assert "[6名]" in text or "](/people/" in text
    entry = AuditEntry.objects.filter(action="report.section_polished").get()
    assert entry.after["section"] == "opening"
    # the other sections are as they were
    assert latest.section("work") == version.section("work")


def test_a_polish_that_invents_a_figure_is_refused_and_the_section_keeps_its_draft(
    client, model, qingshi_report
):
    office, version = qingshi_report
    client.force_login(_staff(office))
    model.rewrite = lambda text: text + "全年共走访群众120人次。"
    page = _polish(client, office, "liaison").content.decode()
    assert "未采用" in page and "120人次" in page
    assert "采用润色稿（保存为新版本）" not in page
    # posting the refused text anyway is refused by the service, which checks again
    response = client.post(
        reverse("reports:polish_accept", args=[office.pk, 2024]),
        {"key": "liaison", "text": model.rewrite("x"), "version": version.number},
        follow=True,
    )
    assert "未采用" in response.content.decode()
    assert version.report.versions.count() == 1


def test_a_polish_that_changes_a_name_a_title_or_a_unit_is_refused():
    draft = (
        "全年报送社情民意信息[1篇](/s/)：[《关于农村留守老人就医难的情况反映》](/s/1/)（吴秀英）；"
        "3月28日，上门走访[刘志强](/v/1/)，委员6名参加。"
    )
    same = plain(draft).replace("全年", "本年度")
    assert fact_check(draft, same).ok
    renamed = plain(draft).replace("刘志强", "刘志刚")
    assert "刘志强" in fact_check(draft, renamed).missing
    retitled = plain(draft).replace("就医难", "看病难")
    assert not fact_check(draft, retitled).ok
    unit = plain(draft).replace("6名", "6人次")
    check = fact_check(draft, unit)
    assert "6名" in check.missing and "6人次" in check.added
    spelled = plain(draft) + "另组织三次座谈。"
    assert "三次" in fact_check(draft, spelled).added
    redated = plain(draft).replace("3月28日", "3月29日")
    assert "28日" in fact_check(draft, redated).missing


def test_polishing_is_off_by_default_and_then_opens_no_connection(
    client, qingshi_report, settings, monkeypatch
):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a connection was opened while 润色 is off")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    settings.LLM = {"url": "", "model": "", "key": "", "timeout": 5}
    office, version = qingshi_report
    client.force_login(_staff(office))
    page = client.get(reverse("reports:detail", args=[office.pk, 2024])).content.decode()
    assert reverse("reports:polish", args=[office.pk, 2024]) not in page
    response = client.post(
        reverse("reports:polish", args=[office.pk, 2024]), {"key": "opening"}, follow=True
    )
    assert "未配置润色模型" in response.content.decode()
    assert version.report.versions.count() == 1


def test_a_model_that_cannot_be_reached_leaves_the_draft(client, qingshi_report, settings):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.LLM = {"url": f"http://127.0.0.1:{port}/v1", "model": "m", "key": "", "timeout": 2}
    office, version = qingshi_report
    client.force_login(_staff(office))
    page = client.get(reverse("reports:detail", args=[office.pk, 2024])).content.decode()
    assert ">润色</button>" in page
    response = _polish(client, office, "opening")
    assert "暂时无法访问" in client.get(response.url).content.decode()
    assert version.report.versions.count() == 1


def test_leaders_and_other_offices_cannot_polish(client, model, qingshi_report, world):
    office, version = qingshi_report
    client.force_login(world.leader)  # the district's leader does not see 青石镇 (another tree)
    assert _polish(client, office, "opening").status_code == 404
    assert model.requests == []
