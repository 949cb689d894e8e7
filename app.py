"""Entry point for `flask --app app ...` and gunicorn (`gunicorn app:app`)."""

from alatau_legal import create_app

app = create_app()
