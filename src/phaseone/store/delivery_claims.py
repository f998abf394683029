"""Claiming a message before it is sent, so each (message, channel) is sent once.

`phaseone watch` tells people of incidents and canary steps, and retries a channel that
failed on its next evaluation. Checking "was it delivered?" and then sending leaves a
window: two watchers (or a retry racing a slow send) both see "not yet" and both send.
So a watcher first *claims* the message for the channel — an INSERT that the unique
``(subject, channel, event)`` constraint lets succeed once — and only the holder sends:

* sent: `confirm` stamps ``sent_at``; nobody sends it again;
* the channel refused (`DeliveryFailed`): `release` deletes the claim, and the next
  evaluation claims and sends it again (nothing is lost to a down SMTP server);
* the holder died between claim and send (or during it): nobody knows whether the channel
  got it. The claim is a lease: after `CLAIM_LEASE` another watcher takes it over and
  sends again, with the same idempotency key (``Idempotency-Key`` header of the webhook,
  ``Message-ID`` of the email), so a receiver that honours the key drops the copy. That is
  at-least-once across a crash (a message is never lost; a copy is possible only when a
  watcher died after the channel took it) and exactly-once in every other case. The
  alternative, at-most-once (never re-send a claimed message), would lose the page that
  a watcher crashed while sending; for alerts a rare copy is the better failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from phaseone.store.database import Store
from phaseone.store.models import DeliveryClaim

#: How long a claim is left to its holder before another watcher may take it over. Far
#: longer than a send can take (a webhook POST gives up after at most 60 s in all, an email
#: after at most 120 s: `slo.notify` bounds the whole exchange, not each socket read), so a
#: live holder is never overtaken: a takeover means it died.
CLAIM_LEASE = dt.timedelta(minutes=10)

ClaimState = Literal["mine", "sent", "busy"]


@dataclass(frozen=True)
class Claim:
    """The right to send one message to one channel (held until confirmed or released)."""

    id: int
    token: str
    key: str  #: the message's idempotency key (the same for every attempt and channel)
    takeover: bool  #: the previous holder's lease ran out: the channel may have it already


def idempotency_key(project: str, subject: str, event: str) -> str:
    """The message's key: the same whichever watcher sends it, and however often."""
    return hashlib.sha256(f"{project}\n{subject}\n{event}".encode()).hexdigest()[:32]


def claim(
    store: Store,
    project: str,
    subject: str,
    channel: str,
    event: str,
    now: dt.datetime,
    lease: dt.timedelta = CLAIM_LEASE,
) -> tuple[ClaimState, Claim | None]:
    """Claim `event` of `subject` for `channel`: ("mine", claim) to send it, ("sent", None)
    when it was sent, ("busy", None) while another watcher holds it."""
    token = uuid.uuid4().hex
    key = idempotency_key(project, subject, event)
    try:
        with store.session() as s:
            row = DeliveryClaim(
                project=project, subject=subject, channel=channel, event=event, token=token,
                claimed_at=now, sent_at=None, attempts=1,
            )  # fmt: skip
            s.add(row)
            s.flush()
            return "mine", Claim(row.id, token, key, takeover=False)
    except IntegrityError:
        pass
    with store.session() as s:
        held = s.scalars(
            select(DeliveryClaim).where(
                DeliveryClaim.subject == subject,
                DeliveryClaim.channel == channel,
                DeliveryClaim.event == event,
            )
        ).first()
        if held is None:  # released between our INSERT and this read: next evaluation
            return "busy", None
        if held.sent_at is not None:
            return "sent", None
        if now - held.claimed_at < lease:
            return "busy", None
        taken = s.execute(
            update(DeliveryClaim)
            .where(
                DeliveryClaim.id == held.id,
                DeliveryClaim.token == held.token,
                DeliveryClaim.sent_at.is_(None),
            )
            .values(token=token, claimed_at=now, attempts=DeliveryClaim.attempts + 1)
        )
        if not getattr(taken, "rowcount", 0):
            return "busy", None  # another watcher took it over first
        return "mine", Claim(held.id, token, key, takeover=True)


def confirm(store: Store, c: Claim, at: dt.datetime) -> None:
    """The channel took the message: it is never sent again."""
    with store.session() as s:
        s.execute(
            update(DeliveryClaim)
            .where(DeliveryClaim.id == c.id, DeliveryClaim.token == c.token)
            .values(sent_at=at)
        )


def release(store: Store, c: Claim) -> None:
    """The channel refused the message: give the claim up so a later evaluation sends it."""
    with store.session() as s:
        s.execute(
            delete(DeliveryClaim).where(
                DeliveryClaim.id == c.id,
                DeliveryClaim.token == c.token,
                DeliveryClaim.sent_at.is_(None),
            )
        )


__all__ = ["CLAIM_LEASE", "Claim", "ClaimState", "claim", "confirm", "idempotency_key", "release"]
