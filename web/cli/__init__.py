"""The `thidua` command line: `web.cli.main` and one module per group of commands."""
