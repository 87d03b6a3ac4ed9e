"""The document's own region: which province, city and county "省经信厅", "我省", "市政府", "县委" refer to."""
from __future__ import annotations

from collections import Counter

from kg.extract.candidates import DocState
from kg.lexicon import Lexicon

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def infer_home_region(state: DocState, lex: Lexicon) -> None:
    """Set ``home_province``, ``home_city`` and (for a county's own text) ``home_county`` from
    how often regions are mentioned.

    A province scores its own mentions plus half of its cities' and counties'; the city is the
    most mentioned prefecture-level city (or a municipality).
    """
    idx = lex.regions
    provinces: Counter[str] = Counter()
    cities: Counter[str] = Counter()
    counties: Counter[str] = Counter()
    seen: set[tuple[int, int, str]] = set()
    for c in state.candidates:
        if c.type != "Region" or not c.key or c.key not in idx.by_code:
            continue
        if (c.start, c.end, c.key) in seen:
            continue
        seen.add((c.start, c.end, c.key))
        d = idx.by_code[c.key]
        # A short form shared by several divisions says little; weigh it down.
        weight = 1.0 / len(idx.by_surface.get(state.text[c.start:c.end], [c.key]) or [c.key])
        if d.level == "province":
            provinces[c.key] += weight
            if c.key in MUNICIPALITIES:
                cities[c.key] += weight
        elif d.level in ("city", "county"):
            prov = idx.province_of(c.key)
            if prov:
                provinces[prov] += 0.5 * weight
            city = c.key if d.level == "city" else d.parent
            if city and city in idx.by_code:
                cities[city] += weight * (1.0 if d.level == "city" else 0.5)
            if d.level == "county":
                counties[c.key] += weight
    if provinces:
        state.home_province = min(provinces, key=lambda k: (-provinces[k], k))
    if cities:
        in_home = {k: v for k, v in cities.items()
                   if state.home_province in (k, idx.province_of(k))}
        pool = in_home or cities
        state.home_city = min(pool, key=lambda k: (-pool[k], k))
    # A county's own text (德清县人民政府关于…; 县委, 县政府) names its county first and most.
    first = next((c for c in sorted(state.candidates, key=lambda c: c.start)
                  if c.type == "Region" and c.key in idx.by_code), None)
    if first is not None and idx.by_code[first.key].level == "county" and counties \
            and min(counties, key=lambda k: (-counties[k], k)) == first.key:
        state.home_county = first.key
