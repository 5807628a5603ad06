"""content/supplement.md: the registered codes the source lacks, marked as the site's own text wherever they show."""
from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, UNOFFICIAL_CODES
from statusdocs.cache import open_cache
from statusdocs.model import Settings
from statusdocs.read.parse import read_documents
from statusdocs.pipeline import load_site
from statusdocs.records import build_site
from statusdocs.read.registry import read_registry
from statusdocs.output.search import build_search_data

SUPPLEMENT = CONTENT / "supplement.md"
# code -> the specification the registry names for it, as the page links it
SPECIFICATIONS = {
    104: ("draft-ietf-httpbis-resumable-upload-05",
          "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload-05/"),
    207: ("RFC 4918", "https://www.rfc-editor.org/rfc/rfc4918.html"),
    208: ("RFC 5842", "https://www.rfc-editor.org/rfc/rfc5842.html"),
    226: ("RFC 3229", "https://www.rfc-editor.org/rfc/rfc3229.html"),
    418: ("RFC 9110 §15.5.19", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.19"),
    425: ("RFC 8470", "https://www.rfc-editor.org/rfc/rfc8470.html"),
}
MDN_CREDIT = "描述文字来自 MDN Web Docs 的贡献者"


def supplement_rows() -> dict[int, tuple[int, str]]:
    """Read code -> (line, description) straight from the supplement's table lines, without the parser."""
    lines = SUPPLEMENT.read_text(encoding="utf-8").splitlines()
    return {int(match.group(1)): (number, match.group(2).strip())
            for number, match in enumerate(map(re.compile(r"^\| (\d{3}) \|(.*)\|$").match, lines), 1) if match}


def read_page(site: Path, path: str) -> str:
    """Return one built page's HTML."""
    return (site / path).read_text(encoding="utf-8")


def test_the_supplement_describes_exactly_the_expected_codes() -> None:
    assert set(supplement_rows()) == set(SPECIFICATIONS)


@pytest.mark.parametrize("code", sorted(SPECIFICATIONS))
def test_page_says_the_description_is_ours_and_names_its_specification(real_site: Path, code: int) -> None:
    page = read_page(real_site, f"codes/{code}/index.html")
    text, url = SPECIFICATIONS[code]
    assert '<span class="badge supplement">本站补充</span>' in page
    assert (f'<p class="provenance">本站补充：来源文档没有描述这个状态码，上面的文字由本站依据 '
            f'<a href="{url}">{text}</a> 编写。</p>') in page
    assert f'<dd><a href="{url}">{text}</a></dd>' in page
    assert "<p>本页描述为本站补充，由本站依据所注规范编写；" in page
    assert "MDN" not in page.split('<footer class="bottom">')[1] and "CC BY-SA" not in page  # no text of MDN shown


@pytest.mark.parametrize("code", sorted(SPECIFICATIONS))
def test_each_row_names_its_specification_in_its_own_words(code: int) -> None:
    _, description = supplement_rows()[code]
    name = re.sub(r"-\d+$", "", SPECIFICATIONS[code][0]).split(" §")[0]  # "RFC 9110", "draft-ietf-...-upload"
    assert name in description


def test_source_pages_keep_the_mdn_credit_and_no_supplement_mark(real_site: Path) -> None:
    registry = read_registry(CONTENT / "registry.csv")
    source_codes = [int(page.parent.name) for page in real_site.glob("codes/*/index.html")
                    if int(page.parent.name) not in SPECIFICATIONS.keys() | UNOFFICIAL_CODES]
    assert len(source_codes) == 59
    for code in source_codes:
        page = read_page(real_site, f"codes/{code}/index.html")
        assert MDN_CREDIT in page and "本站补充" not in page, code
    assert registry[418].status == "unused" and registry[104].status == "temporary"


def test_lists_mark_the_supplement_and_narrow_the_credit(real_site: Path) -> None:
    for path, codes in [("index.html", SPECIFICATIONS), ("classes/2xx/index.html", (207, 208, 226)),
                        ("classes/4xx/index.html", (418, 425)), ("classes/1xx/index.html", (104,))]:
        page = read_page(real_site, path)
        for code in codes:
            item = page.split(f'<li id="{code}">', 1)[1].split("</li>", 1)[0]
            assert '<span class="badge supplement">本站补充</span>' in item, (path, code)
        assert page.count('<span class="badge supplement">') == len(codes), path
        assert MDN_CREDIT + "，按" in page and "许可使用（标有“本站补充”的除外：那些由本站依据所注规范编写）" in page
    page = read_page(real_site, "classes/3xx/index.html")
    assert "本站补充" not in page and "许可使用；" in page


def test_418_is_the_teapot_and_104_states_its_expiry(real_site: Path) -> None:
    teapot = read_page(real_site, "codes/418/index.html")
    assert '<h1><span class="num">418</span> <span lang="en">I&#39;m a teapot</span></h1>' in teapot
    assert '<span class="badge unused">' in teapot
    upload = read_page(real_site, "codes/104/index.html")
    assert "104 在 IANA 注册表中只是临时注册，有效期到 2026-11-13 为止" in upload


def test_api_gives_the_provenance_of_every_description(published_site: Path) -> None:
    source_lines = (CONTENT / "http-status.md").read_text(encoding="utf-8").splitlines()
    supplement_lines = SUPPLEMENT.read_text(encoding="utf-8").splitlines()
    records = json.loads((published_site / "api/codes.json").read_text(encoding="utf-8"))["codes"]
    for record in (record for record in records if record["code"] not in UNOFFICIAL_CODES):
        source = record["source"]
        supplement = record["code"] in SPECIFICATIONS
        assert source["provenance"] == ("supplement" if supplement else "source")
        assert source["document"] == ("supplement.md" if supplement else "http-status.md")
        lines = supplement_lines if supplement else source_lines
        assert re.match(rf"\|\s*{record['code']}\s*\|", lines[source["line"] - 1]), record["code"]
    record = json.loads((published_site / "api/codes/207.json").read_text(encoding="utf-8"))
    assert record["source"] == {"document": "supplement.md", "line": supplement_rows()[207][0],
                                "provenance": "supplement"}
    assert record["phrase"] == "Multi-Status" and record["class"]["heading"] == "成功响应"


def test_search_and_inventory_hold_the_new_codes(real_site: Path) -> None:
    data = build_search_data(load_site(CONTENT, open_cache()).records())
    records = {record["code"]: record for record in data["codes"]}
    assert set(SPECIFICATIONS) <= set(records)
    assert records[418]["phrase"] == "I'm a teapot" and records[425]["summary"] == "服务器不愿冒险处理一个可能被重放的请求。"
    inventory = (real_site / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"zlib.\n", 1)[1]).decode("utf-8")
    for code in SPECIFICATIONS:
        assert f"http-{code} std:label -1 codes/{code}/ " in body and f"codes/{code} std:doc -1 codes/{code}/ " in body


def test_a_supplement_never_gives_the_site_title_or_headings(real_site: Path, tmp_path: Path) -> None:
    """Named to sort first, the supplement still leaves the title, attribution and headings to the source."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "supplement.md").rename(content / "0-supplement.md")
    text = (content / "0-supplement.md").read_text(encoding="utf-8")
    (content / "0-supplement.md").write_text(text.replace("## 成功响应", "## 成功"), encoding="utf-8")
    cli.build(content, cli.ROOT / "templates", tmp_path / "out", Settings())
    for page in real_site.rglob("*.html"):
        path = page.relative_to(real_site).as_posix()
        assert (tmp_path / "out" / path).read_bytes() == page.read_bytes(), path



def test_a_class_heading_comes_from_a_source_even_when_a_supplement_has_a_lower_code(tmp_path: Path) -> None:
    table = "| code | 描述 |\n| --- | --- |\n| {0} | 说明 |\n"
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\nprovenance: supplement\n---\n## 成功\n\n" + table.format(201),
                                               encoding="utf-8")
    (tmp_path / "content" / "b.md").write_text("## 成功响应\n\n" + table.format(202), encoding="utf-8")
    site = build_site(read_documents(tmp_path / "content"), {})
    assert [(status_class.heading, [code.code for code in status_class.codes]) for status_class in site.classes] \
        == [("成功响应", [201, 202])]
    assert [code.provenance for code in site.codes] == ["supplement", "source"]
