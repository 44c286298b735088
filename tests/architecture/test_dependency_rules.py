"""The dependency rule: domain imports no framework and no outer layer; projections no web or adapters."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "domain": {"domain", "eventsourcing", "rbcl", "argon2"},  # rbcl, argon2: the secret ballot (domain.ballot)
    "projections": {"projections", "domain", "eventsourcing", "sqlalchemy"},
    "adapters": {"adapters", "domain", "projections", "eventsourcing", "sqlalchemy", "psycopg", "argon2", "openpyxl", "weasyprint", "jinja2", "cachetools", "limits", "python_calamine", "docx", "docxtpl", "pyotp", "standardwebhooks", "email_validator"},
}


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_it_may(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {p: names for p, names in offenders.items() if names} == {}


def test_web_reaches_adapters_only_from_the_factory_and_the_cli_modules():
    users = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "web").rglob("*.py")
        if "adapters" in imported_packages(path)
    }
    assert all(path == "web/__init__.py" or path.startswith("web/cli") for path in users), users
