"""HTML pages of the act registry: list, act, editor, history, compare, blame, import."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..accounts.permissions import can_create_act, can_edit_act, can_edit_act_role
from ..errors import AppError, Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..http import query_int, query_page
from ..i18n import N_
from ..refusals import keep
from ..review.act_page import act_review
from . import importing, references, services, translation
from . import languages as act_languages
from .forms import (
    EditForm,
    ImportForm,
    LanguageImportForm,
    LanguagesForm,
    NewActForm,
    RenumberForm,
    RestoreForm,
    TranslationForm,
)
from .models import ActStatus, ActType, Sector
from .text import parse
from .text.parts import ANNEX, APPROVED_ACT, APPROVING_DECISION, BODY, EXPLANATORY_NOTE, part_starts

bp = Blueprint("acts", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Every page of the registry is for signed-in users (the public register is separate)."""


@bp.route("/")
def home():
    return redirect(url_for("acts.index"))


@bp.route("/acts")
def index():
    page, per_page = query_page(default_per_page=25)
    filters = {key: request.args.get(key) or None for key in ("status", "act_type", "sector", "q")}
    result = services.list_acts(current_user, page=page, per_page=per_page, **filters)
    return render_template(
        "acts/index.html",
        result=result,
        filters=filters,
        statuses=list(ActStatus),
        act_types=list(ActType),
        sectors=list(Sector),
        can_create=can_create_act(current_user),
    )


def _template_choices() -> list[tuple[str, str]]:
    acts = services.list_acts(current_user, per_page=100).items
    return [("", gettext("An empty act"))] + [
        (act.number, f"{act.number} — {act.title}") for act in acts
    ]


def _require_drafter() -> None:
    if not can_create_act(current_user):
        raise Forbidden(_l("Only a legal drafter can create or import acts."))


@bp.route("/acts/new", methods=["GET", "POST"])
def new():
    _require_drafter()
    form = NewActForm()
    form.template.choices = _template_choices()
    if request.method == "GET" and request.args.get("template"):
        form.template.data = request.args["template"]
    # A refused act is shown again with everything typed, the reason above the form.
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        text = form.text.data or ""
        try:
            if not text.strip() and form.template.data:
                template = services.get_act_by_number(current_user, form.template.data)
                text = services.current_version(current_user, template).text
            act, issues = services.create_act(
                current_user,
                title=form.title.data,
                act_type=form.act_type.data,
                language=form.language.data,
                sector=form.sector.data,
                legal_basis=form.legal_basis.data,
                text=text,
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )
        except (Invalid, Conflict, NotFound) as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            status = error.status
        else:
            db.session.commit()
            _flash_issues(issues)
            flash(gettext("Act %(number)s created as version 1.", number=act.number), "success")
            return redirect(url_for("acts.show", number=act.number))
    return render_template("acts/new.html", form=form), status


@bp.route("/acts/import", methods=["GET", "POST"])
def import_docx():
    _require_drafter()
    form = ImportForm()
    # A refused file or form is shown again with what was typed (a browser never keeps the
    # chosen file: the drafter chooses it again), the reason beside the file field.
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            act, issues = importing.import_docx(
                current_user,
                data=upload.read(current_app.config["MAX_CONTENT_LENGTH"] + 1),
                title=form.title.data,
                act_type=form.act_type.data,
                language=form.language.data,
                sector=form.sector.data,
                legal_basis=form.legal_basis.data,
                max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )
        except AppError as error:  # refused file, bad metadata: shown on the form
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(error.message)]
            status = error.status
        else:
            db.session.commit()
            _flash_issues(issues)
            if upload.filename:
                message = gettext(
                    "Act %(number)s imported from %(file)s.",
                    number=act.number,
                    file=upload.filename,
                )
            else:
                message = gettext("Act %(number)s imported from the Word file.", number=act.number)
            flash(message, "success")
            return redirect(url_for("acts.show", number=act.number))
    return render_template("acts/import.html", form=form), status


def _flash_issues(issues) -> None:
    if issues:
        # The parser's messages are lazy: shown here in the reader's language.
        lines = "; ".join(
            gettext("line %(line)s: %(message)s", line=issue.line, message=issue.message)
            if issue.line
            else str(
                issue.message
            )  # about the whole file (an imported Word file's tracked changes)
            for issue in issues[:5]
        )
        more = gettext(" (and %(count)s more)", count=len(issues) - 5) if len(issues) > 5 else ""
        flash(
            gettext(
                "The text was saved; check %(count)s place(s): %(lines)s%(more)s.",
                count=len(issues),
                lines=lines,
                more=more,
            ),
            "warning",
        )


@bp.route("/acts/<number>")
@bp.route("/acts/<number>/v/<int:version>")
def show(number: str, version: int | None = None):
    """The act in one language (`?language=`), or two or three side by side (`?languages=`)."""
    act = services.get_act_by_number(current_user, number)
    number_shown = version or act.current_version
    language = act_languages.language_of(act, request.args.get("language") or None)
    shown = services.get_version(current_user, act, number_shown, language)
    is_current = shown.version.number == act.current_version
    side_by_side = None
    if request.args.get("languages"):
        codes = act_languages.languages_of(act, request.args["languages"])
        side_by_side = act_languages.side_by_side(
            act, [services.get_version(current_user, act, number_shown, code) for code in codes]
        )
    alignment = services.alignment(current_user, act, shown.version.number)
    refs = services.page_references(current_user, act, shown)
    languages_form = LanguagesForm()
    languages_form.languages.data = act.languages
    return render_template(
        "acts/show.html",
        act=act,
        shown=shown,
        language=language,
        side_by_side=side_by_side,
        alignment=alignment,
        is_current=is_current,
        review=act_review(
            current_user,
            act,
            shown.version.number,
            is_current=is_current,
            show=request.args.get("comments"),
            # the threads' notices speak of the act's language: its broken references are
            # those of the page when it shows that language
            broken_now=refs.broken() if shown.language == act.language.value else None,
        ),
        can_edit=can_edit_act(current_user, act),
        can_set_languages=act_languages.can_set_languages(current_user, act)
        and act.status is ActStatus.DRAFTING,
        languages_form=languages_form,
        restore_form=RestoreForm(),
        renumber_form=RenumberForm(),
        refs=refs,
    )


@bp.route("/acts/<number>/languages", methods=["POST"])
def set_languages(number: str):
    act = services.get_act_by_number(current_user, number)
    form = LanguagesForm()
    if not form.validate_on_submit():
        raise Invalid(_l("The form expired or named an unknown language; reload the page."))
    chosen = [act.language.value] + [
        code
        for code in act_languages.PREFERRED_ORDER
        if code in (form.languages.data or []) and code != act.language.value
    ]
    act = services.get_act(current_user, act.id, for_update=True)
    act_languages.set_languages(current_user, act, chosen)
    db.session.commit()
    flash(gettext("The authentic languages of %(number)s are saved.", number=act.number), "success")
    return redirect(url_for("acts.show", number=act.number))


@bp.route("/acts/<number>/translate/<language>", methods=["GET", "POST"])
def translate(number: str, language: str):
    """The translator's page: what is behind in one language, provision by provision."""
    act = services.get_act_by_number(current_user, number)
    form = TranslationForm()
    if request.method == "POST":
        if not can_edit_act(current_user, act):
            raise Forbidden(
                _l("Only a legal drafter can edit the text of an act while it is drafted.")
            )
        if not form.validate_on_submit():
            raise Invalid(_l("The form expired; reload the page and try again."))
        wordings = {
            key.removeprefix("text-"): (
                request.form.get("heading-" + key.removeprefix("text-"), ""),
                request.form[key],
            )
            for key in request.form
            if key.startswith("text-")
        }
        work = translation.translation_work(current_user, act, language)
        # Only what the translator changed is new wording; the rest is left as it was.
        changed = {
            eid: wording
            for eid, wording in wordings.items()
            if eid in work.translation
            and (wording[0].strip(), wording[1].strip())
            != (work.translation[eid].heading, work.translation[eid].text.strip())
        }
        confirmed = [eid for eid in request.form.getlist("confirm") if eid not in changed]
        base = _int_or_none(form.base_version.data)
        try:
            result = translation.save_provisions(
                current_user,
                act.id,
                language,
                base_version=base if base is not None else -1,
                wordings=changed,
                confirmed=confirmed,
                note=form.note.data or gettext("Translation brought up to date"),
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )
        except (Invalid, Conflict) as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(gettext("Saved as version %(number)s.", number=result.version.number), "success")
            return redirect(url_for("acts.translate", number=act.number, language=language))
        act = services.get_act_by_number(current_user, number)
    work = translation.translation_work(current_user, act, language)
    form.base_version.data = str(act.current_version)
    return render_template(
        "acts/translate.html",
        act=act,
        work=work,
        form=form,
        import_form=LanguageImportForm(),
        can_edit=can_edit_act(current_user, act),
    )


@bp.route("/acts/<number>/translate/<language>/import", methods=["POST"])
def import_language(number: str, language: str):
    """A Word file as this language's text: saved, and what does not align reported."""
    act = services.get_act_by_number(current_user, number)
    form = LanguageImportForm()
    back = url_for("acts.translate", number=act.number, language=language)
    if not form.validate_on_submit():
        flash(gettext("Choose a Word file (.docx) to import."), "error")
        return redirect(back)
    try:
        imported = importing.import_language_docx(
            current_user,
            act.id,
            data=form.file.data.read(current_app.config["MAX_CONTENT_LENGTH"] + 1),
            language=language,
            max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
        )
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    _flash_issues(imported.result.issues)
    entry = imported.alignment
    flash(
        gettext(
            "The Word file is saved as version %(number)s: %(aligned)s of %(total)s provisions "
            "aligned.",
            number=imported.result.version.number,
            aligned=entry.aligned,
            total=entry.total,
        ),
        "success" if entry.complete else "warning",
    )
    return redirect(back)


@bp.route("/acts/<number>/edit", methods=["GET", "POST"])
def edit(number: str):
    act = services.get_act_by_number(current_user, number)
    if not can_edit_act_role(current_user):
        raise Forbidden(_l("Only a legal drafter can edit the text of an act."))
    if not can_edit_act(current_user, act):
        flash(
            gettext(
                "The text of %(number)s can be edited only by a drafter while it is in drafting.",
                number=act.number,
            ),
            "error",
        )
        return redirect(url_for("acts.show", number=act.number))
    form = EditForm()
    conflict = None
    language = act_languages.language_of(act, request.args.get("language") or None)
    if request.method == "GET":
        form.base_version.data = str(act.current_version)
        current = services.current_version(current_user, act, language)
        # A language not written yet starts from the drafting language's text, to translate.
        form.text.data = (
            current if current.provisions else services.current_version(current_user, act)
        ).text
        if not current.provisions:
            flash(
                gettext(
                    "The text in this language is not written yet: the drafting language's "
                    "text is in the editor to be translated."
                ),
                "info",
            )
    elif form.validate_on_submit():
        base = _int_or_none(form.base_version.data)
        try:
            result = services.save_version(
                current_user,
                act.id,
                base_version=base if base is not None else -1,
                text=form.text.data,
                note=form.note.data,
                language=language,
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )
        except Conflict as error:
            db.session.rollback()
            if "conflicts" not in error.extra:
                raise
            conflict = error  # show both texts; the drafter's text stays in the form
            act = services.get_act_by_number(current_user, number)
        except Invalid as error:
            db.session.rollback()
            form.text.errors = [*form.text.errors, error.message]
        else:
            db.session.commit()
            _flash_issues(result.issues)
            if result.merged:
                message = gettext(
                    "Saved as version %(number)s (merged with changes saved meanwhile).",
                    number=result.version.number,
                )
            else:
                message = gettext("Saved as version %(number)s.", number=result.version.number)
            flash(message, "success")
            _flash_references(act, result)
            return redirect(_act_url(act, language))
    return render_template(
        "acts/edit.html", act=act, form=form, conflict=conflict, language=language
    )


def _act_url(act, language: str) -> str:
    if language == act.language.value:
        return url_for("acts.show", number=act.number)
    return url_for("acts.show", number=act.number, language=language)


def _flash_references(act, result) -> None:
    """Tell the drafter, on the page they land on, which references the save broke or
    left pointing at another provision (named in the language saved, as written)."""
    report = result.references
    if not report.broken and not report.shifted:
        return
    language = result.language or act.language.value
    tree = services.get_version(current_user, act, result.version.number, language).provisions
    broken, shifted = references.describe_affected(report, tree, language)
    if broken:
        flash(
            gettext(
                "This save broke %(count)s reference(s): they name a provision the text no "
                "longer has. %(list)s",
                count=len(broken),
                list="; ".join(broken),
            ),
            "warning",
        )
    if shifted:
        flash(
            gettext(
                "%(count)s reference(s) now name a different provision than before this save "
                "(it moved or was renumbered). %(list)s",
                count=len(shifted),
                list="; ".join(shifted),
            ),
            "warning",
        )


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The label of each part of a text (acts/text/parts.py), as the act page shows it.
_PART_LABELS = {
    EXPLANATORY_NOTE: N_("Explanatory note"),
    APPROVING_DECISION: N_("Approving decision"),
    APPROVED_ACT: N_("The act approved by the decision"),
    BODY: N_("The act"),
    ANNEX: N_("Annex"),
}
_OUTLINE_KINDS = ("section", "chapter", "subchapter", "article", "annex", "preamble")


def _outline(provisions) -> list[dict]:
    """The editor's outline: the headings, and where a part of the text starts (an
    explanatory note, an approving decision and the act it approves, an annex), labelled in
    the interface language so the drafter sees which part is the act's own body."""
    starts = part_starts(provisions)
    entries: list[dict] = []
    for top in provisions:
        for p in top.walk():
            if p.eid in starts:  # a part starts here (an approved act's annex: inside it)
                part = starts[p.eid]
                entries.append({"kind": "part", "part": part, "label": gettext(_PART_LABELS[part])})
            if p.kind.value in _OUTLINE_KINDS:
                entries.append(
                    {"eid": p.eid, "kind": p.kind.value, "num": p.num, "heading": p.heading}
                )
    return entries


@bp.route("/acts/preview", methods=["POST"])
def preview():
    """The parse result of a draft text, for the editor's live outline (CSRF-protected)."""
    text = request.form.get("text", "")
    limit = current_app.config["MAX_ACT_TEXT_CHARS"]
    if len(text) > limit:
        # Answered as JSON for the editor's script, never as a flash for the next page.
        message = f"The text is {len(text):,} characters; the limit is {limit:,}."
        return jsonify({"error": {"code": "invalid", "message": message}}), 400
    parsed = parse(text)
    return jsonify(
        {
            "outline": _outline(parsed.provisions),
            "provisions": sum(1 for _ in parsed.walk()),
            "issues": [{"line": i.line, "message": str(i.message)} for i in parsed.issues],
        }
    )


@bp.route("/acts/<number>/history")
def history(number: str):
    act = services.get_act_by_number(current_user, number)
    versions = services.list_versions(current_user, act)
    return render_template(
        "acts/history.html",
        act=act,
        versions=versions,
        restore_form=RestoreForm(),
        can_edit=can_edit_act(current_user, act),
    )


@bp.route("/acts/<number>/v/<int:version>/restore", methods=["POST"])
def restore(number: str, version: int):
    act = services.get_act_by_number(current_user, number)
    form = RestoreForm()
    try:
        if not form.validate_on_submit():
            raise Invalid(_l("The form expired; reload the page and try again."))
        new_version = services.restore_version(current_user, act.id, version, note=form.note.data)
    except (Invalid, Conflict) as error:
        # The version's page again, the note as typed (the form reads this request's data).
        keep("restore", error.message, version)
        return show(number, version), error.status
    db.session.commit()
    flash(
        gettext(
            "The text of version %(old)s is now version %(new)s.",
            old=version,
            new=new_version.number,
        ),
        "success",
    )
    return redirect(url_for("acts.show", number=act.number))


@bp.route("/acts/<number>/compare")
def compare(number: str):
    act = services.get_act_by_number(current_user, number)
    old = query_int("from", default=max(1, act.current_version - 1), minimum=1)
    new = query_int("to", default=act.current_version, minimum=1)
    view = request.args.get("view", "side")
    if view not in ("side", "inline"):
        raise Invalid(_l("The view is side or inline."))
    language = request.args.get("language") or None
    old_text, new_text, changes = services.compare_versions(current_user, act, old, new, language)
    return render_template(
        "acts/compare.html",
        act=act,
        language=new_text.language,
        old=old_text,
        new=new_text,
        changes=changes,
        renumberings=services.renumberings_between(act, old, new),
        affected=services.compare_references(act, old_text, new_text) if old < new else ([], []),
        view=view,
        versions=range(act.current_version, 0, -1),
    )


@bp.route("/acts/<number>/provisions/<eid>")
def provision_history(number: str, eid: str):
    act = services.get_act_by_number(current_user, number)
    language = act_languages.language_of(act, request.args.get("language") or None)
    entries = services.provision_history(current_user, act, eid, language)
    return render_template(
        "acts/provision_history.html", act=act, eid=eid, entries=entries, language=language
    )


@bp.route("/acts/<number>/renumber", methods=["POST"])
def renumber(number: str):
    act = services.get_act_by_number(current_user, number)
    form = RenumberForm()
    if not form.validate_on_submit():
        raise Invalid(_l("The form expired; reload the page and try again."))
    base = _int_or_none(form.base_version.data)
    result = services.renumber_act(
        current_user, act.id, base_version=base if base is not None else -1, note=form.note.data
    )
    db.session.commit()
    flash(
        gettext(
            "Renumbered as version %(number)s: %(count)s provision(s) got new numbers and "
            "%(refs)s number(s) in references were rewritten to match.",
            number=result.version.number,
            count=len(result.renumbered),
            refs=result.rewritten,
        ),
        "success",
    )
    return redirect(url_for("acts.show", number=act.number))
