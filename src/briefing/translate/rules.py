"""English by rule, never by MT: titles, money, dates and timelines.

A model may render `22조 8천억 원` as anything; a memo must say `KRW 22.8 trillion`. The
words these rules use (title lexicon, currencies, qualifiers, relative years) live in
``data/titles.toml``; the grammar of Korean numbers and dates lives here.
"""

from __future__ import annotations

import re

from briefing.korean import korean_date_parts, parse_korean_number
from briefing.translate.glossary import Glossary, compact
from briefing.translate.romanize import has_hangul

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# --------------------------------------------------------------------------- titles


def compose_title(ko: str, glossary: Glossary) -> str:
    """부총리 겸 과학기술정보통신부 장관 -> Deputy Prime Minister and Minister of Science
    and ICT: each title composed with its organisation, joined titles joined with "and"."""
    text = re.sub(r"\(([A-Za-z][A-Za-z&.\- ]*)\)", "", ko.strip()) if "(" in ko else ko.strip()
    joiners = "|".join(re.escape(j) for j in glossary.joiners)
    text = " ".join(_unglue_joiner(word, glossary) for word in text.split())
    text = re.sub(rf"(\S)\s+{_IN_CHARGE}(?=\s)", rf"\1{_IN_CHARGE}", text)  # 내부시장 담당
    parts = [p for p in re.split(rf"\s+(?:{joiners})\s+", text) if p.strip()]
    english = [_title_part(p.strip(), glossary) for p in parts]
    return " and ".join(e for e in english if e)


def _unglue_joiner(word: str, glossary: Glossary) -> str:
    """`과기부총리겸` -> `과기부총리 겸`: a joiner written against the title before it."""
    for joiner in glossary.joiners:
        stem = word[: -len(joiner)]
        if word.endswith(joiner) and stem and any(stem.endswith(k) for k in glossary.titles):
            return f"{stem} {joiner}"
    return word


def _title_candidates(last: str, glossary: Glossary) -> list[tuple[str, str]]:
    """(title key, organisation's Korean part of the last word) for each matching title."""
    found = []
    for key, entry in glossary.titles.items():
        if last.endswith(key):
            rest = last[: len(last) - len(key)]
            suffix = entry.get("org_suffix", "")
            if suffix and rest and key.startswith(suffix):
                found.append((key, rest + suffix))  # 과학기술정책 + 실 (실장)
            found.append((key, rest))
    return found


def _title_part(part: str, glossary: Glossary) -> str:
    tokens = part.split()
    last = tokens[-1]
    candidates = _title_candidates(last, glossary)
    if not candidates:
        return glossary.compose(part)

    def rank(candidate: tuple[str, str]) -> tuple[int, int, int]:
        key, rest = candidate
        words = tokens[:-1]
        if _drops_home_country([*words, rest], glossary):
            words = words[1:]
        org_ko = " ".join([*words, rest]).strip()
        known = bool(org_ko) and glossary.entity(org_ko) is not None
        return (int(not rest), int(known), len(key))

    key, rest = max(candidates, key=rank)
    entry = glossary.titles[key]
    title = entry["en"]
    # 기술담당 부회장, 사업개발담당 부사장: a word in charge of a field is a portfolio
    duties = [t for t in tokens[:-1] if t.endswith(_IN_CHARGE)]
    words = [t for t in tokens[:-1] if not t.endswith(_IN_CHARGE)]
    if _drops_home_country(words, glossary):
        words = words[1:]  # 한국 산업통상자원부 장관: the ministry says whose it is
    org_ko = " ".join([*words, rest]).strip()
    org_words = list(words)
    portfolio = ""
    suffix = entry.get("org_suffix", "")
    if rest and glossary.entity(org_ko) is None and not (suffix and rest.endswith(suffix)):
        # 통상교섭본부장, AI미래기획수석: the rest of the word is a portfolio, not an organisation
        posted = _posted_to(rest, title, glossary)
        if posted is not None:
            return posted
        if len(rest) > 1 or glossary.composes_fully(rest):
            portfolio = glossary.compose(rest)  # a lone unknown syllable (부, 차) is no field
    elif rest:
        org_words.append(rest)  # 과학기술혁신본부장: the 본부 the 본부장 heads
    title, fields = _with_portfolio(title, portfolio, duties, glossary)
    org_ko = " ".join(org_words).strip()
    known = _known_body(org_ko, title, glossary)
    org = (known or glossary.compose(org_ko)) if org_ko else ""
    if known and known.startswith(_MINISTRY) and entry.get("ministry"):
        title = entry["ministry"]  # 중국 상무부 부장: the minister, not a department head
    if fields:
        title = f"{title} for {' and '.join(f for f in fields if f)}"
    if not org:
        return title
    if suffix and not rest and len(org_words) > 1 and not known:
        org_words[-1] += suffix  # 기초과학연구원 RNA 연구단장: the RNA 연구단 of the institute
    unit = None if known or entry.get("format") else _unit_of(org_words, glossary)
    if (
        unit is not None
    ):  # 한양대 AI융합연구소장: Director of the AI … Institute, Hanyang University
        body, part = unit
        if part.startswith("for "):
            return f"{title} {part}, {body}"
        return f"{title} of {glossary.with_the(part)}, {body}"
    return _join_title(title, org, entry.get("format"), glossary)


def _with_portfolio(
    title: str, portfolio: str, duties: list[str], glossary: Glossary
) -> tuple[str, list[str]]:
    """The title with its portfolio put in (수소경제정책관: Director-General for Hydrogen
    Economy Policy), and the fields it is in charge of still to add (기술담당)."""
    if "{}" in title:
        title = title.replace("{}", portfolio) if portfolio else title.split(" for {}")[0]
        portfolio = ""
    fields = [glossary.compose(d.removesuffix(_IN_CHARGE)) for d in duties]
    if portfolio:
        fields.insert(0, portfolio)
    return title, fields


def _known_body(org_ko: str, title: str, glossary: Glossary) -> str | None:
    """The English of the body a title names, when the glossary knows it."""
    if not org_ko:
        return None
    known = glossary.entity(org_ko)
    if known is None and _MINISTER_RANK.fullmatch(title):
        # 미 에너지 장관: the minister of the field's ministry (미 에너지부)
        known = glossary.entity(org_ko + "부")
    return known


def _posted_to(rest: str, title: str, glossary: Glossary) -> str | None:
    """주미 대사, 주베트남 대사: the title of a posting to a country or body, else None."""
    if not rest.startswith("주"):
        return None
    place = rest[1:]
    known = glossary.entity(place)
    if known is not None:
        return f"{title} to {glossary.with_the(known)}"
    posting = _posting(place, glossary)
    return f"{title} to {posting}" if posting else None


def _unit_of(words: list[str], glossary: Glossary) -> tuple[str, str] | None:
    """(body, unit) when the organisation is a known body followed by a unit of it that no
    table names (한양대 + AI융합연구소): English names the unit first, then the body. A
    country before a body is its owner, not a body (미국 백악관)."""
    for cut in range(len(words) - 1, 0, -1):
        head = " ".join(words[:cut])
        body = glossary.entity(head)
        if body and glossary.countries.get(head) is None:
            rest = " ".join(words[cut:])
            if _is_unit(rest, glossary):
                return body, glossary.compose(rest)
            # 경제산업성 에너지절약·재생에너지 (부장): a department named by its fields
            return (
                (body, f"for {glossary.compose(rest)}") if glossary.composes_fully(rest) else None
            )
    if len(words) == 1:
        for cut in range(len(words[0]) - 2, 1, -1):
            head, rest = words[0][:cut], words[0][cut:]
            body = glossary.entity(head)
            if body and glossary.countries.get(head) is None and _is_unit(rest, glossary):
                return body, glossary.compose(rest)
    return None


def _is_unit(ko: str, glossary: Glossary) -> bool:
    return ko.endswith(glossary.unit_words) and glossary.composes_fully(ko)


_IN_CHARGE = "담당"
_MINISTER_RANK = re.compile(r"(?:(?:First|Second|Deputy|Vice|Parliamentary|Assistant) )*Minister")
_MINISTRY = ("Ministry of ", "Department of ", "U.S. Department of ")
_HOME_COUNTRY = frozenset({"한국", "대한민국", "우리나라"})


def _drops_home_country(words: list[str], glossary: Glossary) -> bool:
    """한국 산업통상자원부: Korea before a Korean body the glossary names is said once; so is
    a country before a body whose English already says whose it is (미국 백악관 …실: the
    White House …), when the glossary does not name the whole."""
    words = [w for w in words if w]
    if len(words) < 2:
        return False
    if words[0] not in _HOME_COUNTRY and (
        words[0] not in glossary.countries or glossary.entity(" ".join(words)) is not None
    ):
        return False
    return glossary.entity(" ".join(words[1:])) is not None


def _posting(rest: str, glossary: Glossary) -> str:
    """주벨기에EU -> Belgium and the European Union: the countries an ambassador is sent to."""
    names: list[str] = []
    pos = 0
    while pos < len(rest):
        for end in range(len(rest), pos, -1):
            english = glossary.entity(rest[pos:end])
            if english:
                names.append(glossary.with_the(english))
                pos = end
                break
        else:
            return ""
    return " and ".join(names)


def _join_title(title: str, org: str, fmt: str | None, glossary: Glossary) -> str:
    if fmt:
        return fmt.format(title=title, org=org)
    if _MINISTER_RANK.fullmatch(title):
        prefix, sep, topic = org.partition("Department of ")
        if sep and prefix in ("", "U.S. ") and title == "Minister":
            return f"{prefix}Secretary of {topic}"
        if org.startswith("Department for ") and title == "Minister":
            return f"Secretary of State for {org.removeprefix('Department for ')}"
        if org.startswith("Ministry of "):
            return f"{title} of {org.removeprefix('Ministry of ')}"
        owner = re.fullmatch(r"([A-Z][a-z]+) Ministry of (.+)", org)
        if owner:  # Swedish Ministry of Defence -> Swedish Minister of Defence
            return f"{owner.group(1)} {title} of {owner.group(2)}"
    return f"{title} of {glossary.with_the(org)}"


# --------------------------------------------------------------------------- money


def format_money(value: float, currency: str) -> str:
    """USD 10 million, KRW 22.8 trillion, EUR 95.5 billion, USD 500,000."""
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(value) >= scale:
            amount = f"{value / scale:.3f}".rstrip("0").rstrip(".")
            return f"{currency} {amount} {word}"
    return f"{currency} {value:,.0f}"


def money_english(ko: str, value: float | None, currency: str | None, glossary: Glossary) -> str:
    """The amount's English: qualifier, ISO currency, scaled number (최소 1000만 달러 ->
    at least USD 10 million). ``value``/``currency`` from the extractor win over parsing."""
    currencies = glossary.money.get("currencies", {})
    if currency is None:
        currency = next(
            (
                iso
                for word, iso in sorted(currencies.items(), key=lambda x: -len(x[0]))
                if word in ko
            ),
            None,
        )
    if value is None:
        value = parse_korean_number(ko)
    if value is None or currency is None:
        return glossary.compose(ko)
    qualifier = ""
    squeezed = compact(ko)
    for word, english in sorted(
        glossary.money.get("qualifiers", {}).items(), key=lambda x: -len(x[0])
    ):
        if word in squeezed and not re.search(rf"\d{re.escape(word)}", squeezed):
            qualifier = english
            break
    if qualifier.endswith(" of") and not re.search(r"\d", ko):
        return f"{qualifier} {currency}"  # 수십억 달러: a vague amount keeps its vagueness
    amount = format_money(value, currency)
    return f"{qualifier} {amount}".strip()


# --------------------------------------------------------------------------- dates


def date_english(ko: str) -> str | None:
    """2025년 10월 29일 -> October 29, 2025; also ISO dates, 10월 29일, 2025년 10월."""
    parts = korean_date_parts(ko)
    if parts is None:
        return None
    year, month, day = parts
    if month is None or not 1 <= month <= 12:
        return None
    name = MONTHS[month - 1]
    if year is not None and day is not None:
        return f"{name} {day}, {year}"
    return f"{name} {year}" if year is not None else f"{name} {day}"


def _year_of(published: str | None) -> int | None:
    # Without a publication date a relative year (내년) cannot be resolved: never guess
    # from today's date, which would invent a year the article does not give.
    if published and re.match(r"^\d{4}", published):
        return int(published[:4])
    return None


def timeline_english(ko: str, published: str | None, glossary: Glossary) -> str:
    """내년 -> next year (2026); 2030년까지 -> by 2030; 내년부터 3년간 -> from next year (2026)
    for 3 years; 2021년부터 2027년까지 -> from 2021 to 2027."""
    text = ko.strip()
    settings = glossary.timeline
    year = _year_of(published)
    halves: dict[str, str] = settings.get("halves", {})
    relative: dict[str, int] = settings.get("relative_years", {})
    relative_en: dict[str, str] = settings.get("relative_year_en", {})

    def year_phrase(chunk: str) -> str | None:
        for word in sorted(relative, key=len, reverse=True):
            if word in chunk:
                offset = relative[word]
                label = relative_en.get(str(offset), word)
                return f"{label} ({year + offset})" if year is not None else label
        m = re.search(r"(\d{4})\s*년?", chunk)
        return m.group(1) if m else None

    phrases: list[str] = []
    full = date_english(text)
    span = re.search(r"(.+?)부터\s*(.+?)까지", text)
    if span:
        start = date_english(span.group(1)) or year_phrase(span.group(1))
        end = date_english(span.group(2)) or year_phrase(span.group(2))
        if start and end:
            phrases.append(f"from {start} to {end}")
    elif "까지" in text:
        target = date_english(text) or year_phrase(text.split("까지")[0])
        if target:
            phrases.append(f"by {target}")
    elif "부터" in text:
        start = date_english(text) or year_phrase(text.split("부터")[0])
        if start:
            phrases.append(f"from {start}")
    elif full:
        phrases.append(f"on {full}")
    else:
        phrases.extend(_year_or_half(text, year_phrase(text), halves, year))
        if not phrases:
            phrases.extend(_month_phrase(text, settings.get("relative_months", {})))
    phrases.extend(_duration_phrase(text))
    if phrases:
        return " ".join(phrases)
    return glossary.compose(text) if has_hangul(text) else text


def is_place(ko: str) -> bool:
    """False for a phrase that names a field, not a place (디지털 경제 분야에서 협력)."""
    words = ko.split()
    return bool(words) and not words[-1].endswith(_FIELD_WORDS)


_FIELD_WORDS = ("분야", "영역", "방면")


def _year_or_half(
    text: str, when: str | None, halves: dict[str, str], year: int | None
) -> list[str]:
    """A year (in 2027, next year (2026)) and the part of it the glossary's halves name."""
    half = next((halves[w] for w in sorted(halves, key=len, reverse=True) if w in text), "")
    if when and half:
        return [f"{half} {when}" if half in ("early", "late", "within") else f"in {half} {when}"]
    if when:
        return [when if not when[0].isdigit() else f"in {when}"]
    if half:
        this_year = f"this year ({year})" if year is not None else "this year"
        return [
            f"{half} {this_year}"
            if half in ("early", "late", "within")
            else f"in {half} {this_year}"
        ]
    return []


def _month_phrase(text: str, relative: dict[str, str]) -> list[str]:
    """9월 -> in September; 9월 말 -> late September; 다음 달 -> next month."""
    squeezed = compact(text)
    for word in sorted(relative, key=len, reverse=True):
        if squeezed.startswith(word):
            return [relative[word]]
    m = re.match(r"(\d{1,2})월(초|말|중)?", squeezed)
    if not m or not 1 <= int(m.group(1)) <= 12:
        return []
    name = MONTHS[int(m.group(1)) - 1]
    part = {"초": "early", "말": "late"}.get(m.group(2) or "")
    return [f"{part} {name}" if part else f"in {name}"]


def _duration_phrase(text: str) -> list[str]:
    """3년간 -> for 3 years; 향후 5년간 -> over the next 5 years."""
    duration = re.search(r"(\d+)\s*(년|개월|주|일)\s*(?:간|동안)", text)
    if not duration:
        return []
    n, unit = int(duration.group(1)), duration.group(2)
    word = {"년": "year", "개월": "month", "주": "week", "일": "day"}[unit]
    ahead = "over the next" if "향후" in text else "for"
    return [f"{ahead} {n} {word}{'s' if n != 1 else ''}"]


def location_english(ko: str, glossary: Glossary) -> str:
    """경북 경주 -> Gyeongju, North Gyeongsang Province; 서울 중구 롯데호텔 -> Rotdehotel,
    Jung, Seoul: the site (composed) first, then the places from the smaller to the larger."""
    whole = glossary.entity(ko)
    if whole:
        return whole
    from briefing.translate.romanize import romanize_place

    tokens = ko.split()
    places: list[str] = []
    i = 0
    while i < len(tokens):
        # the longest run of words a table holds whole (워싱턴 D.C)
        for j in range(len(tokens), i, -1):
            run = " ".join(tokens[i:j])
            known = glossary.countries.get(run) or glossary.places.get(run)
            if known:
                places.append(known)
                i = j
                break
        else:
            if has_hangul(tokens[i]) and re.search(r".(시|도|군|구|주)$", tokens[i]):
                places.append(romanize_place(re.sub(r"(?<=..)(시|군|구)$", "", tokens[i])))
                i += 1
                continue
            break
    site = " ".join(tokens[i:])
    parts = ([glossary.compose(site)] if site else []) + list(reversed(places))
    return ", ".join(parts)
