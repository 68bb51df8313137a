# The two halves of issue 19, built in parallel: model areas and village funds (h19a), commendations and
# reviews (h19b). Neither depends on the other's tables.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0001_areas_funds"),
        ("recognition", "0001_commendations_reviews"),
    ]

    operations = []
