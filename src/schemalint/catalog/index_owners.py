"""``Catalog.index_owner``: the table of each index, by (schema, index name)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

Key = tuple[str, str]


class IndexOwners(MutableMapping[Key, Key]):
    """A mapping of (schema, index name) to the key of the index's table.

    An index lives in its table's schema, so the owner's key already says the schema: an
    entry is kept by the index name alone (the string the index holds anyway), not by a
    (schema, name) tuple of its own, 56 bytes an index in a large catalog. A name taken in
    several schemas is kept by (schema, name) beyond its first holder, as is an owner in
    another schema (never made by the replay). Iteration gives the entries by name first.
    """

    def __init__(self, items: Iterable[tuple[Key, Key]] = ()) -> None:
        self._by_name: dict[str, Key] = {}
        self._by_key: dict[Key, Key] = {}
        for key, owner in items:
            self[key] = owner

    def __getitem__(self, key: Key) -> Key:
        owner = self._by_name.get(key[1])
        if owner is not None and owner[0] == key[0]:
            return owner
        return self._by_key[key]

    def get(self, key: Key, default: Any = None) -> Any:
        owner = self._by_name.get(key[1])
        if owner is not None and owner[0] == key[0]:
            return owner
        return self._by_key.get(key, default) if self._by_key else default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        owner = self._by_name.get(key[1])
        if owner is not None and owner[0] == key[0]:
            return True
        return key in self._by_key

    def __setitem__(self, key: Key, owner: Key) -> None:
        schema, name = key
        held = self._by_name.get(name)
        if held is not None and held[0] == schema:  # the entry is kept by name
            if owner[0] == schema:
                self._by_name[name] = owner
                return
            del self._by_name[name]
        elif held is None and owner[0] == schema:
            self._by_name[name] = owner
            if self._by_key:
                self._by_key.pop(key, None)
            return
        self._by_key[key] = owner

    def __delitem__(self, key: Key) -> None:
        owner = self._by_name.get(key[1])
        if owner is not None and owner[0] == key[0]:
            del self._by_name[key[1]]
        else:
            del self._by_key[key]

    def pop(self, key: Key, default: Any = None) -> Any:
        owner = self._by_name.get(key[1])
        if owner is not None and owner[0] == key[0]:
            return self._by_name.pop(key[1])
        return self._by_key.pop(key, default)

    def __iter__(self) -> Iterator[Key]:
        for name, owner in self._by_name.items():
            yield (owner[0], name)
        yield from self._by_key

    def __len__(self) -> int:
        return len(self._by_name) + len(self._by_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # copy.copy must not share the two dicts between the copies (the plan check replays
        # on a copy of the catalog).
        return (type(self), (list(self.items()),))
