"""Build step of the wheel: what pyproject.toml cannot say declaratively.

A checkout keeps `templates/`, `migrations/` and the sample `acts/` beside the package, and
`config.py` at the top (where `flask --app app` and the tests find them). A wheel carries them
inside the package instead (`alatau_legal/templates`, `.../migrations`, `.../sample_acts`,
`alatau_legal/config.py`), where `alatau_legal` looks first, and the interface's message
catalogues compiled (`.mo`, which the repository does not keep) beside their `.po` files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (source in the checkout, destination inside the package)
CARRIED = [
    ("templates", "templates"),
    ("migrations", "migrations"),
    ("acts", "sample_acts"),
]


class BuildWithResources(build_py):
    """build_py, plus the folders the package reads at run time and compiled catalogues."""

    def run(self) -> None:
        super().run()
        package = Path(self.build_lib) / "alatau_legal"
        for source, destination in CARRIED:
            target = package / destination
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(
                ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        shutil.copy2(ROOT / "config.py", package / "config.py")
        self._compile_catalogues(package / "translations")

    @staticmethod
    def _compile_catalogues(folder: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as handle:
                catalogue = read_po(handle, locale=po_path.parent.parent.name)
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalogue)


setup(cmdclass={"build_py": BuildWithResources})
