# ruff: noqa: E501  (a table of phrases as acts write them, one row a line)
"""References in an act's text, per language: found, read and resolved to provisions.

Each row is a phrase as real acts write it (the Constitutional Law on Alatau City, codes and
laws in `kazakhstan-law/codes`), the provision it stands in, and the provisions it names in
the test act below; `None` marks a phrase that names another act.
"""

from __future__ import annotations

import pytest

from alatau_legal.acts.text import Kind, flatten, parse
from alatau_legal.acts.text.references import (
    Resolver,
    external_iri,
    find_references,
    references_of,
    renumber,
)


def _act_text() -> str:
    """Three chapters, articles 1 to 16 with 4-1 inserted, parts, long lists, two annexes."""
    lines: list[str] = ["Раздел I. Общая часть"]
    chapters = {1: ["1", "2", "3", "4", "4-1", "5"], 2: ["6", "7", "8", "9", "10"]}
    chapters[3] = ["11", "12", "13", "14", "15", "16"]
    for chapter, articles in chapters.items():
        if chapter == 3:
            lines.append("Раздел II. Особенная часть")
        lines.append(f"Глава {chapter}. Глава {chapter}")
        for article in articles:
            lines += ["", f"Статья {article}. Заголовок {article}", ""]
            if article == "5":
                lines += ["Первая часть.", "", "Вторая часть.", "", "Третья часть."]
                continue
            for paragraph in range(1, 5):
                lines.append(f"{paragraph}. Пункт {paragraph} статьи {article}:")
                count = 25 if (article, paragraph) == ("15", 3) else 5
                if (article, paragraph) in {("15", 3), ("7", 2), ("3", 1), ("12", 2)}:
                    lines += [f"{sub}) подпункт {sub};" for sub in range(1, count + 1)]
    for annex in (1, 2):
        lines += ["", f"Приложение {annex}. Форма {annex}", ""]
        lines += [f"{paragraph}. Пункт приложения {annex}." for paragraph in (1, 2, 3)]
    return "\n".join(lines) + "\n"


TREE = parse(_act_text()).provisions
RESOLVER = Resolver(TREE)
EIDS = {row.eid for row in flatten(TREE)}


def resolve(phrase: str, language: str, source: str) -> list[list[str] | str | None]:
    """What each reference of a phrase standing in `source` names: its eIds, or the act."""
    node = RESOLVER.by_eid[source]
    answers: list[list[str] | str | None] = []
    for reference in find_references(phrase, language):
        if reference.external is not None:
            answers.append(reference.external)
            continue
        resolved = RESOLVER.resolve(reference, node)
        answers.append(resolved.covered if resolved.status == "resolved" else None)
    return answers


A16 = "art_16__para_1"  # where a reference stands unless a row says otherwise

# phrase, where it stands, what it names (eIds, or the other act as written, per reference)
RUSSIAN = [
    ("в соответствии с пунктом 2 статьи 7 настоящего Закона", A16, [["art_7__para_2"]]),
    ("согласно статье 7 настоящего Закона", A16, [["art_7"]]),
    ("предусмотренных статьей 7 настоящего Закона", A16, [["art_7"]]),
    ("требования статьи 7 настоящего Кодекса", A16, [["art_7"]]),
    ("указанных в статьях 5-8 настоящего Закона", A16, [["art_5", "art_6", "art_7", "art_8"]]),
    ("установленных статьями 5-8 настоящего Закона", A16, [["art_5", "art_6", "art_7", "art_8"]]),
    ("статьями 3 – 5 настоящего Закона", A16, [["art_3", "art_4", "art_4-1", "art_5"]]),
    ("статьями с 9 по 11 настоящего Закона", A16, [["art_9", "art_10", "art_11"]]),
    ("статей 12 - 13 настоящего Закона", A16, [["art_12", "art_13"]]),
    ("статьи 4-1 настоящего Закона", A16, [["art_4-1"]]),
    ("статьей 4-1 настоящего Закона", A16, [["art_4-1"]]),
    ("статьями 2, 3 и 6 настоящего Закона", A16, [["art_2", "art_3", "art_6"]]),
    ("статьями 2 и 3 настоящего Закона", A16, [["art_2", "art_3"]]),
    (
        "подпунктами 1), 3) и 25) пункта 3 статьи 15 настоящего Закона",
        A16,
        [["art_15__para_3__subpara_1", "art_15__para_3__subpara_3", "art_15__para_3__subpara_25"]],
    ),
    ("подпунктом 4) пункта 2 статьи 7 настоящего Закона", A16, [["art_7__para_2__subpara_4"]]),
    ("подпункта 1) пункта 1 статьи 3 настоящего Закона", A16, [["art_3__para_1__subpara_1"]]),
    ("в подпункте 5) пункта 2 статьи 12 настоящего Закона", A16, [["art_12__para_2__subpara_5"]]),
    ("пунктами 1 и 2 статьи 9 настоящего Закона", A16, [["art_9__para_1", "art_9__para_2"]]),
    (
        "пунктах 2, 3 и 4 статьи 9 настоящего Закона",
        A16,
        [["art_9__para_2", "art_9__para_3", "art_9__para_4"]],
    ),
    ("пунктом 4 статьи 11 настоящего Закона", A16, [["art_11__para_4"]]),
    ("пункте 1 статьи 2 настоящего Закона", A16, [["art_2__para_1"]]),
    (
        "пунктов 1-3 статьи 10 настоящего Закона",
        A16,
        [["art_10__para_1", "art_10__para_2", "art_10__para_3"]],
    ),
    ("пунктом 2 настоящей статьи", "art_7__para_1", [["art_7__para_2"]]),
    ("пункта 2 настоящей статьи", "art_7__para_4", [["art_7__para_2"]]),
    ("пунктах 1 и 3 настоящей статьи", "art_9__para_4", [["art_9__para_1", "art_9__para_3"]]),
    ("подпунктом 2) настоящего пункта", "art_7__para_2__subpara_5", [["art_7__para_2__subpara_2"]]),
    (
        "подпунктами 1) - 3) настоящего пункта",
        "art_7__para_2",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_2", "art_7__para_2__subpara_3"]],
    ),
    ("подпунктом 3) пункта 2 настоящей статьи", "art_7__para_4", [["art_7__para_2__subpara_3"]]),
    ("пункта 2", "art_7__para_4", [["art_7__para_2"]]),
    ("в пункте 3", "art_11__para_1", [["art_11__para_3"]]),
    ("подпунктом 4)", "art_15__para_3__subpara_1", [["art_15__para_3__subpara_4"]]),
    ("подпунктом 2) пункта 2", "art_7__para_4", [["art_7__para_2__subpara_2"]]),
    ("частью второй статьи 5 настоящего Закона", A16, [["art_5__part_2"]]),
    ("части третьей статьи 5 настоящего Закона", A16, [["art_5__part_3"]]),
    ("частью первой настоящей статьи", "art_5__part_3", [["art_5__part_1"]]),
    (
        "частями первой и второй настоящей статьи",
        "art_5__part_3",
        [["art_5__part_1", "art_5__part_2"]],
    ),
    ("частью 2 статьи 14 настоящего Закона", A16, [["art_14__para_2"]]),
    ("главой 2 настоящего Закона", A16, [["chp_2"]]),
    ("в главе 3 настоящего Закона", A16, [["chp_3"]]),
    ("главами 1 и 2 настоящего Закона", A16, [["chp_1", "chp_2"]]),
    ("главы 1 настоящего Закона", A16, [["chp_1"]]),
    ("главой I настоящего Закона", A16, [["chp_1"]]),
    ("разделом II настоящего Кодекса", A16, [["sec_2"]]),
    ("в разделе 1 настоящего Кодекса", A16, [["sec_1"]]),
    ("приложением 1 к настоящему Закону", A16, [["annex_1"]]),
    ("согласно приложению 2 к настоящим Правилам", A16, [["annex_2"]]),
    ("в приложении 1 к настоящему приказу", A16, [["annex_1"]]),
    ("пунктом 2 приложения 1 к настоящему Закону", A16, [["annex_1__para_2"]]),
    ("пунктом 3 настоящего приложения", "annex_2__para_1", [["annex_2__para_3"]]),
    ("пунктом 2 статьи 7 настоящих Правил", A16, [["art_7__para_2"]]),
    ("статьей 90 настоящего Конституционного закона", A16, [None]),
    ("статьей 17 настоящего Закона", A16, [None]),
    ("пунктом 9 статьи 7 настоящего Закона", A16, [None]),
    ("подпунктом 26) пункта 3 статьи 15 настоящего Закона", A16, [None]),
    ("ПУНКТОМ 2 СТАТЬИ 7 НАСТОЯЩЕГО ЗАКОНА", A16, [["art_7__para_2"]]),
    ("п. 2 ст. 7 настоящего Закона", A16, [["art_7__para_2"]]),
    ("пп. 3) п. 2 ст. 7 настоящего Закона", A16, [["art_7__para_2__subpara_3"]]),
    ("статьей 7 и пунктом 2 статьи 8 настоящего Закона", A16, [["art_7"], ["art_8__para_2"]]),
    (
        "подпунктом 7) статьи 53 и пунктом 7 статьи 61 Конституции",
        A16,
        ["Конституции", "Конституции"],
    ),
    (
        "статьи 1 Закона Республики Казахстан от 10 декабря 1993 г. «О временном делегировании»",
        A16,
        ["Закона Республики Казахстан от 10 декабря 1993 г. «О временном делегировании»"],
    ),
    ("статьей 61 Конституции Республики Казахстан", A16, ["Конституции Республики Казахстан"]),
    (
        "статьей 188 Гражданского кодекса Республики Казахстан",
        A16,
        ["Гражданского кодекса Республики Казахстан"],
    ),
    ("статьей 24 Предпринимательского кодекса", A16, ["Предпринимательского кодекса"]),
    (
        "пунктом 2 статьи 3 Кодекса Республики Казахстан «О налогах и других обязательных платежах в бюджет (Налоговый кодекс)»",
        A16,
        [
            "Кодекса Республики Казахстан «О налогах и других обязательных платежах в бюджет (Налоговый кодекс)»"
        ],
    ),
    (
        "регулируются Законом Республики Казахстан «О местном государственном управлении и самоуправлении в Республике Казахстан»",
        A16,
        [
            "Законом Республики Казахстан «О местном государственном управлении и самоуправлении в Республике Казахстан»"
        ],
    ),
    (
        "в соответствии с Конституционным законом Республики Казахстан от 8 мая 2026 года № 286-VIII «О специальном правовом режиме города Алатау»",
        A16,
        [
            "Конституционным законом Республики Казахстан от 8 мая 2026 года № 286-VIII «О специальном правовом режиме города Алатау»"
        ],
    ),
    (
        "Конституционного закона от 8 мая 2026 года № 286-VIII",
        A16,
        ["Конституционного закона от 8 мая 2026 года № 286-VIII"],
    ),
    (
        "Гражданским кодексом Республики Казахстан",
        A16,
        ["Гражданским кодексом Республики Казахстан"],
    ),
    ("законодательством Республики Казахстан о выборах", A16, []),
    ("в статье 5 указаны основные понятия", A16, [["art_5"]]),
    (
        "подпунктом 4) пункта 2 и пунктом 3 статьи 7 настоящего Закона",
        A16,
        [["art_7__para_2__subpara_4"], ["art_7__para_3"]],
    ),
    (
        "в подпункте 4) пункта 2 и в пункте 3 статьи 7",
        A16,
        [["art_7__para_2__subpara_4"], ["art_7__para_3"]],
    ),
    ("в периоды, предусмотренные статьей 26 указанных Правил", A16, ["указанных Правил"]),
    (
        "предусмотренных пунктом 4 статьи 58 и пунктами 2 и 4 статьи 60 Конституции Республики Казахстан",
        A16,
        ["Конституции Республики Казахстан", "Конституции Республики Казахстан"],
    ),
    (
        "законопроектов, предусмотренных частью первой настоящего пункта",
        "art_7__para_2",
        [["art_7__para_2"]],
    ),
    (
        "в соответствии с Кодексом Республики Казахстан об административных правонарушениях, на специальные площадки",
        A16,
        ["Кодексом Республики Казахстан об административных правонарушениях"],
    ),
    ("в соответствии с законами Республики Казахстан", A16, []),
    # The provision the reference stands in, named without a number.
    ("в порядке, установленном настоящей статьей", "art_7__para_2", [["art_7"]]),
    ("требования настоящей статьи не распространяются", "art_12__para_2__subpara_1", [["art_12"]]),
    (
        "в случаях, предусмотренных настоящим пунктом",
        "art_7__para_2__subpara_3",
        [["art_7__para_2"]],
    ),
    ("указанные в настоящем пункте сведения", "art_3__para_1", [["art_3__para_1"]]),
    (
        "требования настоящего подпункта",
        "art_15__para_3__subpara_25",
        [["art_15__para_3__subpara_25"]],
    ),
    (
        "с учетом пункта 2 настоящей статьи и настоящего пункта",
        "art_7__para_3",
        [["art_7__para_2"], ["art_7__para_3"]],
    ),
    # Units qualified by `настоящей статьи` are one reference to the article it stands in, from any depth of it; a number it does not have is broken, not looked for elsewhere.
    ("пункта 2 настоящей статьи", "art_12__para_2__subpara_5", [["art_12__para_2"]]),
    (
        "подпунктом 3) пункта 2 настоящей статьи",
        "art_12__para_2__subpara_5",
        [["art_12__para_2__subpara_3"]],
    ),
    ("подпункта 7) пункта 3 настоящей статьи", "art_15__para_1", [["art_15__para_3__subpara_7"]]),
    ("пунктами 1 и 2 настоящей статьи", "art_9__para_4", [["art_9__para_1", "art_9__para_2"]]),
    (
        "пунктами 1 и 2 настоящей статьи",
        "art_12__para_2__subpara_5",
        [["art_12__para_1", "art_12__para_2"]],
    ),
    (
        "подпунктами 1) и 3) пункта 2 настоящей статьи",
        "art_7__para_4",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_3"]],
    ),
    (
        "пунктов 1-3 настоящей статьи",
        "art_9__para_4",
        [["art_9__para_1", "art_9__para_2", "art_9__para_3"]],
    ),
    ("пункта 5 настоящей статьи", "art_7__para_4", [None]),
    ("подпунктом 3) пункта 2 настоящей статьи", "art_15__para_3__subpara_7", [None]),
    ("предусмотренных настоящими статьями", A16, []),
    ("требования настоящей статьи", "annex_1__para_1", [None]),
]

KAZAKH = [
    ("осы Заңның 7-бабының 2-тармағына сәйкес", A16, [["art_7__para_2"]]),
    ("осы Заңның 7-бабында", A16, [["art_7"]]),
    ("осы Заңның 7-бабына сәйкес", A16, [["art_7"]]),
    ("осы Заңның 7-бабымен", A16, [["art_7"]]),
    ("осы Заңның 7-бабы", A16, [["art_7"]]),
    ("осы Кодекстің 7-бабының", A16, [["art_7"]]),
    ("осы Конституциялық заңның 7-бабында", A16, [["art_7"]]),
    ("осы Конституциялық заңның 90-бабында", A16, [None]),
    ("осы Заңның 5-8-баптарында", A16, [["art_5", "art_6", "art_7", "art_8"]]),
    ("осы Заңның 3 – 5-баптарында", A16, [["art_3", "art_4", "art_4-1", "art_5"]]),
    ("осы Заңның 9-11-баптарына", A16, [["art_9", "art_10", "art_11"]]),
    ("осы Заңның 4-1-бабында", A16, [["art_4-1"]]),
    ("осы Заңның 4-1-бабының 2-тармағы", A16, [["art_4-1__para_2"]]),
    ("осы Заңның 2, 3 және 6-баптарында", A16, [["art_2", "art_3", "art_6"]]),
    ("осы Заңның 2 және 3-баптарында", A16, [["art_2", "art_3"]]),
    (
        "осы Заңның 15-бабы 3-тармағының 1), 3) және 25) тармақшаларында",
        A16,
        [["art_15__para_3__subpara_1", "art_15__para_3__subpara_3", "art_15__para_3__subpara_25"]],
    ),
    ("осы Заңның 7-бабының 2-тармағының 4) тармақшасында", A16, [["art_7__para_2__subpara_4"]]),
    ("осы Заңның 7-бабы 2-тармағының 4) тармақшасы", A16, [["art_7__para_2__subpara_4"]]),
    ("осы Заңның 3-бабының 1-тармағының 1) тармақшасына", A16, [["art_3__para_1__subpara_1"]]),
    ("осы Заңның 12-бабы 2-тармағының 5) тармақшасымен", A16, [["art_12__para_2__subpara_5"]]),
    ("осы Заңның 9-бабының 1 және 2-тармақтарында", A16, [["art_9__para_1", "art_9__para_2"]]),
    (
        "осы Заңның 9-бабының 2, 3 және 4-тармақтарында",
        A16,
        [["art_9__para_2", "art_9__para_3", "art_9__para_4"]],
    ),
    ("осы Заңның 11-бабының 4-тармағында", A16, [["art_11__para_4"]]),
    ("осы Заңның 2-бабының 1-тармағына", A16, [["art_2__para_1"]]),
    (
        "осы Заңның 10-бабының 1-3-тармақтарында",
        A16,
        [["art_10__para_1", "art_10__para_2", "art_10__para_3"]],
    ),
    ("осы баптың 2-тармағында", "art_7__para_1", [["art_7__para_2"]]),
    ("осы баптың 2-тармағына", "art_7__para_4", [["art_7__para_2"]]),
    ("осы баптың 1 және 3-тармақтарында", "art_9__para_4", [["art_9__para_1", "art_9__para_3"]]),
    ("осы тармақтың 2) тармақшасында", "art_7__para_2__subpara_5", [["art_7__para_2__subpara_2"]]),
    (
        "осы тармақтың 1) - 3) тармақшаларында",
        "art_7__para_2",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_2", "art_7__para_2__subpara_3"]],
    ),
    ("осы баптың 2-тармағының 3) тармақшасында", "art_7__para_4", [["art_7__para_2__subpara_3"]]),
    ("2-тармағында", "art_7__para_4", [["art_7__para_2"]]),
    ("3-тармақта", "art_11__para_1", [["art_11__para_3"]]),
    ("4) тармақшада", "art_15__para_3__subpara_1", [["art_15__para_3__subpara_4"]]),
    ("2-тармағының 2) тармақшасында", "art_7__para_4", [["art_7__para_2__subpara_2"]]),
    ("осы Заңның 5-бабының екінші бөлігінде", A16, [["art_5__part_2"]]),
    ("осы Заңның 5-бабының үшінші бөлігі", A16, [["art_5__part_3"]]),
    ("осы баптың бірінші бөлігінде", "art_5__part_3", [["art_5__part_1"]]),
    (
        "осы баптың бірінші және екінші бөліктерінде",
        "art_5__part_3",
        [["art_5__part_1", "art_5__part_2"]],
    ),
    ("осы Заңның 14-бабының 2-бөлігінде", A16, [["art_14__para_2"]]),
    ("осы Заңның 2-тарауында", A16, [["chp_2"]]),
    ("осы Заңның 3-тарауына", A16, [["chp_3"]]),
    ("осы Заңның 1 және 2-тарауларында", A16, [["chp_1", "chp_2"]]),
    ("осы Заңның 1-тарауының", A16, [["chp_1"]]),
    ("осы Заңның I-тарауында", A16, [["chp_1"]]),
    ("осы Кодекстің II-бөлімінде", A16, [["sec_2"]]),
    ("осы Кодекстің 1-бөлімі", A16, [["sec_1"]]),
    ("осы Заңға 1-қосымшаға сәйкес", A16, [["annex_1"]]),
    ("осы Қағидаларға 2-қосымшада", A16, [["annex_2"]]),
    ("осы бұйрыққа 1-қосымшада", A16, [["annex_1"]]),
    ("осы қосымшаның 3-тармағында", "annex_2__para_1", [["annex_2__para_3"]]),
    ("осы Қағидалардың 7-бабының 2-тармағында", A16, [["art_7__para_2"]]),
    ("осы Заңның 17-бабында", A16, [None]),
    ("осы Заңның 7-бабының 9-тармағында", A16, [None]),
    ("осы Заңның 15-бабы 3-тармағының 26) тармақшасында", A16, [None]),
    ("ОСЫ ЗАҢНЫҢ 7-БАБЫНЫҢ 2-ТАРМАҒЫНА", A16, [["art_7__para_2"]]),
    ("осы Заңның 7-бабында және 8-бабының 2-тармағында", A16, [["art_7"], ["art_8__para_2"]]),
    (
        "Қазақстан Республикасы Конституциясының 61-бабының 7-тармағы",
        A16,
        ["Қазақстан Республикасы Конституциясының"],
    ),
    ("Конституцияның 62-бабының 3-тармағында көзделген", A16, ["Конституцияның"]),
    (
        "Қазақстан Республикасы Азаматтық кодексінің 188-бабында",
        A16,
        ["Қазақстан Республикасы Азаматтық кодексінің"],
    ),
    (
        "Қазақстан Республикасы Кәсіпкерлік кодексінің 24-бабына",
        A16,
        ["Қазақстан Республикасы Кәсіпкерлік кодексінің"],
    ),
    (
        "«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы» Қазақстан Республикасының Заңымен реттеледі",
        A16,
        [
            "«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы» Қазақстан Республикасының Заңымен"
        ],
    ),
    (
        "«Алатау қаласының арнаулы құқықтық режимі туралы» 2026 жылғы 8 мамырдағы № 286-VIII Қазақстан Республикасының Конституциялық заңына сәйкес",
        A16,
        [
            "«Алатау қаласының арнаулы құқықтық режимі туралы» 2026 жылғы 8 мамырдағы № 286-VIII Қазақстан Республикасының Конституциялық заңына"
        ],
    ),
    (
        "«Салық және бюджетке төленетін басқа да міндетті төлемдер туралы» Қазақстан Республикасы Кодексінің (Салық кодексі) 3-бабы",
        A16,
        [
            "«Салық және бюджетке төленетін басқа да міндетті төлемдер туралы» Қазақстан Республикасы Кодексінің"
        ],
    ),
    (
        "Қазақстан Республикасының Азаматтық кодексіне сәйкес",
        A16,
        ["Қазақстан Республикасының Азаматтық кодексіне"],
    ),
    ("Қазақстан Республикасының сайлау туралы заңнамасына сәйкес", A16, []),
    ("Қазақстан Республикасының заңдарына сәйкес", A16, []),
    ("5-бапта негізгі ұғымдар", A16, [["art_5"]]),
    (
        "осы Заңның 7-бабы 2-тармағының 4) тармақшасында және 3-тармағында",
        A16,
        [["art_7__para_2__subpara_4"], ["art_7__para_3"]],
    ),
    ("аталған Қағидалардың 26-бабында көзделген", A16, ["аталған Қағидалардың"]),
    (
        "Қазақстан Республикасы Конституциясының 58-бабының 4-тармағында және 60-бабының 2 және 4-тармақтарында көзделген",
        A16,
        ["Қазақстан Республикасы Конституциясының", "Қазақстан Республикасы Конституциясының"],
    ),
    (
        "Осы тармақтың бірінші бөлігінде көзделген заң жобалары",
        "art_7__para_2",
        [["art_7__para_2"]],
    ),
    (
        "Қазақстан Республикасының Әкімшілік құқық бұзушылық туралы кодексіне сәйкес",
        A16,
        ["Қазақстан Республикасының Әкімшілік құқық бұзушылық туралы кодексіне"],
    ),
    ("осы Заңның 7-бабының 2-тармағы мен 8-бабында", A16, [["art_7__para_2"], ["art_8"]]),
    (
        "осы Заңның 2-бабының 1-тармағында және 3-бабының 1-тармағының 1) тармақшасында",
        A16,
        [["art_2__para_1"], ["art_3__para_1__subpara_1"]],
    ),
    # The provision the reference stands in, named without a number.
    ("осы бапта көзделген тәртіппен", "art_7__para_2", [["art_7"]]),
    ("осы баптың талаптары қолданылмайды", "art_12__para_2__subpara_1", [["art_12"]]),
    ("осы тармақта көзделген жағдайларда", "art_7__para_2__subpara_3", [["art_7__para_2"]]),
    ("осы тармақшаның талаптары", "art_15__para_3__subpara_25", [["art_15__para_3__subpara_25"]]),
    (
        "осы баптың 2-тармағында және осы тармақта",
        "art_7__para_3",
        [["art_7__para_2"], ["art_7__para_3"]],
    ),
    # `осы баптың` before the units: one reference to the article it stands in, from any depth of it; a number it does not have is broken.
    ("осы баптың 2-тармағы", "art_12__para_2__subpara_5", [["art_12__para_2"]]),
    (
        "осы баптың 2-тармағының 3) тармақшасы",
        "art_12__para_2__subpara_5",
        [["art_12__para_2__subpara_3"]],
    ),
    ("осы баптың 3-тармағының 7) тармақшасында", "art_15__para_1", [["art_15__para_3__subpara_7"]]),
    ("осы баптың 1 және 2-тармақтары", "art_9__para_4", [["art_9__para_1", "art_9__para_2"]]),
    (
        "осы баптың 1 және 2-тармақтарында",
        "art_12__para_2__subpara_5",
        [["art_12__para_1", "art_12__para_2"]],
    ),
    (
        "осы баптың 2-тармағының 1) және 3) тармақшаларында",
        "art_7__para_4",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_3"]],
    ),
    (
        "осы баптың 1-3-тармақтарында",
        "art_9__para_4",
        [["art_9__para_1", "art_9__para_2", "art_9__para_3"]],
    ),
    ("осы баптың 5-тармағы", "art_7__para_4", [None]),
    ("осы баптың 2-тармағының 3) тармақшасы", "art_15__para_3__subpara_7", [None]),
    ("осы баптарда көзделген", A16, []),
]

ENGLISH = [
    ("in accordance with paragraph 2 of Article 7 of this Law", A16, [["art_7__para_2"]]),
    ("under Article 7 of this Law", A16, [["art_7"]]),
    ("provided for by Article 7 of this Law", A16, [["art_7"]]),
    ("the requirements of Article 7 of this Code", A16, [["art_7"]]),
    ("Article 7(2) of this Law", A16, [["art_7__para_2"]]),
    ("Article 7(2)(4) of this Law", A16, [["art_7__para_2__subpara_4"]]),
    ("Article 15(3)(25) of this Law", A16, [["art_15__para_3__subpara_25"]]),
    ("Articles 5 to 8 of this Law", A16, [["art_5", "art_6", "art_7", "art_8"]]),
    ("Articles 5-8 of this Law", A16, [["art_5", "art_6", "art_7", "art_8"]]),
    ("Articles 3 – 5 of this Law", A16, [["art_3", "art_4", "art_4-1", "art_5"]]),
    ("Article 4-1 of this Law", A16, [["art_4-1"]]),
    ("Articles 2, 3 and 6 of this Law", A16, [["art_2", "art_3", "art_6"]]),
    ("Articles 2 and 3 of this Law", A16, [["art_2", "art_3"]]),
    (
        "subparagraphs 1), 3) and 25) of paragraph 3 of Article 15 of this Law",
        A16,
        [["art_15__para_3__subpara_1", "art_15__para_3__subpara_3", "art_15__para_3__subpara_25"]],
    ),
    (
        "subparagraph 4) of paragraph 2 of Article 7 of this Law",
        A16,
        [["art_7__para_2__subpara_4"]],
    ),
    (
        "sub-paragraph (1) of paragraph 1 of Article 3 of this Law",
        A16,
        [["art_3__para_1__subpara_1"]],
    ),
    (
        "subparagraph 5) of paragraph 2 of Article 12 of this Law",
        A16,
        [["art_12__para_2__subpara_5"]],
    ),
    ("paragraphs 1 and 2 of Article 9 of this Law", A16, [["art_9__para_1", "art_9__para_2"]]),
    (
        "paragraphs 2, 3 and 4 of Article 9 of this Law",
        A16,
        [["art_9__para_2", "art_9__para_3", "art_9__para_4"]],
    ),
    ("paragraph 4 of Article 11 of this Law", A16, [["art_11__para_4"]]),
    ("paragraph 1 of Article 2 of this Law", A16, [["art_2__para_1"]]),
    (
        "paragraphs 1 to 3 of Article 10 of this Law",
        A16,
        [["art_10__para_1", "art_10__para_2", "art_10__para_3"]],
    ),
    ("paragraph 2 of this Article", "art_7__para_1", [["art_7__para_2"]]),
    ("in paragraph 2 of this Article", "art_7__para_4", [["art_7__para_2"]]),
    ("paragraphs 1 and 3 of this Article", "art_9__para_4", [["art_9__para_1", "art_9__para_3"]]),
    (
        "subparagraph 2) of this paragraph",
        "art_7__para_2__subpara_5",
        [["art_7__para_2__subpara_2"]],
    ),
    (
        "subparagraphs 1) to 3) of this paragraph",
        "art_7__para_2",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_2", "art_7__para_2__subpara_3"]],
    ),
    (
        "subparagraph 3) of paragraph 2 of this Article",
        "art_7__para_4",
        [["art_7__para_2__subpara_3"]],
    ),
    ("paragraph 2", "art_7__para_4", [["art_7__para_2"]]),
    ("in paragraph 3", "art_11__para_1", [["art_11__para_3"]]),
    ("subparagraph 4)", "art_15__para_3__subpara_1", [["art_15__para_3__subpara_4"]]),
    ("subparagraph 2) of paragraph 2", "art_7__para_4", [["art_7__para_2__subpara_2"]]),
    ("part two of Article 5 of this Law", A16, [["art_5__part_2"]]),
    ("part three of Article 5 of this Law", A16, [["art_5__part_3"]]),
    ("part one of this Article", "art_5__part_3", [["art_5__part_1"]]),
    ("parts one and two of this Article", "art_5__part_3", [["art_5__part_1", "art_5__part_2"]]),
    ("part 2 of Article 14 of this Law", A16, [["art_14__para_2"]]),
    ("Chapter 2 of this Law", A16, [["chp_2"]]),
    ("in Chapter 3 of this Law", A16, [["chp_3"]]),
    ("Chapters 1 and 2 of this Law", A16, [["chp_1", "chp_2"]]),
    ("Chapter I of this Law", A16, [["chp_1"]]),
    ("Section II of this Code", A16, [["sec_2"]]),
    ("Section 1 of this Code", A16, [["sec_1"]]),
    ("Annex 1 to this Law", A16, [["annex_1"]]),
    ("in accordance with Annex 2 to these Rules", A16, [["annex_2"]]),
    ("in Annex 1 to this Order", A16, [["annex_1"]]),
    ("paragraph 2 of Annex 1 to this Law", A16, [["annex_1__para_2"]]),
    ("paragraph 3 of this Annex", "annex_2__para_1", [["annex_2__para_3"]]),
    ("paragraph 2 of Article 7 of these Rules", A16, [["art_7__para_2"]]),
    ("Article 90 of this Constitutional Law", A16, [None]),
    ("Article 17 of this Law", A16, [None]),
    ("paragraph 9 of Article 7 of this Law", A16, [None]),
    ("subparagraph 26) of paragraph 3 of Article 15 of this Law", A16, [None]),
    ("PARAGRAPH 2 OF ARTICLE 7 OF THIS LAW", A16, [["art_7__para_2"]]),
    ("Article 7 and paragraph 2 of Article 8 of this Law", A16, [["art_7"], ["art_8__para_2"]]),
    (
        "subparagraph 7) of Article 53 and paragraph 7 of Article 61 of the Constitution",
        A16,
        ["the Constitution", "the Constitution"],
    ),
    (
        "Article 61 of the Constitution of the Republic of Kazakhstan",
        A16,
        ["the Constitution of the Republic of Kazakhstan"],
    ),
    (
        "Article 188 of the Civil Code of the Republic of Kazakhstan",
        A16,
        ["the Civil Code of the Republic of Kazakhstan"],
    ),
    ("Article 24 of the Entrepreneurial Code", A16, ["the Entrepreneurial Code"]),
    (
        "the Constitutional Law of the Republic of Kazakhstan of 8 May 2026 No. 286-VIII",
        A16,
        ["Constitutional Law of the Republic of Kazakhstan of 8 May 2026 No. 286-VIII"],
    ),
    (
        'the Constitutional Law of 8 May 2026 No. 286-VIII "On the Special Legal Regime of Alatau City"',
        A16,
        [
            'Constitutional Law of 8 May 2026 No. 286-VIII "On the Special Legal Regime of Alatau City"'
        ],
    ),
    (
        'the Law of the Republic of Kazakhstan "On Local Government and Self-Government in the Republic of Kazakhstan"',
        A16,
        [
            'Law of the Republic of Kazakhstan "On Local Government and Self-Government in the Republic of Kazakhstan"'
        ],
    ),
    (
        "the Civil Code of the Republic of Kazakhstan",
        A16,
        ["Civil Code of the Republic of Kazakhstan"],
    ),
    ("the legislation of the Republic of Kazakhstan on elections", A16, []),
    ("Article 5 sets out the basic terms", A16, [["art_5"]]),
    (
        "sub-paragraph 4) of paragraph 2 and by paragraph 3 of Article 7 of these Rules",
        A16,
        [["art_7__para_2__subpara_4"], ["art_7__para_3"]],
    ),
    ("for the periods under Article 26 of the said Rules", A16, ["the said Rules"]),
    ("in accordance with the laws of the Republic of Kazakhstan", A16, []),
    # The provision the reference stands in, named without a number.
    ("in the manner set out in this Article", "art_7__para_2", [["art_7"]]),
    ("the requirements of this article do not apply", "art_12__para_2__subpara_1", [["art_12"]]),
    (
        "in the cases provided for by this paragraph",
        "art_7__para_2__subpara_3",
        [["art_7__para_2"]],
    ),
    (
        "the requirements of this sub-paragraph",
        "art_15__para_3__subpara_25",
        [["art_15__para_3__subpara_25"]],
    ),
    (
        "paragraph 2 of this Article and this paragraph",
        "art_7__para_3",
        [["art_7__para_2"], ["art_7__para_3"]],
    ),
    # `of this Article` after the units: one reference to the article it stands in, from any depth of it; a number it does not have is broken.
    ("paragraph 2 of this Article", "art_12__para_2__subpara_5", [["art_12__para_2"]]),
    (
        "sub-paragraph 3) of paragraph 2 of this Article",
        "art_12__para_2__subpara_5",
        [["art_12__para_2__subpara_3"]],
    ),
    (
        "sub-paragraph 7) of paragraph 3 of this Article",
        "art_15__para_1",
        [["art_15__para_3__subpara_7"]],
    ),
    ("paragraphs 1 and 2 of this Article", "art_9__para_4", [["art_9__para_1", "art_9__para_2"]]),
    (
        "paragraphs 1 and 2 of this Article",
        "art_12__para_2__subpara_5",
        [["art_12__para_1", "art_12__para_2"]],
    ),
    (
        "sub-paragraphs 1) and 3) of paragraph 2 of this Article",
        "art_7__para_4",
        [["art_7__para_2__subpara_1", "art_7__para_2__subpara_3"]],
    ),
    (
        "paragraphs 1 to 3 of this Article",
        "art_9__para_4",
        [["art_9__para_1", "art_9__para_2", "art_9__para_3"]],
    ),
    ("paragraph 5 of this Article", "art_7__para_4", [None]),
    ("sub-paragraph 3) of paragraph 2 of this Article", "art_15__para_3__subpara_7", [None]),
    ("as set out in these Articles", A16, []),
]


@pytest.mark.parametrize(("phrase", "source", "expected"), RUSSIAN)
def test_russian(phrase, source, expected):
    assert resolve(phrase, "ru", source) == expected


@pytest.mark.parametrize(("phrase", "source", "expected"), KAZAKH)
def test_kazakh(phrase, source, expected):
    assert resolve(phrase, "kk", source) == expected


@pytest.mark.parametrize(("phrase", "source", "expected"), ENGLISH)
def test_english(phrase, source, expected):
    assert resolve(phrase, "en", source) == expected


@pytest.mark.parametrize(
    ("phrase", "language"),
    [
        ("подпунктом 3) пункта 2 настоящей статьи", "ru"),
        ("пунктами 1 и 2 настоящей статьи", "ru"),
        ("осы баптың 2-тармағының 3) тармақшасы", "kk"),
        ("осы баптың 1 және 2-тармақтары", "kk"),
        ("sub-paragraph 3) of paragraph 2 of this Article", "en"),
        ("paragraphs 1 and 2 of this Article", "en"),
    ],
)
def test_units_of_this_article_are_one_reference_to_the_article_it_stands_in(phrase, language):
    # The qualifier is part of the reference (its link covers it), not a second reference to
    # the whole article.
    (reference,) = find_references(f"Согласно {phrase}, ...", language)
    assert reference.text == phrase
    assert reference.scope == "article"


def test_every_language_has_sixty_phrasings():
    assert min(len(RUSSIAN), len(KAZAKH), len(ENGLISH)) >= 60


def test_the_tables_name_provisions_of_the_test_act():
    for table in (RUSSIAN, KAZAKH, ENGLISH):
        for _, source, expected in table:
            assert source in EIDS
            for answer in expected:
                if isinstance(answer, list):
                    assert set(answer) <= EIDS


# --- renumbering, naming, cited acts, what a save did -----------------------------------------

RENUMBER_TEXT = """Статья 1. Первая
1. См. статьи 4-1 и 7-2 настоящего Закона и пункт 2 статьи 7-2.
2. Статьями 4-1 - 5 настоящего Закона; подпункт 3) пункта 1 статьи 8 настоящего Закона.

Статья 4. Четвёртая
1. Пункт.
1-1. Вставленный пункт, в отличие от пункта 1 настоящей статьи.
2. Пункт 1-1 настоящей статьи.

Статья 4-1. Вставленная

Статья 5. Пятая

Статья 7-2. Вставленная вторая
1. Пункт.
2. Пункт.

Статья 8. Восьмая
1. Пункт:
1) первый;
3) третий.
"""


def test_renumber_makes_numbers_sequential_and_rewrites_references():
    tree = parse(RENUMBER_TEXT).provisions
    result = renumber(tree, "ru")
    rows = {row.eid: row.text for row in flatten(result.provisions)}
    assert [row.eid for row in flatten(result.provisions) if row.kind is Kind.ARTICLE] == [
        "art_1", "art_2", "art_3", "art_4", "art_5", "art_6",
    ]  # fmt: skip
    assert rows["art_1__para_1"] == "См. статьи 3 и 5 настоящего Закона и пункт 2 статьи 5."
    assert rows["art_1__para_2"] == (
        "Статьями 3 - 4 настоящего Закона; подпункт 2) пункта 1 статьи 6 настоящего Закона."
    )
    assert rows["art_2__para_2"] == "Вставленный пункт, в отличие от пункта 1 настоящей статьи."
    assert rows["art_2__para_3"] == "Пункт 2 настоящей статьи."
    assert result.eids["art_4__para_1-1"] == "art_2__para_2"
    assert result.eids["art_8__para_1__subpara_3"] == "art_6__para_1__subpara_2"
    assert "art_1" not in result.eids  # unchanged eIds are not listed
    # The tree given is left as it was.
    assert flatten(tree)[1].text.startswith("См. статьи 4-1 и 7-2")


def test_renumber_rewrites_kazakh_and_english_references():
    kk = renumber(
        parse(
            "1-бап. Бірінші\nосы Заңның 4-1-бабының 2-тармағына сәйкес.\n\n4-1-бап. Екінші\n1. Бір.\n2. Екі.\n"
        ).provisions,
        "kk",
    )
    assert flatten(kk.provisions)[1].text == "осы Заңның 2-бабының 2-тармағына сәйкес."
    en = renumber(
        parse(
            "Article 1. One\nSee Article 4-1(2) of this Law.\n\nArticle 4-1. Two\n1. One.\n2. Two.\n"
        ).provisions,
        "en",
    )
    assert flatten(en.provisions)[1].text == "See Article 2(2) of this Law."


@pytest.mark.parametrize(
    ("text", "language", "eid", "name"),
    [
        ("Глава 1. Общие\n\nСтатья 7. Ф\n1. А.\n2. Б:\n1) в;\n2) г.\n", "ru",
         "art_7__para_2__subpara_1", "подпункт 1) пункта 2 статьи 7"),
        ("Статья 7. Ф\n1. А.\n2. Б.\n", "ru", "art_7__para_2", "пункт 2 статьи 7"),
        ("Статья 7. Ф\nТекст.\n", "ru", "art_7", "статья 7"),
        ("7-бап. Ф\n1. А.\n2. Б.\n", "kk", "art_7__para_2", "7-баптың 2-тармағы"),
        ("7-бап. Ф\n1. А.\n2. Б:\n1) в;\n2) г.\n", "kk", "art_7__para_2__subpara_1",
         "7-баптың 2-тармағының 1) тармақшасы"),
        ("Article 7. F\n1. A.\n2. B.\n", "en", "art_7__para_2", "Article 7(2)"),
    ],
)  # fmt: skip
def test_a_provision_is_named_by_the_labels_of_its_language(text, language, eid, name):
    from alatau_legal.acts.references import provision_names

    flat = flatten(parse(text).provisions)
    assert eid in {row.eid for row in flat}
    assert provision_names(flat, language)[eid] == name
    assert provision_names(flat, language, [eid]) == {eid: name}


@pytest.mark.parametrize(
    ("cited", "iri"),
    [
        (
            "Конституционным законом Республики Казахстан от 8 мая 2026 года № 286-VIII",
            "/akn/kz/act/2026-05-08/286-VIII",
        ),
        (
            "Constitutional Law of the Republic of Kazakhstan of 8 May 2026 No. 286-VIII",
            "/akn/kz/act/2026-05-08/286-VIII",
        ),
        (
            "2026 жылғы 8 мамырдағы № 286-VIII Қазақстан Республикасының Конституциялық заңы",
            "/akn/kz/act/2026-05-08/286-VIII",
        ),
        ("Конституции Республики Казахстан", "/akn/kz/act/constitution/1995-08-30"),
        ("Гражданского кодекса Республики Казахстан", None),
    ],
)
def test_the_iri_of_a_cited_act_where_its_date_and_number_are_written(cited, iri):
    assert external_iri(cited) == iri


def test_a_save_report_names_broken_and_shifted_references():
    from alatau_legal.acts.references import Seen, save_report

    before = parse(
        "Статья 1. А\n1. См. статью 2 и статью 3.\n\nСтатья 2. Б\n\nСтатья 3. В\n"
    ).provisions
    after = parse("Статья 1. А\n1. См. статью 2 и статью 3.\n\nСтатья 2. В\n").provisions
    seen = [Seen.of(r) for r in references_of(before, "ru")]
    now = [Seen.of(r) for r in references_of(after, "ru")]
    report = save_report(before, seen, after, now)
    assert [(a.eid, a.text, a.target) for a in report.broken] == [
        ("art_1__para_1", "статью 3", "art_3")
    ]
    assert [(a.text, a.target, a.was, a.now_at) for a in report.shifted] == [
        ("статью 2", "art_2", "art_2", None)
    ]
