"""The browser tests share one live server per xdist worker (session scope), and which modules
land on the same worker changes from run to run: two modules creating the same username fail
only when they meet ("The username 'maria' is taken"). Each account name belongs to one module."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
ACCOUNT = re.compile(r"""Account\(\s*["']([^"']+)["']""")


def test_no_two_browser_test_modules_create_the_same_user():
    modules_of: dict[str, set[str]] = defaultdict(set)
    for module in E2E.glob("*.py"):
        for name in ACCOUNT.findall(module.read_text(encoding="utf-8")):
            modules_of[name].add(module.name)
    shared = {name: sorted(found) for name, found in modules_of.items() if len(found) > 1}
    assert not shared, f"account names created by more than one module: {shared}"
    assert len(modules_of) >= 10  # the scan still finds the accounts
