"""The receipt staff give a citizen after a referral with consent: the case's reference (the
one the staff list shows), the community broker's name and phone, and a QR code and a short
code to withdraw the consent. As a web page, a printable A6 PDF (WeasyPrint, like the pocket
guide), and, if the citizen wishes, once by e-mail or text message (the address or number is
used for that message and not stored).

Links are made on ``base_url``: ``settings.SITE_URL`` (``core.messaging.site_url``).

The receipt is the citizen's, so every form of it (the preview on the staff page, the PDF, the
e-mail and the text message) is in the citizen's preferred language (``receipt_language``), right
to left for Arabic, whatever language the staff member's page is in.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import override

from brobygger.core import messaging
from brobygger.core.languages import citizen_language_codes, is_draft, language_direction
from brobygger.core.sms import textable
from brobygger.directory.pdf import qr_svg, to_pdf
from brobygger.referrals.models import Case
from brobygger.referrals.services.consent import withdrawal_code_issue


def withdrawal_url(code: str, base_url: str) -> str:
    """The withdrawal page with the citizen's code after ``#`` (a browser never sends it)."""
    return f"{base_url.rstrip('/')}{reverse('referrals:withdraw')}#kode={code}"


def receipt_language(case: Case) -> str:
    """The citizen's preferred language when the receipt can be made in it (Danish, English and
    ``settings.CITIZEN_LANGUAGES``), else Danish."""
    language = (case.citizen.language or "").strip().lower()
    return language if language in citizen_language_codes() else settings.LANGUAGE_CODE


def receipt_context(case: Case, *, base_url: str, code: str | None = None) -> dict:
    """What a receipt shows. Each receipt made gets a withdrawal code of its own (only its
    digest is kept), unless ``code`` gives the one already issued for it."""
    code = code or withdrawal_code_issue(case)
    url = withdrawal_url(code, base_url)
    language = receipt_language(case)
    phone = settings.BROKER_PHONE
    page = base_url.rstrip("/") + reverse("referrals:withdraw")
    with override(language):
        # the alternative text names the page; the code is printed beside it, not repeated
        alt = _("QR code linking to the page where you withdraw your consent: %(url)s") % {
            "url": page
        }
    return {
        "case": case,
        "reference": case.pseudonym,
        "code": code,
        "withdraw_url": url,
        "withdraw_page": page,
        "qr": qr_svg(url, alt),
        "broker": {
            "name": settings.BROKER_NAME,
            "phone": phone,
            # digits in groups keep their order inside a right-to-left sentence
            "phone_isolated": format_html('<bdi dir="ltr">{}</bdi>', phone) if phone else "",
        },
        "printed_on": timezone.localdate(),
        "language": language,
        "direction": language_direction(language),
        "draft_translation": is_draft(language),
    }


def receipt_card_html(case: Case, *, base_url: str, code: str | None = None) -> str:
    """What the receipt says, in the citizen's language: for the staff page to show what they
    hand over (the page wraps it in the language's ``lang`` and ``dir``)."""
    context = receipt_context(case, base_url=base_url, code=code)
    with override(context["language"]):
        return render_to_string(
            "referrals/print/_receipt_card.html", {**context, "heading_level": 3, "preview": True}
        )


def receipt_pdf(case: Case, *, base_url: str) -> bytes:
    """The receipt as a one-page A6 PDF in the citizen's language."""
    context = receipt_context(case, base_url=base_url)
    with override(context["language"]):
        html = render_to_string("referrals/print/receipt.html", {**context, "heading_level": 1})
    return to_pdf(html)


def receipt_message(case: Case, *, base_url: str | None = None) -> messaging.Message:
    """The receipt as a short message in the citizen's language (no personal data: the
    reference and a new withdrawal code only)."""
    context = {
        "reference": case.pseudonym,
        "name": settings.BROKER_NAME,
        "phone": settings.BROKER_PHONE,
        "url": withdrawal_url(withdrawal_code_issue(case), base_url or messaging.site_url()),
    }
    return messaging.render("referrals/messages/receipt", context, language=receipt_language(case))


def receipt_send(*, case: Case, channel: str, to: str, base_url: str | None = None) -> int:
    """Send the receipt once to ``to`` (an e-mail address or a phone number). Nothing about
    the address is stored. ``ValueError`` (``SmsError`` for a number we do not text) when it
    cannot be sent; the form shows it."""
    if case.consent_ended:
        raise ValueError("case: the consent is already withdrawn")
    if channel not in ("sms", "email"):
        raise ValueError(f"channel: unknown channel {channel!r}")
    if channel == "sms":
        to = textable(to)  # SmsError naming the field, before a code is issued
    message = receipt_message(case, base_url=base_url)
    if channel == "sms":
        sent = messaging.send_sms(message, to)
    else:
        sent = messaging.send_email(message, to, quota=True)
    if not sent:
        raise ValueError(_("The receipt could not be sent. Check the address or number, or "
                           "hand over the printed receipt."))  # fmt: skip
    return 1
