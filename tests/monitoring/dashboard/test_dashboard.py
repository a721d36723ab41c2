"""The monitoring page (R30) through real requests: each person sees their units' sites and
columns, most urgent first, with a year of updates drawn as SVG; others are refused."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.organisation.models import Role
from editorial.prechecks.models import SensitiveTerm
from monitoring.standing.inspection import run_inspection
from monitoring.standing.models import WarningPreference
from tests import factories
from tests.monitoring.conftest import add_column

pytestmark = pytest.mark.django_db
URL = "/admin/monitoring/"


def recent(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_the_page_lists_the_units_columns_most_urgent_first(client, monitored):
    add_column(monitored, "通知公告", "notice", items=[recent(30)])
    add_column(monitored, "动态要闻", "news", items=[recent(20), recent(10)])
    run_inspection()
    factories.login(client, monitored["editor"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "单项否决" in html
    assert html.index("动态要闻") < html.index("通知公告")
    assert "已逾期" in html  # news: 7-day category, last update 10 days ago
    assert html.count('class="freshness-calendar"') == 2
    assert "条" in html  # a day with an item names its count


def test_a_person_of_another_unit_sees_none_of_it(client, monitored):
    add_column(monitored, "动态要闻", "news", items=[recent(3)])
    run_inspection()
    elsewhere = factories.unit("渭滨区住房和城乡建设局")
    stranger = factories.user("zjj_xxy", unit=elsewhere, role=Role.INFO_OFFICER)
    factories.login(client, stranger)
    html = client.get(URL).content.decode()
    assert "动态要闻" not in html
    assert "渭滨区人民政府" not in html


def test_a_person_without_a_unit_is_refused(client, db):
    person = factories.user("nobody", is_staff=True)

    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    factories.login(client, person)
    factories.assert_admin_denied(client.get(URL))


def test_the_mail_preference_is_on_the_account_page(client, monitored):
    factories.login(client, monitored["editor"])
    page = client.get(reverse("wagtailadmin_account"))
    assert "监测提醒" in page.content.decode()
    data = factories.form_data(page.content, containing="monitoring_warnings-mail_warnings")
    data.pop("monitoring_warnings-mail_warnings", None)
    data.update({"name_email-first_name": "玲琳", "name_email-last_name": "朱"})
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302
    assert WarningPreference.objects.get(user=monitored["editor"]).mail_warnings is False


def test_the_page_lists_the_units_wording_findings(client, monitored):
    column = add_column(monitored, "动态要闻", "news", items=[recent(2)])
    factories.news(column, "关于某某的通知", body="<p>本文提到了违禁词语。</p>")
    SensitiveTerm.objects.create(term="违禁词语", category="sensitive", severity="blocking")
    run_inspection()
    call_command("monitor_content", stdout=open("/dev/null", "w"))
    factories.login(client, monitored["editor"])
    html = client.get(URL).content.decode()
    assert "违禁词语" in html and "关于某某的通知" in html
    assert "错敏词库在上次巡检后有变动" not in html
    SensitiveTerm.objects.create(term="另一个词", category="sensitive")
    assert "错敏词库在上次巡检后有变动" in client.get(URL).content.decode()


def test_the_page_lists_the_units_broken_links(client, monitored):
    column = add_column(monitored, "动态要闻", "news", items=[recent(2)])
    factories.news(
        column, "含失效链接的新闻", body='<p>详见<a href="/no-such-page/">此页</a>。</p>'
    )
    run_inspection()
    call_command("monitor_links", stdout=open("/dev/null", "w"))
    factories.login(client, monitored["editor"])
    html = client.get(URL).content.decode()
    assert "含失效链接的新闻" in html and "/no-such-page/" in html
    elsewhere = factories.user(
        "zjj_gly", unit=factories.unit("渭滨区住房和城乡建设局"), role=Role.SITE_ADMIN
    )
    factories.login(client, elsewhere)
    assert "/no-such-page/" not in client.get(URL).content.decode()
