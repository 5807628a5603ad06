"""api/codes.json and api/codes/<code>.json: every record, in the shape the README shows."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PUBLISHED_URL

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path) -> object:
    """Read one JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def test_list_holds_every_code_in_order(published_site: Path) -> None:
    data = load(published_site / "api/codes.json")
    codes = [record["code"] for record in data["codes"]]
    assert data["count"] == len(codes) == 87 and codes == sorted(codes)  # 59 source, 6 supplement, 22 non-standard
    assert data["site_url"] == PUBLISHED_URL and data["title"] == "HTTP 状态码"
    assert sorted(codes) == sorted(int(page.parent.name) for page in published_site.glob("codes/*/index.html"))


def test_each_code_file_is_its_record_in_the_list(published_site: Path) -> None:
    for record in load(published_site / "api/codes.json")["codes"]:
        assert load(published_site / f"api/codes/{record['code']}.json") == record


def test_record_of_404(published_site: Path) -> None:
    record = load(published_site / "api/codes/404.json")
    assert record["phrase"] == "Not Found" and record["title"] == "404 Not Found"
    assert record["class"] == {"label": "4xx", "name": "Client Error", "heading": "请求错误"}
    assert record["status"] == "registered"
    assert record["specification"] == [{"text": "RFC 9110 §15.5.5",
                                         "url": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"}]
    assert record["url"] == f"{PUBLISHED_URL}codes/404/"
    assert record["class_url"] == f"{PUBLISHED_URL}classes/4xx/"
    assert record["summary"] and record["description"]["text"].startswith(record["summary"].rstrip("…"))
    assert set(record) == {"code", "phrase", "title", "class", "summary", "description", "specification",
                           "status", "url", "class_url", "mentions", "mentioned_by", "source", "fields",
                           "vendor", "meanings", "extract", "content_urls", "preview",
                           "editor_notes", "example", "not_sent", "headers", "caching", "constants", "related"}
    assert record["fields"] == []  # the source document has no column beyond code and description
    assert record["source"] == {"document": "http-status.md", "line": 60, "provenance": "source"}


def test_record_of_429_carries_the_reference_facts(published_site: Path) -> None:
    record = load(published_site / "api/codes/429.json")
    assert record["example"] == "HTTP/1.1 429 Too Many Requests\nRetry-After: 120"
    assert record["headers"] == [{
        "name": "Retry-After", "level": "MAY", "example": "120",
        "specification": {"text": "RFC 6585 §4", "url": "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"},
        "url": "https://developer.mozilla.org/zh-CN/docs/Web/HTTP/Reference/Headers/Retry-After"}]
    assert record["caching"] == {"cacheable": "never", "content": "explanation", "redirect": None, "specification": [
        {"text": "RFC 6585 §4", "url": "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"}]}
    assert record["constants"]["python"] == [{"name": "TOO_MANY_REQUESTS", "code": "HTTPStatus.TOO_MANY_REQUESTS",
                                              "notes": []}]
    assert record["constants"]["node"] == [{"name": "Too Many Requests", "code": "http.STATUS_CODES[429]", "notes": []}]
    assert list(record["constants"]) == ["python", "go", "node", "spring", "dotnet", "rust", "rails", "symfony"]
    assert [item["code"] for item in record["related"]] == [503, 509]
    assert record["related"][0]["url"] == f"{PUBLISHED_URL}codes/503/"
    assert record["editor_notes"] == []


def test_editor_notes_link_their_codes_by_permalink(published_site: Path) -> None:
    [note] = load(published_site / "api/codes/507.json")["editor_notes"]
    assert f'<a href="{PUBLISHED_URL}codes/506/">506</a>' in note["html"] and "506" in note["text"]
    assert [reference["text"] for reference in note["specification"]] == ["RFC 4918 §11.5", "RFC 2295 §8.1"]
    assert load(published_site / "api/codes/306.json")["example"] is None
    constants = load(published_site / "api/codes/413.json")["constants"]["python"]
    assert constants[0] == {"name": "CONTENT_TOO_LARGE", "code": "HTTPStatus.CONTENT_TOO_LARGE", "notes": ["3.13+"]}


def test_unregistered_code_says_so(published_site: Path) -> None:
    record = load(published_site / "api/codes/509.json")
    assert record["status"] == "unassigned" and record["specification"] == []


def test_description_links_point_at_permalinks(published_site: Path) -> None:
    record = load(published_site / "api/codes/410.json")
    links = re.findall(r'href="([^"]+)"', record["description"]["html"])
    assert links == [f"{PUBLISHED_URL}codes/{code}/" for code in (404, 301)]
    for link in links:
        assert (published_site / link.removeprefix(PUBLISHED_URL) / "index.html").is_file()
    assert record["mentions"] == [301, 404]


def test_without_site_url_urls_are_relative_to_the_site_root(real_site: Path) -> None:
    data = load(real_site / "api/codes.json")
    record = next(record for record in data["codes"] if record["code"] == 410)
    assert data["site_url"] is None and record["url"] == "codes/410/"
    assert 'href="codes/404/"' in record["description"]["html"]


def test_readme_example_has_the_real_shape(published_site: Path) -> None:
    readme = (ROOT / "docs" / "linking.md").read_text(encoding="utf-8")
    example = json.loads(readme.split("## JSON API", 1)[1].split("```json\n", 1)[1].split("```", 1)[0])
    real = load(published_site / "api/codes.json")
    assert set(example) == set(real)
    record, real_404 = example["codes"][0], load(published_site / "api/codes/404.json")
    assert record.keys() == real_404.keys() and record["description"].keys() == real_404["description"].keys()
    same = {"code", "phrase", "title", "class", "summary", "specification", "status", "mentions", "mentioned_by",
            "source"}
    assert {key: record[key] for key in same} == {key: real_404[key] for key in same}
