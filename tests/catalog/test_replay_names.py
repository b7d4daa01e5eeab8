from __future__ import annotations

from schemalint.catalog.replay_names import index_column_names, make_object_name


def test_short_names_are_joined_with_underscores() -> None:
    assert make_object_name("users", "email", "key") == "users_email_key"
    assert make_object_name("users", None, "pkey") == "users_pkey"


def test_long_table_name_is_clipped_so_the_pkey_name_fits_63_bytes() -> None:
    assert make_object_name("a" * 63, None, "pkey") == "a" * 58 + "_pkey"


def test_the_longer_of_two_long_names_is_clipped_first() -> None:
    name = make_object_name("t" * 40, "c" * 40, "fkey")
    assert name == "t" * 29 + "_" + "c" * 28 + "_fkey"
    assert len(name) == 63


def test_clipping_never_splits_a_multibyte_character() -> None:
    name = make_object_name("é" * 40, None, "pkey")
    assert name == "é" * 29 + "_pkey"
    assert len(name.encode()) == 63


def test_expression_keys_are_named_expr_and_repeats_are_numbered() -> None:
    assert index_column_names(["a", None, None, "a"]) == ["a", "expr", "expr1", "a1"]
