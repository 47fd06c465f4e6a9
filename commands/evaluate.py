"""`streetdash evaluate`: did a reform work? A saved reform (--reform NAME) or one asked for
(--start, --community, …), evaluated as docs/metrics.md's "Reform evaluation" gives it, printed
as that JSON or as a table with the reading in words."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import Engine

from commands.base import EXIT_FAILED, EXIT_OK, UsageError, scope_from_args
from commands.summary import padded, text_width
from commands.windows import parse_date
from data_access.principal import Principal
from data_access.queries import communities
from data_access.reforms import ReformRecord, reform_named
from data_access.settings import get_settings
from i18n import t
from i18n.formatting import join_names
from metrics.codes import DISPUTE_CATEGORIES
from metrics.reform import DEFAULT_WEEKS, FIGURES, Evaluation, ReformTooRecent, evaluation_json
from reports.reform import (
    ReformQuestion,
    evaluate_reform,
    figure_words,
    periods_text,
    reform_sentence,
    too_recent_text,
)

# The command line reads every reform, as the server's operator does.
OPERATOR = Principal("cli", "admin")
QUESTION_OPTIONS = ("start", "community", "compare", "figure", "category")


def add_evaluate_options(parser: argparse.ArgumentParser) -> None:
    """The options of `streetdash evaluate`."""
    parser.add_argument("--reform", metavar="NAME", help="evaluate a saved reform by its name")
    parser.add_argument("--start", type=parse_date, help="the reform's first day, YYYY-MM-DD")
    for option, help_text in (
        ("--community", "a community that adopted the reform (repeatable)"),
        ("--compare", "a comparison community (repeatable; default: the rest of their streets)"),
    ):
        parser.add_argument(option, action="extend", nargs="+", metavar="CODE", help=help_text)
    parser.add_argument("--figure", choices=FIGURES, help="what it aims at (default disputes_new)")
    parser.add_argument(
        "--category",
        action="extend",
        nargs="+",
        choices=DISPUTE_CATEGORIES,
        metavar="CODE",
        help="only these dispute categories (repeatable; disputes_new only)",
    )
    parser.add_argument(
        "--weeks",
        type=int,
        default=DEFAULT_WEEKS,
        help=f"weeks each side (default {DEFAULT_WEEKS})",
    )
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the table")


def question_from_args(engine: Engine, args: argparse.Namespace) -> ReformRecord | ReformQuestion:
    """The saved reform named by --reform, or the reform the other options describe."""
    if args.weeks < 1:
        raise UsageError("--weeks must be at least 1")
    if args.reform:
        given = [f"--{name}" for name in QUESTION_OPTIONS if getattr(args, name)]
        if given:
            raise UsageError(f"--reform names a saved reform: leave out {', '.join(given)}")
        saved = reform_named(engine, OPERATOR, args.reform)
        if saved is None:
            raise UsageError(f"no reform named {args.reform!r}")
        return saved
    if args.start is None or not args.community:
        raise UsageError("give --reform NAME, or --start YYYY-MM-DD and --community CODE")
    figure = args.figure or "disputes_new"
    if args.category and figure != "disputes_new":
        raise UsageError("--category applies to --figure disputes_new only")
    treated = scope_from_args(engine, args.community)
    comparison = scope_from_args(engine, args.compare) if args.compare else []
    both = sorted(set(treated) & set(comparison))
    if both:
        raise UsageError(f"in --community and --compare at once: {', '.join(both)}")
    return ReformQuestion(
        start_on=args.start,
        treated=tuple(treated),
        figure=figure,
        categories=tuple(sorted(set(args.category or ()))),
        comparison=tuple(comparison),
    )


def _change(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def format_evaluation(
    evaluation: Evaluation, names: dict[str, str], lang: str, title: str | None = None
) -> str:
    """The evaluation as plain text: the periods, a table of both groups and of each treated
    community, the ratio, its interval and the reading, then the reading in words."""
    figure = figure_words(evaluation.figure, evaluation.categories, lang)
    lines = [line for line in (title, f"[{figure}] {periods_text(evaluation, lang)}") if line]
    comparison_label = (
        t("reform_comparison", lang)
        if evaluation.comparison.communities
        else t("reform_comparison_hidden", lang)
    )
    if evaluation.comparison.communities:
        shown = (names.get(code, code) for code in evaluation.comparison.communities)
        comparison_label += f"（{join_names(shown, lang)}）" if lang == "zh" else ""
    header = ["", t("reform_before", lang), t("reform_after", lang), t("reform_change", lang)]
    rows = [header]
    for label, group in (
        (t("reform_treated", lang), evaluation.treated),
        (comparison_label, evaluation.comparison),
    ):
        rows.append([label, str(group.before), str(group.after), _change(group.change)])
    for one in evaluation.by_community:
        name = f"  {one.community} {names.get(one.community, '')}".rstrip()
        rows.append([name, str(one.before), str(one.after), _change(one.change)])
    widths = [max(text_width(row[index]) for row in rows) for index in range(len(header))]
    for row in rows:
        cells = [padded(row[0], widths[0])]
        cells += [" " * (widths[i] - text_width(cell)) + cell for i, cell in enumerate(row) if i]
        lines.append("  ".join(cells).rstrip())
    reading = (
        t("reform_too_few_short", lang)
        if evaluation.too_few
        else t(f"reform_reading_{evaluation.reading}", lang)
    )
    interval = f"{_number(evaluation.ci_low)} – {_number(evaluation.ci_high)}"
    lines += [
        f"{t('reform_ratio', lang)}: {_number(evaluation.ratio)}",
        f"{t('reform_interval', lang)}: {interval}",
        f"{t('reform_reading', lang)}: {reading}",
        "",
        reform_sentence(evaluation, names, lang),
    ]
    return "\n".join(lines)


def command_evaluate(engine: Engine, args: argparse.Namespace) -> int:
    lang = args.lang or get_settings().language
    reform = question_from_args(engine, args)
    try:
        evaluation = evaluate_reform(engine, reform, args.today, weeks=args.weeks)
    except ReformTooRecent as error:
        print(f"streetdash evaluate: {too_recent_text(error, lang)}", file=sys.stderr)
        return EXIT_FAILED
    if args.format == "json":
        print(json.dumps(evaluation_json(evaluation), ensure_ascii=False, indent=2))
        return EXIT_OK
    known = communities(engine)
    names = {str(code): str(name) for code, name in zip(known["code"], known["name"], strict=True)}
    title = reform.name if isinstance(reform, ReformRecord) else None
    print(format_evaluation(evaluation, names, lang, title))
    return EXIT_OK
