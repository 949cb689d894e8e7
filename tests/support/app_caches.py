"""What every test app would otherwise compile again: its URL builders and its templates.

Each integration test makes its own app (`create_app`), with its own database and instance
folder. Production makes one per process, so two costs of making one never mattered there,
but in the suite they were about a third of a test's CPU time:

* Werkzeug compiles a Python function (ast + compile) to build the URL of every rule, twice
  per rule: about 0.19 s for the app's 124 rules, per test.
* Jinja parses and compiles each template an app renders, per app: 0.05-0.1 s for a page.

`install()` keeps both per test process, keyed by what they are made from, so a test app gets
the same code it would have compiled itself:

* A URL builder is a function of the rule's text, its trace (the parts Werkzeug parsed from
  it), its defaults and whether unknown arguments are appended; it reaches the rule only
  through its `.self` argument (bound per rule), so one compiled function serves every app's
  copy of the rule.
* Templates go through Jinja's own bytecode cache (`Environment(bytecode_cache=...)`),
  keyed by the template's name and file and checked against its source's checksum, so an
  edited template is compiled again. Every test app's environment is made by `create_app`
  with the same options and extensions, which is what makes its compiled code shareable.

Only the tests' own process is affected: the live servers (gunicorn) are separate processes
and compile as production does.
"""

from __future__ import annotations

from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing.rules import Rule


class SharedTemplateCode(BytecodeCache):
    """Jinja's bytecode cache in memory: the compiled code of each template, by name and
    source checksum, for every app of this process."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key, bucket.checksum] = bucket.code

    def clear(self) -> None:
        self._code.clear()


TEMPLATE_CODE = SharedTemplateCode()
_BUILDERS: dict[tuple, object] = {}
_compile_builder = Rule._compile_builder


def _shared_compile_builder(self: Rule, append_unknown: bool = True):
    defaults = self.defaults or {}
    key = (
        self.rule,
        tuple(self._trace),
        tuple(sorted((name, repr(value)) for name, value in defaults.items())),
        append_unknown,
    )
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = _BUILDERS[key] = _compile_builder(self, append_unknown)
    return builder


def install() -> None:
    """Share URL builders and compiled templates among the apps of this process."""
    Rule._compile_builder = _shared_compile_builder
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": TEMPLATE_CODE}
