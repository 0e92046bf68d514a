"""Offset round trips on random Persian-like input (hypothesis)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_strategies import persian_like

from didban.options import Options
from didban.text.normalize import normalize

def check_map(text: str, options: Options) -> None:
    n = normalize(text, options)
    assert len(n.starts) == len(n.ends) == len(n.text)
    previous_start = 0
    for i in range(len(n.text)):
        s, e = n.starts[i], n.ends[i]
        assert 0 <= s <= e <= len(text)  # every normalized char maps inside the original
        assert s >= previous_start  # monotonic
        previous_start = s
    for i in range(len(n.text) + 1):
        for j in range(i, min(len(n.text), i + 8) + 1):
            s, e = n.to_original(i, j)
            assert 0 <= s <= e <= len(text)  # every normalized span gives a valid original span


@settings(max_examples=300, deadline=None)
@given(persian_like)
def test_offset_map_is_valid_and_monotonic(text):
    check_map(text, Options())


@settings(max_examples=100, deadline=None)
@given(persian_like, st.sampled_from(["persian", "latin", "keep"]), st.booleans())
def test_offset_map_under_every_option(text, digits, zwnj_repair):
    check_map(text, Options(digits=digits, zwnj_repair=zwnj_repair))


@settings(max_examples=200, deadline=None)
@given(persian_like)
def test_unchanged_characters_map_to_themselves(text):
    n = normalize(text)
    for i, ch in enumerate(n.text):
        if n.ends[i] - n.starts[i] == 1 and text[n.starts[i]] == ch:
            continue  # the common case: a kept character
        # otherwise it was inserted (empty span), replaced, or decoded: the span is still inside the text
        assert n.starts[i] <= n.ends[i]


@settings(max_examples=100, deadline=None)
@given(persian_like)
def test_normalize_is_idempotent_on_its_output(text):
    once = normalize(text).text
    assert normalize(once).text == once


# (length of the text) - the identity map is cut from one counting array, grown when a longer text comes
@pytest.mark.parametrize("n", [0, 1, 5, 4095, 4096, 10_000, 3])
def test_identity_maps_every_character_to_itself(n):
    from array import array

    from didban.text.offsets import Mapped

    m = Mapped.identity("x" * n)
    assert list(m.starts) == list(range(n)) and list(m.ends) == list(range(1, n + 1))
    assert isinstance(m.starts, array) and m.starts.typecode == "i"
    m.starts.append(99)  # its own arrays: changing them changes no other text's map
    assert list(Mapped.identity("x" * n).starts) == list(range(n))


# (pattern, replacement, text, expected) - a replacement without a backslash is taken as it is, as `re.sub` would
@pytest.mark.parametrize("pattern, replace, text, expected", [
    (r" +", " ", "a   b  c", "a b c"),  # plain text
    (r"(\w)-(\w)", r"\2-\1", "a-b", "b-a"),  # group references still expanded
    (r"x", r"\n", "axb", "a\nb"),  # an escape still read as one
])
def test_substitute_reads_replacements_as_re_sub(pattern, replace, text, expected):
    import re

    from didban.text.offsets import Mapped, substitute

    out = substitute(Mapped.identity(text), re.compile(pattern), replace, len(text))
    assert out.text == expected == re.sub(pattern, replace, text)
