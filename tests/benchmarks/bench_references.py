"""References benchmark: finding and resolving every reference of a 1,500-provision act, as a
save does, against parsing the same text (the target: within 1x of parsing).

The act is Russian, 150 articles of 3 paragraphs with 2 sub-paragraphs each in 15 chapters
(1,515 provisions), and every paragraph and sub-paragraph cites something the way real acts
do: a paragraph of another article, a list of sub-paragraphs, a range of articles, a
paragraph of the same article, another act by name, or a missing article.
"""

from __future__ import annotations

import random
import statistics
import time

from alatau_legal.acts.text import parse, references
from alatau_legal.acts.text.references import references_of

ARTICLES = 150
ROUNDS = 11

CITATIONS = (
    "в соответствии с пунктом {p} статьи {a} настоящего Закона",
    "предусмотренных подпунктами 1) и 2) пункта {p} статьи {a} настоящего Закона",
    "указанных в статьях {a}-{b} настоящего Закона",
    "с учетом пункта {p} настоящей статьи",
    "согласно статье 24 Предпринимательского кодекса Республики Казахстан",
    "в порядке, определенном статьей {missing} настоящего Закона",
)


def make_text(rng: random.Random) -> str:
    lines: list[str] = []
    for article in range(1, ARTICLES + 1):
        if (article - 1) % 10 == 0:
            lines += [f"Глава {(article - 1) // 10 + 1}. Положения группы", ""]
        lines += [f"Статья {article}. Предмет статьи {article}", ""]
        for paragraph in range(1, 4):
            lines.append(f"{paragraph}. Участник обязан действовать {cite(rng)}:")
            lines += [f"{sub}) условие {sub} применяется {cite(rng)};" for sub in (1, 2)]
            lines.append("")
    return "\n".join(lines)


def cite(rng: random.Random) -> str:
    a = rng.randint(1, ARTICLES - 5)
    return rng.choice(CITATIONS).format(
        a=a, b=a + rng.randint(1, 4), p=rng.randint(1, 3), missing=ARTICLES + 10
    )


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def edit(text: str, rng: random.Random, share: float = 0.05) -> str:
    """Rewrite the citation of about 5% of the paragraphs and sub-paragraphs."""
    lines = text.split("\n")
    numbered = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    for index in rng.sample(numbered, int(len(numbered) * share)):
        head = lines[index].split(" применяется ")[0].split(" действовать ")[0]
        lines[index] = f"{head} действовать {cite(rng)};"
    return "\n".join(lines)


def _cold() -> None:
    references.clear_caches()  # every text, number list and word is read anew


def main() -> None:
    rng = random.Random(19)
    text = make_text(rng)
    edited = edit(text, rng)
    tree = parse(text).provisions
    edited_tree = parse(edited).provisions
    provisions = sum(1 for top in tree for _ in top.walk())
    found = list(references_of(tree, "ru"))
    statuses = {status: sum(r.status == status for r in found) for status in
                ("resolved", "broken", "external")}  # fmt: skip
    # Interleaved, round by round, so that the load of a shared machine weighs on all alike.
    timings: dict[str, list[float]] = {"parse": [], "cold": [], "warm": []}
    for _ in range(ROUNDS):
        timings["parse"].append(_timed(lambda: parse(text)))
        _cold()
        timings["cold"].append(_timed(lambda: list(references_of(tree, "ru"))))
        # A later save: the version before was read when it was saved, 5% of texts are new.
        timings["warm"].append(_timed(lambda: list(references_of(edited_tree, "ru"))))
    parsing, cold, warm = (statistics.median(timings[key]) for key in ("parse", "cold", "warm"))
    print("References benchmark")
    print(f"  act: {provisions} provisions, {len(text):,} characters, {len(found)} references "
          f"({statuses['resolved']} resolved, {statuses['broken']} broken, "
          f"{statuses['external']} external)")  # fmt: skip
    print(f"  parse: {parsing * 1000:.1f} ms (median of {ROUNDS})")
    for label, seconds in (
        ("first save (every text read)", cold),
        ("a save changing 5% of the provisions", warm),
    ):
        ratio = seconds / parsing
        verdict = "PASS" if ratio <= 1 else "MISS"
        print(f"  find and resolve, {label}: {seconds * 1000:.1f} ms, "
              f"{ratio:.2f}x of parsing (target <= 1x): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
