"""Developer tools: the demo town and synthetic bulk data (`demo`), benchmarks (`bench`), and their commands.

Never imported by the application (import-linter checks it): the commands reach the `tsunagu` CLI through
entry points (devtools.cli). The tools may import every package of the application.
"""
