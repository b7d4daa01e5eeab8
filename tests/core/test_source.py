from __future__ import annotations

from schemalint.source import Position, SourceFile


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
