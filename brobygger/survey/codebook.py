"""The survey codebook (shared contract: codebook-format.md), validated with pydantic.

Unknown keys are errors (a typo must not pass silently); every error names the key path.
Raw codes are compared as text, so ``1``, ``"1"`` and ``1.0`` in a data file are the same code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from brobygger.survey.errors import ERRORS, SurveyError

Code = str | int | float


def _invalid(code: str, **params) -> PydanticCustomError:
    """A refused codebook value as pydantic carries it: the error's code, template and params
    (``parse_codebook`` turns it back into the ``problem`` of a ``codebook_invalid``)."""
    return PydanticCustomError(code, ERRORS[code], params)


def code_text(value) -> str:
    """The canonical text of a raw code: 1, "1", 1.0 and " 1 " are all "1"."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    da: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.da


Columns = str | Annotated[list[str], Field(min_length=1)] | None


def _as_list(value: Columns) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class Design(_Strict):
    """The sampling design. ``strata``, ``psu`` and ``fpc`` take one column or a list with one
    column per stage (R: ``svydesign(ids = ~a + b, strata = ~s1 + s2, fpc = ~f1 + f2)``)."""

    weight: str
    strata: Columns = None
    psu: Columns = None
    fpc: Columns = None
    lonely_psu: Literal["fail", "remove", "adjust", "certainty", "average"] = "fail"

    @model_validator(mode="after")
    def _stages(self):
        stages = max(len(self.psu_columns), 1)
        if self.fpc is not None and len(self.fpc_columns) != stages:
            raise _invalid("fpc_stages", columns=len(self.fpc_columns), stages=stages)
        if len(self.strata_columns) > stages:
            raise _invalid("strata_stages", columns=len(self.strata_columns), stages=stages)
        return self

    @property
    def psu_columns(self) -> list[str]:
        return _as_list(self.psu)

    @property
    def strata_columns(self) -> list[str]:
        return _as_list(self.strata)

    @property
    def fpc_columns(self) -> list[str]:
        return _as_list(self.fpc)

    def column_keys(self) -> list[tuple[str, str]]:
        """(column, codebook key) of every design column, e.g. ("skole", "design.psu[1]")."""
        out = []
        for key in ("strata", "psu", "fpc"):
            value = getattr(self, key)
            columns = _as_list(value)
            for i, column in enumerate(columns):
                out.append(
                    (column, f"design.{key}" + (f"[{i}]" if isinstance(value, list) else ""))
                )
        return out


def _band(value) -> list[float]:
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise _invalid("band_shape")
    low, high = float(value[0]), float(value[1])
    if low > high:
        raise _invalid("band_order")
    return [low, high]


class Loneliness(_Strict):
    items: Annotated[list[str], Field(min_length=1)]
    codes: dict[Code, float]
    missing: list[Code] = []
    min_items: int = 3
    severe: list[float] = [7, 9]
    moderate: list[float] = [5, 6]

    _check_severe = field_validator("severe", mode="before")(lambda cls, v: _band(v))
    _check_moderate = field_validator("moderate", mode="before")(lambda cls, v: _band(v))

    @model_validator(mode="after")
    def _consistent(self):
        if not 1 <= self.min_items <= len(self.items):
            raise _invalid("min_items_range", items=len(self.items))
        if self.moderate[1] >= self.severe[0]:
            raise _invalid("bands_overlap")
        overlap = {code_text(c) for c in self.codes} & {code_text(c) for c in self.missing}
        if overlap:
            raise _invalid("codes_scored_and_missing", codes=", ".join(sorted(overlap)))
        return self

    def code_map(self) -> dict[str, float]:
        return {code_text(k): float(v) for k, v in self.codes.items()}

    def missing_codes(self) -> set[str]:
        return {code_text(c) for c in self.missing}


class AgeGroup(_Strict):
    from_: int = Field(alias="from")
    to: int | None
    label: Label

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def key(self) -> str:
        """``from-to`` (``75-`` for an open band), as in the output contract."""
        return f"{self.from_}-{'' if self.to is None else self.to}"


class Age(_Strict):
    column: str
    groups: Annotated[list[AgeGroup], Field(min_length=1)]
    in_model: Literal["continuous"] = "continuous"

    @model_validator(mode="after")
    def _ordered(self):
        for a, b in zip(self.groups, self.groups[1:], strict=False):
            if a.to is None or b.from_ <= a.to:
                raise _invalid("age_groups_order", first=a.key, second=b.key)
        return self


class Category(_Strict):
    code: Code
    name: str
    label: Label
    reference: bool = False


class Covariate(_Strict):
    name: str
    column: str
    label: Label
    categories: Annotated[list[Category], Field(min_length=2)]
    missing: list[Code] = []

    @model_validator(mode="after")
    def _one_reference(self):
        refs = [c.name for c in self.categories if c.reference]
        if len(refs) != 1:
            raise _invalid("reference_count", count=len(refs))
        codes = [code_text(c.code) for c in self.categories]
        if len(set(codes)) != len(codes):
            raise _invalid("category_codes_shared")
        names = [c.name for c in self.categories]
        if len(set(names)) != len(names):
            raise _invalid("category_names_shared")
        return self

    @property
    def reference(self) -> Category:
        return next(c for c in self.categories if c.reference)


class Options(_Strict):
    min_cell: int = Field(50, ge=0)
    risk_or: float = Field(2.0, gt=0)
    alpha: float = Field(0.05, gt=0, lt=1)
    level: float = Field(0.95, gt=0, lt=1)


class Codebook(_Strict):
    survey: str
    population: int | None = Field(None, gt=0)
    design: Design
    loneliness: Loneliness
    age: Age
    covariates: list[Covariate] = []
    options: Options = Options()

    @model_validator(mode="after")
    def _unique_names(self):
        names = [c.name for c in self.covariates]
        if len(set(names)) != len(names) or "age" in names:
            raise _invalid("covariate_names")
        return self

    def columns(self) -> list[str]:
        """Every data column the analysis reads (and nothing else)."""
        cols = [self.design.weight, *self.loneliness.items, self.age.column]
        cols += [column for column, _key in self.design.column_keys()]
        cols += [c.column for c in self.covariates]
        return list(dict.fromkeys(cols))


def _location(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + ("from" if item == "from_" else str(item)))
    return "".join(parts) or "(top level)"


def parse_codebook(data, source: str = "codebook") -> Codebook:
    if not isinstance(data, dict):
        raise SurveyError("codebook_not_mapping", file=source)
    try:
        return Codebook.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up twice (unknown + missing): name the key as written.
        error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        key = _location(error["loc"])
        if error["type"] == "extra_forbidden":
            missing = [
                e["loc"][-1]
                for e in errors
                if e["type"] == "missing" and e["loc"][:-1] == error["loc"][:-1]
            ]
            if missing:
                hint = ", ".join(map(str, missing))
                raise SurveyError(
                    "codebook_unknown_key_hint", file=source, key=key, hint=hint
                ) from None
            raise SurveyError("codebook_unknown_key", file=source, key=key) from None
        if error["type"] == "missing":
            raise SurveyError("codebook_missing_key", file=source, key=key) from None
        if error["type"] in ERRORS:  # ours, raised by a validator above through _invalid
            problem = SurveyError(error["type"], **error.get("ctx", {}))
        else:  # pydantic's own (a wrong type, a number out of range): its English message
            detail = error["msg"].removeprefix("Value error, ")
            problem = SurveyError("value_invalid", detail=detail)
        raise SurveyError("codebook_invalid", file=source, key=key, problem=problem) from None


def load_codebook(path: Path | str) -> Codebook:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SurveyError("no_such_codebook", file=path) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SurveyError("codebook_not_utf8", file=path, line=line) from None
    except OSError as exc:
        raise SurveyError("cannot_read", file=path, reason=exc.strerror) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark:
            raise SurveyError("codebook_not_yaml_line", file=path, line=mark.line + 1) from None
        raise SurveyError("codebook_not_yaml", file=path) from None
    return parse_codebook(data, str(path))
