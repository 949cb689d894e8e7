"""Shared plumbing of the `flask` commands: one transaction, errors to stderr, exit status."""

from __future__ import annotations

import functools
import sys

import click

from .errors import AppError
from .extensions import db


def transactional(command):
    """Run a command in one transaction: commit on success; on a domain error roll back,
    print the message on stderr and exit with status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except AppError as error:
            db.session.rollback()
            click.echo(f"Error: {error.message}", err=True)
            sys.exit(1)
        db.session.commit()
        return result

    return wrapper
