from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceTopic(models.TextChoices):
    """The topics a county's services and their questions are classified by (R25: 按主题分类)."""

    SOCIAL_SECURITY = "social_security", _("Social security")
    MEDICAL_INSURANCE = "medical_insurance", _("Medical insurance")
    HOUSEHOLD_REGISTRATION = "household", _("Household registration")
    REAL_ESTATE = "real_estate", _("Real estate registration")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    EDUCATION = "education", _("School enrolment")
    MARRIAGE = "marriage", _("Marriage registration")
    BIRTH = "birth", _("Births and family planning")
    EMPLOYMENT = "employment", _("Employment and business start-up")
    SOCIAL_ASSISTANCE = "assistance", _("Social assistance")
    TAXES = "taxes", _("Taxes and fees")
    TRANSPORT = "transport", _("Transport")
    BUSINESS_REGISTRATION = "business", _("Business registration")
    VETERANS = "veterans", _("Veterans' services")
    DISABILITY = "disability", _("Services for disabled people")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    LEGAL_SERVICES = "legal", _("Public legal services")
    OTHER = "other", _("Other")
