"""Who signed in through which identity provider, and the second factor they brought.

``SsoIdentity`` ties a user to the identity provider's stable name for them (SAML NameID, OIDC
``sub``); it is how the next sign-in finds the same user, never the e-mail address or user name
(a local account with the same address is not taken over). ``SsoDevice`` is a django-otp device
that verifies no codes: a session signed in with the identity provider's own second factor is
marked verified by it (``accounts.middleware`` then lets the person in without our TOTP)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class SsoIdentity(models.Model):
    class Protocol(models.TextChoices):
        SAML = "saml", "SAML 2.0"
        OIDC = "oidc", "OpenID Connect"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    protocol = models.CharField(max_length=4, choices=Protocol.choices)
    issuer = models.CharField(max_length=500)  # the IdP's entity id or OIDC issuer
    subject = models.CharField(max_length=500)  # NameID or sub
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_protocol_display()} {self.issuer}"


class SsoDevice(Device):
    """The identity provider's second factor, as a django-otp device: it checks no codes."""

    class Meta:
        verbose_name = _("identity provider's second factor")

    def verify_token(self, token) -> bool:
        return False
