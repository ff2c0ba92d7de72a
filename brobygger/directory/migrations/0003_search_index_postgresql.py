"""PostgreSQL only: fill the Danish text-search vectors and GIN-index them.

SQLite keeps the column empty and searches the stemmed ``search_stems`` column instead.
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = "directory_initiative_search_danish"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Initiative = apps.get_model("directory", "Initiative")
    Initiative.objects.update(search_vector=SearchVector("search_document", config="danish"))
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_initiative USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_vector")]
    operations = [migrations.RunPython(create, drop)]
