"""objects.inv: Sphinx reads it back, every entry resolves, intersphinx links a code."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sphinx.util.inventory import InventoryFile

from conftest import PUBLISHED_URL

README = Path(__file__).resolve().parent.parent / "docs" / "linking.md"


def readme_block(language: str) -> str:
    """Return the first code block in `language` of the README's Sphinx section."""
    section = README.read_text(encoding="utf-8").split("## Sphinx (intersphinx)", 1)[1]
    return section.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def load_inventory(out: Path) -> dict[str, dict[str, object]]:
    """Read a build's objects.inv with Sphinx's own reader."""
    return InventoryFile.loads((out / "objects.inv").read_bytes(), uri=PUBLISHED_URL).data


def test_inventory_has_a_label_and_a_doc_per_page(published_site: Path) -> None:
    inventory = load_inventory(published_site)
    codes = sorted(page.parent.name for page in published_site.glob("codes/*/index.html"))
    classes = sorted(page.parent.name for page in published_site.glob("classes/*/index.html"))
    assert set(inventory) == {"std:label", "std:doc"}
    assert sorted(inventory["std:label"]) == sorted([f"http-{code}" for code in codes + classes])
    assert sorted(inventory["std:doc"]) == sorted([f"codes/{code}" for code in codes] +
                                                  [f"classes/{label}" for label in classes])
    item = inventory["std:label"]["http-404"]
    assert (item.uri, item.display_name) == (f"{PUBLISHED_URL}codes/404/", "404 Not Found")
    assert inventory["std:doc"]["classes/4xx"].display_name == "4xx 请求错误"


def test_every_entry_resolves_to_a_built_page(published_site: Path) -> None:
    for entries in load_inventory(published_site).values():
        for name, item in entries.items():
            assert item.uri.startswith(PUBLISHED_URL), name
            assert (published_site / item.uri.removeprefix(PUBLISHED_URL) / "index.html").is_file(), name


def test_sphinx_project_links_a_code_through_intersphinx(published_site: Path, tmp_path: Path) -> None:
    source = tmp_path / "docs"
    source.mkdir()
    inventory = published_site / "objects.inv"
    conf, usage = readme_block("python"), readme_block("rst")
    conf = conf.replace('("https://user.github.io/repo/", None)', f"({PUBLISHED_URL!r}, {str(inventory)!r})")
    assert str(inventory) in conf, "the README's conf.py should map statuscodes to the site URL and None"
    (source / "conf.py").write_text(conf, encoding="utf-8")
    (source / "index.rst").write_text(f"Errors\n======\n\n{usage}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-E", str(source),
                             str(tmp_path / "html")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    assert [(url, re.sub(r"<[^>]+>", "", text)) for url, text in links] == [
        (f"{PUBLISHED_URL}codes/404/", "404 Not Found"), (f"{PUBLISHED_URL}codes/404/", "404 Not Found"),
        (f"{PUBLISHED_URL}classes/4xx/", "the client errors")]
