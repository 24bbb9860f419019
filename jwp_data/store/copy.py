"""`python -m jwp_data store copy SRC DST`: copy a whole version store between SQLite and PostgreSQL.

Every row of every table is copied with its id, in one transaction on the destination (which must be
empty), then checked: each stored file's bytes must hash to its sha256 on the destination, and every
table must hold the same rows as the source (compared by a digest of its rows).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from jwp_data.i18n import DEFAULT_LANGUAGE, t
from jwp_data.store.base import ProgrammeReader, Store
from jwp_data.store.errors import StoreError, shown_location
from jwp_data.store.location import is_postgres_location, open_store
from jwp_data.store.sql import TABLES


@dataclass(frozen=True)
class CopyReport:
    versions: int
    audit_entries: int
    programmes: int


def table_digest(rows: list[tuple]) -> str:
    """A content hash of a table's rows, independent of the backend's row order and number types."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=repr):
        digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
    return digest.hexdigest()


def copy_store(source: Store, destination: Store) -> CopyReport:
    """Copy everything in `source` into the empty `destination`; raises StoreError if it cannot, or if the
    copy does not match (the destination's transaction then has already committed: say so, and keep the source)."""
    source.check()  # never spread a damaged store
    rows = source.dump()
    destination.load(rows)
    copied = destination.dump()
    for version_id, sha in ((r[0], r[1]) for r in copied["versions"]):
        if hashlib.sha256(destination.data(version_id)).hexdigest() != sha:  # data() checks too; say which
            raise StoreError("corrupt", f"version {version_id} does not match its sha256 after the copy")
    for table in TABLES:
        if table_digest(rows[table]) != table_digest(copied[table]):
            raise StoreError("corrupt", f"the table {table} differs after the copy")
    return CopyReport(len(rows["versions"]), len(rows["audit"]), len(rows["programmes"]))


shown = shown_location  # a location for messages: a URL without its password


def run(
    source: str, destination: str, read_programme: ProgrammeReader | None = None, lang: str = DEFAULT_LANGUAGE
) -> int:
    """The command: 0 copied and verified, 1 the stores could not be copied (the reason is printed), 2 no such
    source store. `read_programme` lets an old source store be upgraded before it is copied."""
    if not is_postgres_location(source) and not Path(source).expanduser().is_file():
        print(t("cli.store.no_store", lang, location=source), file=sys.stderr)
        return 2
    try:
        report = copy_store(open_store(source, read_programme=read_programme), open_store(destination))
    except StoreError as exc:
        failed = t("cli.store.failed", lang, location=shown(destination), reason=exc.reason, kind=exc.kind)
        print(failed, file=sys.stderr)
        return 1
    counts = {
        "versions": t("cli.store.versions", lang, n=report.versions),
        "audit_entries": t("cli.store.audit_entries", lang, n=report.audit_entries),
        "programmes": t("cli.store.programmes", lang, n=report.programmes),
    }
    print(t("cli.store.copied", lang, source=shown(source), destination=shown(destination), **counts))
    return 0
