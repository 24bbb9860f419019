"""Command line: `python -m jwp_data validate FILE [--json]`, `summary FILE --json`, `store copy SRC DST`, `password`,
`export annex FILE -o annex.docx`, `export iati FILE -o OUT`, `import iati FILE -o OUT`; each speaks the language
`--lang` names (ar, en, es, fr, ru, zh; English by default)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import replace
from pathlib import Path

from jwp_data import password as passwords
from jwp_data import settings
from jwp_data.export.iati import MAX_XML_BYTES, MissingFields, iati_bytes, iati_problems
from jwp_data.export.iati_read import IatiReadError, Refusal, iati_workbook_bytes
from jwp_data.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from jwp_data.i18n.format import format_number
from jwp_data.method.assessment import summary
from jwp_data.workbook import sandbox
from jwp_data.workbook.model import Programme
from jwp_data.workbook.schema import SHEETS
from jwp_data.workbook.validate import Validation, validate_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m jwp_data", description="Check and summarise a JWP performance workbook."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="list the problems in a workbook")
    validate.add_argument("file")
    validate.add_argument("--json", action="store_true", help="print the result as JSON")
    _add_language(validate)
    summarise = commands.add_parser("summary", help="print the figures the dashboard shows")
    summarise.add_argument("file")
    summarise.add_argument("--json", action="store_true", required=True, help="print the summary as JSON")
    _add_language(summarise)
    store = commands.add_parser("store", help="manage the version store")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    copy = store_commands.add_parser(
        "copy", help="copy a whole store (SQLite file or postgresql:// URL) to an empty one"
    )
    copy.add_argument("source")
    copy.add_argument("destination")
    _add_language(copy)
    export = commands.add_parser("export", help="write a file people take away")
    exports = export.add_subparsers(dest="export_command", required=True)
    _add_export_annex(exports)
    _add_iati_export(exports)
    _add_iati_import(commands)
    password = commands.add_parser(
        "password",
        help=f"print the secret {settings.PASSWORD_HASH_SECRET.name} for an editors' password"
        " (asked for at a terminal, else one line read from stdin)",
    )
    _add_language(password)
    return parser


def _add_language(command: argparse.ArgumentParser, what: str = "the messages") -> None:
    command.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=f"language of {what}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 valid, 1 errors or unreadable, 2 usage)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    if args.command == "password":
        return _password_secret(args.lang)
    if args.command == "export" and args.export_command == "iati":
        return _export_iati(args)
    if args.command == "import":
        return _import_iati(args)
    if args.command == "export" and args.export_command == "annex":
        return _export_annex(args)
    if args.command == "store":
        from jwp_data.store import copy

        return copy.run(args.source, args.destination, read_programme=stored_programme, lang=args.lang)
    path = Path(args.file)
    if not path.is_file():
        print(t("cli.no_such_file", args.lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    # Indented for a person at a terminal; compact (and much faster) when piped to a program.
    indent = 2 if sys.stdout.isatty() else None
    options = (args.command, args.json, args.lang, indent)
    try:
        # The file is read in a worker process with memory and time limits: whatever the file does, this
        # process answers with an exit code and the list of problems, never a signal or a traceback.
        code, text = sandbox.call(_answer, path, *options)
    except sandbox.WorkerStopped as stopped:
        code, text = _report(Validation(None, (stopped.issue,)), path, *options)
    sys.stdout.write(text)
    return code


def _password_secret(lang: str) -> int:
    """Ask for the editors' password (twice at a terminal) and print its scrypt secret; 2 if none was given."""
    if sys.stdin.isatty():
        typed = getpass.getpass(t("cli.password.ask", lang) + " ")
        if getpass.getpass(t("cli.password.again", lang) + " ") != typed:
            print(t("cli.password.differ", lang), file=sys.stderr)
            return EXIT_USAGE
    else:
        typed = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not typed:
        print(t("cli.password.none", lang), file=sys.stderr)
        return EXIT_USAGE
    print(passwords.hash_password(typed))
    return EXIT_OK


def stored_programme(data: bytes) -> Programme | None:
    """The programme a stored workbook names (None if it no longer validates): what a store upgrade reads."""
    matrix = validate_workbook(data).matrix
    return None if matrix is None else matrix.programme


def _answer(path: Path, command: str, as_json: bool, lang: str, indent: int | None) -> tuple[int, str]:
    """Exit code and output for one file (run in the worker)."""
    return _report(validate_workbook(path), path, command, as_json, lang, indent)


def in_place_order(result: Validation) -> Validation:
    """The same validation with its issues as a reader walks the file: workbook-wide first, then sheet by
    sheet in the workbook's order, row by row (issues at one place keep the order they were found in)."""
    sheets = {sheet.name: index for index, sheet in enumerate(SHEETS)}

    def place(issue) -> tuple[int, int]:
        sheet = -1 if issue.sheet is None else sheets.get(issue.sheet, len(sheets))
        return sheet, issue.row or 0

    return replace(result, issues=tuple(sorted(result.issues, key=place)))


def _report(result: Validation, path: Path, command: str, as_json: bool, lang: str, indent) -> tuple[int, str]:
    result = in_place_order(result)
    if command == "summary" and result.valid:
        return EXIT_OK, _json(summary(result.matrix), indent)
    if as_json:
        text = _json(result.to_dict(lang), indent)
    else:
        lines = [issue.line(lang) for issue in result.issues] + [verdict(result, path.name, lang)]
        text = "\n".join(lines) + "\n"
    return (EXIT_OK if result.valid else EXIT_INVALID), text


def verdict(result: Validation, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The last line of `validate`: the file, valid or not, and its counts of errors and warnings."""
    counts = {
        "errors": t("cli.errors", lang, n=len(result.errors)),
        "warnings": t("cli.warnings", lang, n=len(result.warnings)),
    }
    return t("cli.valid" if result.valid else "cli.not_valid", lang, file=name, **counts)


def _json(document: dict, indent: int | None) -> str:
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


# --- IATI results: `export iati FILE -o results.xml` and `import iati results.xml -o workbook.xlsx` ---------------


def _add_iati_export(exports) -> None:
    iati = exports.add_parser(
        "iati", help="the results as IATI 2.03 activity XML, checked against the schema and the IATI rules"
    )
    iati.add_argument("file")
    iati.add_argument("-o", "--output", required=True, help="the XML file to write")
    _add_language(iati)


def _add_iati_import(commands) -> None:
    reading = commands.add_parser("import", help="make a workbook from a file of another format")
    formats = reading.add_subparsers(dest="import_command", required=True)
    iati = formats.add_parser("iati", help="one IATI activity's results as a workbook")
    iati.add_argument("file")
    iati.add_argument("-o", "--output", required=True, help="the .xlsx workbook to write")
    iati.add_argument("--activity", help="the iati-identifier of the activity to read, when the file holds several")
    _add_language(iati)


def _export_iati(args) -> int:
    return _in_worker(args, _iati_export_answer, args.lang)


def _import_iati(args) -> int:
    return _in_worker(args, _iati_import_answer, args.activity, args.lang)


def _in_worker(args, answer, *options) -> int:
    """Read the input in a limited worker (it is untrusted), then write what it made; problems go to stderr."""
    path = Path(args.file)
    if not path.is_file():
        print(t("cli.no_such_file", args.lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    try:
        code, message, data = sandbox.call(answer, path, *options)
    except sandbox.WorkerStopped as stopped:
        code, message, data = EXIT_INVALID, stopped.issue.message(args.lang) + "\n", None
    sys.stderr.write(message)
    if data is None:
        return code
    Path(args.output).write_bytes(data)
    print(t("iati.cli.wrote", args.lang, path=args.output))
    return EXIT_OK


def _iati_export_answer(path: Path, lang: str) -> tuple[int, str, bytes | None]:
    """In the worker: (exit code, message, XML bytes or None) for a workbook."""
    result = validate_workbook(path)
    if not result.valid:
        return EXIT_INVALID, _report(result, path, "validate", False, lang, None)[1], None
    try:
        data = iati_bytes(result.matrix)
    except MissingFields as missing:
        return EXIT_INVALID, missing.message(lang) + "\n", None
    problems = iati_problems(data)
    if problems:  # a defect of the export itself, never of the workbook: say exactly where
        return EXIT_INVALID, "".join(t("cli.iati_check_failed", lang, problem=p) + "\n" for p in problems), None
    return EXIT_OK, "", data


def _iati_import_answer(path: Path, activity: str | None, lang: str) -> tuple[int, str, bytes | None]:
    """In the worker: (exit code, message, workbook bytes or None) for an IATI file."""
    if path.stat().st_size > MAX_XML_BYTES:
        return EXIT_INVALID, Refusal("too_large", context=(("mb", MAX_XML_BYTES // 2**20),)).text(lang) + "\n", None
    try:
        return EXIT_OK, "", iati_workbook_bytes(path.read_bytes(), activity)
    except IatiReadError as refused:
        return EXIT_INVALID, "".join(refusal.text(lang) + "\n" for refusal in refused.refusals), None


# --- export annex: the Word annex of the report to the Conference of the Parties -----------------------------


def _add_export_annex(exports) -> None:
    annex = exports.add_parser("annex", help="the Word annex 'Performance by expected accomplishment'")
    annex.add_argument("file")
    annex.add_argument("-o", "--output", required=True, help="the .docx file to write")
    _add_language(annex, "the annex")
    annex.add_argument("--symbol", default="", help="document symbol, e.g. ICCD/COP(10)/11 (else a placeholder)")
    annex.add_argument("--session", default="", help="session, e.g. 'Tenth session' (else a placeholder)")
    annex.add_argument("--agenda-item", default="", help="agenda item, e.g. 7(b) (else a placeholder)")


def _export_annex(args) -> int:
    """Read the workbook in the worker, build the annex there, write it; the problems and exit 1 when invalid."""
    path, output = Path(args.file), Path(args.output)
    if not path.is_file():
        print(t("cli.no_such_file", args.lang, file=args.file), file=sys.stderr)
        return EXIT_USAGE
    front = (args.symbol, args.session, args.agenda_item)
    try:
        code, data = sandbox.call(_annex_answer, path, args.lang, front)
    except sandbox.WorkerStopped as stopped:
        code, data = _report(Validation(None, (stopped.issue,)), path, "validate", False, args.lang, None)
    if code != EXIT_OK:
        sys.stdout.write(data)
        return code
    try:
        output.write_bytes(data)
    except OSError as exc:
        print(t("cli.cannot_write", args.lang, file=args.output, reason=exc.strerror or exc), file=sys.stderr)
        return EXIT_USAGE
    size = format_number(len(data), args.lang, 0)
    print(t("cli.annex_written", args.lang, file=output, size=size, n=len(data)))
    return EXIT_OK


def _annex_answer(path: Path, lang: str, front: tuple[str, str, str]) -> tuple[int, bytes | str]:
    """(0, the .docx bytes) for a valid workbook, else (1, the problems as text); run in the worker."""
    from jwp_data.export.annex import FrontPart, annex_bytes
    from jwp_data.method.assessment import assess

    result = validate_workbook(path)
    if not result.valid:
        return _report(result, path, "validate", False, lang, None)
    return EXIT_OK, annex_bytes(assess(result.matrix), result.matrix, lang, FrontPart(*front))
