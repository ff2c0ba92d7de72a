"""Arenas: the municipal contact points whose frontline staff meet citizens.

The referral workflow (consent, the broker's cases, follow-up) builds on these.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Arena(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")

    def __str__(self) -> str:
        return self.name


class ArenaMembership(models.Model):
    """A frontline staff member's membership of an arena."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arena_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["arena", "user"], name="unique_arena_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.arena}"
