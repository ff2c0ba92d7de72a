"""Fill the recipients of referrals sent before recipients were recorded, and clear what
withdrawn cases no longer need.

Recipients: who the contact was when a referral was sent was never stored, so the best record
is who receives referrals for the initiative now (its named contact, else its organisation's
editors). That is the choice documented here: every past referral stays visible to exactly the
people who could see it just before this migration, and no one else. From now on the services
record the recipients when the broker refers.

Withdrawn cases (closed with consent withdrawn or expired, citizen anonymised) lose their
client reference and withdrawal token, as new withdrawals do; the access log's free-text
reason for them is blanked.
"""

from django.conf import settings
from django.db import migrations


def fill_recipients(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for referral in Referral.objects.select_related("initiative").iterator():
        initiative = referral.initiative
        users = User.objects.filter(is_active=True)
        if initiative.referral_contact_id:
            users = users.filter(pk=initiative.referral_contact_id)
        else:
            users = users.filter(
                organisation_memberships__organization_id=initiative.organization_id
            )
        referral.recipients.set(users)


def clear_withdrawn(apps, schema_editor):
    Case = apps.get_model("referrals", "Case")
    AccessLogEntry = apps.get_model("referrals", "AccessLogEntry")
    withdrawn = Case.objects.filter(
        closed_reason__in=["consent_withdrawn", "consent_expired"],
        citizen__anonymised_at__isnull=False,
    )
    AccessLogEntry.objects.filter(citizen__case__in=withdrawn).update(reason="")
    withdrawn.update(client_reference=None, submitter_key="", withdrawal_token=None)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_privacy_and_locking"),
        ("directory", "0004_initiative_referral_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fill_recipients, migrations.RunPython.noop),
        migrations.RunPython(clear_withdrawn, migrations.RunPython.noop),
    ]
