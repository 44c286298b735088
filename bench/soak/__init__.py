"""Load and soak test: a mixed locust workload against gunicorn and the projection worker on PostgreSQL
(`python -m bench.soak --minutes 10 --users 24`; figures in bench/SOAK.md)."""
