"""Attestations: evidence a person recorded, kept apart from what software verified.

A reviewer who checked something software cannot (a pen test, a signed runbook) says
so with `phaseone attest CHECK --by NAME --note …`. The gate counts it, and every
report labels it *attested*, so nobody mistakes a signature for a measurement.
"""

from __future__ import annotations

from sqlalchemy import select

from phaseone.errors import UsageError
from phaseone.store.database import Store
from phaseone.store.models import Attestation


def add_attestation(store: Store, project: str, check_id: str, *, by: str, note: str) -> int:
    """Record that `by` vouches for `check_id`; returns the attestation id.

    Args:
        by: the person (name, and ideally role) who takes responsibility.
        note: what they checked and where the proof lives; required, because an
            attestation without a note cannot be audited.
    """
    if not by.strip():
        raise UsageError("an attestation needs --by NAME", fix="phaseone attest CHECK --by NAME …")
    if not note.strip():
        raise UsageError(
            "an attestation needs --note saying what was checked",
            fix='phaseone attest CHECK --by NAME --note "what you checked and where"',
        )
    with store.session() as s:
        row = Attestation(project=project, check_id=check_id, by=by.strip(), note=note.strip())
        s.add(row)
        s.flush()
        return row.id


def attestations_for(store: Store, project: str) -> dict[str, list[Attestation]]:
    """check id → its attestations, newest first."""
    out: dict[str, list[Attestation]] = {}
    with store.session() as s:
        rows = s.scalars(
            select(Attestation)
            .where(Attestation.project == project)
            .order_by(Attestation.created_at.desc(), Attestation.id.desc())
        ).all()
        for row in rows:
            out.setdefault(row.check_id, []).append(row)
    return out
