"""The commands that look after the database: migrate, demo, import, settings, backup and
restore."""

from __future__ import annotations

import argparse
import json
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
from importing.mapping import Mapping, MappingError
from importing.service import commit_batch, problem_lines, read_file, skipped_line, suggest_file


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


AUTO_TABLE = "auto"
IMPORTABLE = (".csv", ".xlsx", ".xlsm")


def import_paths(names: list[str]) -> list[Path]:
    """The files named, a folder standing for its .csv and .xlsx files (sorted by name)."""
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in IMPORTABLE)
        else:
            paths.append(path)
    return paths


def load_mapping(given: str | None) -> Mapping | None:
    """--mapping FILE.json (as --suggest prints it, corrected by a person)."""
    if given is None:
        return None
    path = Path(given)
    if not path.is_file():
        raise MappingError("err_mapping_unknown", {"name": given})
    return Mapping.from_json(path.read_text(encoding="utf-8"))


def command_import(engine: Engine, args: argparse.Namespace) -> int:
    """import TABLE FILE|FOLDER ...: all files checked, then written in one transaction (all
    files or none); --suggest prints each file's proposed mapping; --mapping applies one."""
    lang = args.lang or get_settings().language
    table = None if args.table == AUTO_TABLE else args.table
    paths = import_paths(args.files)
    if not paths:
        print("no .csv or .xlsx file to import", file=sys.stderr)
        return EXIT_FAILED
    if args.suggest:
        proposals = []
        for path in paths:
            read, proposal = suggest_file(engine, path.name, path.read_bytes(), table)
            proposals.append(
                {"file": path.name}
                | (proposal.as_dict() if proposal else {"table": None})
                | {"problems": problem_lines(read, lang)}
            )
        print(
            json.dumps(
                proposals[0] if len(proposals) == 1 else proposals, ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    try:
        mapping = load_mapping(args.mapping)
    except MappingError as error:
        print(f"--mapping: {t(error.reason, lang, **error.params)}", file=sys.stderr)
        return EXIT_FAILED
    began = time.perf_counter()
    files = [(p.name, read_file(p.name, p.read_bytes(), table, mapping)) for p in paths]
    results = commit_batch(engine, files, actor=cli_actor())
    for name, result in files:
        if result.sheet is not None and result.sheet.skipped:
            print(f"{name}: {skipped_line(result.sheet.skipped, lang)}")
    if not all(result.committed for result in results):
        for name, result in files:
            if result.problems:
                print(
                    f"{name}: {t('import_errors', lang, count=len(result.problems))}",
                    file=sys.stderr,
                )
                for line in problem_lines(result, lang):
                    print(f"  {line}", file=sys.stderr)
        return EXIT_FAILED
    seconds = time.perf_counter() - began
    for name, result in files:
        shown = result.spec.name if result.spec else args.table
        print(f"{name} → {shown}: {t('counts_line', lang, **result.counts())} ({seconds:.1f} s)")
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
