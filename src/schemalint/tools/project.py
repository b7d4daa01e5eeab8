"""Project facts: the PostgreSQL major version and the schemas the API exposes.

They come from ``supabase/config.toml`` (``[db] major_version``, ``[api] schemas``), else from
the schemalint config (``postgres-version``, ``exposed-schemas``), else from defaults: a
Supabase project exposes ``public`` and ``graphql_public``; a plain PostgreSQL project exposes
nothing (its tables are reached through its own server).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from schemalint.frozen import frozen

if TYPE_CHECKING:
    from schemalint.config import Config
    from schemalint.inputs.discovery import Stream

SUPABASE_EXPOSED = ("public", "graphql_public")
# What in a migration says the database is a Supabase one (compiled on first use, by re).
_SUPABASE_SQL = r"\bauth\.|\banon\b|\bauthenticated\b"


@frozen
class ProjectFacts:
    """What ``supabase/config.toml`` says, as found beside a stream (``None``: it does not).

    ``supabase``: the stream sits in a Supabase project folder. ``source`` names the file the
    facts come from (``""``: none). ``problem``: why that file could not be read, if so.
    """

    supabase: bool = False
    postgres_version: int | None = None
    exposed_schemas: tuple[str, ...] | None = None
    source: str = ""
    problem: str = ""


def read_supabase_config(text: str, source: str) -> ProjectFacts:
    """The facts of a ``supabase/config.toml``; a file that is not valid TOML says nothing."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return ProjectFacts(True, source=source, problem=f"invalid TOML: {error}")
    db = document.get("db")
    api = document.get("api")
    version = db.get("major_version") if isinstance(db, dict) else None
    schemas = api.get("schemas") if isinstance(api, dict) else None
    exposed = None
    if isinstance(schemas, list) and all(isinstance(s, str) for s in schemas):
        exposed = tuple(schemas)
    return ProjectFacts(
        True,
        version if isinstance(version, int) and not isinstance(version, bool) else None,
        exposed,
        source,
    )


def mentions_supabase(texts: Iterable[str]) -> bool:
    """Whether any migration refers to Supabase's ``auth`` schema or its API roles."""
    # A regex that ignores case has no literal to skip ahead by (a second for 50 MB): only a
    # text holding "auth" or "anon" in some case can match, and finding them is ~20x faster.
    # (Those letters have no other case-insensitive equivalents, unlike "i" and "s".)
    return any(
        ("auth" in low or "anon" in low) and re.search(_SUPABASE_SQL, text, re.IGNORECASE)
        for text, low in ((text, text.lower()) for text in texts)
    )


@frozen
class StreamFacts:
    """The project facts a stream is linted with, and where each came from."""

    postgres_version: int | None
    postgres_version_source: str
    exposed_schemas: tuple[str, ...]
    exposed_schemas_source: str


def stream_facts(config: Config, stream: Stream) -> StreamFacts:
    """PostgreSQL version and exposed schemas: supabase/config.toml, else config, else defaults.

    A project is a Supabase one when it has a ``supabase/`` folder or its SQL refers to
    ``auth.``, ``anon`` or ``authenticated``; only a Supabase project exposes schemas by
    default (``public``, ``graphql_public``).
    """
    project = stream.project or ProjectFacts()
    config_file = f"{config.path.name} " if config.path else ""
    if project.postgres_version is not None:
        version, version_source = project.postgres_version, f"from {project.source}"
    elif config.postgres_version is not None:
        version, version_source = config.postgres_version, f"from {config_file}postgres-version"
    else:
        version, version_source = None, "set postgres-version to name it"
    if project.exposed_schemas is not None:
        exposed, exposed_source = project.exposed_schemas, f"from {project.source}"
    elif config.exposed_schemas is not None:
        exposed, exposed_source = config.exposed_schemas, f"from {config_file}exposed-schemas"
    elif project.supabase or mentions_supabase(f.masked for f in stream.files):
        exposed, exposed_source = SUPABASE_EXPOSED, "the Supabase default"
    else:
        exposed, exposed_source = (), "no Supabase markers; set exposed-schemas to name some"
    return StreamFacts(version, version_source, exposed, exposed_source)
