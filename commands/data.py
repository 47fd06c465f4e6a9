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
from data_access.accounts import AccountError
from data_access.import_mappings import mapping_named, save_mapping
from data_access.principal import Principal
from data_access.records import StaleRecord
from data_access.settings import get_settings, settings_table
from demo.district_load import load_district
from demo.street import database_is_empty, load_demo
from i18n import t
from importing.mapping import Mapping, MappingError
from importing.remembered import file_signature, remembered_for, saved_mapping
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


CLI_PRINCIPAL = Principal("cli", "admin")  # the command line imports for every community


def load_mapping(engine: Engine, given: str | None) -> Mapping | None:
    """--mapping FILE.json (as --suggest prints it, corrected by a person) or NAME (saved)."""
    if given is None:
        return None
    path = Path(given)
    if path.is_file():
        return Mapping.from_json(path.read_text(encoding="utf-8"))
    saved = mapping_named(engine, CLI_PRINCIPAL, given)
    if saved is None:
        raise MappingError("err_mapping_unknown", {"name": given})
    return saved_mapping(saved)


def remembered_mappings(
    engine: Engine, paths: list[Path], table: str | None, lang: str
) -> list[Mapping | None]:
    """Each file's saved mapping when one was saved for its headers (printed), else None."""
    found: list[Mapping | None] = []
    for path in paths:
        saved = remembered_for(engine, CLI_PRINCIPAL, path.name, path.read_bytes(), table)
        if saved is not None:
            print(f"{path.name}: {t('mapping_remembered', lang, name=saved.name)}")
        found.append(saved)
    return found


def save_used_mapping(
    engine: Engine, name: str, mapping: Mapping, paths: list[Path], lang: str
) -> int:
    """--save-mapping NAME: the mapping just used, under NAME, with the first file's header
    signature (a mapping of that name already saved is updated)."""
    path = paths[0]
    signature = file_signature(path.name, path.read_bytes(), mapping.table)
    if signature is None:
        print(f"--save-mapping: {path.name} cannot be read", file=sys.stderr)
        return EXIT_FAILED
    existing = mapping_named(engine, CLI_PRINCIPAL, name)
    mapping.name, mapping.signature = name.strip(), signature
    try:
        save_mapping(
            engine,
            CLI_PRINCIPAL,
            name=name,
            table=mapping.table,
            signature=signature,
            mapping_json=mapping.to_json(),
            version=existing.version if existing and not existing.communities else None,
            actor=cli_actor(),
        )
    except (AccountError, StaleRecord) as error:
        reason = error.reason if isinstance(error, AccountError) else "err_stale"
        params = error.params if isinstance(error, AccountError) else {}
        print(f"--save-mapping: {t(reason, lang, **params)}", file=sys.stderr)
        return EXIT_FAILED
    print(t("mapping_saved", lang, name=name.strip()))
    return EXIT_OK


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
    if args.save_mapping and not args.mapping:
        print("--save-mapping needs --mapping NAME|FILE.json", file=sys.stderr)
        return EXIT_FAILED
    try:
        mapping = load_mapping(engine, args.mapping)
    except MappingError as error:
        print(f"--mapping: {t(error.reason, lang, **error.params)}", file=sys.stderr)
        return EXIT_FAILED
    began = time.perf_counter()
    mappings = (
        [mapping] * len(paths)
        if mapping is not None
        else remembered_mappings(engine, paths, table, lang)
    )
    files = [
        (p.name, read_file(p.name, p.read_bytes(), table, used))
        for p, used in zip(paths, mappings, strict=True)
    ]
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
    if args.save_mapping and mapping is not None:
        return save_used_mapping(engine, args.save_mapping, mapping, paths, lang)
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
