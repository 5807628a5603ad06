"""The Traditional/regional -> Simplified map search folds queries with, made from OpenCC's data."""
from __future__ import annotations

from pathlib import Path

import pytest

from statusdocs.cache import Cache
from statusdocs.output.traditional import make_map, traditional_map

TEXT = "服务器错误 维护中 请求过多 网络 默认 信息 文件 过载 显著 软件"


@pytest.fixture(scope="module")
def mapping() -> dict[str, str]:
    """Return the map of TEXT (OpenCC's dictionaries take most of a second to load)."""
    return make_map(TEXT)


def fold(mapping: dict[str, str], query: str) -> str:
    """Fold a query as search.js does: phrases, longest first, then characters."""
    for form in sorted((form for form in mapping if len(form) > 1), key=len, reverse=True):
        query = query.replace(form, mapping[form])
    return "".join(mapping.get(character, character) for character in query)


@pytest.mark.parametrize(("query", "folded"), [
    ("伺服器錯誤", "服务器错误"), ("維護中", "维护中"), ("請求過多", "请求过多"), ("網路", "网络"),
    ("預設", "默认"), ("資訊", "信息"), ("軟體", "软件"), ("過載", "过载"),
])
def test_traditional_and_taiwan_wording_fold_to_the_text(mapping: dict[str, str], query: str, folded: str) -> None:
    assert fold(mapping, query) == folded


@pytest.mark.parametrize("word", ["文件", "显著", "过载", "服务器"])
def test_simplified_words_of_the_text_stay_as_they_are(mapping: dict[str, str], word: str) -> None:
    assert fold(mapping, word) == word


def test_only_what_the_text_holds_is_mapped(mapping: dict[str, str]) -> None:
    assert "門" not in mapping and all(len(form) <= 5 for form in mapping)
    assert all(simple in TEXT for simple in mapping.values() if len(simple) > 1)


def test_the_map_is_kept_and_read_back_without_opencc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = traditional_map(TEXT, Cache(tmp_path))
    assert len(list(tmp_path.glob("statusdocs-traditional-*.json"))) == 1
    monkeypatch.setitem(__import__("sys").modules, "opencc", None)  # importing it now would fail
    assert traditional_map(TEXT, Cache(tmp_path)) == first
