"""The shell steps of a generated pipeline, shared by the GitHub and GitLab generators.

Each step records its command's exit code in ``$PHASEONE_OUT/<step>.exit`` instead of
failing at once, so that every step runs, the reports and the summary are written whatever
happened, and the last step (`VERDICT`) fails the job with one code that keeps its meaning:
2 (usage or infrastructure: no verdict) before 1 (NO-GO, failed threshold, regression)
before 3 (inconclusive) before 0. The steps read only environment variables (no CI
template expressions), so tests run them as they are under a local shell.
"""

from __future__ import annotations

#: The store's SQLite file beside the plan (`store/location.py`), unless PHASEONE_DB_URL or
#: the plan's `store.url` names another database.
_STORE_DIR = '"$(dirname "$PHASEONE_PLAN")/.phaseone"'

EVAL = """\
mkdir -p "$PHASEONE_OUT"
code=0
phaseone eval --plan "$PHASEONE_PLAN" --format junit --out "$PHASEONE_OUT/junit.xml" \\
  --no-progress || code=$?
echo "$code" > "$PHASEONE_OUT/eval.exit"
"""

GATE = """\
mkdir -p "$PHASEONE_OUT"
code=0
phaseone gate --plan "$PHASEONE_PLAN" || code=$?
echo "$code" > "$PHASEONE_OUT/gate.exit"
# The reports of the decision just taken; none when the gate could not decide (exit 2),
# or the newest stored decision (an older one) would pass for this run's.
if [ "$code" != 2 ]; then
  phaseone report --plan "$PHASEONE_PLAN" --format html --out "$PHASEONE_OUT/report.html" \\
    || echo "no HTML report" >&2
  phaseone report --plan "$PHASEONE_PLAN" --format markdown --out "$PHASEONE_OUT/gate.md" \\
    || echo "no Markdown report" >&2
fi
"""

COMPARE = """\
mkdir -p "$PHASEONE_OUT"
if [ -f "$PHASEONE_BASE/junit.xml" ]; then
  code=0
  phaseone ci compare --plan "$PHASEONE_PLAN" --base "$PHASEONE_BASE/junit.xml" \\
    --head "$PHASEONE_OUT/junit.xml" --out "$PHASEONE_OUT/compare.md" || code=$?
  echo "$code" > "$PHASEONE_OUT/compare.exit"
else
  echo "no base-branch run ($PHASEONE_BASE/junit.xml is missing): comparison skipped"
fi
"""

# The SQLite store travels in the artifact so that the base branch's runs, its metric lock
# and its decisions are there for the next run; a shared database (PHASEONE_DB_URL) needs no
# copy. The decision log's head anchor (`store/decisions.py: head_file`) lives outside the
# database in either case, so it always travels: without it the gate refuses to add a decision.
STAGE_STORE = f"""\
mkdir -p "$PHASEONE_OUT/store"
store_dir={_STORE_DIR}
if [ -z "${{PHASEONE_DB_URL:-}}" ] && [ -f "$store_dir/phaseone.db" ]; then
  cp "$store_dir/phaseone.db" "$PHASEONE_OUT/store/phaseone.db"
fi
if [ -f "$store_dir/decisions.head" ]; then
  cp "$store_dir/decisions.head" "$PHASEONE_OUT/store/decisions.head"
fi
"""

RESTORE_STORE = f"""\
store_dir={_STORE_DIR}
mkdir -p "$store_dir"
if [ -z "${{PHASEONE_DB_URL:-}}" ] && [ -f "$PHASEONE_BASE/store/phaseone.db" ]; then
  cp "$PHASEONE_BASE/store/phaseone.db" "$store_dir/phaseone.db"
  echo "restored the base branch's store into $store_dir"
fi
if [ -f "$PHASEONE_BASE/store/decisions.head" ]; then
  cp "$PHASEONE_BASE/store/decisions.head" "$store_dir/decisions.head"
  echo "restored the base branch's decision head anchor into $store_dir"
fi
"""

# `note LEVEL TITLE TEXT` is defined by each generator: an annotation on GitHub, a log line
# on GitLab.
VERDICT = """\
mkdir -p "$PHASEONE_OUT"
step_code() { cat "$PHASEONE_OUT/$1.exit" 2>/dev/null || echo "-"; }
meaning() {
  case "$1" in
    0) echo "pass" ;;
    1) echo "NO-GO, failed threshold or significant regression" ;;
    2) echo "no verdict: usage error or infrastructure down (target, judge or store)" ;;
    3) echo "INCONCLUSIVE: not enough evidence for a verdict" ;;
    -) echo "not run" ;;
    *) echo "unexpected exit code" ;;
  esac
}
final=0
{
  echo "## phaseone CI"
  echo
  echo "| step | exit | meaning |"
  echo "|---|---|---|"
  for step in eval gate compare; do
    c=$(step_code "$step")
    echo "| $step | $c | $(meaning "$c") |"
    case "$c" in
      2) final=2 ;;
      1) if [ "$final" != 2 ]; then final=1; fi ;;
      3) if [ "$final" = 0 ]; then final=3; fi ;;
      0|-) ;;
      *) final=2 ;;
    esac
  done
  echo
  cat "$PHASEONE_OUT/gate.md" 2>/dev/null || true
  echo
  cat "$PHASEONE_OUT/compare.md" 2>/dev/null || true
} > "$PHASEONE_OUT/summary.md"
echo "$final" > "$PHASEONE_OUT/final.exit"
case "$final" in
  0) note notice "phaseone: pass" "eval, gate and comparison passed" ;;
  1) note error "phaseone NO-GO (exit 1)" "$(meaning 1): see $PHASEONE_OUT/summary.md" ;;
  2) note error "phaseone no verdict (exit 2)" "$(meaning 2): see the step logs" ;;
  3) note error "phaseone INCONCLUSIVE (exit 3)" "$(meaning 3): see $PHASEONE_OUT/summary.md" ;;
esac
"""

VERDICT_EXIT = 'exit "$final"\n'

GITHUB_NOTE = 'note() { echo "::$1 title=$2::$3"; }\n'
GITLAB_NOTE = 'note() { echo "$2: $3"; }\n'
