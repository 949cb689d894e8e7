"""Sign-in, sign-out, the user's profile, and the administrator's users and organisations."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import AppError, Conflict, Forbidden, Invalid, NotFound
from ..extensions import db, limiter
from ..http import safe_next
from . import services
from .forms import LanguageForm, LoginForm, OrganisationForm, PasswordForm, UserForm
from .models import Language
from .permissions import can_manage_users

auth_bp = Blueprint("auth", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@auth_bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = LoginForm()
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(next_url))
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is None:
            db.session.commit()
            form.password.errors.append(_("The username or password is not right."))
        else:
            _sign_in(user, remember=form.remember.data)
            flash(_("Signed in as %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(next_url))
    return render_template("accounts/login.html", form=form, next_url=next_url)


def _sign_in(user, *, remember: bool) -> None:
    """Start a server-side session for `user` in this browser and commit."""
    config = current_app.config
    lifetime = config["REMEMBER_COOKIE_DURATION"] if remember else config["SESSION_LIFETIME"]
    services.start_session(user, lifetime)
    db.session.commit()
    session.clear()  # a fresh session: nothing from before the sign-in carries over
    login_user(user, remember=remember, duration=config["REMEMBER_COOKIE_DURATION"])


@auth_bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_session(current_user)
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@auth_bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = PasswordForm()
    # A refused change shows the page again with the reason (passwords are never echoed).
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if services.authenticate(current_user.username, form.current_password.data) is None:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            try:
                services.set_password(current_user, current_user, form.new_password.data)
            except (Invalid, Conflict) as error:
                db.session.rollback()
                form.new_password.errors.append(str(error.message))
                status = error.status
            else:
                # Every session ended with the change; this browser signs in afresh.
                _sign_in(current_user._get_current_object(), remember=False)
                flash(_("Your password is changed. Other sessions are signed out."), "success")
                return redirect(url_for("auth.profile"))
    return render_template(
        "accounts/profile.html", form=form, language_form=_language_form()
    ), status


def _language_form() -> LanguageForm:
    form = LanguageForm()
    if request.method == "GET":
        form.locale.data = current_user.locale.value
    return form


@auth_bp.route("/profile/language", methods=["POST"])
@login_required
def profile_language():
    """Store the interface language on the account (the profile form and the header's buttons)."""
    form = _language_form()
    if not form.validate_on_submit():
        # The profile page again, with the refused choice explained; nothing is stored.
        return render_template(
            "accounts/profile.html", form=PasswordForm(formdata=None), language_form=form
        ), 400
    current_user.locale = Language(form.locale.data)
    db.session.commit()
    session.pop("lang", None)  # the account's choice is the one that counts from now on
    flash(_("Your interface language is saved."), "success")
    return redirect(safe_next(request.form.get("next"), "auth.profile"))


def _require_admin() -> None:
    if not can_manage_users(current_user):
        raise Forbidden(_l("Only an administrator can manage users and organisations."))


@admin_bp.before_request
@login_required
def _admin_only():
    _require_admin()


def _user_form(user=None) -> UserForm:
    form = UserForm(obj=user)
    form.organisation_id.choices = [(0, _("— none —"))] + [
        (org.id, f"{org.name} ({org.kind.ui_label})") for org in services.list_organisations()
    ]
    if user is not None and request.method == "GET":
        form.organisation_id.data = user.organisation_id or 0
        form.role.data = user.role.value
        form.locale.data = user.locale.value
    return form


@admin_bp.route("/users")
def users():
    return render_template("accounts/users.html", users=services.list_users(current_user))


def _organisation_from_form(form: UserForm):
    org_id = form.organisation_id.data
    return services.get_organisation(current_user, org_id) if org_id else None


@admin_bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = _user_form()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user,
                username=form.username.data,
                password=form.password.data or "",
                role=form.role.data,
                full_name=form.full_name.data,
                email=form.email.data,
                organisation=_organisation_from_form(form),
                locale=form.locale.data,
            )
        except (Invalid, Conflict, NotFound) as error:
            status = _attach_errors(form, error)
        else:
            db.session.commit()
            flash(_("User %(username)s created.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("accounts/user_form.html", form=form, user=None), status


@admin_bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = services.get_user(current_user, user_id)
    form = _user_form(user)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            services.update_user(
                current_user,
                user,
                role=form.role.data,
                full_name=form.full_name.data,
                email=form.email.data,
                organisation=_organisation_from_form(form),
                active=form.active.data,
                locale=form.locale.data,
            )
            if form.password.data:
                services.set_password(current_user, user, form.password.data)
        except (Invalid, Conflict, NotFound) as error:
            status = _attach_errors(form, error)
        else:
            db.session.commit()
            flash(_("User %(username)s saved.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("accounts/user_form.html", form=form, user=user), status


@admin_bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    form = OrganisationForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                current_user, name=form.name.data, kind=form.kind.data
            )
        except (Invalid, Conflict) as error:
            status = _attach_errors(form, error)
        else:
            db.session.commit()
            flash(_("Organisation %(name)s added.", name=organisation.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template(
        "accounts/organisations.html", form=form, organisations=services.list_organisations()
    ), status


def _attach_errors(form, error: AppError) -> int:
    """Undo what the refused request changed and show the service's message (in the reader's
    language) above the form and beside each field it names; the form keeps what was typed
    (passwords aside). Returns the page's status."""
    db.session.rollback()
    message = str(error.message)
    form.form_errors.append(message)
    for name in error.extra.get("fields", {}):
        field = getattr(form, "organisation_id" if name == "organisation" else name, None)
        if field is not None:
            field.errors = [*field.errors, message]
    return error.status
