"""The registry of government new-media accounts (政务新媒体备案, R32) and its lifecycle (R34).

An :class:`Account` holds every field of the registration form (seed 002's annex,
澄江市气象局新媒体备案登记表) and the documents asked at opening (002 第十七条). One account per
unit per platform (R33) is a database constraint; an exception approved by the platform office
(:class:`AccountException`) lets a second one be filed. Opening, changing, suspending, resuming,
closing and cancelling an account are :class:`LifecycleRequest` s, decided in
:mod:`newmedia.lifecycle`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class Platform(models.TextChoices):
    WEIBO = "weibo", _("Weibo (微博)")
    WECHAT_SERVICE = "wechat_service", _("WeChat service account (微信服务号)")
    WECHAT_SUBSCRIPTION = "wechat_subscription", _("WeChat subscription account (微信订阅号)")
    WECHAT_MINI_PROGRAM = "wechat_mini_program", _("WeChat mini program (微信小程序)")
    WEISHI = "weishi", _("Weishi (微视)")
    APP = "app", _("Mobile app (移动客户端)")
    TOUTIAO = "toutiao", _("Toutiao (今日头条)")
    DOUYIN = "douyin", _("Douyin (抖音)")
    KUAISHOU = "kuaishou", _("Kuaishou (快手)")
    OTHER = "other", _("Other (其他)")


class AccountState(models.TextChoices):
    PREPARING = "preparing", _("Applying to open (筹建/申请开设)")
    RUNNING = "running", _("Running (运行)")
    SUSPENDED = "suspended", _("Suspended (暂停)")
    CLOSING = "closing", _("Closure announced (关停公示中)")
    CLOSED = "closed", _("Closed (已关停)")
    CANCELLED = "cancelled", _("Cancelled (已注销)")


# States in which an account no longer counts as the unit's account on its platform (R33).
ENDED_STATES = (AccountState.CLOSED, AccountState.CANCELLED)


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Meeting minutes signed by the principal head (会议纪要)")
    STAFFING = "staffing", _("Staff and equipment (人员管理、设备配置)")
    REVIEW = "review", _("Publication review mechanism (信息发布审核机制)")
    SECURITY = "security", _("Security and operation (安全运维)")
    MAP_USE = "map_use", _("Map use (地图使用)")
    NAMING = "naming", _("Name, verification and layout (名称、实名认证、版面栏目设计)")
    OUTSOURCING = "outsourcing", _("Outsourcing and confidentiality agreement (委托及保密协议)")
    LICENCE = "licence", _("News or audiovisual licence (相应资质)")
    OTHER = "other", _("Other (其他)")


class AccountException(models.Model):
    """The platform office's approval for a unit to run a second account on one platform
    (003 第十一条: 经主管部门审批同意), used by one account at most."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="newmedia_exceptions",
    )
    platform = models.CharField(_("platform"), max_length=30, choices=Platform.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    approved_by = models.CharField(
        _("approver"),
        max_length=100,
        help_text=_("Who approved it, with their post (e.g. 县政府办公室主任 王某)."),
    )
    approved_on = models.DateField(_("approved on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exception to one account per platform")
        verbose_name_plural = _("exceptions to one account per platform")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_platform_display()} · {self.approved_on}"


class Account(ClusterableModel):
    """A government new-media account, with every field of the registration form."""

    account_id = models.CharField(_("account ID"), max_length=100)
    name = models.CharField(_("name of the account"), max_length=100)
    registered_on = models.DateField(_("registration date"))
    platform = models.CharField(_("platform"), max_length=30, choices=Platform.choices)
    platform_other = models.CharField(
        _("other platform"),
        max_length=50,
        blank=True,
        help_text=_("The platform's name, when it is not in the list (e.g. 美篇, 知乎)."),
    )
    verified = models.BooleanField(_("verified"), default=False)
    supervising_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("supervising unit"),
        on_delete=models.PROTECT,
        related_name="newmedia_supervised",
    )
    news_licence = models.BooleanField(
        _("holds an internet news information licence"), default=False
    )
    news_licence_number = models.CharField(_("licence number"), max_length=100, blank=True)

    sponsor_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("sponsor unit"),
        on_delete=models.PROTECT,
        related_name="newmedia_accounts",
    )
    sponsor_leader = models.CharField(_("leader in charge"), max_length=50)
    sponsor_leader_post = models.CharField(_("leader's post"), max_length=50)
    sponsor_contact = models.CharField(_("contact person"), max_length=50, blank=True)
    sponsor_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    sponsor_mobile = models.CharField(_("mobile"), max_length=30, blank=True)
    sponsor_email = models.EmailField(_("e-mail"), blank=True)

    operator_unit = models.CharField(_("operating unit"), max_length=100)
    operator_leader = models.CharField(_("leader in charge"), max_length=50)
    operator_leader_post = models.CharField(_("leader's post"), max_length=50)
    operator_contact = models.CharField(_("contact person"), max_length=50, blank=True)
    operator_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    operator_mobile = models.CharField(_("mobile"), max_length=30, blank=True)
    operator_email = models.EmailField(_("e-mail"), blank=True)

    qr_code = models.ForeignKey(
        "content.PlatformImage",
        verbose_name=_("QR code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the public matrix shows of the QR code: a copy frozen when the platform office last
    # filed the account (opening, change, resumption), never the library's image as edited
    # since (``newmedia.lifecycle.file_public_part``).
    public_qr_path = models.CharField(max_length=300, blank=True, editable=False)
    public_qr_source = models.CharField(max_length=64, blank=True, editable=False)
    introduction = models.TextField(_("introduction"), max_length=2000)
    link = models.URLField(_("access link"), blank=True)
    menu = models.JSONField(_("menu structure"), default=list, blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newmedia_accounts",
        help_text=_("The site whose new-media matrix lists this account."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AccountState.choices,
        default=AccountState.PREPARING,
        editable=False,
    )
    exception = models.OneToOneField(
        AccountException,
        verbose_name=_("exception"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="account",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("new-media account")
        verbose_name_plural = _("new-media accounts")
        ordering = ["sponsor_unit__path", "platform", "name"]
        constraints = [
            # R33: one account per unit per platform, but for ended accounts and exceptions.
            models.UniqueConstraint(
                fields=["sponsor_unit", "platform", "platform_other"],
                condition=Q(exception__isnull=True) & ~Q(state__in=ENDED_STATES),
                name="newmedia_one_account_per_unit_platform",
                violation_error_message=_(
                    "This unit already has an account on this platform: a unit opens one "
                    "account per platform (R33)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.platform_label}）"

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_other:
            return self.platform_other
        return str(self.get_platform_display())


class AccountAdministrator(Orderable):
    """One of the account's administrators (管理员), as the form lists them."""

    account = ParentalKey(Account, on_delete=models.CASCADE, related_name="administrators")
    name = models.CharField(_("name"), max_length=50)
    unit_and_post = models.CharField(_("unit and post"), max_length=100)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile"), max_length=30)
    qq = models.CharField(_("QQ number"), max_length=20, blank=True)
    wechat = models.CharField(_("WeChat ID"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("platform user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("administrator")
        verbose_name_plural = _("administrators")


class AccountDocument(Orderable):
    """A document asked at opening (002 第十七条), with its kind."""

    account = ParentalKey(Account, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class RequestKind(models.TextChoices):
    OPEN = "open", _("Open (开设)")
    CHANGE = "change", _("Change (变更)")
    SUSPEND = "suspend", _("Suspend (暂停)")
    RESUME = "resume", _("Resume (恢复)")
    CLOSE = "close", _("Close (关停)")
    CANCEL = "cancel", _("Cancel (注销)")


class RequestStatus(models.TextChoices):
    AWAITING_APPROVAL = "approval", _("Awaiting the principal head's approval")
    AWAITING_FILING = "filing", _("Awaiting filing by the platform office")
    DONE = "done", _("Approved and filed")
    REFUSED = "refused", _("Refused")


class LifecycleRequest(models.Model):
    """A request to open, change, suspend, resume, close or cancel an account (R34)."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("new-media account"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    changes = models.JSONField(_("requested changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.AWAITING_APPROVAL,
    )
    announcement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("announcement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lifecycle request")
        verbose_name_plural = _("lifecycle requests")
        ordering = ["-requested_at"]
        constraints = [
            # One request at a time per account.
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=["approval", "filing"]),
                name="newmedia_one_open_request_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.get_kind_display()}"


class StepKind(models.TextChoices):
    APPROVAL = "approval", _("Approval by the principal head (主要负责人审批)")
    FILING = "filing", _("Filing by the platform office (备案)")


class LifecycleStep(models.Model):
    """One decision on a request: who, when, approved or refused, and why."""

    request = models.ForeignKey(
        LifecycleRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    approved = models.BooleanField(_("approved"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_step_display()}"


class ActivityPeriod(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class AccountActivity(models.Model):
    """An account's figures for a day or a month, as a platform's statistics give them
    (imported by :mod:`newmedia.stats_import`). Deliveries through the distribution are not
    copied here: :mod:`newmedia.activity` reads them where they are."""

    account = models.ForeignKey(
        Account,
        verbose_name=_("new-media account"),
        on_delete=models.CASCADE,
        related_name="activity",
    )
    period = models.CharField(_("period"), max_length=10, choices=ActivityPeriod.choices)
    period_start = models.DateField(_("period start"))
    posts = models.PositiveIntegerField(_("posts"))
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    reads = models.PositiveBigIntegerField(_("reads"), null=True, blank=True)
    last_post_on = models.DateField(
        _("last post on"),
        null=True,
        blank=True,
        help_text=_("The day of the last post in the period, when the statistics give it."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("account activity")
        verbose_name_plural = _("account activity")
        ordering = ["account", "-period_start"]
        constraints = [
            # A re-import of the same period replaces its figures.
            models.UniqueConstraint(
                fields=["account", "period", "period_start"], name="newmedia_activity_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.period} {self.period_start}"
