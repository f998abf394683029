"""Text phaseone prints (a report, a model's answer, a case id) is printed as written.

rich replaces `:name:` codes with emoji by default, even with markup off: an answer that
contains ':smile:' would be shown as 😄 and a JSON report would no longer be the JSON
stored. Every console phaseone makes has emoji codes off.
"""

from __future__ import annotations

import pytest
from rich.console import Console

from phaseone import cli


def test_control_rich_replaces_emoji_codes_by_default() -> None:
    console = Console()
    with console.capture() as cap:
        console.print(':smile: {"a": ":thumbs_up:"}', markup=False, highlight=False)
    assert ":smile:" not in cap.get()


@pytest.mark.parametrize("console", [cli.console, cli.err_console], ids=["stdout", "stderr"])
def test_the_cli_consoles_print_emoji_codes_as_written(console: Console) -> None:
    with console.capture() as cap:
        console.print(':smile: {"a": ":thumbs_up:"}', markup=False, highlight=False)
    assert ':smile: {"a": ":thumbs_up:"}' in cap.get()
