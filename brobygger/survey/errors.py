"""The one error type a user of the survey engine sees: one line naming what is at fault."""


class SurveyError(Exception):
    """Bad input (file, column, code, key path) or an impossible design; message is one line."""
