"""How often each kind of column must be updated (R4) — the one place that says so."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class UpdateCategory(models.TextChoices):
    NEWS = "news", _("News (动态要闻)")
    NOTICE = "notice", _("Notices (通知公告)")
    POLICY = "policy", _("Policy documents (政策文件)")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")
    IRREGULAR = "irregular", _("Irregular (不定期)")


# 001 第二十三条: news within a week; notices and policy documents within six months; monthly,
# quarterly and annual items within their period; columns of unknown cadence within a year.
MAX_UPDATE_INTERVAL: dict[str, timedelta] = {
    UpdateCategory.NEWS: timedelta(weeks=1),
    UpdateCategory.NOTICE: timedelta(days=183),
    UpdateCategory.POLICY: timedelta(days=183),
    UpdateCategory.MONTHLY: timedelta(days=31),
    UpdateCategory.QUARTERLY: timedelta(days=92),
    UpdateCategory.ANNUAL: timedelta(days=366),
    UpdateCategory.IRREGULAR: timedelta(days=366),
}


def max_update_interval(category: str) -> timedelta:
    return MAX_UPDATE_INTERVAL[UpdateCategory(category)]
