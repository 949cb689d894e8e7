"""The one place that refuses hostile input before any view sees it.

Every request, HTML or API, signed in or not, passes these checks first:

- the URL is at most `MAX_URL_LENGTH` characters (414): below gunicorn's own limit, so the app
  answers it in the error format of the route (JSON under `/api/`);
- no control character in the path, in a query parameter's name or value, in a form field's
  name, or in a JSON object's key; in form values and JSON strings only tab, line feed and
  carriage return, which text typed into a text area carries. Lone surrogates (which no
  UTF-8 database stores) are refused with them. A 400 names the field;
- a JSON body nests at most `MAX_JSON_DEPTH` arrays and objects (400), however deep the
  client made it: Python's parser would otherwise raise RecursionError, a 500.

A page's form (not the API) that a control character refuses is answered with a 400 page
that names the field and keeps what was typed: the form's fields come back with the refused
characters taken out (the refused field in a text box, the others hidden), to be checked and
sent again to the same address with the same CSRF token. The view never runs on the refused
request, so no control character is ever stored, and nothing typed is lost. A form with a
password field (sign-in, password change) is only refused (a flash and a redirect, as any
refusal): a password is never written back into a page. A form with a file is refused the
same way (a file cannot be put back into a page's form).

Services still check the sense of each value (lengths, choices, dates); this module only
keeps out characters that no field of this application means.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask import Flask, current_app, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, RequestURITooLarge

from .errors import Invalid
from .http import is_api_request

MAX_JSON_DEPTH = 32

# C0 and C1 controls, DEL, and UTF-16 surrogates; `_IN_TEXT` lets tab, LF and CR through.
_ANYWHERE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class JSONTooDeep(ValueError):
    """A JSON document nested deeper than Python's parser can follow."""


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a document too deep to parse is a ValueError (a 400), not a 500."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise JSONTooDeep("nested too deeply") from None


def _refuse(field: str, character: str) -> Invalid:
    return Invalid(
        _l(
            "%(field)s contains a control character (U+%(ord)s), which is not allowed.",
            field=field,
            ord=f"{ord(character):04X}",
        ),
        {field: "Control characters are not allowed."},
    )


class RefusedForm(Invalid):
    """A page's form refused for a control character, with what was typed, cleaned: `kept`
    lists every field (name, value without the refused characters, whether it is the refused
    one), `field` names the refused one."""

    def __init__(self, refused: Invalid, field: str, kept: list[tuple[str, str, bool]]) -> None:
        super().__init__(refused.message, refused.fields)
        self.field = field
        self.kept = kept


def _without_controls(value: str) -> str:
    return _IN_TEXT.sub("", value)


# A field of the translation page, named after its provision: `text-art_3__para_2`.
_PROVISION_FIELD = re.compile(r"(?P<part>text|heading)-(?P<eid>[a-z][a-z0-9_]*)")


@cache
def _form_labels() -> dict[str, list[tuple[str, Any]]]:
    """Every label the application's forms give each field name, with the package of the form
    (`alatau_legal.acts`), lazily translated."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    labels: dict[str, list[tuple[str, Any]]] = {}
    forms = list(FlaskForm.__subclasses__())
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        package = form.__module__.rpartition(".")[0]
        for name, field in vars(form).items():
            if isinstance(field, UnboundField):
                label = field.args[0] if field.args else field.kwargs.get("label")
                if label:
                    labels.setdefault(name, []).append((package, label))
    return labels


def field_label(name: str) -> str:
    """A page's form field as its form labels it, in the reader's language ("Текст" for
    `text`): the labels of the forms of the posting view's own package first; where forms
    label the name differently, each ("Ответ / Замечание"); a translation page's field by its
    provision ("Текст (пункт 2 статьи 3)", never the eId); a name no form labels, as it is."""
    labels = _form_labels().get(name, [])
    provision = _PROVISION_FIELD.fullmatch(name)
    if provision and not labels:  # the translation page: one heading and wording per provision
        from .ui import provision_name

        named = provision_name(provision["eid"], capitalise=False)
        if provision["part"] == "heading":
            return str(_l("Heading (%(provision)s)", provision=named))
        return str(_l("Wording (%(provision)s)", provision=named))
    view = current_app.view_functions.get(request.endpoint or "")
    package = getattr(view, "__module__", "").rpartition(".")[0]
    own = [label for at, label in labels if at == package] or [label for _, label in labels]
    shown: list[str] = []
    for label in own:
        if str(label) not in shown:
            shown.append(str(label))
    return " / ".join(shown) or name


def _check_page_form() -> None:
    """The form fields of a page's post; a refusal keeps the typed text (module docstring).
    The message names the field by its label in the reader's language."""
    fields = list(request.form.items(multi=True))
    for name, _value in fields:
        check_text(name, name, multiline=False)  # a field name: nothing to keep
    for index, (name, value) in enumerate(fields):
        try:
            check_text(name, value, multiline=True)
        except Invalid as refused:
            found = (_IN_TEXT.search(value) or _ANYWHERE.search(value)).group()
            refused = Invalid(_refuse(field_label(name), found).message, refused.fields)
            if request.files or any("password" in key for key, _ in fields):
                raise refused from None
            kept = [
                (key, _without_controls(item), at == index) for at, (key, item) in enumerate(fields)
            ]
            raise RefusedForm(refused, name, kept) from None


def check_text(field: str, value: str, *, multiline: bool) -> None:
    """A 400 naming `field` when `value` holds a character no field of ours allows."""
    found = (_IN_TEXT if multiline else _ANYWHERE).search(value)
    if found:
        raise _refuse(field, found.group())


def _check_json(value: Any) -> None:
    """Walk a parsed JSON body without recursion: depth, keys and strings."""
    stack: list[tuple[str, Any, int]] = [("body", value, 1)]
    while stack:
        where, item, depth = stack.pop()
        if isinstance(item, str):
            check_text(where, item, multiline=True)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(item, dict):
            for key, child in item.items():
                name = key if where == "body" else f"{where}.{key}"
                check_text(name, key, multiline=False)
                stack.append((name, child, depth + 1))
        else:
            name = "body" if where == "body" else where
            stack.extend((f"{name}.{index}", child, depth + 1) for index, child in enumerate(item))


def _too_deep() -> Invalid:
    return Invalid(
        _l(
            "The JSON body nests arrays and objects more than %(MAX_JSON_DEPTH)s levels deep.",
            MAX_JSON_DEPTH=MAX_JSON_DEPTH,
        ),
        {"body": f"At most {MAX_JSON_DEPTH} levels of nesting."},
    )


def _caused_by_depth(error: BaseException | None) -> bool:
    """Whether JSONTooDeep is behind the BadRequest Flask and Werkzeug wrap it in."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, JSONTooDeep):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _check_request() -> None:
    uri = request.environ.get("RAW_URI") or request.full_path
    if len(uri) > current_app.config["MAX_URL_LENGTH"]:
        raise RequestURITooLarge(
            f"The address is longer than {current_app.config['MAX_URL_LENGTH']} characters."
        )
    found = _ANYWHERE.search(request.path)
    if found:
        raise _refuse("path", found.group())
    for name, value in request.args.items(multi=True):
        check_text(name, name, multiline=False)
        check_text(name, value, multiline=False)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if is_api_request():
            for name, value in request.form.items(multi=True):
                check_text(name, name, multiline=False)
                check_text(name, value, multiline=True)
        else:
            _check_page_form()
        for name, upload in request.files.items(multi=True):
            check_text(name, name, multiline=False)
            check_text(name, upload.filename or "", multiline=False)
    elif request.is_json and request.content_length != 0:
        try:
            body = request.get_json()
        except BadRequest as error:
            if _caused_by_depth(error):
                raise _too_deep() from None
            return  # not JSON at all: the route's own reader says so
        _check_json(body)


def register_request_guard(app: Flask) -> None:
    """Install the JSON provider and the check that runs before every view."""
    app.json_provider_class = GuardedJSONProvider
    app.json = GuardedJSONProvider(app)
    # An app-wide hook runs before every blueprint's: the API's token check and the views
    # never see a refused request.
    app.before_request(_check_request)

    @app.errorhandler(RefusedForm)
    def handle_refused_form(error: RefusedForm):
        return render_template(
            "errors/refused_form.html",
            status=400,
            message=str(error.message),
            field=field_label(error.field),
            kept=error.kept,
            action=request.full_path.rstrip("?"),  # the same address, its query kept
        ), 400
