from django.db import migrations

from cms.security import dbguards


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [migrations.RunPython(dbguards.install, dbguards.uninstall)]
