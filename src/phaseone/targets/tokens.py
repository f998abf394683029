"""How many tokens a call can be billed for, at most, before it is made.

It lives with the targets because the bound depends on how a target sends its input (the
chat format's overhead per message): the openai target states its own worst case
(`OpenAIChatTarget.max_input_tokens`), and the guard's budget reserves with it.
"""

from __future__ import annotations

#: Tokens a chat format adds around each message (role markers, separators) and to prime
#: the answer: OpenAI's counting guide gives 3–4 per message and 3 for the reply; 8 each
#: leaves room for other formats.
MESSAGE_OVERHEAD_TOKENS = 8


def max_tokens_of(text: str) -> int:
    """An upper bound of the tokens `text` can be billed as: its UTF-8 length in bytes.

    Byte-level BPE tokenizers (GPT, Llama 3, Claude…) and SentencePiece with byte fallback
    never make a token of less than one byte. The usual "4 characters a token" is an
    average, not a bound — code, numbers and non-English text cost far more — and a
    reservation below the real cost would let spend cross a ceiling."""
    return len(text.encode("utf-8"))
