"""The rule contract.

A rule is a class with a stable ``code`` and ``name``, a default ``severity``, a one-line
``summary``, an ``Options`` model and a ``check`` method. Rules are pure: they read the
statement or catalog they are given and report through ``ctx.report``; they keep no state.

- A *change rule* judges one statement of a target file against the catalog as it was just
  before that statement, with the file around it (``ChangeContext``). It names the IR types it
  wants in ``statement_types``; statements found in function and DO bodies are offered too
  (``ctx.in_body`` tells).
- A *schema rule* judges the final catalog (``SchemaContext``): a replayed SQL history or a
  lowered Prisma schema alike. It reports a finding at the statement that made it true, so
  that the migration making a regression is the one reported (pre-commit and ``--diff`` look
  at nothing else): ``table.latest(*properties)`` (see ``catalog.provenance``) is the latest
  change among the properties its condition reads, ``None`` when the table was born that way;
  it reports at that change's span, else at the definition, passing ``defined=`` the
  definition so that it becomes the related location::

      change = table.latest(provenance.RLS, provenance.SCHEMA)
      ctx.report(provenance.made_at(change, table.name_span), message, defined=table.name_span)
- A *replay rule* judges what the replay noticed while applying a statement of a target file
  (``catalog.events``: a table it does not know, a statement the database would refuse),
  with the same ``ChangeContext`` as change rules, its catalog as the statement left it.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from schemalint import ir
from schemalint.catalog.events import ReplayEvent
from schemalint.catalog.model import Catalog, Table
from schemalint.file_index import FileIndex
from schemalint.findings import DEFINED_HERE, Fix, Help, Related, Severity
from schemalint.frozen import frozen, share_frozen_methods
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import DIALECTS

if TYPE_CHECKING:
    from schemalint.rules._tenancy import TenantRoots
    from schemalint.tools.file_runner import FileRunner
    from schemalint.tools.registry import MigrationTool
    from schemalint.tools.transactions import FileRun, Segment, TransactionModel, Version

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:
    from typing_extensions import dataclass_transform

if TYPE_CHECKING:
    from schemalint.catalog.history import HistoryMarks
    from schemalint.frontends.prisma.scope import PrismaScope

_Options = TypeVar("_Options", bound="RuleOptions")


@dataclass_transform(kw_only_default=True, frozen_default=True)
class RuleOptions:
    """Base of every rule's options: unknown keys are errors; keys are kebab-case in config.

    A subclass declares its fields with defaults and becomes a frozen, keyword-only dataclass.
    ``model_validate`` checks config values against those fields' types
    (``schemalint.rules.options``), with errors in the words of the rest of the configuration.
    """

    # ``dataclass(frozen=True, kw_only=True)`` compiles six methods per class with ``exec``,
    # a cost every run pays at import for a handful of instances. Subclasses are made
    # dataclasses without generated methods (so ``fields`` and ``replace`` work), with the
    # keyword ``__init__`` below and ``@frozen``'s shared ``==``, hash, repr and frozen
    # guards, which behave as the generated ones do (``__dataclass_params__`` says not
    # frozen: nothing reads it).

    if TYPE_CHECKING:  # made a dataclass below, out of mypy's sight
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)
        share_frozen_methods(cls)

    def __init__(self, **values: Any) -> None:
        for f in dataclasses.fields(self):
            if f.name in values:
                value = values.pop(f.name)
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise TypeError(
                    f"{type(self).__qualname__}.__init__() missing keyword argument {f.name!r}"
                )
            object.__setattr__(self, f.name, value)
        if values:
            unknown = next(iter(values))
            raise TypeError(
                f"{type(self).__qualname__}.__init__() got an unexpected keyword argument {unknown!r}"
            )

    @classmethod
    def model_validate(
        cls: type[_Options], raw: Mapping[str, object], mapping: str = "table"
    ) -> _Options:
        """The options ``raw`` (kebab-case config keys) sets.

        Raises ``rule_options.OptionError`` naming the key for an unknown key or a value of
        the wrong type.
        """
        if not raw:
            return cls()
        from schemalint.rules.options import validate

        return cls(**validate(cls, raw, mapping))


# Not a decorator: mypy would read it as a non-frozen dataclass that frozen ones inherit from.
dataclass(init=False, repr=False, eq=False)(RuleOptions)
share_frozen_methods(RuleOptions)


DEFAULT_EXCLUDED_SCHEMAS = frozenset(
    {
        "pg_catalog",
        "information_schema",
        "pg_toast",
        # Owned by the Supabase platform, not by the project's migrations.
        "auth",
        "storage",
        "realtime",
        "extensions",
        "graphql",
        "graphql_public",
        "supabase_functions",
        "supabase_migrations",
        "vault",
        "pgsodium",
        "net",
        "cron",
    }
)

OptionsT = TypeVar("OptionsT", bound=RuleOptions)


@frozen
class Settings:
    """What every rule may need to know about the run, beyond its own options.

    ``excluded_schemas`` are schemas whose tables schema rules do not judge (system and
    platform-owned ones). ``origin`` is ``"sql"`` for a replayed migration history,
    ``"prisma"`` for a schema. ``tool`` is the migration tool that runs the migrations
    (``None`` for a Prisma schema); ``runner_version`` the runner version the config names
    (``None``: the newest behaviour); ``postgres_version`` the PostgreSQL major version, when
    known. The project-wide conventions (tenant columns, exposed schemas, soft-delete column)
    live here; a rule's own option of the same meaning, when set, overrides them for that rule.
    """

    dialect: str = "postgres"
    origin: str = "sql"
    excluded_schemas: frozenset[str] = DEFAULT_EXCLUDED_SCHEMAS
    tenant_columns: tuple[str, ...] = ("organization_id", "workspace_id")
    # The tables tenants are (``name`` or ``schema.name``); empty: inferred (see _tenancy).
    tenant_roots: tuple[str, ...] = ()
    exposed_schemas: tuple[str, ...] = ("public",)
    soft_delete_column: str = "deleted_at"
    tool: MigrationTool | None = None
    runner_version: Version | None = None
    postgres_version: int | None = None
    multi_statement: bool = False
    opted_out_files: frozenset[str] = frozenset()

    def is_linted_schema(self, schema: str) -> bool:
        return schema not in self.excluded_schemas

    def transaction_model(self) -> TransactionModel | None:
        """How the stream's runner groups statements into transactions (``None``: no runner)."""
        if self.tool is None:
            return None
        return self.tool.transaction_model(self.runner_version).configured(
            multi_statement=self.multi_statement, opted_out_files=self.opted_out_files
        )


class Reporter(Protocol):
    """Where ``ctx.report`` sends a finding. ``own`` is the finding's own severity (``None``:
    the rule's); ``related`` and ``previous`` (see ``Finding``) are passed only when the finding
    is not at its definition."""

    def __call__(
        self,
        span: Span,
        message: str | Help,
        help: str | Help,
        fix: Fix | None,
        own: Severity | None = None,
        related: tuple[Related, ...] = (),
        previous: Span | None = None,
    ) -> None: ...


@dataclass
class _BaseContext(Generic[OptionsT]):
    options: OptionsT
    settings: Settings
    catalog: Catalog
    _report: Reporter = field(repr=False)
    # The files of the stream or schema being linted, by path; fixes read the text around spans.
    sources: Mapping[str, SourceFile] = field(default_factory=dict, repr=False)

    def report(
        self,
        span: Span,
        message: str | Help,
        *,
        help: str | Help = "",
        fix: Fix | None = None,
        severity: Severity | None = None,
        defined: Span | None = None,
        previous: Span | None = None,
    ) -> None:
        """Report a finding of the running rule at ``span``. Advice belongs in ``help``
        (a ``Help`` when it differs per finding only by names; so the message, sharing the
        help's ``args``, when a rule reports once per table of a schema).

        ``severity`` is for a rule whose findings differ in gravity (see ``Rule``); a
        severity the configuration sets for the rule wins over it.
        ``defined``: where the object is defined, when ``span`` is elsewhere - a schema
        finding sits at the statement that made it true (``Table.latest``); the definition
        becomes its related location. ``previous``: where schemalint reported the finding
        before it moved, when that was not ``defined`` (old baselines match on it).
        """
        previous = previous or defined
        if defined is None or defined == span:
            if previous is None or previous == span:
                self._report(span, message, help, fix, severity)
            else:
                self._report(span, message, help, fix, severity, (), previous)
        else:
            related = (Related(defined, DEFINED_HERE),)
            self._report(span, message, help, fix, severity, related, previous)

    def source(self, path: str) -> SourceFile | None:
        """The file at ``path`` as read, if it belongs to what is being linted."""
        return self.sources.get(path)

    def text(self, path: str) -> str | None:
        """The text of the file at ``path``, if it belongs to what is being linted."""
        source = self.sources.get(path)
        return source.text if source is not None else None


@dataclass
class ChangeContext(_BaseContext[OptionsT]):
    """A statement's surroundings: the catalog before it and the other statements of its file.

    ``statements`` are the file's top-level statements, ``index`` the position of the current
    top-level statement among them (for a body statement: of its function or DO block). The
    engine holds only the current one and, for a rule that ``looks_ahead``, the later ones of
    its segment (``window.Window``): what earlier statements did is in ``file``.

    How the runner runs the file (for PostgreSQL streams of a known runner): ``model`` is its
    transaction model, ``run`` the file's segments (as far as the statements up to the current
    one tell: a segment still open ends at the last statement the engine took), ``sql_index``
    the SQL statement (the segments' unit) of each of ``statements``. ``batch_start`` is the stream position of the
    first file that runs in the same deploy as this one: this file's own, except for a runner
    that applies every pending migration in one transaction when only some files are linted
    (then the first linted file). ``positions`` gives each stream file's position.
    ``earlier_index``: what the file's statements before ``index`` did (``file``), as the
    engine builds it while replaying; built from ``statements`` when not given.
    """

    statements: Sequence[ir.Statement] = ()
    index: int = 0
    in_body: bool = False
    model: TransactionModel | None = None
    run: FileRun | FileRunner | None = None
    sql_index: Sequence[int] = ()
    batch_start: int = 0
    positions: Mapping[str, int] = field(default_factory=dict)
    earlier_index: FileIndex | None = field(default=None, repr=False)

    @property
    def file(self) -> FileIndex:
        """What the file's top-level statements before the current one did."""
        if self.earlier_index is None:
            self.earlier_index = FileIndex(self.statements[: self.index])
        return self.earlier_index

    def created_in_file(self, table: Table) -> bool:
        """Whether ``table`` was created by an earlier statement of this same file."""
        return table.span.path == self.statements[self.index].span.path and (
            self.file.has_statement(table.span)
        )

    def existed_before(self, table: Table) -> bool:
        """Whether ``table`` was created before this file's deploy (so it may hold rows).

        A table created earlier in this file, or in an earlier file of the same one-
        transaction batch, is new: no other session can see it until the deploy commits.
        """
        if self.created_in_file(table):
            return False
        created = self.positions.get(table.span.path)
        return created is None or created < self.batch_start

    def segment(self, index: int | None = None) -> Segment | None:
        """The runner's segment holding statement ``index`` (default: the current one)."""
        if self.run is None:
            return None
        position = self.index if index is None else index
        return self.run.segment(self.sql_index[position])


@dataclass
class SchemaContext(_BaseContext[OptionsT]):
    # Tables judged elsewhere: in a Prisma project, on the schema that models them.
    judged_elsewhere: frozenset[tuple[str, str]] = frozenset()
    # What the schema rules of one run compute once and share (the engine passes one dict to
    # every rule's context; the catalog does not change while they run).
    shared: dict[object, object] = field(default_factory=dict, repr=False)

    def tenant_roots(self, columns: Sequence[str]) -> TenantRoots:
        """The catalog's tenant roots for ``columns`` (see ``_tenancy.tenant_roots``), computed
        once per run for every rule that asks with the same columns."""
        from schemalint.rules._tenancy import TenantRoots, tenant_roots

        key = ("tenant_roots", tuple(columns), self.settings.tenant_roots)
        roots = self.shared.get(key)
        if not isinstance(roots, TenantRoots):
            roots = tenant_roots(self.catalog, columns, self.settings.tenant_roots)
            self.shared[key] = roots
        return roots

    def tables(self) -> Iterator[Table]:
        """The tables rules judge: complete ones in linted schemas (chosen once per run for
        every rule that asks with the same ``judged_elsewhere``: most schema rules do)."""
        key = ("tables", self.judged_elsewhere)
        tables = self.shared.get(key)
        if not isinstance(tables, tuple):
            tables = tuple(
                table
                for table in self.catalog
                if not table.incomplete
                and self.settings.is_linted_schema(table.schema)
                and table.key not in self.judged_elsewhere
            )
            self.shared[key] = tables
        return iter(tables)


@dataclass
class DriftContext(_BaseContext[OptionsT]):
    """A Prisma schema (``catalog``) beside the catalog its migration history builds.

    ``scope``: what the schema manages; ``marks``: which statement last removed or changed
    each object of the history.
    """

    history: Catalog = field(default_factory=Catalog)
    scope: PrismaScope | None = None
    marks: HistoryMarks | None = None


# The SARIF category of each code family (a code's first three characters). A rule of a
# family not listed here sets its own ``category``.
FAMILIES = {
    "SL0": "correctness",
    "SL1": "multi-tenancy",
    "SL2": "performance",
    "SL3": "migration-safety",
    "SL4": "data-safety",
    "SL5": "migration-safety",
    "SL6": "supabase",
    "SL7": "audit",
    "SL8": "schema-drift",
}
# SARIF's ``precision``: how often a finding of the rule is a real problem.
PRECISIONS = ("very-high", "high", "medium", "low")


class Rule(Generic[OptionsT]):
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    options_model: ClassVar[type[RuleOptions]] = RuleOptions
    # Which inputs the rule can judge: "sql" (a replayed history), "prisma" (a schema).
    origins: ClassVar[frozenset[str]] = frozenset({"sql"})
    # Dialects the rule applies to.
    dialects: ClassVar[frozenset[str]] = frozenset(DIALECTS)
    fixable: ClassVar[bool] = False
    # Fixed only in place, in a migration not committed yet, by ``fix --unsafe-fixes``.
    unsafe_fixable: ClassVar[bool] = False
    # Extra SARIF tags (e.g. "performance"); a rule whose findings are security problems
    # sets ``security_severity`` (a CVSS-like score, 0.1-10), which also tags it "security".
    tags: ClassVar[tuple[str, ...]] = ()
    security_severity: ClassVar[float | None] = None
    # Per-finding severity: a rule may report some findings at a severity other than its
    # default one (``ctx.report(..., severity=...)``), e.g. SL606 on a SECURITY DEFINER
    # function. ``severe`` names that severity (for the docs and ``schemalint rules``);
    # when the configuration sets the rule's severity, every finding of it takes that one
    # (``severity = "warning"`` turns the severe ones down too; ``"off"`` turns all off).
    severe: ClassVar[Severity | None] = None
    # SARIF: the category tag (by default the code family's, from ``FAMILIES``) and the
    # precision (one of ``PRECISIONS``). Both are checked when the rule class is defined.
    category: ClassVar[str]
    precision: ClassVar[str] = "high"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = vars(cls).get("code")
        if code is None:  # a base class such as ChangeRule
            return
        if "category" not in vars(cls):
            if code[:3] not in FAMILIES:
                raise TypeError(
                    f"{cls.__qualname__} ({code}): no family {code[:3]} in rules.base.FAMILIES; "
                    "set the rule's `category`"
                )
            cls.category = FAMILIES[code[:3]]
        if cls.precision not in PRECISIONS:
            raise TypeError(
                f"{cls.__qualname__} ({code}): precision {cls.precision!r} is not one of "
                f"{', '.join(PRECISIONS)}"
            )


class ChangeRule(Rule[OptionsT]):
    statement_types: ClassVar[tuple[type[ir.Statement], ...]]
    # The top-level statements of these types ``check`` judges by the later statements of
    # their runner segment (``ctx.statements`` after ``ctx.index``): the engine holds those
    # until the segment ends. Earlier statements are let go: ask ``ctx.file``.
    looks_ahead: ClassVar[tuple[type[ir.Statement], ...]] = ()

    def check(self, statement: ir.Statement, ctx: ChangeContext[OptionsT]) -> None:
        raise NotImplementedError


class SchemaRule(Rule[OptionsT]):
    def check(self, ctx: SchemaContext[OptionsT]) -> None:
        raise NotImplementedError


class ReplayRule(Rule[OptionsT]):
    event_types: ClassVar[tuple[type[ReplayEvent], ...]]

    def check(self, event: ReplayEvent, ctx: ChangeContext[OptionsT]) -> None:
        raise NotImplementedError


class DriftRule(Rule[OptionsT]):
    """Judges a Prisma schema against its replayed migration history (``DriftContext``)."""

    def check(self, ctx: DriftContext[OptionsT]) -> None:
        raise NotImplementedError
