"""Decisions: append-only, each hash-chained to the one before it, the head anchored.

`record_hash = sha256(canonical_json([record, prev_hash]))`. Editing a stored record,
deleting one or changing the order breaks the chain, and `verify_chain` says where.
The record repeats every field a person is shown — `seq`, `project`, `outcome`,
`plan_hash`, `prev_hash` and the time, `decided_at` — so editing one of those columns
is caught too. Since hash version 2 the `created_at` column is set to the signed
`decided_at` and must equal it; `phaseone decisions list` shows the signed time only.

A chain alone cannot show that its newest records were deleted (what is left is a valid,
shorter chain). So every append also writes a line to a *head anchor* file outside the
database (`head_file`: beside an SQLite store, else in the workspace's `.phaseone/`), and
`verify_chain` checks that every decision it names is still there with the same hash.
The gate prints the newest hash too, for keeping elsewhere (a PR, a ticket, a CI log) and
checking later with `--anchor`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from phaseone.errors import StoreError, UsageError
from phaseone.store.database import Store
from phaseone.store.models import Decision
from phaseone.store.types import parse_aware


def canonical_json(value: Any) -> str:
    """One byte-exact JSON form: sorted keys, no spaces, non-JSON values as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The record exactly as it will read back from a JSON column."""
    out: dict[str, Any] = json.loads(canonical_json(record))
    return out


def record_hash(record: dict[str, Any], prev_hash: str | None) -> str:
    return hashlib.sha256(canonical_json([record, prev_hash]).encode()).hexdigest()


#: Records of this version carry `hash_version` and their `created_at` column equals the
#: signed `decided_at`; older ones (no `hash_version`) left that column unchecked.
HASH_VERSION = 2
#: What the hash covers, as `phaseone decisions verify` says it.
FIELDS_COVERED = (
    "seq, project, outcome, plan_hash, prev_hash, decided_at (the only time shown; the"
    " created_at column must equal it) and the whole record: checks, evidence, metric,"
    " owner, cost, reasons"
)
HEAD_FILE_NAME = "decisions.head"


def head_file(store: Store, base_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Where the head anchor of `store`'s decisions lives, outside the database.

    Beside an SQLite file (`.phaseone/decisions.head` by default): whoever deletes a row
    must then also edit a second file. For PostgreSQL (or an in-memory SQLite) it is the
    workspace's `.phaseone/decisions.head` (`base_dir`): NOT a table of the same database,
    because whoever can delete a decision row can rewrite any row there too. That file is
    only as lasting as the workspace that ran the gate, so a CI job should keep it (or the
    gate's printed head hash) as an artifact and check it with `--anchor`."""
    url = make_url(store.url)
    if url.get_backend_name() == "sqlite":
        db = url.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            return Path(db).resolve().parent / HEAD_FILE_NAME
    if base_dir is None:
        return None
    return Path(base_dir) / ".phaseone" / HEAD_FILE_NAME


@dataclass(frozen=True)
class HeadEntry:
    """One line of the head anchor file: the newest decision at the time it was written."""

    project: str
    seq: int
    record_hash: str
    line: int = 0


def write_head(path: Path, project: str, seq: int, hash_: str, decided_at: str) -> None:
    """Append one line (JSON) naming the newest decision; the file only grows, so a
    decision deleted and then followed by a new one is still named."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = canonical_json(
        {"project": project, "seq": seq, "record_hash": hash_, "decided_at": decided_at}
    )
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


#: A head file larger than this is not read (it holds one short line per decision).
MAX_HEAD_BYTES = 16 * 1024 * 1024


def read_head(path: Path, project: str) -> tuple[list[HeadEntry], list[str]]:
    """The lines of `path` for `project`, and a problem per line that cannot be read."""
    if path.stat().st_size > MAX_HEAD_BYTES:
        return [], [f"{path}: larger than {MAX_HEAD_BYTES} bytes, not read"]
    entries: list[HeadEntry] = []
    problems: list[str] = []
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
            entry = HeadEntry(str(item["project"]), int(item["seq"]), str(item["record_hash"]), n)
        except (ValueError, KeyError, TypeError):
            problems.append(f"{path}:{n}: not a head anchor line (edited?): {text[:80]!r}")
            continue
        if entry.project == project:
            entries.append(entry)
    return entries, problems


def signed_time(row: Decision) -> str | None:
    """The time a person is shown for a decision: the signed `decided_at` (ISO, UTC)."""
    rec = row.record if isinstance(row.record, dict) else {}
    value = rec.get("decided_at")
    return str(value) if value else None


def append_decision(
    store: Store, project: str, record: dict[str, Any], *, head: Path | None = None
) -> Decision:
    """Store `record` as the next decision of `project`; fills in `seq` and `prev_hash`.

    Args:
        record: the full decision record; must carry `outcome` and `plan_hash`.
            `seq` and `prev_hash` are set here so callers cannot break the chain;
            `decided_at` (now, when missing) becomes the row's `created_at` too.
        head: the head anchor file (`head_file`) to append this decision to.
    """
    decided = record.get("decided_at") or dt.datetime.now(dt.UTC).isoformat()
    at = parse_aware(str(decided))
    for attempt in range(5):
        try:
            with store.session() as s:
                row = add_next_decision(s, project, record, at)
            break
        except IntegrityError:
            if attempt == 4:
                raise StoreError(
                    "could not append the decision: another process keeps writing decisions",
                    fix="run `phaseone gate` again",
                ) from None
    anchor_decision(head, project, row)
    return row


def add_next_decision(
    s: Session, project: str, record: dict[str, Any], at: dt.datetime
) -> Decision:
    """Add `record` as the next decision of `project` inside the caller's transaction.

    Other writes of the same transaction (a canary step, `store.canary_queries`) then
    commit with the decision or not at all. An `IntegrityError` on flush means another
    process took this `seq` first: the caller rolls back and tries again."""
    last = s.scalars(
        select(Decision).where(Decision.project == project).order_by(Decision.seq.desc()).limit(1)
    ).first()
    seq = (last.seq + 1) if last else 1
    prev = last.record_hash if last else None
    rec = normalise(
        {
            **record,
            "seq": seq,
            "project": project,
            "prev_hash": prev,
            "decided_at": at.isoformat(),
            "hash_version": HASH_VERSION,
        }
    )
    row = Decision(
        project=project,
        seq=seq,
        outcome=str(rec["outcome"]),
        plan_hash=str(rec["plan_hash"]),
        record=rec,
        prev_hash=prev,
        record_hash=record_hash(rec, prev),
        created_at=at,
    )
    s.add(row)
    s.flush()
    return row


def anchor_decision(head: Path | None, project: str, row: Decision) -> None:
    """Append a committed decision to the head anchor file (after its commit: a line
    naming a decision that was rolled back would read as a deleted decision)."""
    if head is None:
        return
    try:
        write_head(head, project, row.seq, row.record_hash, str(row.record["decided_at"]))
    except OSError as exc:
        raise StoreError(
            f"decision {row.seq} is stored, but its head anchor could not be written to"
            f" {head}: {exc}",
            fix="make that directory writable, then run `phaseone decisions verify`",
        ) from exc


#: The outcome prefix of the steps of automatic canary decisions (`slo/canary.py`): they
#: share the chain with the gate's decisions but are not the project's GO / NO-GO.
CANARY_PREFIX = "CANARY-"


def gate_decision() -> ColumnElement[bool]:
    """SQL condition: a gate decision (GO / NO-GO / INCONCLUSIVE), not a canary step."""
    return ~Decision.outcome.startswith(CANARY_PREFIX)


def list_decisions(store: Store, project: str) -> list[Decision]:
    with store.session() as s:
        return list(
            s.scalars(
                select(Decision).where(Decision.project == project).order_by(Decision.seq)
            ).all()
        )


def get_decision(store: Store, project: str, seq: int | None = None) -> Decision:
    """Decision `seq` (any kind), or the newest gate decision when `seq` is None."""
    with store.session() as s:
        q = select(Decision).where(Decision.project == project)
        if seq is None:
            q = q.where(gate_decision()).order_by(Decision.seq.desc()).limit(1)
        else:
            q = q.where(Decision.seq == seq)
        row = s.scalars(q).first()
    if row is None:
        what = f"decision {seq}" if seq is not None else "any decision"
        raise UsageError(
            f"the store has no {what} for project {project!r}",
            fix="run `phaseone gate` first; `phaseone decisions list` shows what exists",
        )
    return row


def last_go(store: Store, project: str) -> Decision | None:
    with store.session() as s:
        return s.scalars(
            select(Decision)
            .where(Decision.project == project, Decision.outcome == "GO")
            .order_by(Decision.seq.desc())
            .limit(1)
        ).first()


def count_decisions(store: Store, project: str) -> int:
    with store.session() as s:
        return int(
            s.scalar(select(func.count()).select_from(Decision).where(Decision.project == project))
            or 0
        )


@dataclass
class ChainReport:
    """What `verify_chain` found: `ok` only when every link holds."""

    count: int = 0
    head_hash: str | None = None
    head_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    #: The head anchor file looked at (None: there is none for this store).
    head_path: Path | None = None
    #: Lines of that file naming this project's decisions, all checked.
    head_entries: int = 0
    #: True when this verify wrote the file's first line (a store older than the anchor).
    head_started: bool = False
    #: Decisions newer than the newest the anchor file names (appended from elsewhere).
    unanchored: int = 0
    #: Decisions stored before hash version 2: their created_at column is not covered.
    legacy: int = 0
    anchors_found: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    store: Store,
    project: str,
    anchors: Sequence[str] = (),
    *,
    head: Path | None = None,
    start_head: bool = True,
) -> ChainReport:
    """Recompute every hash and link; report edited, deleted and reordered records.

    Args:
        anchors: record hashes (or their first 12+ characters) kept outside the store —
            the gate's output in a CI log, a report in a ticket; each must still be in
            the chain.
        head: the head anchor file (`head_file`). Every decision it names must still be
            in the chain with the same hash: this is what catches a deleted newest
            decision without the user keeping anything.
        start_head: when `head` names no decision of `project` yet (a store from before
            the anchor existed) and the chain holds, write its head there now.
    """
    rows = list_decisions(store, project)
    report = ChainReport(count=len(rows), head_path=head)
    prev_hash: str | None = None
    expected_seq = 1
    for row in rows:
        where = f"decision {row.seq}"
        if row.seq != expected_seq:
            report.problems.append(
                f"{where}: expected seq {expected_seq} — decision(s) "
                f"{expected_seq}..{row.seq - 1} were deleted"
            )
        if row.prev_hash != prev_hash:
            report.problems.append(
                f"{where}: prev_hash does not match the record before it "
                "(a record was deleted, inserted or reordered)"
            )
        rec = row.record if isinstance(row.record, dict) else {}
        actual = record_hash(rec, row.prev_hash)
        if actual != row.record_hash:
            report.problems.append(
                f"{where}: the record was edited after it was stored (hash {actual[:12]}… "
                f"≠ stored {row.record_hash[:12]}…)"
            )
        for col, value in (
            ("seq", row.seq),
            ("outcome", row.outcome),
            ("plan_hash", row.plan_hash),
            ("project", row.project),
        ):
            if rec.get(col, value if col == "project" else None) != value:
                report.problems.append(
                    f"{where}: column {col}={value!r} differs from the signed record "
                    f"({rec.get(col)!r})"
                )
        if rec.get("prev_hash", prev_hash) != row.prev_hash:
            report.problems.append(f"{where}: prev_hash column differs from the signed record")
        version = rec.get("hash_version", 1)
        if not isinstance(version, int):
            report.problems.append(f"{where}: hash_version {version!r} is not a version")
        elif version >= 2:
            report.problems += _created_at_problems(where, row, rec)
        else:
            report.legacy += 1
        prev_hash = row.record_hash
        expected_seq = row.seq + 1
    report.head_hash = prev_hash
    report.head_seq = rows[-1].seq if rows else None
    by_seq = {row.seq: row for row in rows}
    if head is not None and head.exists():
        entries, unreadable = read_head(head, project)
        report.problems += unreadable
        report.head_entries = len(entries)
        _check_head(report, entries, by_seq, head)
    if head is not None and start_head and rows and report.ok and report.head_entries == 0:
        last = rows[-1]
        write_head(head, project, last.seq, last.record_hash, signed_time(last) or "")
        report.head_started = True
        report.head_entries = 1
    hashes = [row.record_hash for row in rows]
    for anchor in anchors:
        a = anchor.strip().lower()
        if len(a) < 12:
            report.problems.append(f"anchor {anchor!r}: give at least 12 characters of a hash")
        elif not any(h.startswith(a) for h in hashes):
            report.problems.append(
                f"anchor {a[:16]}…: no stored decision has this hash — the decision it names"
                " was deleted, or the log was rewritten after it"
            )
        else:
            report.anchors_found += 1
    return report


class DecisionLogError(StoreError):
    """The decision log cannot take a new decision: its chain or its head anchor is broken,
    or this workspace's log belongs to another project (exit 2, nothing appended)."""


#: How many problems the gate's refusal lists (`phaseone decisions verify` lists them all).
_SHOWN_PROBLEMS = 5


def head_projects(path: Path) -> set[str]:
    """Every project the head anchor file names (all lines, unreadable ones skipped)."""
    if not path.exists() or path.stat().st_size > MAX_HEAD_BYTES:
        return set()
    out: set[str] = set()
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            out.add(str(json.loads(text)["project"]))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def store_projects(store: Store) -> set[str]:
    with store.session() as s:
        return {str(p) for p in s.scalars(select(Decision.project).distinct()).all()}


def check_log_before_append(store: Store, project: str, head: Path | None) -> ChainReport:
    """Refuse to add a decision to a log that is not intact, before the gate decides.

    A new decision chained onto a log whose decisions were deleted would be "decision 1"
    again, with no earlier GO to compare against: the deletion would erase history the
    head anchor still names. So the gate first runs `verify_chain` with the head file
    (without starting one) and refuses when:

    * the chain or the head anchor is broken (edited, deleted or replaced decisions);
    * the head file is missing while the log holds decisions (deleting the file alone must
      not be silently rewritten);
    * the workspace belongs to another project. A head file lives in one workspace
      (beside an SQLite store, or in `.phaseone/` for PostgreSQL) and names the project
      whose decisions it anchors: a plan renamed in the same workspace would start an
      empty log and a fresh lock history beside the old project's GO. An SQLite store
      is the workspace's own, so its decisions of another project count too; a
      PostgreSQL store may be shared by several projects, each from its own workspace.

    The first gate ever (no head file, no decisions) passes.

    Raises:
        DecisionLogError: one of the above, naming what is wrong and the fix.
    """
    verify = "`phaseone decisions verify` lists every problem"
    if head is not None:
        others = sorted(head_projects(head) - {project})
        if others:
            raise DecisionLogError(
                f"this workspace's decision log ({head}) holds decisions of project"
                f" {others[0]!r}, not {project!r}: a renamed project would start a new"
                " log and a new metric lock beside the old project's decisions",
                fix=f"put project.name back to {others[0]!r}; a new project needs its own"
                " workspace or store (store.url / PHASEONE_DB_URL pointing to a new"
                " database)",
            )
    if make_url(store.url).get_backend_name() == "sqlite":
        others = sorted(store_projects(store) - {project})
        if others:
            raise DecisionLogError(
                f"this store holds decisions of project {others[0]!r}, not {project!r}: a"
                " renamed project would start a new log beside the old project's decisions",
                fix=f"put project.name back to {others[0]!r}; a new project needs its own"
                " store (store.url pointing to a new database)",
            )
    report = verify_chain(store, project, head=head, start_head=False)
    if report.problems:
        shown = report.problems[:_SHOWN_PROBLEMS]
        more = len(report.problems) - len(shown)
        raise DecisionLogError(
            f"the decision log of {project!r} is broken, so no decision is added to it: "
            + "; ".join(shown)
            + (f" (and {more} more)" if more else ""),
            fix="restore the store and its head anchor file from a backup; " + verify,
        )
    if head is not None and report.count and report.head_entries == 0:
        raise DecisionLogError(
            f"the decision log of {project!r} holds {report.count} decision(s) but its head"
            f" anchor {head} names none (deleted?): the gate cannot tell whether the newest"
            " decisions were deleted too",
            fix=f"restore {head} from a backup (a CI job keeps it as an artifact); if the log"
            " is known to be complete (a store from before the head anchor, a new checkout of"
            " a workspace on a shared PostgreSQL store), `phaseone decisions verify --anchor"
            " HASH` with the last head hash you kept checks the chain and starts a new anchor",
        )
    return report


def _created_at_problems(where: str, row: Decision, rec: dict[str, Any]) -> list[str]:
    signed = rec.get("decided_at")
    try:
        same = row.created_at == parse_aware(str(signed))
    except (TypeError, ValueError):
        return [f"{where}: the signed record has no valid decided_at ({signed!r})"]
    if same:
        return []
    return [
        f"{where}: column created_at={row.created_at.isoformat()} differs from the"
        f" signed decided_at ({signed})"
    ]


def _check_head(
    report: ChainReport, entries: list[HeadEntry], by_seq: dict[int, Decision], head: Path
) -> None:
    newest = max((e.seq for e in entries), default=0)
    last_seq = report.head_seq or 0
    for e in entries:
        row = by_seq.get(e.seq)
        named = f"{head}:{e.line} names decision {e.seq} (record {e.record_hash[:16]}…)"
        if row is None:
            gone = (
                "the log is empty: every decision was deleted"
                if last_seq == 0
                else f"the log ends at decision {last_seq}: the newest decision(s) were deleted"
                if e.seq > last_seq
                else "it was deleted"
            )
            report.problems.append(f"decision {e.seq} is missing: {named}; {gone}")
        elif row.record_hash != e.record_hash:
            report.problems.append(
                f"decision {e.seq} was replaced: {named}, the log holds record"
                f" {row.record_hash[:16]}… (deleted and written again, or the log rewritten)"
            )
    report.unanchored = max(0, last_seq - newest) if entries else 0
