"""``mentions_supabase``: SQL naming Supabase's ``auth`` schema or API roles, in any case."""

from __future__ import annotations

import pytest

from schemalint.tools.project import mentions_supabase


@pytest.mark.parametrize(
    ("sql", "mentions"),
    [
        ("select auth.uid()", True),
        ("SELECT AUTH.UID()", True),
        ("grant select on t to Anon;", True),
        ("GRANT SELECT ON t TO AUTHENTICATED;", True),
        ("create table authors (id int);", False),  # "auth" but not the schema
        ("create table t (anonymous bool);", False),  # "anon" but not the role
        ("create table t (authenticated_at timestamptz);", False),
        ("create table t (id int);", False),
    ],
)
def test_the_schema_or_a_role_in_any_case_is_a_mention(sql: str, mentions: bool) -> None:
    assert mentions_supabase([sql]) is mentions


def test_any_file_of_the_stream_may_mention_it() -> None:
    assert mentions_supabase(["create table t (id int);", "ALTER TABLE t OWNER TO Anon;"])
    assert not mentions_supabase([])
