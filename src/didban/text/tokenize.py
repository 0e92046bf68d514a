"""Word splitting of normalized text: words, numbers and punctuation, each with its span in the ORIGINAL text."""
from __future__ import annotations

from didban.document import NormalizedText, Token
from didban.lazy_pattern import compile as kept_compile
from didban.text.keys import token_key

# one alternative per token kind, tried in order:
#   numbers: digits with inner separators, kept whole ("۲٫۵", "1+4", "۱۴۰۳/۱۲/۱۸", "10:30", "1,000", "۵٪");
#   a hyphen is always its own token ("۲۰-۳۰" gives three)
#   words: letters (any script), marks and inner ZWNJs (a ZWNJ never starts or ends a word)
#   anything else that is not a space: one punctuation mark or symbol per token
TOKEN = kept_compile(
    r"[0-9۰-۹٠-٩]+(?:[.,/:+٫٬×*][0-9۰-۹٠-٩]+)*[%٪]?"
    r"|(?:[^\W\d_]|[\u064b-\u065f\u0670])+(?:\u200c+(?:[^\W\d_]|[\u064b-\u065f\u0670])+)*"
    r"|[^\s\u200c]"
)


def tokenize(norm: NormalizedText, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `norm.text[start:end]` (normalized offsets); each Token carries its original span, normalized form
    and key."""
    end = len(norm.text) if end is None else end
    starts, ends = norm.starts, norm.ends
    tokens = []
    append = tokens.append
    for m in TOKEN.finditer(norm.text, start, end):  # (the hottest loop of segmentation: locals only)
        s, e = m.span()
        o_start, o_end = starts[s], ends[e - 1]
        word = m.group()
        append(Token(o_start, o_end if o_end > o_start else o_start, word, token_key(word)))
    return tokens
