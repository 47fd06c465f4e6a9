"""`streetdash users`: add, list, change, link to single sign-on, disable, enable and reset
accounts, every change audited as the OS user who ran it."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import Engine

from commands.base import EXIT_FAILED, EXIT_OK, UsageError, cli_actor
from data_access.settings import get_settings
from i18n import t


def new_password(args: argparse.Namespace) -> str:
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
                password=new_password(args),
                communities=args.community or [],
                display_name=args.display_name or "",
                oidc_subject=args.sso,
                actor=cli_actor(),
            )
            print(f"account {args.name} ({args.role}) created")
        elif args.action == "list":
            for row in users(engine).to_dict("records"):
                state = "active" if row["is_active"] else "disabled"
                print(f"{row['username']}\t{row['role']}\t{row['communities'] or '-'}\t{state}")
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
            reset_password(engine, args.name, new_password(args), actor=cli_actor())
            print(f"password of {args.name} reset")
    except AccountError as error:
        print(f"streetdash users: {t(error.reason, lang, **error.params)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
