"""The organisation and the period a series title names, such as '2025년 하반기 대구 서구 적극행정 우수사례'
(대구 서구, 2025년 하반기), for when the input does not give them.

Words are classified, not guessed: a province-level name (서울, 서울특별시, 충북, 충청북도…), a local government
(a word ending in 시, 군 or 구: 진천군, 강남구, 서구), a central or regional agency (ending in 부, 처, 청 or
위원회: 행정안전부, 인사혁신처, 경북교육청, 공정거래위원회). A province-level name followed by a local government
or an agency is one organisation (충북 진천군). When the title names more than one, the reader is asked which.
"""

from __future__ import annotations

import re

PROVINCES = frozenset(
    "서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 "
    "서울시 부산시 대구시 인천시 광주시 대전시 울산시 세종시 제주도 경기도 강원도 "
    "서울특별시 부산광역시 대구광역시 인천광역시 광주광역시 대전광역시 울산광역시 세종특별자치시 "
    "강원특별자치도 충청북도 충청남도 전라북도 전북특별자치도 전라남도 경상북도 경상남도 제주특별자치도".split()
)
_LOCAL = re.compile(r"^(?:[가-힣]{2,5}[시군구]|[중동서남북]구)$")
_AGENCY = re.compile(r"^[가-힣]{2,12}(?:부|처|청|위원회)$")
# Common words with those endings, which name no office (서비스 개시, 1인 가구, 국군, 일부); and endings no
# office name has, for compounds (민원신청, 신도시, 취약가구). Whole words only otherwise: 통일부 ends in 일부.
_NOT_OFFICES = frozenset(
    (
        "즉시 동시 전시 감시 무시 당시 수시 상시 일시 공시 잠시 역시 지시 명시 우선시 중요시 문제시 당연시 "
        "요구 기구 도구 입구 출구 창구 추구 친구 항구 완구 전구 불구 수구 "
        "국군 아군 해군 공군 육군 후보군 대상군 직군 고위험군 "
        "간청 대처 정부 본부 일부 전부 내부 외부 세부 간부 학부 북부 남부 동부 서부 중부"
    ).split()
)
_NOT_OFFICE_ENDINGS = tuple("신청 요청 초청 개시 게시 표시 제시 실시 도시 가구 인구 지구 연구".split())
_SEPARATORS = re.compile(r"[\s·‧・,/]+")
_YEAR = r"(?<!\d)(?:19|20)\d{2}(?:\s*년도?|(?![\d가-힣]))"  # 2025, 2025년, 2025년도; not 2000가구
_PART = r"(?:상반기|하반기|[1-4]\s*/\s*4\s*분기|(?<!\d)[1-4]\s*분기)"
_MONTH = r"(?<!\d)(?:1[0-2]|[1-9])\s*월"
_PERIOD = re.compile(rf"{_YEAR}(?:\s*(?:{_PART}|{_MONTH}))?|{_PART}")


def _is_office(word: str, pattern: re.Pattern) -> bool:
    return bool(pattern.match(word)) and word not in _NOT_OFFICES and not word.endswith(_NOT_OFFICE_ENDINGS)


def organisations_in(title: str) -> list[str]:
    """Every organisation the title names, in order, each once."""
    words = [word for word in _SEPARATORS.split(title) if word]
    found: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in PROVINCES:
            if _is_office(following, _LOCAL) or _is_office(following, _AGENCY):
                found.append(f"{word} {following}")
                index += 1
            else:
                found.append(word)
        elif _is_office(word, _LOCAL) or _is_office(word, _AGENCY):
            found.append(word)
        index += 1
    return list(dict.fromkeys(found))


def organisation_from(title: str) -> tuple[str, str]:
    """(the organisation the title names, or ''; a problem to tell the reader, or '')."""
    found = organisations_in(title)
    if len(found) > 1:
        names = ", ".join(found)
        return "", f"the title names more than one organisation ({names}); say which with an `organisation:` line, e.g. `organisation: {found[0]}`"
    return (found[0] if found else ""), ""


def period_from(title: str) -> str:
    """The period a title names, such as '2025년 하반기', '1분기' or a bare year, or ''."""
    match = _PERIOD.search(title)
    return " ".join(match.group(0).split()) if match else ""
