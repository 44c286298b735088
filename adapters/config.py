"""Settings from the environment (12-factor): one variable, THIDUA_DATABASE_URL, selects the store."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from domain.accounts_security import DEFAULT_REQUIRED_ROLES, TRUSTEE
from domain.values import Role

DEFAULT_INSTANCE = Path("instance")


class ConfigurationError(Exception):
    """Raised when a setting is missing or malformed: names the setting and the cause, in Vietnamese and English."""

    def __init__(self, setting: str, vi: str, en: str) -> None:
        super().__init__(f"{setting}: {en}")
        self.setting, self.vi, self.en = setting, vi, en


@dataclass(frozen=True)
class SmtpSettings:
    """THIDUA_SMTP_HOST/PORT/USER/PASSWORD/FROM/STARTTLS; no host: reminders wait in the outbox unsent."""

    host: str = ""
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "thidua@localhost"
    starttls: bool = False
    max_attempts: int = 8  # THIDUA_SMTP_MAX_ATTEMPTS: a row refused this often is a dead letter


@dataclass(frozen=True)
class Settings:
    database_url: str  # sqlite:///abs/path.sqlite or postgresql://user@host:port/db
    secret_key: str
    environment: str  # development | production | test
    instance_path: Path
    max_upload_bytes: int = 10 * 1024 * 1024
    idempotency_ttl: timedelta = timedelta(hours=24)  # how long an API command's Idempotency-Key is remembered
    ratelimit_storage_uri: str = ""  # where failed sign-ins are counted: "" is the store itself (shared by all workers)
    response_cache_bytes: int = 32 * 1024 * 1024  # read-model answers kept per web worker (0 keeps none)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)  # where reminders are sent (adapters.mail)
    reminder_lead_days: int = 3  # working days before a deadline that its reminder is sent
    public_url: str = "http://localhost:8000"  # the links in e-mails
    two_factor_roles: tuple[str, ...] = DEFAULT_REQUIRED_ROLES  # who must sign in with a second factor
    webhook_secret_overlap: timedelta = timedelta(hours=24)  # how long a rotated-out webhook secret still signs

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> str:
        return self.database_url.removeprefix("sqlite:///")

    @property
    def sqlalchemy_url(self) -> str:
        if self.is_sqlite:
            return self.database_url
        parts = urlsplit(self.database_url)
        return parts._replace(scheme="postgresql+psycopg").geturl()


def normalise_database_url(value: str, instance_path: Path) -> str:
    """Accept a SQLite path, a sqlite:/// URL or a PostgreSQL URL; default to a file in the instance folder."""
    if not value:
        return f"sqlite:///{(instance_path / 'thidua.sqlite').resolve()}"
    if value.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return "postgresql://" + value.split("://", 1)[1]
    if value.startswith("sqlite:///"):
        return f"sqlite:///{Path(value.removeprefix('sqlite:///')).resolve()}"
    if "://" in value:
        scheme = value.split("://")[0]
        raise ConfigurationError(
            "THIDUA_DATABASE_URL", f"không hỗ trợ kho dữ liệu «{scheme}» (dùng SQLite hoặc PostgreSQL).",
            f"unsupported store «{scheme}» (use SQLite or PostgreSQL).",
        )
    return f"sqlite:///{Path(value).resolve()}"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read THIDUA_* variables; SECRET_KEY is required outside development and tests."""
    env = dict(os.environ if environ is None else environ)
    environment = str(overrides.get("environment") or env.get("THIDUA_ENV", "development"))
    instance_path = Path(str(overrides.get("instance_path") or env.get("THIDUA_INSTANCE", DEFAULT_INSTANCE))).resolve()
    secret_key = str(overrides.get("secret_key") or env.get("THIDUA_SECRET_KEY", ""))
    if not secret_key:
        if environment == "production":
            raise ConfigurationError("THIDUA_SECRET_KEY", "phải được đặt khi chạy thật (production).", "must be set in production.")
        secret_key = "dev-only-not-secret"
    url = normalise_database_url(str(overrides.get("database_url") or env.get("THIDUA_DATABASE_URL", "")), instance_path)
    return Settings(
        database_url=url, secret_key=secret_key, environment=environment, instance_path=instance_path,
        idempotency_ttl=timedelta(hours=positive_number(env, "THIDUA_IDEMPOTENCY_TTL_HOURS", 24)),
        ratelimit_storage_uri=env.get("THIDUA_RATELIMIT_STORAGE_URI", ""),
        response_cache_bytes=int(non_negative_number(env, "THIDUA_RESPONSE_CACHE_MB", 32) * 1024 * 1024),
        smtp=SmtpSettings(
            host=env.get("THIDUA_SMTP_HOST", ""), port=int(positive_number(env, "THIDUA_SMTP_PORT", 25)),
            user=env.get("THIDUA_SMTP_USER", ""), password=env.get("THIDUA_SMTP_PASSWORD", ""),
            sender=env.get("THIDUA_SMTP_FROM", "thidua@localhost"),
            starttls=env.get("THIDUA_SMTP_STARTTLS", "").lower() in ("1", "true", "yes"),
            max_attempts=int(positive_number(env, "THIDUA_SMTP_MAX_ATTEMPTS", 8)),
        ),
        reminder_lead_days=int(non_negative_number(env, "THIDUA_REMINDER_LEAD_DAYS", 3)),
        public_url=env.get("THIDUA_PUBLIC_URL", "http://localhost:8000").rstrip("/"),
        two_factor_roles=role_list(env, "THIDUA_TWO_FACTOR_ROLES", DEFAULT_REQUIRED_ROLES),
        webhook_secret_overlap=timedelta(hours=non_negative_number(env, "THIDUA_WEBHOOK_SECRET_OVERLAP_HOURS", 24)),
    )


def positive_number(env: Mapping[str, str], name: str, default: float) -> float:
    number = non_negative_number(env, name, default)
    if number == 0:
        raise ConfigurationError(name, "phải lớn hơn 0.", "must be greater than zero.")
    return number


def non_negative_number(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "")
    try:
        number = float(value) if value else default
    except ValueError:
        raise ConfigurationError(name, f"phải là một số, không phải «{value}».", f"must be a number, not «{value}».") from None
    if number < 0:
        raise ConfigurationError(name, "không được âm.", "must not be negative.")
    return number


def role_list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Role codes separated by commas (an empty value names none); each must be a role people hold."""
    if name not in env:
        return default
    roles = tuple(dict.fromkeys(r.strip() for r in env[name].split(",") if r.strip()))
    known = {r.value for r in Role} - {Role.SYSTEM.value} | {TRUSTEE}
    unknown = [r for r in roles if r not in known]
    if unknown:
        codes = ", ".join(sorted(known))
        raise ConfigurationError(name, f"không có vai trò «{unknown[0]}» (dùng: {codes}).", f"no role «{unknown[0]}» (use: {codes}).")
    return roles
