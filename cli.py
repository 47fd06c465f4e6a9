"""The `streetdash` command: migrate, demo, import, summary, report, users and settings."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from data_access.db import get_engine
from data_access.migrate import migrate
from data_access.queries import communities
from data_access.settings import get_settings, settings_table
from data_access.tables import TABLES
from demo.district_load import load_district
from demo.street import database_is_empty, load_demo
from i18n import enum_label, metric_label, t
from i18n.formatting import format_figure, scope_text
from importing.service import import_file, problem_lines
from metrics.summary_model import DOMAINS, Summary, summary_json, summary_json_text
from metrics.window import Window
from reports.narrative import names_of, written_summary
from reports.summary import window_report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def today_local() -> date:
    """Today's date in the configured time zone (the street's calendar, not the server's)."""
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def window_from_args(week: str | None, start: date | None, end: date | None) -> Window:
    """The window the user asked for: an ISO week, or a start and an end date."""
    if week and (start or end):
        raise UsageError("give either --week or --start/--end, not both")
    if week == "last":  # the last complete week of the street's calendar (for timers and cron)
        return Window.last_complete_week(today_local())
    if week:
        try:
            return Window.iso_week(week)
        except ValueError as error:
            raise UsageError(str(error)) from error
    if start and end:
        if end < start:
            raise UsageError(f"--end {end} is before --start {start}")
        return Window(start, end)
    raise UsageError("give --week YYYY-Www, or both --start and --end")


def past_window(window: Window, today: date) -> Window:
    """`window`, refused when it ends after `today`: figures of days to come would read as zeros
    and raise every "nothing reported" alert."""
    if window.end > today:
        raise UsageError(
            f"{window} ends on {window.end}, after today ({today}): choose a window "
            "that has ended (e.g. --week last)"
        )
    return window


def scope_from_args(engine: Engine, codes: Sequence[str] | None) -> list[str]:
    """The community codes asked for (all when none), refusing unknown codes by name."""
    known = list(communities(engine)["code"])
    if not codes:
        return known
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise UsageError(f"unknown community code(s): {', '.join(unknown)}")
    return sorted(set(codes))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(summary: Summary, lang: str) -> str:
    """The summary as plain text tables, labels in `lang`, for a terminal or a log."""
    lines = [f"{summary.window.start.isoformat()} ~ {summary.window.end.isoformat()}"]
    for domain in DOMAINS:
        lines.append("")
        lines.append(f"[{t('domain_' + domain, lang)}]")
        before = summary.previous.domain(domain).scalars()
        rows = [
            (
                metric_label(domain, key, lang),
                format_figure(key, value, lang),
                format_figure(key, before[key], lang),
            )
            for key, value in summary.current.domain(domain).scalars().items()
        ]
        label_width = max(_width(label) for label, _, _ in rows)
        for label, value, previous in rows:
            lines.append(f"  {_pad(label, label_width)}  {value:>10}  ({previous})")
    lines.append("")
    lines.append(f"[{t('by_community_title', lang)}]")
    rows_json = [summary_json(row) for row in summary.by_community]
    keys = list(rows_json[0]) if rows_json else []
    headers = [metric_label("by_community", key, lang) for key in keys]
    table = [headers] + [[format_figure(key, row[key], lang) for key in keys] for row in rows_json]
    widths = [max(_width(row[index]) for row in table) for index in range(len(keys))]
    for row in table:
        lines.append("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)))
    lines.append("")
    lines.append(f"[{t('alerts_title', lang)}]")
    for alert in summary.alerts:
        severity = enum_label("severity", alert.severity, lang)
        lines.append(f"  [{severity}] {alert.message}  {' '.join(alert.refs)}")
    if not summary.alerts:
        lines.append(f"  {t('alerts_none', lang)}")
    return "\n".join(lines)


def command_migrate(engine: Engine, _args: argparse.Namespace) -> int:
    print("database is at the latest schema")
    return EXIT_OK


def command_demo(engine: Engine, args: argparse.Namespace) -> int:
    if not database_is_empty(engine):
        if args.if_empty:
            print("database already holds records: demo not loaded")
            return EXIT_OK
        print(
            "the database already holds records; the demo street loads only into an empty "
            "database (see `make clean-db`)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    began = time.perf_counter()
    loader = load_district if args.scale == "district" else partial(load_demo, weeks=args.weeks)
    counts = loader(
        engine,
        seed=args.seed,
        today=today_local(),
        progress=lambda step: print(f"  {step}", flush=True),
    )
    seconds = time.perf_counter() - began
    listed = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"demo {args.scale} loaded in {seconds:.1f} s: {listed}")
    print("demo-only accounts (passwords in the README): admin, leader, viewer, yuehaimen")
    return EXIT_OK


def cli_actor() -> str:
    """Who the audit log names for a command-line change: `cli:<OS user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def command_import(engine: Engine, args: argparse.Namespace) -> int:
    lang = args.lang or get_settings().language
    path = Path(args.file)
    began = time.perf_counter()
    result = import_file(engine, path.name, path.read_bytes(), args.table, actor=cli_actor())
    if not result.committed:
        print(
            f"{path.name}: {t('import_errors', lang, count=len(result.problems))}", file=sys.stderr
        )
        for line in problem_lines(result, lang):
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAILED
    seconds = time.perf_counter() - began
    table = result.spec.name if result.spec else args.table
    print(f"{path.name} → {table}: {t('counts_line', lang, **result.counts())} ({seconds:.1f} s)")
    return EXIT_OK


def command_summary(engine: Engine, args: argparse.Namespace) -> int:
    settings = get_settings()
    window = args.window
    scope = scope_from_args(engine, args.community)
    lang = args.lang or settings.language
    report = window_report(engine, window, scope, thresholds=settings.thresholds, lang=lang)
    if args.format == "json":
        print(summary_json_text(report.summary))
    elif args.format == "text":
        print(written_summary(report.summary, names_of(report.summary), lang).text)
    else:
        print(format_table(report.summary, lang))
    return EXIT_OK


def command_report(engine: Engine, args: argparse.Namespace) -> int:
    from reports.meeting import follow_ups_for_report, meeting_report
    from reports.pdf import ReportContext, weekly_pdf, write_pdf

    settings = get_settings()
    window = args.window
    scope = scope_from_args(engine, args.community)
    lang = args.lang or settings.language
    began = time.perf_counter()
    report = meeting_report(engine, window, scope, thresholds=settings.thresholds, lang=lang)
    context = ReportContext(
        lang=lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        generated_by=cli_actor(),
        scope_text=scope_text(lang, scope, report.names, whole=not args.community),
        follow_ups=follow_ups_for_report(engine, window, scope),
    )
    pdf = weekly_pdf(report, context)
    out = args.out.replace("{week}", str(window.week))
    pages = write_pdf(Path(out), pdf)
    seconds = time.perf_counter() - began
    size = round(len(pdf) / 1024)
    print(t("report_written", lang, path=out, pages=pages, size=size, seconds=seconds))
    return EXIT_OK


def _new_password(args: argparse.Namespace) -> str:
    """The password from stdin (--password-stdin, first line) or asked twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("password: ")
    if getpass.getpass("password again: ") != password:
        raise UsageError("the two passwords differ")
    return password


def command_users(engine: Engine, args: argparse.Namespace) -> int:
    """users add | list | change | link-sso | disable | enable | reset-password: accounts, all
    audited."""
    from data_access.accounts import (
        AccountError,
        change_account,
        create_user,
        link_sso,
        reset_password,
        set_active,
        users,
    )

    lang = get_settings().language
    try:
        if args.action == "add":
            create_user(
                engine,
                username=args.name,
                role=args.role,
                password=_new_password(args),
                communities=args.community or [],
                display_name=args.display_name or "",
                oidc_subject=args.sso,
                actor=cli_actor(),
            )
            print(f"account {args.name} ({args.role}) created")
        elif args.action == "list":
            for row in users(engine).itertuples():
                state = "active" if row.is_active else "disabled"
                print(f"{row.username}\t{row.role}\t{row.communities or '-'}\t{state}")
        elif args.action == "change":
            change_account(
                engine,
                args.name,
                role=args.role,
                communities=args.community or [],
                display_name=args.display_name,
                actor=cli_actor(),
            )
            print(f"account {args.name} is now {args.role}")
        elif args.action == "link-sso":
            link_sso(engine, args.name, None if args.unlink else args.claim, actor=cli_actor())
            print(f"account {args.name} {'unlinked' if args.unlink else 'linked'}")
        elif args.action in ("disable", "enable"):
            set_active(engine, args.name, args.action == "enable", actor=cli_actor())
            print(f"account {args.name} {args.action}d")
        else:
            reset_password(engine, args.name, _new_password(args), actor=cli_actor())
            print(f"password of {args.name} reset")
    except AccountError as error:
        print(f"streetdash users: {t(error.reason, lang, **error.params)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def command_settings(_engine: Engine, _args: argparse.Namespace) -> int:
    for row in settings_table(get_settings()):
        print(f"{row['name']}={row['value']}\n    {row['help']} (default: {row['default']})")
    return EXIT_OK


def command_backup(engine: Engine, args: argparse.Namespace) -> int:
    """backup FILE: a consistent copy of the SQLite database, taken while the app runs."""
    from data_access.backup import BackupError, backup

    try:
        info = backup(engine, Path(args.file))
    except BackupError as error:
        print(f"streetdash backup: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"backup written to {info.path} ({info.size // 1024} KiB, migration {info.revision}): "
        + ", ".join(f"{table} {count}" for table, count in info.counts.items())
    )
    return EXIT_OK


def command_restore(engine: Engine, args: argparse.Namespace) -> int:
    """restore FILE --yes: replace the database's contents with a checked backup."""
    from data_access.backup import BackupError, inspect_backup, restore

    try:
        if not args.yes:
            info = inspect_backup(engine, Path(args.file))
            print(
                f"{info.path} is a streetdash backup at migration {info.revision}: "
                + ", ".join(f"{table} {count}" for table, count in info.counts.items())
            )
            print(
                "restoring replaces every record in the database (a copy of it is kept): "
                "run again with --yes to restore",
                file=sys.stderr,
            )
            return EXIT_FAILED
        info, kept = restore(engine, Path(args.file), actor=cli_actor())
    except BackupError as error:
        print(f"streetdash restore: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"restored {info.path} (migration {info.revision}, now up to date); "
        f"the database it replaced was kept as {kept or 'nothing: it was empty'}"
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="streetdash", description="街道社区治理看板 — street community governance dashboard"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    migrate_parser = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate_parser.set_defaults(handler=command_migrate)

    demo = commands.add_parser("demo", help="load the demo street into an empty database")
    demo.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    demo.add_argument(
        "--weeks", type=int, default=104, help="weeks of the street's history (default 104)"
    )
    demo.add_argument(
        "--scale",
        choices=("street", "district"),
        default="street",
        help="street: 粤海街道, 16 communities (default); district: 10 streets, 200 communities, "
        "five years, about 1.9 million records, bulk-loaded",
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when the database has data"
    )
    demo.set_defaults(handler=command_demo)

    importer = commands.add_parser(
        "import", help="import a CSV or XLSX file into a table (all rows or none)"
    )
    importer.add_argument("table", choices=list(TABLES), metavar="TABLE", help=", ".join(TABLES))
    importer.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    importer.add_argument("--lang", choices=("zh", "en"), help="language of the error report")
    importer.set_defaults(handler=command_import)

    summary = commands.add_parser("summary", help="print a window's figures and alerts")
    summary.add_argument("--week", help="ISO week, e.g. 2026-W40, or last (the last complete week)")
    summary.add_argument("--start", type=_parse_date, help="first day, YYYY-MM-DD")
    summary.add_argument("--end", type=_parse_date, help="last day, YYYY-MM-DD")
    summary.add_argument(
        "--community", action="append", metavar="CODE", help="limit to a community (repeatable)"
    )
    summary.add_argument(
        "--format",
        choices=("json", "table", "text"),
        default="json",
        help="json (default), table, or text: the written summary (综述)",
    )
    summary.add_argument("--lang", choices=("zh", "en"), help="language of alert messages")
    summary.set_defaults(handler=command_summary)

    report = commands.add_parser("report", help="write the weekly PDF report (周报)")
    report.add_argument(
        "--week", required=True, help="ISO week, e.g. 2026-W40, or last (the last complete week)"
    )
    report.add_argument(
        "--community", action="append", metavar="CODE", help="limit to a community (repeatable)"
    )
    report.add_argument("--lang", choices=("zh", "en"), help="language of the PDF")
    report.add_argument(
        "--out", required=True, metavar="FILE.pdf", help="where to write the PDF; {week}: its label"
    )
    report.set_defaults(handler=command_report)

    accounts = commands.add_parser("users", help="add, list, change and disable accounts")
    actions = accounts.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add an account (the first one: an admin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("leader", "admin", "community", "viewer"))
    add.add_argument(
        "--community", action="append", metavar="CODE", help="a community account's (repeatable)"
    )
    add.add_argument("--display-name", help="the name shown in the app")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.add_argument(
        "--sso", metavar="CLAIM", help="link the single sign-on identity (claim value)"
    )
    actions.add_parser("list", help="every account, its role and communities")
    change = actions.add_parser("change", help="give an account another role or communities")
    change.add_argument("name", metavar="NAME")
    change.add_argument("--role", required=True, choices=("leader", "admin", "community", "viewer"))
    change.add_argument(
        "--community", action="append", metavar="CODE", help="a community account's (repeatable)"
    )
    change.add_argument("--display-name", help="a new display name (default: keep it)")
    sso = actions.add_parser("link-sso", help="link an account to a single sign-on identity")
    sso.add_argument("name", metavar="NAME")
    link = sso.add_mutually_exclusive_group(required=True)
    link.add_argument("claim", nargs="?", metavar="CLAIM", help="the identity's claim value")
    link.add_argument("--unlink", action="store_true", help="remove the link")
    for action in ("disable", "enable"):
        actions.add_parser(action, help=f"{action} an account").add_argument("name", metavar="NAME")
    reset = actions.add_parser("reset-password", help="new password; lifts sign-in delays")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    accounts.set_defaults(handler=command_users)

    settings = commands.add_parser("settings", help="show every setting and its current value")
    settings.set_defaults(handler=command_settings)

    backup = commands.add_parser("backup", help="back up the SQLite database to FILE, online")
    backup.add_argument("file", metavar="FILE", help="a new file, e.g. backup-2026-11-23.db")
    backup.set_defaults(handler=command_backup)
    restore = commands.add_parser("restore", help="replace the database with a backup FILE")
    restore.add_argument("file", metavar="FILE", help="a file `streetdash backup` wrote")
    restore.add_argument("--yes", action="store_true", help="really replace every record")
    restore.set_defaults(handler=command_restore)

    check = commands.add_parser(
        "check", help="check the deployment (settings, database, accounts, font, upload limits)"
    )
    check.add_argument("--lang", choices=("zh", "en"), help="language of the report")
    check.add_argument("--nginx", type=Path, metavar="FILE", help="the nginx snippet to check")
    return parser


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse what can be refused without the database, before its file is created or migrated;
    the window asked for is kept as `args.window`."""
    if args.command in ("summary", "report"):
        window = window_from_args(
            args.week, getattr(args, "start", None), getattr(args, "end", None)
        )
        args.window = past_window(window, today_local())
    if args.command == "import" and not Path(args.file).is_file():
        raise UsageError(f"no such file: {args.file}")
    if args.command == "restore" and not Path(args.file).is_file():
        raise ValueError(f"no such file: {args.file}")  # a failed restore, as for a bad file


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the database is migrated to the latest schema first."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo" and args.weeks < 1:
        parser.error("--weeks must be at least 1")
    if args.command == "check":  # reports on the database as it is: no migration first
        from deploy.check import main as check_deployment

        return check_deployment(args.lang, args.nginx)
    try:
        check_arguments(args)
        engine = get_engine()
        migrate(engine)
        return int(args.handler(engine, args))
    except BrokenPipeError:
        # The reader stopped early (`streetdash summary | head`): what it read is all it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush fails no more
        return EXIT_OK
    except UsageError as error:
        print(f"streetdash {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as error:
        print(f"streetdash {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OperationalError as error:
        print(f"streetdash: cannot use the database: {error.orig}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
