"""A sign-up's client_reference matches only the same caller (finding 19.10): the caller's key
is stored beside it and the uniqueness covers both. Earlier references were all anonymous, so
their caller is the person's contact key."""

from django.db import migrations, models
from django.db.models import F


def _callers_of_earlier_references(apps, schema_editor):
    signup = apps.get_model("activities", "SignUp")
    signup.objects.filter(client_reference__isnull=False).update(submitter_key=F("person_key"))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_activities"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="signup",
            name="signup_client_reference_once",
        ),
        migrations.AddField(
            model_name="signup",
            name="submitter_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(_callers_of_earlier_references, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="signup",
            constraint=models.UniqueConstraint(
                condition=models.Q(("client_reference__isnull", False)),
                fields=("activity", "submitter_key", "client_reference"),
                name="signup_client_reference_once_per_caller",
            ),
        ),
    ]
