# Two initial migrations written in parallel (the members' reports and the tasks): joined here.
# The lead may replace this with the merge migration of main.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0001_members"),
        ("directives", "0001_tasks"),
    ]

    operations = []
