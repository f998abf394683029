"""Input limits: refuse what is too large before any other work is spent on it.

The body-size limit (`max_body_bytes`) is enforced by the gateway while reading the
body; this stage checks the input itself: present, at most `max_input_chars` of text
(the strings inside a structured input, keys included, counted together), and lists and
objects nested at most `MAX_DEPTH` deep (the guardrails walk an input recursively).
"""

from __future__ import annotations

from typing import Any

from phaseone.guard.injection import depth_of, text_of
from phaseone.guard.refusals import InvalidInput, TooLarge
from phaseone.plan.schema import LimitsControl

#: How deeply lists and objects may nest in an input.
MAX_DEPTH = 64


class InputLimits:
    def __init__(self, config: LimitsControl) -> None:
        self.config = config  # the gateway reads its HTTP limits from here
        self.max_chars = config.max_input_chars
        self.max_body_bytes = config.max_body_bytes

    def check(self, input: Any) -> str:
        """The input's text (for the guardrails), or a 422/413 refusal."""
        if input is None or input == "":
            raise InvalidInput("the request has no `input`")
        if not isinstance(input, str) and depth_of(input, MAX_DEPTH) > MAX_DEPTH:
            raise InvalidInput(f"the input nests lists or objects more than {MAX_DEPTH} deep")
        text = text_of(input)
        if len(text) > self.max_chars:
            raise TooLarge(
                f"the input has {len(text)} characters; the limit is {self.max_chars}",
                code="input_too_large",
            )
        return text
