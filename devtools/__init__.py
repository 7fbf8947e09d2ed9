"""Developer tools: the demo town and synthetic bulk data (`demo`), benchmarks (`bench`), and their commands
(`cli`: `tsunagu demo-data`, `tsunagu bench`).

Never imported by the application (import-linter checks it): the commands reach the `tsunagu` CLI through the
`flask.commands` entry points, and `tsunagu init-db --demo` finds the demo town through the `tsunagu.demo` entry
point (both declared in pyproject.toml). The tools may import every package of the application.
"""
