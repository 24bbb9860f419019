"""Command line: `python -m jwp_data validate FILE [--json]` and `python -m jwp_data summary FILE --json`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jwp_data.method import summary
from jwp_data.validate import validate_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m jwp_data", description="Check and summarise a JWP performance workbook."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="list the problems in a workbook")
    validate.add_argument("file")
    validate.add_argument("--json", action="store_true", help="print the result as JSON")
    validate.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    summarise = commands.add_parser("summary", help="print the figures the dashboard shows")
    summarise.add_argument("file")
    summarise.add_argument("--json", action="store_true", required=True, help="print the summary as JSON")
    summarise.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    store = commands.add_parser("store", help="manage the version store")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    copy = store_commands.add_parser(
        "copy", help="copy a whole store (SQLite file or postgresql:// URL) to an empty one"
    )
    copy.add_argument("source")
    copy.add_argument("destination")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 valid, 1 errors or unreadable, 2 usage)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    if args.command == "store":
        from jwp_data import store_copy

        return store_copy.run(args.source, args.destination)
    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_workbook(path)
    if args.command == "summary" and result.valid:
        _print_json(summary(result.matrix))
        return EXIT_OK
    if args.json:
        _print_json(result.to_dict(args.lang))
    else:
        for issue in result.issues:
            print(issue.line(args.lang))
        errors, warnings = len(result.errors), len(result.warnings)
        print(f"{path.name}: {'valid' if result.valid else 'not valid'} ({errors} error(s), {warnings} warning(s))")
    return EXIT_OK if result.valid else EXIT_INVALID


def _print_json(document: dict) -> None:
    # Indented for a person at a terminal; compact (and much faster) when piped to a program.
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
