"""Configuration from the environment: defaults, and production's refusal without a secret."""

from __future__ import annotations

import pytest

from config import DevelopmentConfig, ProductionConfig, config_from_env


def test_development_defaults_to_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ALATAU_INSTANCE_DIR", str(tmp_path))
    config = DevelopmentConfig()
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'alatau.sqlite3'}"
    assert len(config.SECRET_KEY) >= 32
    assert DevelopmentConfig().SECRET_KEY == config.SECRET_KEY  # kept per instance
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize("secret", [None, "", "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, secret):
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()


def test_production_with_a_secret_uses_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/alatau")
    config = ProductionConfig()
    assert config.SESSION_COOKIE_SECURE is True
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://db/alatau"


def test_mail_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALATAU_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.kz")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    config = DevelopmentConfig()
    assert (config.MAIL_SERVER, config.MAIL_PORT, config.MAIL_USE_TLS) == (
        "smtp.example.kz",
        587,
        True,
    )


def test_bad_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("ALATAU_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="ALATAU_CONFIG"):
        config_from_env()
    monkeypatch.setenv("ALATAU_CONFIG", "development")
    monkeypatch.setenv("MAIL_PORT", "twenty-five")
    with pytest.raises(RuntimeError, match="MAIL_PORT"):
        config_from_env()
