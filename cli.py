"""The `streetdash` command: migrate, demo, import, summary, report, evaluate, users and
settings.

This module is the parser and `main`; the commands live in commands/ by group. `today_local` is
the street's today for every command (tests set it here), handed to them as `args.today`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.exc import OperationalError

from commands.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, cli_actor
from commands.data import (
    command_backup,
    command_demo,
    command_import,
    command_migrate,
    command_restore,
    command_settings,
)
from commands.evaluate import add_evaluate_options, command_evaluate
from commands.summary import command_report, command_summary
from commands.users import command_users
from commands.windows import add_window_options, window_from_args
from data_access.db import get_engine
from data_access.migrate import migrate
from data_access.settings import get_settings
from data_access.tables import TABLES

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "cli_actor", "main", "today_local"]


def today_local() -> date:
    """Today's date in the configured time zone (the street's calendar, not the server's)."""
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


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
    importer.add_argument(
        "table", choices=[*TABLES, "auto"], metavar="TABLE", help=", ".join([*TABLES, "auto"])
    )
    importer.add_argument(
        "files", nargs="+", metavar="FILE", help=".csv or .xlsx files or folders (all or none)"
    )
    importer.add_argument(
        "--suggest", action="store_true", help="print the proposed mapping as JSON, import nothing"
    )
    importer.add_argument(
        "--mapping", metavar="NAME|FILE.json", help="import with this saved or given mapping"
    )
    importer.add_argument(
        "--save-mapping", metavar="NAME", help="after the import, save --mapping under NAME"
    )
    importer.add_argument("--lang", choices=("zh", "en"), help="language of the error report")
    importer.set_defaults(handler=command_import)

    summary = commands.add_parser("summary", help="print a window's figures and alerts")
    add_window_options(summary, ranges=True)
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

    report = commands.add_parser(
        "report",
        help="write the PDF report (or its long picture) of a week, month, quarter or year "
        "(周报/月报/季报/年报)",
    )
    add_window_options(report, ranges=False)
    report.add_argument(
        "--community", action="append", metavar="CODE", help="limit to a community (repeatable)"
    )
    report.add_argument("--lang", choices=("zh", "en"), help="language of the PDF")
    report.add_argument(
        "--reform", metavar="NAME", help="instead of a period: one saved reform's 成效评估"
    )
    report.add_argument(
        "--format",
        choices=("pdf", "png"),
        default="pdf",
        help="pdf (default), or png: the long picture (长图) to share, 1080 px wide",
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE.pdf|FILE.png",
        help="where to write it; {period} (or {week}): its label, e.g. 2026-W40, 2026-10",
    )
    report.set_defaults(handler=command_report)

    evaluate = commands.add_parser(
        "evaluate", help="did a reform work? its figure before and after, against comparison"
    )
    add_evaluate_options(evaluate)
    evaluate.set_defaults(handler=command_evaluate)

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
    the street's today is kept as `args.today`, the window asked for as `args.window`."""
    args.today = today_local()
    if args.command == "report" and args.reform and args.format == "png":
        raise UsageError("--reform writes a PDF: the long picture (--format png) is of a period")
    if args.command == "summary" or (args.command == "report" and not args.reform):
        args.window = window_from_args(args, args.today)
    if args.command == "import":
        for name in args.files:
            if not Path(name).exists():
                raise UsageError(f"no such file: {name}")
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
