"""CI pipelines: `phaseone ci github|gitlab` writes the job that makes phaseone a merge gate.

The pipeline runs `phaseone eval` and `phaseone gate` on the plan, keeps the JUnit XML and
the reports as artifacts, shows the Markdown summary where reviewers look, and fails on a
NO-GO or a significant regression against the base branch's run (`phaseone ci compare`).
"""

from phaseone.ci.github import github_workflow
from phaseone.ci.gitlab import gitlab_pipeline
from phaseone.ci.options import CiOptions

__all__ = ["CiOptions", "github_workflow", "gitlab_pipeline"]
