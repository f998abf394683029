"""`phaseone ci gitlab`: a GitLab CI job that makes phaseone a merge gate.

The job `phaseone` runs in merge-request pipelines and on the default branch. Its artifacts
(JUnit XML as a test report, the HTML and Markdown reports, the summary and, without
PHASEONE_DB_URL, the SQLite store) are exposed in the merge request as "phaseone report".
A merge request first downloads the target branch's newest successful `phaseone` artifacts
through the jobs API with the job's own token (same project, no extra secret), so its runs
are compared with the target branch's in one store. The file is complete on its own, or a
fragment to `include:` from an existing `.gitlab-ci.yml` (it defines one job and no stages).
"""

from __future__ import annotations

from typing import Any

from phaseone.ci import scripts
from phaseone.ci.options import BASE_DIR, OUT_DIR, CiOptions
from phaseone.ci.yaml_text import dump

JOB = "phaseone"

_FETCH_BASE = f"""\
rm -rf "$PHASEONE_BASE" .phaseone-base.d base.zip
target="${{CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}}"
if [ -n "$target" ]; then
  if curl --silent --show-error --fail --location --output base.zip \\
      --header "JOB-TOKEN: $CI_JOB_TOKEN" \\
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/$target/download?job={JOB}"; then
    python -m zipfile -e base.zip .phaseone-base.d
    mv ".phaseone-base.d/$PHASEONE_OUT" "$PHASEONE_BASE"
  else
    echo "phaseone: no successful {JOB} job on $target yet: nothing to compare with"
  fi
fi
{scripts.RESTORE_STORE}"""

_HEADER = """\
Written by `phaseone ci gitlab`. Runs phaseone's eval and gate on the plan and fails on
NO-GO (exit 1) or a significant regression against the target branch's run; exit 2 (no
verdict: usage or infrastructure) and 3 (inconclusive) are told apart in the job log and
in phaseone-ci/summary.md. A shared store: set the CI/CD variable PHASEONE_DB_URL (e.g.
PostgreSQL; install phaseone[postgres]). Without it the SQLite store travels in the
job's artifacts. Use it as .gitlab-ci.yml, or `include:` it from yours."""


def gitlab_pipeline(options: CiOptions | None = None) -> str:
    """The pipeline's YAML text (for ``.gitlab-ci.yml`` or a file it includes)."""
    o = options or CiOptions()
    script = [
        f'python -m pip install "{o.install}"',
        _FETCH_BASE,
        scripts.EVAL,
        scripts.GATE,
        scripts.COMPARE,
        scripts.STAGE_STORE,
        scripts.GITLAB_NOTE + scripts.VERDICT + scripts.VERDICT_EXIT,
    ]
    doc: dict[str, Any] = {
        JOB: {
            "image": f"python:{o.python}",
            "variables": {
                "PHASEONE_PLAN": o.plan,
                "PHASEONE_OUT": OUT_DIR,
                "PHASEONE_BASE": BASE_DIR,
            },
            "rules": [
                {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
                {"if": f'$CI_COMMIT_BRANCH == "{o.base_branch}"'},
            ],
            "script": script,
            "artifacts": {
                "when": "always",
                "expire_in": "90 days",
                "expose_as": "phaseone report",
                "paths": [f"{OUT_DIR}/"],
                "reports": {"junit": f"{OUT_DIR}/junit.xml"},
            },
        }
    }
    return dump(doc, _HEADER)
