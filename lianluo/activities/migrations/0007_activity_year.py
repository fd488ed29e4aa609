from django.db import migrations, models
from django.db.models.functions import ExtractYear


def count_in_date_year(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    Activity.objects.update(year=ExtractYear("date"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_activity_date_index")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="所属年度"),
        ),
        migrations.RunPython(count_in_date_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="所属年度"),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["year", "organisation"], name="activity_year_org"),
        ),
    ]
