"""Alatau Legal: drafting, expert review and committee approval of Alatau City's acts."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request

from .extensions import (
    configure_sqlite,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
    read_only_request,
)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def resource_dir(name: str, installed_name: str | None = None) -> Path:
    """A folder the app reads at run time: inside the package in an installed wheel (setup.py
    puts it there), else beside the package in a checkout."""
    inside = PACKAGE_DIR / (installed_name or name)
    return inside if inside.is_dir() else PROJECT_DIR / name


def config_from_env():
    """The configuration classes: the wheel's copy inside the package, else the checkout's
    `config.py` at the top."""
    if (PACKAGE_DIR / "config.py").is_file():
        from .config import config_from_env as from_env
    else:
        from config import config_from_env as from_env
    return from_env()


def create_app(config: object | None = None, **overrides) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, CLI."""
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder="static",
    )
    app.config.from_object(config if config is not None else config_from_env())
    app.config.update(overrides)
    Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)
    app.instance_path = app.config["INSTANCE_DIR"]

    _init_extensions(app)
    _register_blueprints(app)

    from .errors import register_error_handlers
    from .request_guard import register_request_guard
    from .security import register_security

    register_error_handlers(app)
    register_security(app)
    register_request_guard(app)
    _register_cli(app)
    _register_template_helpers(app)
    return app


def _init_extensions(app: Flask) -> None:
    from . import (
        i18n,
        models,  # noqa: F401  (every table registered before anything queries)
    )
    from .accounts import passwords
    from .search import services as search

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    if app.config["RATELIMIT_STORAGE_URI"].startswith("database://"):
        # The limiter's counters go to the app's own database (alatau_legal/rate_limits.py).
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {
            "database_url": app.config["SQLALCHEMY_DATABASE_URI"]
        }
    limiter.init_app(app)
    passwords.configure(fast=app.config.get("PASSWORD_HASH_FAST", False))
    search.init_app(app)
    i18n.init_app(app)

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)

    @app.before_request
    def _mark_read_only() -> None:
        read_only_request.set(request.method in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _reset_read_only(_exc) -> None:
        read_only_request.set(False)


def _register_blueprints(app: Flask) -> None:
    from .accounts.views import admin_bp, auth_bp
    from .acts.views import bp as acts_bp
    from .api import bp as api_bp
    from .api.docs_page import bp as api_docs_bp
    from .committee.views import bp as committee_bp
    from .documents.views import bp as documents_bp
    from .notifications.views import bp as notifications_bp
    from .register.views import bp as register_bp
    from .review.views import bp as review_bp
    from .search.views import bp as search_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(acts_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(committee_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_docs_bp)
    csrf.exempt(api_bp)  # the API takes bearer tokens only, never the session cookie


def _register_cli(app: Flask) -> None:
    from .accounts.cli import users_cli
    from .acts.cli import acts_cli, demo_cli
    from .audit.cli import audit_cli
    from .committee.cli import deadlines_cli
    from .documents.cli import export_cli
    from .search.cli import search_cli

    app.cli.add_command(audit_cli)
    app.cli.add_command(deadlines_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(acts_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(search_cli)


def _register_template_helpers(app: Flask) -> None:
    from . import refusals
    from .ui import register_template_helpers

    refusals.init_app(app)

    register_template_helpers(app)


__all__ = ["create_app"]
