"""Error mails to ``ADMINS`` (Django's ``AdminEmailHandler``) that carry no personal data: the
traceback and the code, but no submitted values, no query string, no cookies, no request
headers, and the subject and body redacted like every log line (core/access_log.py)."""

from __future__ import annotations

from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from brobygger.core.redaction import redact_line

# request headers and environment an error mail may show (the rest can identify a person)
SAFE_META = frozenset(
    {"REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "HTTP_HOST",
     "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_X_REQUEST_ID"}
)  # fmt: skip


class PersonalDataFilter(SafeExceptionReporterFilter):
    """Every submitted value, cookie and request header (bar a few) is hidden, and so are the
    local variables of the traceback's frames."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_safe_request_meta(self, request):
        if not hasattr(request, "META"):
            return {}
        return {
            key: value if key in SAFE_META else self.cleansed_substitute
            for key, value in request.META.items()
        }

    def get_safe_cookies(self, request):
        if not hasattr(request, "COOKIES"):
            return {}
        return {key: self.cleansed_substitute for key in request.COOKIES}

    def get_traceback_frame_variables(self, request, tb_frame):
        return []


class PersonalDataReporter(ExceptionReporter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter = PersonalDataFilter()

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (key, self.filter.cleansed_substitute) for key, _ in data["request_GET_items"]
            ]
        if "request_FILES_items" in data:
            data["request_FILES_items"] = [
                (key, self.filter.cleansed_substitute) for key, _ in data["request_FILES_items"]
            ]
        return data


REPORTER = f"{PersonalDataReporter.__module__}.{PersonalDataReporter.__name__}"


class AdminMailHandler(AdminEmailHandler):
    """Django's error mail to ADMINS, without personal data (plain text, no HTML page)."""

    def __init__(self, include_html=False, email_backend=None, reporter_class=None):
        super().__init__(include_html=False, email_backend=email_backend,
                         reporter_class=reporter_class or REPORTER)  # fmt: skip

    def send_mail(self, subject, message, *args, **kwargs):
        kwargs.pop("html_message", None)
        super().send_mail(redact_line(subject), redact_line(message), *args, **kwargs)
