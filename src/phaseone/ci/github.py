"""`phaseone ci github`: a GitHub Actions workflow that makes phaseone a merge gate.

Runs on pull requests and on pushes to the base branch. A push uploads the artifact
`phaseone` (JUnit XML, reports, summary and, without PHASEONE_DB_URL, the SQLite store);
a pull request first downloads the base branch's newest successful one with the `gh` CLI
(preinstalled on GitHub's runners; `actions: read` is enough), so its runs are compared with
the base branch's in one store.
"""

from __future__ import annotations

from typing import Any

from phaseone.ci import scripts
from phaseone.ci.options import ARTIFACT, BASE_DIR, OUT_DIR, CiOptions
from phaseone.ci.yaml_text import dump

_FETCH_BASE = f"""\
rm -rf "$PHASEONE_BASE"
mkdir -p "$PHASEONE_BASE"
run_id=$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$PHASEONE_WORKFLOW" \\
  --branch "$BASE_REF" --status success --limit 1 --json databaseId --jq '.[0].databaseId // empty')
if [ -z "$run_id" ]; then
  echo "::notice title=phaseone::no successful run on $BASE_REF yet: nothing to compare with"
  exit 0
fi
if ! gh run download "$run_id" --repo "$GITHUB_REPOSITORY" --name {ARTIFACT} \\
    --dir "$PHASEONE_BASE"; then
  echo "::warning title=phaseone::run $run_id on $BASE_REF has no '{ARTIFACT}' artifact\\
 (expired?): nothing to compare with"
  exit 0
fi
{scripts.RESTORE_STORE}"""

_HEADER = """\
Written by `phaseone ci github`. Runs phaseone's eval and gate on the plan and fails on
NO-GO (exit 1) or a significant regression against the base branch's run; exit 2 (no
verdict: usage or infrastructure) and 3 (inconclusive) are told apart in the summary.
A shared store: set the repository secret PHASEONE_DB_URL (e.g. PostgreSQL; install
phaseone[postgres]). Without it the SQLite store travels in the `phaseone` artifact."""


def github_workflow(options: CiOptions | None = None) -> str:
    """The workflow's YAML text (for ``.github/workflows/<workflow_file>``)."""
    o = options or CiOptions()
    steps: list[dict[str, Any]] = [
        {"uses": "actions/checkout@v4"},
        {"uses": "actions/setup-python@v5", "with": {"python-version": o.python}},
        {"name": "Install phaseone", "run": f'python -m pip install "{o.install}"\n'},
        {
            "name": "Fetch the base branch's run",
            "if": "github.event_name == 'pull_request'",
            "env": {"GH_TOKEN": "${{ github.token }}", "BASE_REF": "${{ github.base_ref }}"},
            "run": _FETCH_BASE,
        },
        {"name": "Eval", "run": scripts.EVAL},
        {"name": "Gate", "run": scripts.GATE},
        {"name": "Compare with the base branch", "run": scripts.COMPARE},
        {"name": "Keep the store", "if": "!cancelled()", "run": scripts.STAGE_STORE},
        {
            "name": "Summary and verdict",
            "if": "!cancelled()",
            "run": scripts.GITHUB_NOTE
            + scripts.VERDICT
            + 'cat "$PHASEONE_OUT/summary.md" >> "$GITHUB_STEP_SUMMARY"\n'
            + scripts.VERDICT_EXIT,
        },
        {
            "name": "Upload JUnit XML, reports and store",
            "if": "always()",
            "uses": "actions/upload-artifact@v4",
            "with": {"name": ARTIFACT, "path": OUT_DIR, "if-no-files-found": "warn"},
        },
    ]
    doc: dict[str, Any] = {
        "name": "phaseone",
        "on": {
            "pull_request": {"branches": [o.base_branch]},
            "push": {"branches": [o.base_branch]},
        },
        "permissions": {"contents": "read", "actions": "read"},
        "concurrency": {
            "group": "phaseone-${{ github.ref }}",
            "cancel-in-progress": True,
        },
        "jobs": {
            "phaseone": {
                "runs-on": "ubuntu-latest",
                "env": {
                    "PHASEONE_PLAN": o.plan,
                    "PHASEONE_OUT": OUT_DIR,
                    "PHASEONE_BASE": BASE_DIR,
                    "PHASEONE_WORKFLOW": o.workflow_file,
                    "PHASEONE_DB_URL": "${{ secrets.PHASEONE_DB_URL }}",
                },
                "steps": steps,
            }
        },
    }
    return dump(doc, _HEADER)
