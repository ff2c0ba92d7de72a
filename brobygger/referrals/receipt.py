"""The receipt staff give a citizen after a referral with consent: the case's reference (the
one the staff list shows), the community broker's name and phone, and a QR code and a short
code to withdraw the consent. As a web page, a printable A6 PDF (WeasyPrint, like the pocket
guide), and, if the citizen wishes, once by e-mail or text message (the address or number is
used for that message and not stored).

Links are made on ``base_url``: ``settings.SITE_URL`` (``services.site_base``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from brobygger.core.sms import send_sms
from brobygger.directory.pdf import qr_svg, to_pdf
from brobygger.lib.text import single_line
from brobygger.referrals.models import Case


def withdrawal_url(case: Case, base_url: str) -> str:
    """The withdrawal page with the citizen's code after ``#`` (a browser never sends it)."""
    return f"{base_url.rstrip('/')}{reverse('referrals:withdraw')}#kode={case.withdrawal_token}"


def receipt_context(case: Case, *, base_url: str) -> dict:
    url = withdrawal_url(case, base_url)
    return {
        "case": case,
        "reference": case.pseudonym,
        "code": case.withdrawal_token,
        "withdraw_url": url,
        "withdraw_page": base_url.rstrip("/") + reverse("referrals:withdraw"),
        "qr": qr_svg(url),
        "broker": {"name": settings.BROKER_NAME, "phone": settings.BROKER_PHONE},
        "printed_on": timezone.localdate(),
    }


def receipt_pdf(case: Case, *, base_url: str, language: str = "da") -> bytes:
    """The receipt as a one-page A6 PDF."""
    with override(language):
        html = render_to_string(
            "referrals/print/receipt.html",
            {**receipt_context(case, base_url=base_url), "language": language},
        )
    return to_pdf(html)


def receipt_text(case: Case, *, base_url: str) -> str:
    """The receipt as a short message (no personal data: the reference and the code only)."""
    lines = [
        _("You have agreed that the community broker contacts you about communities."),
        _("Your reference: %(reference)s") % {"reference": case.pseudonym},
    ]
    if settings.BROKER_PHONE:
        lines.append(
            _("%(name)s: %(phone)s")
            % {"name": settings.BROKER_NAME, "phone": settings.BROKER_PHONE}
        )
    lines.append(_("To withdraw your consent: %(url)s") % {"url": withdrawal_url(case, base_url)})
    return "\n".join(lines)


def receipt_send(*, case: Case, channel: str, to: str, base_url: str) -> int:
    """Send the receipt once to ``to`` (an e-mail address or a phone number). Nothing about
    the address is stored."""
    if not case.withdrawal_token:
        raise ValueError("case: the consent is already withdrawn")
    body = receipt_text(case, base_url=base_url)
    if channel == "sms":
        return send_sms(to=to, body=body)
    if channel == "email":
        return send_mail(single_line(_("Your receipt from the community broker")), body, None, [to])
    raise ValueError(f"channel: unknown channel {channel!r}")
