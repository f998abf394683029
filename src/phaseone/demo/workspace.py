"""The demo's workspace and its production plan, `phaseone.yaml`.

The plan below is the part of the demo most worth copying: it is what a team writes
on the first day of a pilot. It names the production owner, locks the success
metric and its baseline before any result exists, points at the live inbox (not an
export), costs phase two, and switches on the controls production will need.

Only the loopback ports change between runs; the workspace remembers the ports it
used and takes them again when they are free, so the plan (and its hash) usually
stays the same from one run to the next.
"""

from __future__ import annotations

import contextlib
import json
import socket
from dataclasses import dataclass
from pathlib import Path

import yaml

from phaseone.demo.inbox import write_adversarial_suite, write_edge_suite
from phaseone.errors import PlanError, PlanIssue

PLAN_FILE = "phaseone.yaml"
INBOX_FILE = "inbox.db"
EDGE_FILE = "suites/edge.jsonl"
ADVERSARIAL_FILE = "suites/adversarial.jsonl"
STATE_DIR = ".phaseone"
MODEL_FILE = f"{STATE_DIR}/demo-model.npz"
EMBEDDINGS_FILE = f"{STATE_DIR}/demo-embeddings.npz"
PORTS_FILE = f"{STATE_DIR}/demo-ports.json"
REPORT_FILE = "report.html"

PROJECT = "inbox-screening"
#: What one classification costs self-hosted: a small CPU instance (~€60/month) that
#: serves ~150k messages a month, amortised per call.
PRICE_PER_CALL = 0.0004
BASELINE_PRICE_PER_CALL = 0.0001

PLAN_TEMPLATE = """\
# phaseone.yaml: the production plan of the inbox-screening pilot.
# Written by `phaseone demo`; copy it as the start of your own plan.
version: 1

project:
  name: {project}
  description: >-
    Flag spam among inbound SMS before it reaches the customer-support inbox,
    so agents spend their time on customers.
  currency: EUR

# The person in the line organisation who will own and run the live system.
owner:
  name: Dana Okafor
  role: Head of Customer Support Operations
  team: Customer Support
  contact: dana.okafor@example.com

# Agreed before the first run, and locked (hashed, time-stamped) at the first evidence.
# Precision, because a false "spam" hides a real customer's message; 0.80 means at most
# one flagged message in five may be a customer's (agents skim the spam folder daily).
success_metric:
  name: spam precision
  suite: inbox
  scorer: label
  aggregate: precision
  label: spam
  threshold: 0.80
  direction: higher
  confidence: 0.95
  min_cases: 100
  # What the team has today: a classic word-count filter. The pilot must not be worse
  # than it by more than 5 points on the same inbox.
  baseline:
    target:
      kind: http
      url: {service_url}/baseline/classify
      body: {{text: "{{{{ input }}}}"}}
      output_path: label
      timeout_s: 5
      version: naive-bayes-words
      price: {{per_call: {baseline_price}}}
    margin: 0.05

# The AI system: the pilot service, called over HTTP like any production client would.
target:
  kind: http
  url: {service_url}/classify
  body: {{text: "{{{{ input }}}}"}}
  output_path: label
  timeout_s: 5
  version: {model_version}
  price: {{per_call: {price}}}

suites:
  # The live inbox, read through SQL: the real integration, not an export.
  - name: inbox
    description: Messages as they arrived in the support inbox, labelled by agents.
    dataset:
      kind: sql
      url: sqlite:///{inbox_path}
      query: SELECT id, body AS input, label AS expected FROM messages ORDER BY id
      mapping: {{id: id, input: input, expected: expected, tags: null}}
      # A SQLite file is an export unless the plan says otherwise: this one IS the inbox's
      # own store (agents label in it), so the gate credits it as live data, and still
      # compares its content with every run.
      live: true
    scorers:
      - {{kind: classification, name: label, labels: [spam, ham]}}
    tags: [happy]
  # What a sample of the inbox rarely holds but production will.
  - name: edge
    description: Empty, huge, non-English, emoji-only, numbers-only and PII-bearing messages.
    dataset: {{kind: jsonl, path: {edge_file}, mapping: {{id: id}}}}
    scorers:
      - {{kind: classification, name: label, labels: [spam, ham]}}
    tags: [edge]
    threshold: 0.80
  - name: adversarial
    description: Obfuscated spam and messages that try to talk the classifier into "ham".
    dataset: {{kind: jsonl, path: {adversarial_file}, mapping: {{id: id}}}}
    scorers:
      - {{kind: classification, name: label, labels: [spam, ham]}}
    tags: [adversarial]
    threshold: 0.70

# The runtime 20%, enforced by `phaseone serve` and checked for real by the probes.
controls:
  auth: {{required: true}}
  limits: {{max_input_chars: 8000, max_body_bytes: 65536}}
  guardrails:
    # Customers write card numbers and e-mail addresses into messages: never keep them.
    pii: {{action: redact, kinds: [email, phone, card, iban], redact_traces: true}}
    # The classifier is not an LLM: it follows no instructions (the adversarial suite
    # measures how far such words still move it). Flag them for the security review
    # instead of dropping a customer's message.
    injection: {{action: flag, threshold: 0.5}}
  rate_limit: {{requests_per_minute: 600, burst: 60}}
  budget:
    per_request_max: 0.01
    daily: 50
    per_key_daily: 20
  resilience:
    timeout_s: 2
    retries: 1
    # If the model is down, let the message through to the inbox: an agent sees it.
    fallback: {{static: ham}}
    circuit_breaker: {{failure_threshold: 5, reset_after_s: 30}}
  monitoring: {{tracing: true, store_io: true, metrics: true}}
  rollout: {{kill_switch: true}}

# After GO: what the live system promises, and who is told when it stops keeping it
# (`phaseone watch`; `phaseone slo export` writes the same alerts for Prometheus).
slos:
  availability: {{target: 0.995}}
  latency: {{target: 0.99, threshold_s: 2.5}}
  notify:
    # `phaseone demo` starts a local inbox and sends there; point this at your SMTP server.
    email:
      {{host: 127.0.0.1, port: 8025, sender: phaseone@demo.invalid, to: [dana.okafor@example.com]}}

phases:
  one:
    scope: Screen the SMS channel of the support inbox; measure against agents' labels.
    budget: 15000
  two:
    scope: >-
      Screen every inbound channel in production behind phaseone serve, with the
      ticketing integration, monitoring and on-call.
    items:
      - {{name: Ticketing-system integration (webhook + spam folder), one_off: 6000}}
      - {{name: Security review and DPIA, one_off: 3000}}
      - {{name: Quarterly retraining on agents' labels, one_off: 2000, monthly: 300}}
      - {{name: Hosting (2 small CPU instances), monthly: 120}}
      - {{name: Monitoring and on-call share, monthly: 400}}
    expected_monthly_requests: 120000
    # All it may cost to run each month: the monthly items plus cost/request × volume.
    run_cost_ceiling_monthly: 1000

gate:
  evidence_max_age_days: 14
  max_error_rate: 0.05
  # Nobody waits on a screened SMS synchronously (it lands in the inbox either way),
  # so two seconds at p95 is plenty; much slower would back up the inbound queue.
  max_p95_latency_ms: 2000
"""


@dataclass(frozen=True)
class Workspace:
    """Where everything of one demo lives; every path is absolute."""

    root: Path

    @property
    def plan(self) -> Path:
        return self.root / PLAN_FILE

    @property
    def inbox(self) -> Path:
        return self.root / INBOX_FILE

    @property
    def edge(self) -> Path:
        return self.root / EDGE_FILE

    @property
    def adversarial(self) -> Path:
        return self.root / ADVERSARIAL_FILE

    @property
    def model(self) -> Path:
        return self.root / MODEL_FILE

    @property
    def embeddings(self) -> Path:
        return self.root / EMBEDDINGS_FILE

    @property
    def report(self) -> Path:
        return self.root / REPORT_FILE

    @property
    def ports(self) -> Path:
        return self.root / PORTS_FILE

    @classmethod
    def create(cls, root: Path) -> Workspace:
        root = root.expanduser().resolve()
        (root / STATE_DIR).mkdir(parents=True, exist_ok=True)
        return cls(root)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def choose_port(ws: Workspace, name: str) -> int:
    """The port `name` used last time when it is still free, else a new free one."""
    remembered: dict[str, int] = {}
    with contextlib.suppress(OSError, ValueError):
        remembered = {str(k): int(v) for k, v in json.loads(ws.ports.read_text()).items()}
    port = remembered.get(name)
    if port is None or not _port_is_free(port):
        port = _any_free_port()
        remembered[name] = port
        ws.ports.write_text(json.dumps(remembered, indent=2, sort_keys=True))
    return port


def render_plan(ws: Workspace, *, service_url: str, model_version: str) -> str:
    return PLAN_TEMPLATE.format(
        project=PROJECT,
        service_url=service_url,
        baseline_price=BASELINE_PRICE_PER_CALL,
        price=PRICE_PER_CALL,
        model_version=model_version,
        inbox_path=ws.inbox.as_posix(),
        edge_file=EDGE_FILE,
        adversarial_file=ADVERSARIAL_FILE,
    )


def write_plan(ws: Workspace, *, service_url: str, model_version: str) -> Path:
    """Write the suites' files and `phaseone.yaml` (unchanged text is not rewritten)."""
    write_edge_suite(ws.edge)
    write_adversarial_suite(ws.adversarial)
    text = render_plan(ws, service_url=service_url, model_version=model_version)
    _validate(text, ws.plan)
    if not ws.plan.is_file() or ws.plan.read_text(encoding="utf-8") != text:
        ws.plan.write_text(text, encoding="utf-8")
    return ws.plan


def _validate(text: str, path: Path) -> None:
    """The plan must validate against the schema; a demo bug must not pass silently."""
    from pydantic import ValidationError

    from phaseone.plan.schema import Plan

    try:
        Plan.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        raise PlanError(
            [
                PlanIssue(str(e["msg"]), path=".".join(str(p) for p in e["loc"]), file=str(path))
                for e in exc.errors()
            ]
        ) from None
