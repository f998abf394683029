"""Decisions: append-only, each hash-chained to the one before it.

`record_hash = sha256(canonical_json([record, prev_hash]))`. Editing a stored record,
deleting one or changing the order breaks the chain, and `verify_chain` says where.
The record repeats `seq`, `outcome` and `plan_hash`, so editing those columns is
caught too. The newest hash is printed by `phaseone decisions verify`: anchoring it
somewhere else (a PR, a ticket) also protects against deleting the newest record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from phaseone.errors import StoreError, UsageError
from phaseone.store.database import Store
from phaseone.store.models import Decision


def canonical_json(value: Any) -> str:
    """One byte-exact JSON form: sorted keys, no spaces, non-JSON values as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The record exactly as it will read back from a JSON column."""
    out: dict[str, Any] = json.loads(canonical_json(record))
    return out


def record_hash(record: dict[str, Any], prev_hash: str | None) -> str:
    return hashlib.sha256(canonical_json([record, prev_hash]).encode()).hexdigest()


def append_decision(store: Store, project: str, record: dict[str, Any]) -> Decision:
    """Store `record` as the next decision of `project`; fills in `seq` and `prev_hash`.

    Args:
        record: the full decision record; must carry `outcome` and `plan_hash`.
            `seq` and `prev_hash` are set here so callers cannot break the chain.
    """
    for attempt in range(5):
        try:
            with store.session() as s:
                last = s.scalars(
                    select(Decision)
                    .where(Decision.project == project)
                    .order_by(Decision.seq.desc())
                    .limit(1)
                ).first()
                seq = (last.seq + 1) if last else 1
                prev = last.record_hash if last else None
                rec = normalise({**record, "seq": seq, "project": project, "prev_hash": prev})
                row = Decision(
                    project=project,
                    seq=seq,
                    outcome=str(rec["outcome"]),
                    plan_hash=str(rec["plan_hash"]),
                    record=rec,
                    prev_hash=prev,
                    record_hash=record_hash(rec, prev),
                )
                s.add(row)
                s.flush()
                return row
        except IntegrityError:
            if attempt == 4:
                raise StoreError(
                    "could not append the decision: another process keeps writing decisions",
                    fix="run `phaseone gate` again",
                ) from None
    raise AssertionError("unreachable")


def list_decisions(store: Store, project: str) -> list[Decision]:
    with store.session() as s:
        return list(
            s.scalars(
                select(Decision).where(Decision.project == project).order_by(Decision.seq)
            ).all()
        )


def get_decision(store: Store, project: str, seq: int | None = None) -> Decision:
    """Decision `seq`, or the newest one when `seq` is None."""
    with store.session() as s:
        q = select(Decision).where(Decision.project == project)
        if seq is None:
            q = q.order_by(Decision.seq.desc()).limit(1)
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
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(store: Store, project: str, anchors: Sequence[str] = ()) -> ChainReport:
    """Recompute every hash and link; report edited, deleted and reordered records.

    The chain alone cannot show that its newest records were deleted (what is left is a
    valid, shorter chain). ``anchors`` are record hashes (or their first 12+ characters)
    kept outside the store — the gate's output in a CI log, a report in a ticket; each
    must still be in the chain.
    """
    rows = list_decisions(store, project)
    report = ChainReport(count=len(rows))
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
        ):
            if rec.get(col) != value:
                report.problems.append(
                    f"{where}: column {col}={value!r} differs from the signed record "
                    f"({rec.get(col)!r})"
                )
        if rec.get("prev_hash", prev_hash) != row.prev_hash:
            report.problems.append(f"{where}: prev_hash column differs from the signed record")
        prev_hash = row.record_hash
        expected_seq = row.seq + 1
    report.head_hash = prev_hash
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
    return report
