"""The State Council's subject categories of official documents (国务院公文主题分类), top level.

Administrators refine them (sub-categories, local additions) as snippets.
"""

from django.db import migrations

CATEGORIES = [
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("21", "其他"),
]


def add_categories(apps, schema_editor):
    TopicCategory = apps.get_model("interpretation", "TopicCategory")
    for code, name in CATEGORIES:
        TopicCategory.objects.get_or_create(code=code, defaults={"name": name})


def remove_categories(apps, schema_editor):
    TopicCategory = apps.get_model("interpretation", "TopicCategory")
    TopicCategory.objects.filter(code__in=[code for code, _name in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("interpretation", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
