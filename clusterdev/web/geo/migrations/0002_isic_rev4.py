from django.db import migrations


def load(apps, schema_editor):
    from clusterdev.web.geo.services import load_isic

    load_isic(apps.get_model("geo", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
