"""What a generated pipeline is asked to do: one record both generators read."""

from __future__ import annotations

from dataclasses import dataclass

#: Where every generated pipeline keeps its outputs: JUnit XML, reports, exit codes,
#: the summary and (SQLite) the store; uploaded as one artifact named `phaseone`.
OUT_DIR = "phaseone-ci"
#: Where the base branch's artifact is unpacked before this run's eval.
BASE_DIR = ".phaseone-base"
#: The artifact's name on GitHub (GitLab names artifacts by job).
ARTIFACT = "phaseone"


@dataclass(frozen=True)
class CiOptions:
    """Options of a generated pipeline.

    Args:
        plan: the plan's path, relative to the repository root (the job's working directory).
        install: the pip requirement that installs phaseone in the job, with the extras the
            plan needs (e.g. ``phaseone[postgres]`` when PHASEONE_DB_URL names PostgreSQL).
        python: the Python version the job runs on.
        base_branch: the branch whose runs are the reference (pushes to it upload the
            store the merge requests compare with).
        workflow_file: the GitHub workflow's file name, used to find the base branch's run.
    """

    plan: str = "phaseone.yaml"
    install: str = "phaseone"
    python: str = "3.12"
    base_branch: str = "main"
    workflow_file: str = "phaseone.yml"
