"""Benchmarks at province and national scale (issue #7): `python -m bench` writes bench/RESULTS.md."""
