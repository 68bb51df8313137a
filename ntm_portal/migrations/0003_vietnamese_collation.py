"""The Vietnamese collation with numeric ordering, for ORDER BY on names (see ntm_portal.collation).

PostgreSQL only (ICU provider); on SQLite the operation does nothing and the app registers a
collation of the same name on each connection.
"""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ntm_portal", "0002_notice")]

    operations = [
        CreateCollation("vi_natural", provider="icu", locale="vi-u-kn-true"),
    ]
