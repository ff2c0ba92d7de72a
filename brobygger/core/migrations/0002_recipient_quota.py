"""The per-number text-message count becomes a per-recipient count of every channel (e-mail
too): the model is renamed, and each row names its channel (the existing rows are text
messages)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0001_sms_quota")]

    operations = [
        migrations.RenameModel("SmsQuota", "RecipientQuota"),
        migrations.RemoveConstraint(model_name="recipientquota", name="sms_quota_once"),
        migrations.RenameIndex(
            model_name="recipientquota",
            new_name="core_recipient_quota_day",
            old_name="core_smsquo_day_6d2f22_idx",
        ),
        migrations.AddField(
            model_name="recipientquota",
            name="channel",
            field=models.CharField(
                choices=[("sms", "SMS"), ("email", "E-mail")], default="sms", max_length=8
            ),
        ),
        migrations.AddConstraint(
            model_name="recipientquota",
            constraint=models.UniqueConstraint(
                fields=("channel", "recipient_digest", "day"), name="recipient_quota_once"
            ),
        ),
    ]
