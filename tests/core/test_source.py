from __future__ import annotations

import copy
import pickle

import pytest

from schemalint.source import Position, SourceFile, Span


def test_positions_are_one_based_and_count_code_points() -> None:
    source = SourceFile("a.sql", "-- é\nSELECT 1;\n")
    assert source.position(0) == Position(1, 1)
    assert source.position(5) == Position(2, 1)
    assert source.position(12) == Position(2, 8)


def test_crlf_and_lone_cr_both_end_lines() -> None:
    source = SourceFile("a.sql", "a\r\nb\rc\nd")
    assert [source.position(i) for i in (0, 3, 5, 7)] == [
        Position(1, 1),
        Position(2, 1),
        Position(3, 1),
        Position(4, 1),
    ]
    assert [source.line_text(n) for n in (1, 2, 3, 4)] == ["a", "b", "c", "d"]


def test_offsets_past_the_end_are_clamped_to_the_last_position() -> None:
    source = SourceFile("a.sql", "ab\n")
    assert source.position(99) == Position(2, 1)


def test_a_span_reads_back_its_path_and_offsets_and_compares_as_the_three() -> None:
    spans = [Span(path, start, end) for path in ("a.sql", "b/c.sql") for start, end in _OFFSETS]
    assert [(s.path, s.start, s.end) for s in spans] == [
        (path, start, end) for path in ("a.sql", "b/c.sql") for start, end in _OFFSETS
    ]
    again = [Span(s.path, s.start, s.end) for s in spans]
    assert again == spans
    assert [hash(s) for s in again] == [hash(s) for s in spans]
    assert len(set(spans)) == len(spans)
    assert Span("a.sql", 3, 5) != Span("b/c.sql", 3, 5)
    assert repr(Span("a.sql", 3, 5)) == "Span(path='a.sql', start=3, end=5)"
    assert f"{Span('a.sql', 3, 5)}" == "Span(path='a.sql', start=3, end=5)"


_OFFSETS = ((0, 0), (0, 1), (7, 3), (2**32 - 1, 2**32 - 1), (123_456_789, 123_456_999))


def test_a_span_is_no_number_to_compare_with() -> None:
    first = Span("first.sql", 0, 0)
    assert bool(first)
    # The int 0 on either side: int's own comparison must not answer for the span.
    assert [first == 0, 0 == first, first != 0, 0 != first] == [False, False, True, True]  # noqa: SIM300
    assert Span("a.sql", 1, 2) != (1 << 32 | 2)
    with pytest.raises(TypeError, match="spans are not ordered"):
        sorted([Span("a.sql", 2, 3), Span("a.sql", 1, 2)])
    with pytest.raises(TypeError, match="spans are not ordered"):
        assert 5 < Span("a.sql", 1, 2)  # noqa: SIM300


@pytest.mark.parametrize("start, end", [(-1, 0), (0, -1), (2**32, 2**32), (0, 2**40)])
def test_offsets_a_span_cannot_hold_are_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="span offsets out of range"):
        Span("a.sql", start, end)


def test_spans_pickle_and_copy_by_path_not_by_number() -> None:
    span = Span("pickled/elsewhere.sql", 10, 20)
    # A --jobs worker numbers paths in its own order: the path itself crosses.
    assert pickle.loads(pickle.dumps(span)) == span
    assert copy.copy(span) == span and copy.deepcopy(span) == span
    assert span.__reduce__() == (Span, ("pickled/elsewhere.sql", 10, 20))


def test_a_span_matches_as_path_start_end() -> None:
    match Span("a.sql", 4, 9):
        case Span(path, start, end):
            assert (path, start, end) == ("a.sql", 4, 9)
        case _:
            pytest.fail("no match")
