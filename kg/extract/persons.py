"""Person grammar: a family name right after a post title (厅长张耕, 副司长胡燕, 董事长张勇).

Names are cut on characters with a look at what follows: in 厅长张耕作工作报告 the name is
张耕, since 张耕作 would be followed by 工, which starts no verb a name is followed by.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.candidates import Candidate, DocState
from kg.extract.words import word_classes
from kg.resources import seeds_dir

# Characters that may follow a name: punctuation and the first character of the verbs and
# particles that follow a speaker or office holder (表示, 指出, 作报告, 在, 一行 …).
AFTER_NAME = set("，。、；：,.;:!?！？)）”\"' \n表说指介强认称在对透坦提分告也就作向带主出率会等一和与及的到来调参视接深前谈回答发讲宣通为")


def _words(name: str) -> list[str]:
    path = seeds_dir() / name
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        out.extend(line.split("#", 1)[0].split())
    return out


@lru_cache(maxsize=1)
def person_titles() -> tuple[str, ...]:
    """Post titles (厅长, 院士, 董事长 …), longest first, from ``seeds/person_titles.txt``."""
    return tuple(sorted(set(_words("person_titles.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], re.Pattern]:
    surnames = _words("surnames.txt")
    titles = person_titles()
    single = frozenset(s for s in surnames if len(s) == 1)
    double = frozenset(s for s in surnames if len(s) == 2)
    return single, double, re.compile("|".join(map(re.escape, titles)))


# A post's remit in brackets before the name: 副校长(研究)黄静仪
TITLE_NOTE = re.compile(r"[(（][\u4e00-\u9fff]{1,6}[)）]")
# Characters that end no given name here: particles and verbs that follow a name.
NOT_LAST = set("等和与及在的说表指称也就向对为是了将从并把被")
SPEAKER_VERBS = re.compile(r"表示|说|告诉|指出|介绍|认为|强调|透露|坦言|谈到|谈及|在接受|在回答|最近在|接受")


# Names of Uyghur, Kazakh, Tibetan … officials, their parts joined by a middle dot (阿迪力·吐尔逊)
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6}?)+(?=$|[^\u4e00-\u9fff·]|%s|[在对等和与])"
                         % SPEAKER_VERBS.pattern)


@lru_cache(maxsize=1)
def _name_syllables() -> frozenset[str]:
    return frozenset(_words("name_syllables.txt"))


def _syllable_name_at(text: str, pos: int) -> str | None:
    """扎西多吉, 拉巴次仁: two syllables of a Tibetan name, which has no family name."""
    syllables = _name_syllables()
    name = text[pos:pos + 4]
    if len(name) == 4 and name[:2] in syllables and name[2:] in syllables \
            and (pos + 4 >= len(text) or text[pos + 4] in AFTER_NAME):
        return name
    return None


def _name_at(text: str, pos: int, single: frozenset[str], double: frozenset[str]) -> str | None:
    sur = 2 if text[pos:pos + 2] in double else (1 if text[pos:pos + 1] in single else 0)
    if not sur:
        return None
    for given in (2, 1):
        end = pos + sur + given
        name = text[pos:end]
        if len(name) != sur + given or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            continue
        if given == 2 and SPEAKER_VERBS.match(text, end - 1) and not SPEAKER_VERBS.match(text, end):
            continue   # 周敏认为: the verb starts after 周敏
        if name[-1] == "和" and given == 2 and SPEAKER_VERBS.match(text, end):
            return name   # 孟庆和认为: 和 ends the name when a speaker's verb follows
        if name[-1] in NOT_LAST or word_classes().get(name, "").startswith(("v", "d", "p", "c")):
            continue  # 书记强调: a verb, not a given name
        if end >= len(text) or text[end] in AFTER_NAME:
            return name
    return None


def match_persons(state: DocState) -> None:
    single, double, titles = _lists()
    text = state.text
    for m in titles.finditer(text):
        at = m.end()
        note = TITLE_NOTE.match(text, at)
        if note:
            at = note.end()   # 副校长(研究)黄静仪: the post's remit in brackets, then the name
        dotted = DOTTED_NAME.match(text, at)
        name = dotted.group() if dotted else _syllable_name_at(text, at) or _name_at(text, at, single, double)
        if name:
            state.add(Candidate(at, at + len(name), "Person", name, "person-grammar", 2.0,
                                attrs={"title": m.group(), "title_start": m.start()}))
    # a speaker opening a clause: 徐立表示, 杨贵平告诉记者
    for m in re.finditer(r"(?:^|(?<=[。，,；;：:”\n]))([\u4e00-\u9fff]{2,4}?)(?=%s)" % SPEAKER_VERBS.pattern,
                         text, re.M):
        name = _name_at(text, m.start(1), single, double)
        if name and len(name) == len(m.group(1)):
            state.add(Candidate(m.start(1), m.end(1), "Person", name, "person-speaker", 1.0))
