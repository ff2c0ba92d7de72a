from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import CleanTextMixin


class UploadForm(CleanTextMixin, forms.Form):
    data_file = forms.FileField(
        label=_("Survey file"),
        help_text=_("CSV, Parquet, SAS (.sas7bdat, .xpt), SPSS (.sav) or Stata (.dta)."),
    )
    codebook_file = forms.FileField(
        label=_("Codebook (YAML)"), help_text=_("Which columns and codes mean what.")
    )
    language = forms.ChoiceField(
        label=_("Report language"), choices=[("da", _("Danish")), ("en", _("English"))]
    )
