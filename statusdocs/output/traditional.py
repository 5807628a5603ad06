"""Traditional characters and Taiwan/Hong Kong wording -> the site's Simplified text, for search, from OpenCC.

The browser folds a query with this map before it matches, so 維護 finds what 维护 finds and 伺服器 what 服务器
finds. Only the characters and phrases that occur in the search text are mapped. OpenCC (the `opencc` package)
is imported only when that text changes: the map is kept in the cache folder (cache.py), named by the text's SHA-1.
"""
from __future__ import annotations

import json
import re
from hashlib import sha1

from ..cache import Cache

FORMAT = 2  # bump when make_map maps the same text differently
CHARACTER_CONFIGS = ("s2t", "s2tw", "s2hk")  # character forms: Traditional, Taiwan, Hong Kong
PHRASE_CONFIGS = ("s2t", "s2twp", "s2hkp")  # phrase forms too: 服务器 -> 伺服器 (Taiwan), 网络 -> 網路
PHRASE_LENGTHS = (2, 3, 4)
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def traditional_map(text: str, cache: Cache) -> dict[str, str]:
    """Return {Traditional or regional form: Simplified form} for the characters and phrases of `text`.

    `serve`'s converter makes its first map rather than read it, so that its conversions are in memory and a later
    save that changes a description converts only what is new (reading the kept map instead would leave the first
    such save to convert the whole text, about a second).
    """
    name = f"statusdocs-traditional-{FORMAT}-{sha1(text.encode('utf-8')).hexdigest()}.json"
    if cache.converter is None or cache.converter.known:  # not serve's first map
        kept = read_map(cache.read_bytes(name))
        if kept is not None:
            return kept
    mapping = make_map(text, cache.converter)
    cache.write_bytes(name, json.dumps(mapping, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return mapping


def read_map(data: bytes | None) -> dict[str, str] | None:
    """Return a kept map, None when there is none or it is not a map (half written by an older version)."""
    try:
        mapping = json.loads(data) if data else None
    except ValueError:
        return None
    return mapping if isinstance(mapping, dict) else None


def make_map(text: str, converter: Converter | None = None) -> dict[str, str]:
    """Convert each character and each 2-4 character phrase of `text` with OpenCC; keep the forms that differ.

    A form the text itself uses (文件, 建立, 著) is left out: folding it would change what a Simplified query means.
    """
    converter = converter or Converter()
    runs = HAN_RUN.findall(text)
    used = {run[i:i + n] for run in runs for n in range(1, 6) for i in range(len(run) - n + 1)}  # "in text", fast
    characters = sorted({character for run in runs for character in run})
    phrases = sorted(gram for gram in used if len(gram) in PHRASE_LENGTHS)
    mapping: dict[str, str] = {}
    for config in CHARACTER_CONFIGS:
        for character, form in zip(characters, converter.convert(config, characters)):
            if form != character and len(form) == 1 and form not in used:  # 著 is Simplified too (显著)
                mapping.setdefault(form, character)
    for config in PHRASE_CONFIGS:
        for phrase, form in zip(phrases, converter.convert(config, phrases)):
            spelled = "".join(mapping.get(character, character) for character in form)
            if form not in used and spelled != phrase and spelled not in used:  # 過載 is 过载 here, not 重载
                mapping.setdefault(form, phrase)  # a regional word (伺服器) or spelling (回覆) the characters miss
    return drop_covered(mapping)


def drop_covered(mapping: dict[str, str]) -> dict[str, str]:
    """Leave out the phrases that a shorter phrase of the map, with the characters, already folds."""
    phrases = sorted((form for form in mapping if len(form) > 1), key=len)
    kept: dict[str, str] = {form: simple for form, simple in mapping.items() if len(form) == 1}
    for form in phrases:
        folded = form
        # longest first, as search.js folds: 程式碼 before 程式, or 程式碼不 is kept for nothing
        for shorter in sorted((key for key in kept if 1 < len(key) < len(form)), key=len, reverse=True):
            folded = folded.replace(shorter, kept[shorter])
        if "".join(kept.get(character, character) for character in folded) != mapping[form]:
            kept[form] = mapping[form]
    return kept


class Converter:
    """OpenCC's converters and every conversion made with them: a build makes one for its map, and `serve`'s build
    process keeps one between rebuilds, so that a save that changes a description converts only what is new."""

    def __init__(self) -> None:
        self.converters: dict[str, object] = {}  # by configuration: OpenCC's dictionaries take 20-70 ms to load
        self.known: dict[str, dict[str, str]] = {}  # the conversions made, by configuration

    def convert(self, config: str, items: list[str]) -> list[str]:
        """Convert many short strings with one configuration, each once per converter."""
        known = self.known.setdefault(config, {})
        missing = [item for item in items if item not in known]
        if missing:
            known.update(zip(missing, convert_all(self.opencc(config), missing)))
        return [known[item] for item in items]

    def opencc(self, config: str) -> object:
        """Return OpenCC's converter for a configuration, made on first use."""
        if config not in self.converters:
            import opencc  # only here: a build whose map is kept never imports it

            self.converters[config] = opencc.OpenCC(config)
        return self.converters[config]


def convert_all(converter: object, items: list[str]) -> list[str]:
    """Convert many short strings in one call, one a line (OpenCC keeps line breaks)."""
    converted = converter.convert("\n".join(items)).split("\n")  # type: ignore[attr-defined]
    return converted if len(converted) == len(items) else [converter.convert(item) for item in items]  # type: ignore
