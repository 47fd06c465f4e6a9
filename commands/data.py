"""The commands that look after the database: migrate, demo, import, settings, backup and
restore."""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from commands.base import EXIT_FAILED, EXIT_OK, cli_actor
from data_access.settings import get_settings, settings_table
from demo.district_load import load_district
from demo.street import database_is_empty, load_demo
from i18n import t
from importing.service import import_file, problem_lines


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
        today=args.today,
        progress=lambda step: print(f"  {step}", flush=True),
    )
    seconds = time.perf_counter() - began
    listed = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"demo {args.scale} loaded in {seconds:.1f} s: {listed}")
    print("demo-only accounts (passwords in the README): admin, leader, viewer, yuehaimen")
    return EXIT_OK


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
