"""The bodies of `phaseone ci github|gitlab` (write a pipeline) and `phaseone ci compare`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console

from phaseone.ci.base_runs import pair_runs, read_job_runs
from phaseone.ci.github import github_workflow
from phaseone.ci.gitlab import gitlab_pipeline
from phaseone.ci.options import CiOptions
from phaseone.errors import ExitCode, RunNotFound, UsageError
from phaseone.evals.commands import runs_compare_command
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store
from phaseone.store.runs import get_run

#: Where each pipeline goes by default, relative to the repository root.
DEFAULT_OUT = {"github": Path(".github/workflows/phaseone.yml"), "gitlab": Path(".gitlab-ci.yml")}


def write_pipeline(kind: str, out: Path, options: CiOptions, *, force: bool = False) -> Path:
    """Write the `kind` pipeline to `out`; an existing file is kept unless `force`.

    Raises:
        UsageError: `out` exists (and not `force`): a hand-edited pipeline is not overwritten.
    """
    text = github_workflow(options) if kind == "github" else gitlab_pipeline(options)
    if out.exists() and not force:
        raise UsageError(
            f"{out} exists; phaseone does not overwrite a pipeline",
            fix="pass --force to replace it, or --out OTHER_FILE"
            + (" and `include:` it from your .gitlab-ci.yml" if kind == "gitlab" else ""),
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def compare_with_base(
    loaded: LoadedPlan,
    store: Store,
    base: Path,
    head: Path,
    *,
    out: Path | None,
    console: Console,
) -> int:
    """Compare each run of this job (`head` JUnit) with the base branch's run of the same
    suite and role (`base` JUnit), with `phaseone runs compare`'s tests; exit 1 when any is
    significantly worse, else 0. The Markdown of every comparison goes to `out`.

    Both runs must be in this store: the base branch's SQLite store restored from its
    artifact, or the database PHASEONE_DB_URL names.
    """
    pairs, new = pair_runs(read_job_runs(base), read_job_runs(head))
    code = ExitCode.OK
    parts = ["## phaseone: against the base branch's runs\n\n"]
    for r in new:
        line = f"suite {r.suite} ({r.role}): no base-branch run, nothing to compare with"
        console.print(line, highlight=False, markup=False)
        parts.append(f"- {line}\n")
    with tempfile.TemporaryDirectory(prefix="phaseone-ci-") as tmp:
        for i, (a, b) in enumerate(pairs):
            console.print(
                f"suite {b.suite} ({b.role}): base run {a.run_id} → this run {b.run_id}",
                highlight=False,
                markup=False,
            )
            part = Path(tmp) / f"{i}.md"
            try:
                get_run(store, a.run_id)
            except RunNotFound:
                raise UsageError(
                    f"the base branch's run {a.run_id} (suite {a.suite}) is not in this store",
                    fix="restore the base branch's store before the eval (the generated"
                    " pipeline's fetch step does), or share one with PHASEONE_DB_URL:"
                    " docs/ci.md, 'Finding the base branch's run'",
                ) from None
            one = runs_compare_command(
                loaded, store, a.run_id, b.run_id, fmt="markdown", out=part, console=console
            )
            parts.append(part.read_text(encoding="utf-8") + "\n")
            if one != ExitCode.OK:
                code = ExitCode.FAIL
    text = "".join(parts)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
    else:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
    return code
