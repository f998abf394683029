"""The public models a guard serves on the OpenAI-compatible routes, built from the plan.

A plan's `models:` names each public model and its upstreams (tried in order). Without
`models:`, one model is served: the plan's target, under its `model` (an `openai` target,
which then receives the client's whole conversation) or the project's name (any other
target, adapted: it receives the last user message).

The plan's canary and shadow (`controls.rollout`) are versions of its target: the model
that serves the target (the one served without `models:`, or each model whose first
upstream is the plan's `target`) sends `rollout.canary.percent` % of its requests to the
canary first and a copy of each answered request to the shadow. Other models keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone.guard.refusals import InvalidInput
from phaseone.plan.components import OpenAITarget, Price
from phaseone.plan.schema import ChatModel, Controls, Rollout
from phaseone.targets.base import Target
from phaseone.targets.chat import ChatRequest, ChatUpstream
from phaseone.targets.chat_openai import OpenAIUpstream
from phaseone.targets.chat_target import TargetUpstream, build_upstream

#: Output tokens of a model the plan does not configure (no `models:`, a non-openai target).
DEFAULT_MAX_TOKENS = 1024
DEFAULT_MAX_TOKENS_LIMIT = 32768


class ModelNotFound(InvalidInput):
    """The request names a model this gateway does not serve."""

    status = 404
    code = "model_not_found"


@dataclass
class ServedModel:
    """One public model: its name, its upstreams in the order they are tried, and its
    output-token default and ceiling."""

    name: str
    upstreams: list[ChatUpstream]
    max_tokens: int = DEFAULT_MAX_TOKENS
    max_tokens_limit: int = DEFAULT_MAX_TOKENS_LIMIT
    #: `rollout.canary` for a model that serves the plan's target: tried first on
    #: `canary_percent` % of requests (its upstreams are then its fallbacks).
    canary: ChatUpstream | None = None
    canary_percent: float = 0.0
    #: `rollout.shadow` for a model that serves the plan's target: gets a copy of each
    #: request its primary or canary answered, in the background.
    shadow: ChatUpstream | None = None

    def all_upstreams(self) -> list[ChatUpstream]:
        """Every upstream this model may call: its own, the canary, the shadow."""
        return [*self.upstreams, *(u for u in (self.canary, self.shadow) if u is not None)]

    def output_tokens(self, req: ChatRequest) -> int:
        """The output allowance of `req`: what it asks, else the model's default; a 400
        naming `max_tokens` above the model's ceiling."""
        asked = req.max_tokens
        if asked is None:
            return self.max_tokens
        if asked > self.max_tokens_limit:
            raise InvalidInput(
                f'"max_tokens": {asked} is above the most model {self.name!r} allows'
                f" ({self.max_tokens_limit}); ask for fewer",
                code="max_tokens_too_large",
            )
        return asked


class ServedModels:
    """The public models of one guard, by name."""

    def __init__(self, models: list[ServedModel]) -> None:
        self.by_name = {m.name: m for m in models}

    def get(self, name: str) -> ServedModel:
        model = self.by_name.get(name)
        if model is None:
            known = ", ".join(sorted(self.by_name)) or "none"
            raise ModelNotFound(
                f"the model {name!r} does not exist here (models served: {known})",
            )
        return model

    def __iter__(self) -> Any:
        return iter(self.by_name.values())

    async def aclose(self, closed: set[int]) -> None:
        """Close every upstream once; an adapted target whose id is in `closed` (the
        guard's own targets, closed with its routes) is left alone."""
        for m in self.by_name.values():
            for u in m.all_upstreams():
                inner = getattr(u, "target", u)
                if id(u) not in closed and id(inner) not in closed:
                    closed.add(id(u))
                    await u.aclose()


def served_models(plan: Any, base_dir: Path) -> ServedModels | None:
    """The models `plan` serves (see the module docstring), or None when the guard's own
    target is the one model (no `models:`, a target that is not `openai`)."""
    configured: list[ChatModel] = list(plan.models)
    rollout = (plan.controls or Controls()).rollout
    if not configured:
        target = plan.target
        if isinstance(target, OpenAITarget):
            upstream: ChatUpstream = OpenAIUpstream(target)
            one = ServedModel(target.model, [upstream], target.max_tokens)
            with_rollout(one, rollout, base_dir, None)
            return ServedModels([one])
        return None
    models = []
    for m in configured:
        ups = [build_upstream(u, base_dir, model=m.name, price=m.price) for u in m.upstreams]
        model = ServedModel(m.name, ups, m.max_tokens, m.max_tokens_limit)
        if m.upstreams[0] == plan.target:  # this model serves the plan's target
            with_rollout(model, rollout, base_dir, m.price)
        if m.timeout_s is not None:
            for u in model.all_upstreams():
                limit = getattr(u, "limit_timeout", None)
                if limit is not None:
                    limit(m.timeout_s)
        models.append(model)
    return ServedModels(models)


def with_rollout(
    model: ServedModel,
    rollout: Rollout,
    base_dir: Path,
    price: Price | None,
) -> None:
    """Give `model` the plan's canary and shadow (`controls.rollout`): they are versions
    of the plan's target, so only a model that serves that target takes them."""
    canary = rollout.canary
    if canary is not None and canary.percent > 0:
        model.canary = build_upstream(canary.target, base_dir, model=model.name, price=price)
        model.canary_percent = canary.percent
    if rollout.shadow is not None:
        model.shadow = build_upstream(rollout.shadow, base_dir, model=model.name, price=price)


def default_model(name: str, target: Target) -> ServedModel:
    """`target` served as the one chat model `name` (a guard built around a target)."""
    return ServedModel(name, [TargetUpstream(target, model=name)])
