"""What the gateway hands the trace writer process must pickle: a trace row holding an
object pickle cannot send (a target's odd answer) goes as that object's JSON text form,
as the store would have written it anyway."""

from __future__ import annotations

import pickle

from phaseone.guard.trace_process import _picklable
from phaseone.store.trace_row import TraceRow


def _odd() -> object:
    class Odd:  # a local class: pickle cannot name it
        def __str__(self) -> str:
            return "odd answer"

    return Odd()


def test_a_row_pickle_cannot_send_goes_as_its_json_form() -> None:
    row = TraceRow("r1", "p", output={"x": _odd()}, findings=[{"o": _odd()}], latency_ms=2.0)
    kind, sent = _picklable("t", row)
    back = pickle.loads(pickle.dumps(sent))
    assert kind == "t" and isinstance(back, TraceRow)
    assert (back.output, back.findings) == ({"x": "odd answer"}, [{"o": "odd answer"}])
    assert (back.id, back.latency_ms) == ("r1", 2.0)
