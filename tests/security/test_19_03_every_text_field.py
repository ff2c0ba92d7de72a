"""Finding 3: every text field that users or API clients write refuses control characters.

This test fails when someone forgets: a new form without ``CleanTextMixin`` (brobygger/core/
forms.py), or a new str field in an API input schema without ``SingleLine``/``MultiLine``
(brobygger/lib/text.py) or a validator of its own that refuses control characters.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing

import pytest
from django import forms
from pydantic import BaseModel, ValidationError

import brobygger
from brobygger.config.api import api
from brobygger.core.forms import CleanTextMixin

# Modules that are not code a request or a command runs: importing them proves nothing.
SKIPPED = (".migrations.", "brobygger.config.wsgi", "brobygger.config.settings.",
           "brobygger.config.test_settings.")  # fmt: skip
BAD = "Strikke\x1bcafé"


def _import_every_module() -> None:
    for info in pkgutil.walk_packages(brobygger.__path__, prefix="brobygger."):
        if any(part in info.name + "." for part in SKIPPED):
            continue
        importlib.import_module(info.name)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def our_forms() -> list[type]:
    _import_every_module()
    return sorted(
        (c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("brobygger.")),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _guarded(form_class) -> bool:
    """The mixin comes before Django's BaseForm, so its ``_clean_fields`` is the one that runs."""
    mro = form_class.__mro__
    return CleanTextMixin in mro and mro.index(CleanTextMixin) < mro.index(forms.BaseForm)


def test_the_check_itself_sees_a_mixin_put_last():
    class Late(forms.Form, CleanTextMixin):
        title = forms.CharField()

    class Early(CleanTextMixin, forms.Form):
        title = forms.CharField()

    assert not _guarded(Late) and _guarded(Early)
    assert Late({"title": "a\x1bb"}).is_valid()  # a mixin put last never runs
    assert not Early({"title": "a\x1bb"}).is_valid()


def test_it_finds_the_forms_it_checks():
    names = {f"{c.__module__}.{c.__qualname__}" for c in our_forms()}
    assert "brobygger.directory.forms.SuggestionForm" in names
    assert "brobygger.directory.views.moderator.SynonymForm" in names  # not in a forms module
    assert "brobygger.activities.forms.SignUpForm" in names


def test_it_finds_every_form_without_the_mixin():
    missing = [f"{c.__module__}.{c.__qualname__}" for c in our_forms() if not _guarded(c)]
    assert missing == [], "forms without CleanTextMixin first in their bases:\n" + "\n".join(
        missing
    )


# --- the API's input schemas ---------------------------------------------------------------


def _routers(router, prefix=""):
    yield prefix, router
    for sub_prefix, sub in getattr(router, "_routers", []):
        if sub is not router:
            yield from _routers(sub, prefix + sub_prefix)


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _bad_value(annotation):
    """A value of the field's type holding a control character, or None for no text field."""
    if annotation is str:
        return BAD
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _bad_value(args[0])
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            value = _bad_value(arg)
            if value is not None:
                return value
        return None
    if origin in (list, set, tuple, frozenset):
        value = _bad_value(args[0]) if args else None
        return None if value is None else [value]
    if origin is dict and len(args) == 2:
        value = _bad_value(args[1])
        return None if value is None else {"key": value}
    return None


def input_schemas() -> dict[str, type[BaseModel]]:
    """Every request-body and query model of every operation under /api/v1/, nested ones too."""
    found: dict[str, type[BaseModel]] = {}

    def add(model, operation=""):
        name = f"{model.__module__}.{model.__qualname__}"
        if hasattr(model, "__ninja_param_source__"):  # ninja's, one per operation, same names
            name = f"{operation} {model.__ninja_param_source__}"
        if name in found:
            return
        found[name] = model
        for field in model.model_fields.values():
            for nested in _models_in(field.annotation):
                add(nested)

    for prefix, router in api._routers:  # the default router is the first, at ""
        for sub_prefix, sub in _routers(router, prefix):
            for path, view in sub.path_operations.items():
                for operation in view.operations:
                    for model in operation.models:
                        source = getattr(model, "__ninja_param_source__", None)
                        if source in ("body", "query", "form"):
                            add(model, f"{'/'.join(operation.methods)} /api/v1{sub_prefix}{path}")
    return found


def text_fields() -> list[tuple[str, type[BaseModel], str, object]]:
    rows = []
    for name, model in sorted(input_schemas().items()):
        for field_name, field in model.model_fields.items():
            value = _bad_value(field.annotation)
            if value is not None:
                rows.append((f"{name}.{field_name}", model, field.alias or field_name, value))
    return rows


def test_it_finds_the_text_fields_it_checks():
    names = {row[0] for row in text_fields()}
    assert "brobygger.directory.api.SuggestionIn.name" in names
    assert "brobygger.directory.api.SearchIn.q" in names  # a query schema
    assert any(name.startswith("brobygger.activities.api.") for name in names)
    assert any(name.startswith("brobygger.network.api.") for name in names)


def _refused(model, key, value) -> bool:
    try:
        model.model_validate({key: value})
    except ValidationError as error:
        return any(tuple(e["loc"][:1]) == (key,) for e in error.errors())
    return False


def test_every_str_field_of_every_api_input_schema_refuses_a_control_character():
    accepted = [
        name for name, model, key, value in text_fields() if not _refused(model, key, value)
    ]
    assert accepted == [], "API input fields that accept a control character:\n" + "\n".join(
        accepted
    )


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x9b"])
def test_the_check_itself_catches_a_plain_str_field(character):
    class Plain(BaseModel):
        title: str

    assert not _refused(Plain, "title", f"a{character}b")
