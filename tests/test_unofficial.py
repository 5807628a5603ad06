"""Non-standard codes (content/unofficial.md): pages that say who sends them, several meanings, search, check."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from statusdocs.model import ContentError, Settings
from statusdocs.read.parse import read_documents

UNOFFICIAL_HEADER = "---\nprovenance: unofficial\n---\n\n"


def page(site: Path, code: int) -> str:
    """Return a code page's HTML."""
    return (site / "codes" / str(code) / "index.html").read_text(encoding="utf-8")


def record(site: Path, code: int) -> dict:
    """Return a code's API record."""
    return json.loads((site / "api" / "codes" / f"{code}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("code", "vendor", "phrase"), [
    (499, "nginx", "Client Closed Request"), (444, "nginx", "No Response"),
    (520, "Cloudflare", "Web Server Returns an Unknown Error"), (561, "AWS Elastic Load Balancing", "Unauthorized"),
    (599, "Tornado", "Timeout"),
])
def test_a_non_standard_code_says_who_sends_it(real_site: Path, code: int, vendor: str, phrase: str) -> None:
    html = page(real_site, code)
    assert f'<span class="badge vendor">非标准 · {vendor}</span>' in html
    assert "没有任何规范定义它" in html and f"<title>{code} {phrase} · " in html
    assert record(real_site, code)["vendor"]["name"] == vendor
    assert record(real_site, code)["source"]["provenance"] == "unofficial"
    assert record(real_site, code)["specification"] == []


def test_509_gains_its_origin_and_keeps_its_source_text(real_site: Path) -> None:
    data = record(real_site, 509)
    assert data["source"] == {"document": "http-status.md", "line": 99, "provenance": "source"}
    row = next(line for line in (CONTENT / "http-status.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| 509 "))
    assert data["description"]["markdown"] == row.split("|")[2].strip()
    assert [meaning["vendor"]["name"] for meaning in data["meanings"]] == ["Apache / cPanel"]
    assert "非标准 · Apache / cPanel" in page(real_site, 509)


def test_a_code_with_several_meanings_lists_each_with_its_source(real_site: Path) -> None:
    """451: the standard meaning first, then IIS; 420: Twitter's, then Spring's, in document order."""
    standard = record(real_site, 451)
    assert standard["phrase"] == "Unavailable For Legal Reasons" and standard["source"]["provenance"] == "source"
    assert [(m["vendor"]["name"], m["phrase"]) for m in standard["meanings"]] == [("Microsoft IIS", "Redirect")]
    twice = record(real_site, 420)
    assert (twice["vendor"]["name"], twice["phrase"]) == ("Twitter API（v1）", "Enhance Your Calm")
    assert [(m["vendor"]["name"], m["phrase"]) for m in twice["meanings"]] == [("Spring Framework", "Method Failure")]
    html = page(real_site, 420)
    assert html.index("Enhance Your Calm") < html.index("其他含义") < html.index("Method Failure")


@pytest.mark.parametrize(("code", "received", "example"), [
    (494, 400, "HTTP/1.1 400 Bad Request"), (497, 400, "HTTP/1.1 400 Bad Request"),
    (499, None, None), (444, None, None), (460, None, None), (599, None, None),
    (520, "sent", "HTTP/1.1 520 Web Server Returns an Unknown Error"),
    (463, "sent", "HTTP/1.1 463 Too Many X-Forwarded-For Addresses"),
])
def test_a_code_no_response_carries_shows_what_the_client_gets(real_site: Path, code: int, received: object,
                                                                 example: str | None) -> None:
    """nginx logs 499 and sends nothing; it logs 494 and sends 400: no page shows a response that never happens."""
    html = page(real_site, code)
    notice = html.split('<p class="notice">', 1)[1].split("</p>", 1)[0]
    shown = re.search(r'<pre id="example-head"><code>([^<]*)</code>', html)
    assert (shown.group(1) if shown else None) == example
    if received == "sent":
        assert "发送它的是" in notice and "不会出现在任何 HTTP 响应里" not in notice and ">响应示例<" in html
        assert record(real_site, code)["not_sent"] is None
    else:
        assert "不会出现在任何 HTTP 响应里" in notice and "发送它的是" not in notice
        assert record(real_site, code)["not_sent"] == {"received": received}
    if received == 400:
        assert '客户端收到的是 <a href="../400/index.html">400 <span lang="en">Bad Request</span></a>' in notice
        assert ">客户端收到的响应<" in html and "客户端收到的是 400" in record(real_site, code)["preview"]["facts"]
    if received is None:
        assert "这次请求没有任何响应" in notice and 'id="example"' not in html
        assert "不出现在响应里" in record(real_site, code)["preview"]["facts"]


def test_class_pages_list_non_standard_codes_last_and_marked(real_site: Path) -> None:
    html = (real_site / "classes" / "4xx" / "index.html").read_text(encoding="utf-8")
    listed = [int(code) for code in re.findall(r'<li id="(\d{3})">', html)]
    registry = json.loads((real_site / "api" / "codes.json").read_text(encoding="utf-8"))["codes"]
    standard = {entry["code"] for entry in registry if entry["status"] != "unassigned"}
    first_non_standard = next(i for i, code in enumerate(listed) if code not in standard)
    assert all(code not in standard for code in listed[first_non_standard:]) and 499 in listed[first_non_standard:]
    assert listed[:first_non_standard] == sorted(listed[:first_non_standard])
    assert '<span class="badge vendor">nginx</span>' in html
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="codes/499/index.html" title="499 Client Closed Request（非标准）" class="ns"' in index


def test_a_vendor_section_heading_never_names_a_class(real_site: Path) -> None:
    """AWS ELB's section mixes 4xx and 5xx, nginx's holds only 4xx: neither heading becomes a class heading."""
    headings = {entry["label"]: entry["heading"]
                for entry in json.loads((real_site / "search-index.json").read_text(encoding="utf-8"))["classes"]}
    assert headings["4xx"] == "请求错误" and headings["5xx"] == "服务器错误"


def test_search_data_finds_non_standard_codes_by_vendor_and_words(real_site: Path) -> None:
    codes = {entry["code"]: entry for entry in
             json.loads((real_site / "search-index.json").read_text(encoding="utf-8"))["codes"]}
    assert "nginx" in codes[499]["heading"] and "客户端关闭了请求" in codes[499]["text"]
    assert "Cloudflare" in codes[520]["heading"]


@pytest.mark.parametrize(("query", "code"), [("499", "499"), ("nginx", "499"), ("cloudflare", "520"),
                                             ("客户端关闭", "499"), ("Client Closed Request", "499"),
                                             ("599", "599"), ("tornado", "599"), ("没有响应", "599")])
def test_search_finds_non_standard_codes(real_site_url: str, page: object, query: str, code: str) -> None:
    """The code is among the first three results of its number, its vendor's name and words of its text."""
    page.goto(real_site_url + "index.html")  # type: ignore[attr-defined]
    page.fill("#q", query)  # type: ignore[attr-defined]
    page.wait_for_selector(".search-panel:not([hidden])")  # type: ignore[attr-defined]
    found = page.locator("#search-results [role=option] .num").all_text_contents()  # type: ignore[attr-defined]
    assert code in found[:3] if query != "nginx" else code in found[:6]  # nginx sends six codes


def write_content(tmp_path: Path, unofficial: str) -> Path:
    """Make a content folder with the real documents and an unofficial document of our own."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("http-status.md", "supplement.md", "registry.csv"):
        (content / name).write_bytes((CONTENT / name).read_bytes())
    (content / "unofficial.md").write_text(UNOFFICIAL_HEADER + unofficial, encoding="utf-8")
    return content


@pytest.mark.parametrize(("table", "problems"), [
    ("## [x](https://x.example/)\n\n| code | name | 描述 |\n| --- | --- | --- |\n| 4O9 | Typo | 打错了 |\n",
     ["content/unofficial.md:9: status code '4O9' is not a number"]),
    ("## x\n\n| code | name | 描述 |\n| --- | --- | --- |\n| 499 | A | 一 |\n| 499 | B | 二 |\n",
     ["content/unofficial.md:10: status code 499 is documented twice for x (also at content/unofficial.md:9)"]),
    ("## x\n\n| code | name | 描述 |\n| --- | --- | --- |\n| 499 | A | 一 |\n| 598 | B | 二 | 多 |\n",
     ["content/unofficial.md:10: row has 4 cells but the header has 3 cells: the extra cells are dropped (多)"]),
    ("| code | name | 描述 |\n| --- | --- | --- |\n| 499 | A | 一 |\n\n## x\n\n| code | name | 描述 |\n| --- | --- | --- |\n"
     "| 498 | B | 二 |\n",
     ["content/unofficial.md:5: table has no section heading naming the software that sends its codes: put one above "
      "it, such as ## [nginx](https://nginx.org/)"]),
    ("# 非标准\n\n| code | name | 描述 |\n| --- | --- | --- |\n| 499 | A | 一 |\n\n## [ ](https://x.example/)\n\n"
     "| code | name | 描述 |\n| --- | --- | --- |\n| 498 | B | 二 |\n",
     ["content/unofficial.md:7: table has no section heading naming the software that sends its codes: put one above "
      "it, such as ## [nginx](https://nginx.org/)",
      "content/unofficial.md:13: table has no section heading naming the software that sends its codes: put one above "
      "it, such as ## [nginx](https://nginx.org/)"]),
], ids=["mistyped code", "twice in one section", "extra cell", "no heading", "a title and an empty name"])
def test_a_malformed_vendor_table_is_a_path_line_error(tmp_path: Path, table: str, problems: list[str]) -> None:
    with pytest.raises(ContentError) as raised:
        read_documents(write_content(tmp_path, table))
    assert raised.value.problems == problems


def test_the_same_code_from_two_vendors_and_mixed_classes_build(tmp_path: Path) -> None:
    content = write_content(tmp_path, "## [A](https://a.example/)\n\n| code | name | 描述 |\n| --- | --- | --- |\n"
                                      "| 499 | Gone Away | 甲 |\n| 599 | Network Timeout | 乙 |\n\n"
                                      "## B\n\n| code | name | 描述 |\n| --- | --- | --- |\n| 499 | Other | 丙 |\n")
    cli.build(content, TEMPLATES, tmp_path / "site", Settings())
    data = record(tmp_path / "site", 499)
    assert (data["vendor"], data["phrase"]) == ({"name": "A", "url": "https://a.example/"}, "Gone Away")
    assert [(m["vendor"], m["text"]) for m in data["meanings"]] == [({"name": "B", "url": None}, "丙")]
    assert record(tmp_path / "site", 599)["class"]["label"] == "5xx"


def test_check_notes_a_vendor_meaning_of_an_assigned_code(content_copy: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """451 in the IIS section is a note (the standard meaning comes first), never a warning that fails --strict."""
    (content_copy / "check" / "acknowledged.md").unlink()
    cli.main(["check", "--content", str(content_copy)])
    out = capsys.readouterr().out
    assert ("content/unofficial.md:50: note: status code 451 is assigned by the IANA registry (Unavailable For Legal "
            "Reasons): the page gives that meaning first and this one after it") in out
    assert "unofficial.md" not in out.replace("unofficial.md:50: note", "")
