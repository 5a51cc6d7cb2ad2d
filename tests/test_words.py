"""The word catalogs (assets/locale/<lang>/LC_MESSAGES/fenliu.po): complete, compiled, each language's punctuation.

Every msgid the code and .kv files use (extracted with Babel as scripts/catalogs.sh does) is in both
catalogs with a translation; zh never puts an ASCII comma, colon or question mark beside a Chinese
character; en carries no CJK punctuation; the committed .mo files say what the .po files say.
"""
from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from fenliu import words
from printer import words as printer_words

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "assets" / "locale"
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # CJK symbols and punctuation, full-width forms
ASCII_BESIDE_CJK = re.compile(rf"{CJK}\s*[,:?]|[,:?]\s*{CJK}")
CJK_WORDS = re.compile(rf"{CJK}|{CJK_PUNCT.pattern}")  # a Chinese word or punctuation mark
# Code whose every customer-facing word must come from the catalogs (docstrings and comments may say Chinese).
CATALOG_ONLY = ("kiosk",)


def _key(message) -> str | tuple:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _value(message) -> str | tuple:
    return message.string if isinstance(message.string, str) else tuple(message.string)


def _catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "fenliu.po").open("rb") as f:
        return read_po(f, locale=lang)


def _strings(message) -> list[str]:
    return [s for s in (message.string if isinstance(message.string, tuple) else (message.string,))]


def _keywords() -> dict:
    """The extraction keywords of scripts/catalogs.sh, read from the script itself."""
    line = next(l for l in (ROOT / "scripts" / "catalogs.sh").read_text().splitlines() if "extract" in l and "-k" in l)
    more = (ROOT / "scripts" / "catalogs.sh").read_text().split(line, 1)[1].splitlines()[0]
    args = shlex.split((line + " " + more).replace("\\", " "))
    out = {}
    for i, a in enumerate(args):
        if a == "-k":
            name, _, spec = args[i + 1].partition(":")
            out[name] = tuple(int(x) for x in spec.split(",")) if spec else None
    return out


def _used_msgids() -> set:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), method_map, options_map,
                                                                keywords=_keywords()):
        found.add(msg if isinstance(msg, str) else tuple(msg))
    return found


@pytest.mark.parametrize("lang", words.LANGS)
def test_every_msgid_the_code_uses_is_translated_in_both_catalogs(lang):
    used = _used_msgids()
    assert len(used) > 60 and "Now calling" in used  # the .kv files are read too
    catalog = {_key(m): m for m in _catalog(lang) if m.id}
    missing = sorted(str(u) for u in used if u not in catalog)
    assert missing == [], f"not in the {lang} catalog; run scripts/catalogs.sh and translate"
    untranslated = sorted(str(u) for u in used if not all(_strings(catalog[u])))
    assert untranslated == [], f"no {lang} translation yet"


def test_chinese_strings_use_chinese_punctuation():
    bad = [s for m in _catalog("zh") if m.id for s in _strings(m) if ASCII_BESIDE_CJK.search(s)]
    assert bad == []


def test_english_strings_carry_no_cjk_punctuation_or_characters():
    bad = [s for m in _catalog("en") if m.id for s in _strings(m)
           if CJK_PUNCT.search(s) or re.search(CJK, s)]
    assert bad == []


def test_every_chinese_string_is_chinese():
    plain = [m.id for m in _catalog("zh") if m.id and not any(re.search(CJK, s) for s in _strings(m))]
    # the list separator "、", the full stop "。" and the comma joining two sentences are punctuation only
    assert plain == [", ", ". ", "{ahead}, {wait}"]


@pytest.mark.parametrize("lang", words.LANGS)
def test_the_compiled_catalog_says_what_the_source_says(lang):
    with (LOCALE / lang / "LC_MESSAGES" / "fenliu.mo").open("rb") as f:
        compiled = {_key(m): _value(m) for m in read_mo(f) if m.id}
    source = {_key(m): _value(m) for m in _catalog(lang) if m.id}
    assert compiled == source, "run scripts/catalogs.sh compile and commit the .mo files"


def test_english_counts_one_person_and_two_people():
    assert words.zh_en_n("{n} person ahead of you", "{n} people ahead of you", 1, n=1)[1] == "1 person ahead of you"
    assert words.zh_en_n("{n} person ahead of you", "{n} people ahead of you", 2, n=2)[1] == "2 people ahead of you"
    assert words.zh_en_n("{n} person ahead of you", "{n} people ahead of you", 2, n=2)[0] == "前面还有 2 人"


def test_the_printer_reads_the_same_catalogs_as_the_screens():
    assert printer_words.LOCALE == words.LOCALE
    assert printer_words.zh_en("Where: {location}", location="x") == words.zh_en("Where: {location}", location="x")


def test_a_language_without_a_catalog_is_an_error_not_english():
    with pytest.raises(ValueError, match="no catalog for language 'fr'"):
        words.text("fr", "Back")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def cjk_literals(folder: Path) -> list[str]:
    """Every Chinese string literal in a folder's .py files and .kv rules, docstrings and comments aside."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        found += [f"{path.relative_to(folder.parent)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                  and CJK_WORDS.search(node.value)]
    for path in sorted(folder.rglob("*.kv")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and CJK_WORDS.search(line):
                found.append(f"{path.relative_to(folder.parent)}:{no}: {line.strip()}")
    return found


@pytest.mark.parametrize("folder", CATALOG_ONLY)
def test_no_chinese_word_is_left_in_the_code_outside_the_catalogs(folder):
    assert cjk_literals(ROOT / folder) == [], "mark the words with N_ and translate them in the .po files"


def test_the_guard_finds_a_chinese_literal_in_code_and_kv_but_not_in_docstrings_or_comments(tmp_path):
    app = tmp_path / "app"
    (app / "screens").mkdir(parents=True)
    (app / "flow.py").write_text('"""取号机."""\n# 注释\ndef f():\n    """说明."""\n    return "返回"\n', encoding="utf-8")
    (app / "screens" / "a.kv").write_text('# 注释\n<A>:\n    text: "更多"\n    other: "ok"\n', encoding="utf-8")
    (app / "plain.py").write_text('X = "，"\nY = "ok"\n', encoding="utf-8")
    assert cjk_literals(app) == ["app/flow.py:5: '返回'", "app/plain.py:1: '，'", 'app/screens/a.kv:3: text: "更多"']
