"""Languages benchmark: the alignment of a 1,500-provision act in three languages over 50
versions, computed for the act page, against loading one version of one language.

The act is drafted in English with Russian and Kazakh texts of the same structure; each of the
50 versions saves one language with about 5% of its provisions changed (the drafting language
every other version, the translations in turn), so every kind of state occurs: provisions
outdated in one language, in both, and brought up to date again. Target: computing the
alignment of the latest version takes at most 2x the time of loading that version's text in
one language (`services.get_version`), both as the act page does them (the process's caches
warm: versions are immutable, so both the loaded text and the alignment are kept); and, for
the first view after a start, both from cold caches.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_versions import ARTICLES, WORDS, edit

VERSIONS = 50
TARGET = 2.0
RUNS = 30

# The heading words of each language: (chapter, article) as they are written.
HEADINGS = {
    "en": (lambda n: f"Chapter {n}.", lambda n: f"Article {n}."),
    "ru": (lambda n: f"Глава {n}.", lambda n: f"Статья {n}."),
    "kk": (lambda n: f"{n}-тарау.", lambda n: f"{n}-бап."),
}
WORDS_BY_LANGUAGE = {
    "en": WORDS,
    "ru": "инвестор участник орган преференция реестр заявление решение рабочих дней тенге "
    "расчетный показатель комитет разрешение территория район здание высота зона".split(),
    "kk": "инвестор қатысушы орган преференция тізілім өтініш шешім жұмыс күні теңге "
    "есептік көрсеткіш комитет рұқсат аумақ аудан ғимарат биіктік аймақ".split(),
}


def make_text(rng: random.Random, language: str, per_chapter: int = 10) -> str:
    """The same structure as the versions benchmark's act, in one language's words."""
    chapter_word, article_word = HEADINGS[language]
    words = WORDS_BY_LANGUAGE[language]
    lines = []
    for article in range(1, ARTICLES + 1):
        if (article - 1) % per_chapter == 0:
            chapter = (article - 1) // per_chapter + 1
            lines += [f"{chapter_word(chapter)} {_sentence(rng, words, 4)}", ""]
        lines += [f"{article_word(article)} {_sentence(rng, words, 5)}", ""]
        for para in range(1, 4):
            lines.append(f"{para}. " + _sentence(rng, words, 24) + ":")
            lines += [f"{sub}) " + _sentence(rng, words, 14) + ";" for sub in (1, 2)]
            lines.append("")
    return "\n".join(lines)


def _sentence(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count)).capitalize()


def _median_ms(function, *, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    from flask_migrate import upgrade

    from alatau_legal import create_app
    from alatau_legal.acts import languages as act_languages
    from alatau_legal.acts import services
    from alatau_legal.acts.languages import alignment_cache
    from alatau_legal.acts.storage import node_cache, version_cache
    from alatau_legal.extensions import db
    from config import TestingConfig
    from tests.support.builders import make_user

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ALATAU_INSTANCE_DIR"] = folder
        config = TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(config)
        with app.app_context():
            upgrade()
            drafter = make_user("drafter", "bench")
            texts = {language: make_text(rng, language) for language in ("en", "ru", "kk")}
            act, _ = services.create_act(
                drafter,
                title="Benchmark act",
                act_type="rules",
                language="en",
                text=texts["en"],
                max_chars=10_000_000,
            )
            act_languages.set_languages(drafter, act, ["en", "ru", "kk"])
            db.session.commit()
            order = ["ru", "kk"] + ["en", "ru", "en", "kk"] * VERSIONS
            started = time.perf_counter()
            for language in order[: VERSIONS - 1]:
                if act.current_version >= 3:
                    texts[language] = edit(texts[language], rng)
                services.save_version(
                    drafter,
                    act.id,
                    base_version=act.current_version,
                    text=texts[language],
                    note=f"edit {language}",
                    language=language,
                    max_chars=10_000_000,
                )
                db.session.commit()
            saving = time.perf_counter() - started

            number = act.current_version
            provisions = len(services.get_version(drafter, act, number).flat)

            def cold() -> None:
                node_cache.clear()
                version_cache.clear()
                alignment_cache.clear()

            def load_cold() -> None:
                cold()
                assert services.get_version(drafter, act, number, "ru").flat

            def align_cold() -> None:
                cold()
                services.alignment(drafter, act, number)

            cold_load_ms = _median_ms(load_cold, runs=10)
            cold_align_ms = _median_ms(align_cold, runs=10)
            # Warm both paths once, as a page that has been read before.
            services.get_version(drafter, act, number, "ru")
            result = services.alignment(drafter, act, number)
            load_ms = _median_ms(lambda: services.get_version(drafter, act, number, "ru").flat)
            align_ms = _median_ms(lambda: services.alignment(drafter, act, number))
            db.session.expire_all()

    ratio = align_ms / load_ms
    verdict = "PASS" if ratio <= TARGET else "MISS"
    cold_ratio = cold_align_ms / cold_load_ms
    cold_verdict = "PASS" if cold_ratio <= TARGET else "MISS"
    print("Languages benchmark")
    print(
        f"  act: {provisions} provisions in en, ru and kk; {number} versions saved, one "
        f"language each ({saving:.1f} s for all)"
    )
    for entry in result.languages.values():
        print(
            f"  {entry.language}: {entry.aligned} aligned, {len(entry.missing)} missing, "
            f"{len(entry.extra)} extra, {len(entry.outdated)} outdated"
        )
    print(
        f"  as the act page (caches warm): alignment of version {number} (3 languages) median "
        f"{align_ms:.2f} ms vs loading version {number} in one language {load_ms:.2f} ms = "
        f"{ratio:.2f}x (target <= {TARGET:.0f}x) {verdict}"
    )
    print(
        f"  first view after a start (caches cold): alignment {cold_align_ms:.2f} ms vs loading "
        f"{cold_load_ms:.2f} ms = {cold_ratio:.2f}x (target <= {TARGET:.0f}x) {cold_verdict}"
    )


if __name__ == "__main__":
    main()
