"""The one error type a user of the survey engine sees: a code, its parameters, and one line.

``SurveyError(code, **params)``: the code says what is wrong, the parameters name what is at
fault (the file, the row, the column, the codebook key, the value...), and ``str(error)`` is one
English line made from the code's template below (what the CLI prints). The web says the same
again in the reader's language from the code and the parameters (``brobygger.insights.errors``),
so a reworded English line never loses its translation; a test there checks that every code
below has a translation.

A parameter named ``problem`` is itself a ``SurveyError`` (never raised on its own): what is wrong
with one row's value, or with one codebook key, or why a wave or a design cannot be used.

Codes, their parameters and their English templates (``str.format``; ``!r`` quotes as Python
does, ``:g`` is a short number):

==========================  ================================  ====================================
code                        parameters                        where
==========================  ================================  ====================================
**Survey files** (``readers.py``)
no_such_file                file                              a path that does not exist
is_folder                   file                              a folder given as the data file
unknown_file_type           file, suffix, types               not one of the readable suffixes
file_empty                  file                              zero bytes, or no header line
unreadable_file             file, kind, reason                the reader library failed
no_respondents              file                              a header but no rows
too_many_rows               file, n                           more rows than may be analysed
column_not_found            file, column, key                 the codebook names a missing column
**Codebooks** (``codebook.py``)
no_such_codebook            file                              a path that does not exist
cannot_read                 file, reason                      the operating system refused
codebook_not_utf8           file, line                        bytes that are not UTF-8
codebook_not_yaml           file                              a YAML syntax error
codebook_not_yaml_line      file, line                        the same, with its line
codebook_not_mapping        file                              YAML that is not a mapping
codebook_unknown_key        file, key                         a key the format does not know
codebook_unknown_key_hint   file, key, hint                   the same, with the key it may mean
codebook_missing_key        file, key                         a required key is absent
codebook_invalid            file, key, problem                the key's value is refused
**Codebook values** (the ``problem`` of ``codebook_invalid``)
value_invalid               detail                            pydantic's own English message
fpc_stages                  columns, stages                   fpc columns not one per stage
strata_stages               columns, stages                   more strata columns than stages
band_shape                  (none)                            a band that is not [low, high]
band_order                  (none)                            a band whose low exceeds its high
min_items_range             items                             min_items outside 1..items
bands_overlap               (none)                            moderate band not below severe
codes_scored_and_missing    codes                             a code both scored and missing
age_groups_order            first, second                     overlapping age groups
reference_count             count                             not exactly one reference category
category_codes_shared       (none)                            two categories with one code
category_names_shared       (none)                            two categories with one name
covariate_names             (none)                            duplicate covariate names, or age
**Rows** (``prepare.py``)
row_value                   file, column, key, row, problem   one row's value is refused
not_a_number                value, what                       (problem) text where a number goes
missing_value               what                              (problem) a blank that must not be
unknown_code                code, where, listed               (problem) a code not in the codebook
weight_not_positive         value                             (problem) weight zero or below
age_impossible              value                             (problem) a negative or absurd age
fpc_value_not_positive      (none)                            (problem) fpc zero or below
design_invalid              file, problem                     the design cannot be built
**The design** (``design.py``; also the ``problem`` of ``design_invalid``)
design_missing_labels       (none)                            a blank stratum or PSU label
lonely_psu_choice           choices                           an unknown lonely_psu option
strata_stages_design        strata, stages                    more strata than stages
fpc_stages_design           fpcs, stages                      fpc not given for every stage
weights_length              (none)                            weights not one per respondent
design_empty                (none)                            no weights, clusters or strata
fpc_not_positive            stage                             fpc zero or below in a stage
fpc_not_constant            stage                             fpc varies inside a stratum
fpc_too_small               stage                             fpc below the units sampled
weights_required            (none)                            no weights and no fpc
lonely_psu                  stage, stratum                    a stratum with one PSU (stage 1)
lonely_unit                 stage, stratum                    the same in a later stage
**Estimation** (``estimators.py``, ``standardise.py``)
domain_empty                (none)                            no respondents in the domain
no_model_respondents        (none)                            no complete cases for a model
interval_method             method                            not logit or beta
standard_no_weight          (none)                            the standard misses the domain
no_age_group                (none)                            no scored respondent has an age
**Trends** (``trend.py``)
wave_spec                   value                             --wave not LABEL=DATA:CODEBOOK
trend_waves                 (none)                            fewer than two waves
wave_label_twice            label                             two waves with one label
wave_differs                label, file, key, first, value,   a definition differs from the
                            first_value                       first wave's
wave_error                  wave, problem                     a wave's codebook or data refused
no_such_standard            file                              the standard file does not exist
standard_unreadable         file, reason                      the standard cannot be read
standard_columns            file                              no from and share columns
standard_not_numbers        file, row                         from or share not a number
standard_no_group           file, row, start, listed          no age group starts there
standard_group_twice        file, row, start                  an age group given twice
standard_share              file, row, share                  a share below 0 or not finite
standard_missing_groups     file, groups                      age groups without a share
standard_sum                file, total                       shares that do not sum to 1
**Command line, demo and files** (``analyse.py``, ``synth``, ``published.py``, ``report``)
formats_unknown             value                             --formats names an unknown format
formats_none                (none)                            --formats names nothing
wave_unknown                label, choices                    --wave names no synthetic wave
published_unreadable        file, reason                      the shipped published numbers
published_missing           file, keys                        keys missing from them
published_age_groups        file, groups, expected            their age groups are not ours
pdf_failed                  file, reason                      WeasyPrint failed
==========================  ================================  ====================================
"""

from __future__ import annotations

import os
from functools import partial
from typing import Any

ERRORS: dict[str, str] = {
    # Survey files
    "no_such_file": "{file}: no such file",
    "is_folder": "{file}: is a folder, not a survey file",
    "unknown_file_type": "{file}: unknown file type {suffix!r} (use {types})",
    "file_empty": "{file}: the file is empty",
    "unreadable_file": "{file}: cannot be read as {kind} ({reason})",
    "no_respondents": "{file}: no respondents in the file",
    "too_many_rows": "{file}: more than {n} rows, the most that may be analysed",
    "column_not_found": "{file}: column {column!r} not found (named by {key})",
    # Codebooks
    "no_such_codebook": "{file}: no such codebook file",
    "cannot_read": "{file}: cannot read ({reason})",
    "codebook_not_utf8": "{file}: not UTF-8 text (line {line}); save the codebook as UTF-8",
    "codebook_not_yaml": "{file}: not valid YAML",
    "codebook_not_yaml_line": "{file}: not valid YAML (line {line})",
    "codebook_not_mapping": "{file}: a codebook is a YAML mapping of keys (survey, design, …)",
    "codebook_unknown_key": "{file}: {key}: unknown key",
    "codebook_unknown_key_hint": "{file}: {key}: unknown key (did you mean {hint}?)",
    "codebook_missing_key": "{file}: {key}: required key is missing",
    "codebook_invalid": "{file}: {key}: {problem}",
    # Codebook values
    "value_invalid": "{detail}",
    "fpc_stages": "fpc gives {columns} column(s) but psu has {stages} stage(s): give an fpc "
    "for every stage or none (R's svydesign refuses this too)",
    "strata_stages": "strata gives {columns} columns but psu has {stages} stage(s)",
    "band_shape": "must be [low, high]",
    "band_order": "low must not exceed high",
    "min_items_range": "min_items must be between 1 and {items}",
    "bands_overlap": "the moderate band must lie below the severe band",
    "codes_scored_and_missing": "code(s) {codes} both scored and missing",
    "age_groups_order": "age groups {first} and {second} overlap or are out of order",
    "reference_count": "needs exactly one reference category (has {count})",
    "category_codes_shared": "two categories share a code",
    "category_names_shared": "two categories share a name",
    "covariate_names": "covariate names must be unique and not 'age'",
    # Rows
    "row_value": "{file}: column {column!r} ({key}): {problem} in row {row}",
    "not_a_number": "{value!r} is not a number ({what})",
    "missing_value": "missing {what}",
    "unknown_code": "unknown code {code} (the codebook's {where} lists {listed})",
    "weight_not_positive": "weight {value:g} is not positive",
    "age_impossible": "age {value:g} is impossible",
    "fpc_value_not_positive": "fpc must be positive",
    "design_invalid": "{file}: design: {problem}",
    # The design
    "design_missing_labels": "strata and PSU labels must not be missing",
    "lonely_psu_choice": "lonely_psu must be one of {choices}",
    "strata_stages_design": "strata are given for {strata} stages, PSUs for {stages}",
    "fpc_stages_design": "fpc is given for {fpcs} stage(s) but the design has {stages} stages of "
    "sampling units: give an fpc for every stage or for none (as R's svydesign)",
    "weights_length": "weights must have one value per respondent",
    "design_empty": "a design needs weights, clusters or strata",
    "fpc_not_positive": "stage {stage}: fpc must be positive",
    "fpc_not_constant": "stage {stage}: fpc must be constant within each stratum",
    "fpc_too_small": "stage {stage}: fpc is smaller than the number of sampled units in a stratum",
    "weights_required": "weights are required unless every stage has an fpc",
    "lonely_psu": "stage {stage}: stratum {stratum} has only one PSU (set design.lonely_psu to "
    "remove, adjust, average or certainty)",
    "lonely_unit": "stage {stage}: stratum {stratum} has only one sampling unit (set "
    "design.lonely_psu to remove, adjust, average or certainty)",
    # Estimation
    "domain_empty": "the domain is empty",
    "no_model_respondents": "no respondents to fit the model on",
    "interval_method": "unknown interval method {method!r} (logit or beta)",
    "standard_no_weight": "the standard gives no weight to the age groups in the domain",
    "no_age_group": "no respondent with a score has an age group",
    # Trends
    "wave_spec": "--wave {value!r}: expected LABEL=DATA:CODEBOOK (e.g. 2017=s.csv:c.yaml)",
    "trend_waves": "a trend needs two or more waves (give --wave more than once)",
    "wave_label_twice": "--wave: the label {label!r} is used twice",
    "wave_differs": "wave {label} ({file}): {key} differs from wave {first}'s ({value} vs "
    "{first_value}); a trend needs the same definitions in every wave",
    "wave_error": "wave {wave}: {problem}",
    "no_such_standard": "{file}: no such standard file",
    "standard_unreadable": "{file}: cannot read the standard ({reason})",
    "standard_columns": "{file}: needs the columns from, share (one row per age group)",
    "standard_not_numbers": "{file}: row {row}: from and share must be numbers",
    "standard_no_group": "{file}: row {row}: no age group starts at {start} ({listed})",
    "standard_group_twice": "{file}: row {row}: age group {start} is given twice",
    "standard_share": "{file}: row {row}: share {share!r} is not a proportion",
    "standard_missing_groups": "{file}: no share for the age group(s) from {groups}",
    "standard_sum": "{file}: the shares sum to {total!r}, not 1",
    # Command line, demo and files
    "formats_unknown": "--formats: unknown format {value!r}",
    "formats_none": "--formats: none given",
    "wave_unknown": "--wave {label!r}: no such synthetic wave (use {choices})",
    "published_unreadable": "{file}: cannot read the published numbers ({reason})",
    "published_missing": "{file}: missing {keys}",
    "published_age_groups": "{file}: age groups {groups} are not {expected}",
    "pdf_failed": "{file}: the PDF could not be written ({reason})",
}


class SurveyError(Exception):
    """Bad input (file, column, code, key path) or an impossible design.

    ``code`` is a key of :data:`ERRORS`; ``params`` fill its template. ``str(error)`` is the
    one English line. An unknown code, or a parameter its template lacks, fails at once (a bug
    at the raise site, not a message to show).
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in ERRORS:
            raise ValueError(f"unknown SurveyError code {code!r}")
        self.code = code
        self.params = {
            k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in params.items()
        }
        super().__init__(ERRORS[code].format(**self.params))

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):
        return (partial(SurveyError, self.code, **self.params), ())

    def with_paths_relative_to(self, folder: str) -> SurveyError:
        """The same error with ``folder`` (and the separator after it) taken out of every text
        parameter, nested problems included: for a user who never saw the working folder."""
        prefix = folder.rstrip("/\\")

        def strip(value: Any) -> Any:
            if isinstance(value, SurveyError):
                return value.with_paths_relative_to(folder)
            if isinstance(value, str):
                for sep in ("/", "\\"):
                    value = value.replace(prefix + sep, "")
                return value.replace(prefix, "")
            return value

        return SurveyError(self.code, **{k: strip(v) for k, v in self.params.items()})
