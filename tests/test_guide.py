"""The contributors' guide quotes messages the tools really print, and builds as /huong-dan/."""
from __future__ import annotations

import re
from functools import lru_cache

from generator import messages
from generator.content import read_content_pages

from conftest import REPO

GUIDE = REPO / "content" / "huong-dan.md"
WILD = None  # a {placeholder}: any text


def templates() -> list[list]:
    texts = [v for v in vars(messages).values() if isinstance(v, str)]
    texts += [v for d in vars(messages).values() if isinstance(d, dict) for v in d.values() if isinstance(v, str)]
    texts += [messages.YAML_SYNTAX.replace("{problem}", v) for v in messages.YAML_PROBLEMS.values()]
    texts += [line.split('"')[1] for line in (REPO / "generator/templates/hooks/pre-commit").read_text(
        encoding="utf-8").splitlines() if line.strip().startswith('echo "')]
    return [[WILD if part.startswith("{") else ch for part in re.split(r"(\{[^}]*\})", t)
             for ch in ([part] if part.startswith("{") else part)] for t in texts]


def starts_a_rendering(quote: str, tokens: list) -> bool:
    """Whether `quote` is how some filling-in of the template's placeholders begins, with at least a third of
    the quote made of the template's own words (so a template that is mostly a placeholder matches nothing)."""
    @lru_cache(maxsize=None)
    def fixed(i: int, j: int) -> int:  # the most template characters matched, or -1: no match
        if i == len(quote):
            return 0
        if j == len(tokens):
            return -1
        if tokens[j] is WILD:
            return max(fixed(i + 1, j), fixed(i + 1, j + 1))
        if tokens[j] != quote[i]:
            return -1
        rest = fixed(i + 1, j + 1)
        return -1 if rest < 0 else rest + 1
    return fixed(0, 0) * 3 >= len(quote)


def test_every_quoted_message_is_one_the_tools_print():
    known = templates()
    rows = [line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    assert len(rows) > 10
    for row in rows:
        for quote in row.split("`")[1].split(" / "):  # "a / b": two messages in one row
            variants = (quote, quote.replace("…", "x"))  # "…" is in some messages, and stands for a value
            assert any(starts_a_rendering(q, t) for t in known for q in variants), quote


def test_guide_is_a_page_of_the_site():
    pages = read_content_pages(REPO)
    assert pages["huong-dan"].title == "Hướng dẫn đăng bài"
    assert "guongsang new" in pages["huong-dan"].html
    assert "<pre><code>git clone ĐỊA-CHỈ-KHO guong-sang\ncd guong-sang\nmake venv" in pages["huong-dan"].html  # one per line
