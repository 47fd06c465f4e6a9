"""A file in a community's own layout mapped onto a table: which of its columns is which of
ours, and which code each of its choice words means — suggested, confirmed, then applied.

The suggestion reads the header (our headers, the synonym table of importing.synonyms, then
similarity by difflib) and the values (dates, yes/no, known labels, community names). Choice
words are matched to codes by exact label, the synonym table or similarity; a match by
similarity is only a proposal (`ValueGuess.confirmed` is False) and never applied until a person
has confirmed it into a `Mapping`. Applying a mapping gives an ordinary `Sheet` whose headers
are our column codes: the validation after it is the template import's, unchanged.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from data_access import cells
from data_access.record_checks import community_aliases, fold_name
from data_access.tables import BOOL, COMMUNITY, DATE, ENUM, INT, NUMBER, TABLES, TEXT, TableSpec
from i18n import LANGUAGES, enum_labels
from importing.headers import fold_header
from importing.readers import Formula, Sheet
from importing.synonyms import HEADER_SYNONYMS, IGNORED_HEADERS, VALUE_SYNONYMS

ACCEPT = 0.45  # the least confidence at which a column is proposed at all
SAMPLE = 200  # values read per column to judge what it holds
MAPPING_VERSION = 1


class MappingError(cells.CellError):
    """Why a given mapping cannot be used for a file (an i18n key `err_mapping_…`)."""


@dataclass
class ColumnGuess:
    """One column of the file: the target proposed for it (None: ignored), how sure, and why
    (header: our own header; synonym; similar; values; ignored: a running number)."""

    position: int
    header: str
    target: str | None
    confidence: float
    reason: str


@dataclass
class ValueGuess:
    """One distinct word of a choice column and the code proposed for it."""

    column: str
    value: str
    code: str | None
    confidence: float
    reason: str  # label, synonym, similar, none
    rows: int

    @property
    def confirmed(self) -> bool:
        """Exact labels and listed synonyms stand; a similarity needs a person's confirmation."""
        return self.reason in ("label", "synonym")


@dataclass
class Mapping:
    """A confirmed mapping: file header → column, and per column the file's word → code;
    `constants` fill a column the file lacks (every row of a community's file is its own)."""

    table: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    name: str = ""
    signature: str = ""

    def to_json(self) -> str:
        return json.dumps({"version": MAPPING_VERSION} | asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        try:
            data = json.loads(text)
            mapping = cls(
                table=str(data["table"]),
                columns={str(k): str(v) for k, v in data["columns"].items() if v},
                values={
                    str(c): {str(k): str(v) for k, v in words.items() if v}
                    for c, words in (data.get("values") or {}).items()
                },
                constants={str(k): str(v) for k, v in (data.get("constants") or {}).items() if v},
                name=str(data.get("name") or ""),
                signature=str(data.get("signature") or ""),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise MappingError("err_mapping_file") from error
        mapping.check()
        return mapping

    def check(self) -> None:
        """Refuse a mapping naming a table, column or code that does not exist."""
        spec = TABLES.get(self.table)
        if spec is None:
            raise MappingError("err_mapping_target", {"target": self.table})
        names = {column.name for column in spec.columns}
        for target in [*self.columns.values(), *self.values, *self.constants]:
            if target not in names:
                raise MappingError("err_mapping_target", {"target": target})
        for column, words in self.values.items():
            codes = set(enum_labels(spec.column(column).enum or column, "zh"))
            for code in words.values():
                if code not in codes:
                    raise MappingError("err_mapping_target", {"target": code})
        if len(set(self.columns.values())) < len(self.columns):
            raise MappingError("err_mapping_twice")


@dataclass
class Suggestion:
    """The proposed mapping of a file, with its confidences and what stays open."""

    spec: TableSpec
    columns: list[ColumnGuess]
    values: list[ValueGuess]
    missing: list[str]
    signature: str

    def mapping(self, *, accept_similar: bool = False) -> Mapping:
        """The mapping as proposed; similar choice words only when a person accepted them."""
        columns = {g.header: g.target for g in self.columns if g.target and g.header}
        values: dict[str, dict[str, str]] = {}
        for guess in self.values:
            if guess.code and (guess.confirmed or accept_similar):
                values.setdefault(guess.column, {})[guess.value] = guess.code
        return Mapping(self.spec.name, columns, values, signature=self.signature)

    def as_dict(self) -> dict[str, Any]:
        """The proposal as --suggest prints it."""
        return {
            "table": self.spec.name,
            "signature": self.signature,
            "columns": [asdict(guess) for guess in self.columns],
            "values": [asdict(guess) | {"confirmed": guess.confirmed} for guess in self.values],
            "missing_required": self.missing,
        }


def header_signature(headers: list[str]) -> str:
    """The same header words in any order give the same signature (a remembered mapping's key)."""
    words = sorted({fold_header(header) for header in headers if header})
    return hashlib.sha256("\n".join(words).encode()).hexdigest()[:24]


def _header_words(spec: TableSpec, column: str) -> tuple[set[str], set[str]]:
    own = {fold_header(column)} | {fold_header(spec.header(column, lang)) for lang in LANGUAGES}
    listed = {fold_header(word) for word in HEADER_SYNONYMS.get(spec.name, {}).get(column, ())}
    return own, listed - own


def header_score(spec: TableSpec, header: str, column: str) -> tuple[float, str]:
    """How surely `header` names `column`: own header 1.0, listed synonym 0.95, else similarity."""
    folded = fold_header(header)
    own, listed = _header_words(spec, column)
    if folded in own:
        return 1.0, "header"
    if folded in listed:
        return 0.95, "synonym"
    best = 0.0
    for word in own | listed:
        ratio = difflib.SequenceMatcher(None, folded, word).ratio()
        if len(word) >= 2 and len(folded) >= 2 and (word in folded or folded in word):
            ratio = max(ratio, 0.75)
        best = max(best, ratio)
    return round(best * 0.85, 3), "similar"


def _parses(parse: Any, value: Any) -> bool:
    try:
        parse(value)
    except (cells.CellError, ValueError, TypeError):
        return False
    return True


def enum_word(enum: str, value: str) -> tuple[str | None, float, str]:
    """The code a choice word means: exact label or code, listed synonym, or most similar."""
    try:
        return cells.parse_enum(value, enum), 1.0, "label"
    except cells.CellError:
        pass
    folded = fold_header(value)
    words: list[tuple[str, str]] = []
    for code, synonyms in VALUE_SYNONYMS.get(enum, {}).items():
        if folded in {fold_header(word) for word in synonyms}:
            return code, 0.95, "synonym"
        words += [(code, fold_header(word)) for word in synonyms]
    for lang in LANGUAGES:
        words += [(code, fold_header(label)) for code, label in enum_labels(enum, lang).items()]
    best: tuple[str | None, float] = (None, 0.0)
    for code, word in words:
        ratio = difflib.SequenceMatcher(None, folded, word).ratio()
        core = word.removesuffix("纠纷")
        if len(core) >= 2 and core in folded:
            ratio = max(ratio, 0.8)
        if ratio > best[1]:
            best = (code, ratio)
    if best[1] >= 0.5:
        return best[0], round(best[1] * 0.9, 3), "similar"
    return None, 0.0, "none"


def value_fit(spec: TableSpec, column: str, values: list[Any], communities: set[str]) -> float:
    """How well a file column's values fit `column` of `spec` (0.5 when nothing tells)."""
    kind = spec.column(column).kind
    present = [v for v in values if not isinstance(v, Formula) and not cells.is_empty(v)]
    if not present:
        return 0.5
    checks = {
        DATE: cells.parse_date,
        BOOL: cells.parse_bool,
        INT: cells.parse_int,
        NUMBER: cells.parse_number,
    }
    if kind in checks:
        return sum(_parses(checks[kind], v) for v in present) / len(present)
    if kind == ENUM:
        enum = spec.column(column).enum or column
        words = {cells.clean_text(v) for v in present}
        return sum(enum_word(enum, word)[2] in ("label", "synonym") for word in words) / len(words)
    if kind == COMMUNITY:
        if not communities:
            return 0.5
        return sum(fold_name(cells.clean_text(v)) in communities for v in present) / len(present)
    dates = sum(_parses(cells.parse_date, v) for v in present) / len(present)
    return 1.0 - dates if kind == TEXT else 1.0 - dates / 2


def known_communities(names: Collection[str]) -> set[str]:
    """Community names as values are compared (with and without 社区)."""
    return {fold_name(alias) for name in names for alias in community_aliases(name)}


def _column_values(sheet: Sheet, position: int) -> list[Any]:
    return [
        values[position] if position < len(values) else None for _, values in sheet.rows[:SAMPLE]
    ]


def suggest(spec: TableSpec, sheet: Sheet, communities: Collection[str] = ()) -> Suggestion:
    """Propose, for each column of `sheet`, the column of `spec` it most likely is, and for each
    distinct word of its choice columns, the code it most likely means."""
    known = known_communities(communities)
    candidates: list[tuple[float, int, str, str]] = []
    for position, header in enumerate(sheet.headers):
        if not header or fold_header(header) in {fold_header(word) for word in IGNORED_HEADERS}:
            continue
        values = _column_values(sheet, position)
        for column in spec.columns:
            score, reason = header_score(spec, header, column.name)
            fit = value_fit(spec, column.name, values, known)
            if score >= 0.5:
                confidence = score * (0.6 + 0.4 * fit)
            elif column.kind in (ENUM, COMMUNITY) and fit >= 0.8:
                confidence, reason = 0.5 * fit, "values"
            else:
                continue
            candidates.append((round(confidence, 3), position, column.name, reason))
    chosen: dict[int, tuple[str, float, str]] = {}
    taken: set[str] = set()
    for confidence, position, target, reason in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if confidence >= ACCEPT and position not in chosen and target not in taken:
            chosen[position] = (target, confidence, reason)
            taken.add(target)
    guesses = []
    for position, header in enumerate(sheet.headers):
        picked = chosen.get(position)
        why = picked[2] if picked else "none"
        if fold_header(header) in {fold_header(word) for word in IGNORED_HEADERS}:
            why = "ignored"
        guesses.append(
            ColumnGuess(
                position, header, picked[0] if picked else None, picked[1] if picked else 0.0, why
            )
        )
    values = [
        guess
        for position, (column, _, _) in sorted(chosen.items())
        for guess in value_guesses(spec, column, sheet, position)
    ]
    missing = [column.name for column in spec.required if column.name not in taken]
    return Suggestion(spec, guesses, values, missing, header_signature(sheet.headers))


def value_guesses(spec: TableSpec, column: str, sheet: Sheet, position: int) -> list[ValueGuess]:
    """Every distinct word of a choice column, most frequent first, with its proposed code."""
    if spec.column(column).kind != ENUM:
        return []
    enum = spec.column(column).enum or column
    counts = Counter(
        cells.clean_text(values[position])
        for _, values in sheet.rows
        if position < len(values)
        and not isinstance(values[position], Formula)
        and not cells.is_empty(values[position])
    )
    return [
        ValueGuess(column, word, *enum_word(enum, word), rows=count)
        for word, count in counts.most_common()
    ]


def best_table(sheet: Sheet, communities: Collection[str] = ()) -> TableSpec | None:
    """The table whose required columns a suggestion covers best (its key among them)."""
    best: tuple[float, TableSpec] | None = None
    for spec in TABLES.values():
        proposal = suggest(spec, sheet, communities)
        targets = {guess.target for guess in proposal.columns if guess.target}
        if spec.key not in targets:
            continue
        score = 1 - len(proposal.missing) / max(len(spec.required), 1) + len(targets) / 100
        if best is None or score > best[0]:
            best = (score, spec)
    return best[1] if best else None


def apply_mapping(sheet: Sheet, mapping: Mapping) -> Sheet:
    """The sheet as the template would hold it: our column codes as headers, choice words
    replaced by their confirmed codes (any other word is left as written, for the validation to
    refuse with its row), constants filled in; row numbers and skipped rows kept."""
    mapping.check()
    positions: dict[str, int] = {}
    for position, header in enumerate(sheet.headers):
        target = mapping.columns.get(header)
        if target and target not in positions:
            positions[target] = position
    constants = {k: v for k, v in mapping.constants.items() if k not in positions}
    headers = [*positions, *constants]
    rows = []
    for number, values in sheet.rows:
        row = []
        for target, position in positions.items():
            value = values[position] if position < len(values) else None
            words = mapping.values.get(target, {})
            if words and not isinstance(value, Formula):
                value = words.get(cells.clean_text(value), value)
            row.append(value)
        rows.append((number, row + list(constants.values())))
    return Sheet(headers, rows, sheet.sheet_name, list(sheet.skipped), sheet.header_last_row)
