"""Every benchmark module imports: the suites run only under `python -m bench`, never in the test suite, so
a name they use that the code no longer has would otherwise surface only at the next benchmark run."""

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOADED_BY_LOCUST = {"bench.soak.locustfile"}  # reads the soak's plan file when locust starts it


def bench_modules() -> list[str]:
    names = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in (ROOT / "bench").rglob("*.py")}
    return sorted(names - LOADED_BY_LOCUST)


@pytest.mark.parametrize("module", bench_modules())
def test_bench_module_imports(module):
    importlib.import_module(module)
