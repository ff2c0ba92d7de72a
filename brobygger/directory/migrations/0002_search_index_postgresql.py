"""PostgreSQL only: a GIN index on the Danish full-text vector of the search document.

The expression matches what ``selectors._text_filter`` asks for, so the planner can use it.
SQLite searches the stemmed ``search_stems`` column instead and needs nothing here.
"""

from django.db import migrations

INDEX = "directory_initiative_search_danish"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_initiative USING gin "
        "(to_tsvector('danish'::regconfig, COALESCE(search_document, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
