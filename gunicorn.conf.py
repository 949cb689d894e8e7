"""gunicorn reads this file from the working directory: the settings are the package's own
(alatau_legal/gunicorn_conf.py), so an installed copy gets the same with
`gunicorn -c python:alatau_legal.gunicorn_conf`."""

from alatau_legal.gunicorn_conf import *  # noqa: F403
