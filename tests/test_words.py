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
    # Only joiners are punctuation alone: the list separator "、", the full stop "。", "{ahead}，{wait}".
    assert plain and all(CJK_PUNCT.search(s) and not re.sub(r"\{\w+\}|\s", "", CJK_PUNCT.sub("", s))
                         for m in _catalog("zh") if m.id in plain for s in _strings(m))


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


# Files whose words all come from the catalogs: no Chinese in a string literal (docstrings and comments
# may explain in Chinese). panel/cli.py is left out on purpose: its argparse --help stays a bilingual literal.
NO_CJK_LITERALS = [
    "panel/app.py", "panel/counter_flow.py", "panel/live.py", "panel/names.py", "panel/outcome.py",
    "panel/reprint.py", "panel/session.py", "panel/screens/ask_popup.py", "panel/screens/counter_screen.py",
    "panel/screens/signin_screen.py", "panel/screens/widgets.py", "panel/screens/ask_popup.kv",
    "panel/screens/counter_screen.kv", "panel/screens/signin_screen.kv", "panel/screens/widgets.kv",
]
# Whole apps whose words all come from the catalogs: every .py and .kv file in them.
CATALOG_AREAS = ("display", "counter_screen", "kiosk")
NO_CJK_LITERALS += sorted(str(p.relative_to(ROOT)) for area in CATALOG_AREAS for p in (ROOT / area).rglob("*")
                          if p.suffix in (".py", ".kv"))


def _cjk_literals(path: Path) -> list[str]:
    """The string literals of a .py file, or the non-comment lines of a .kv file, that hold Chinese."""
    if path.suffix == ".kv":
        return [line.strip() for line in path.read_text().splitlines()
                if not line.lstrip().startswith("#") and re.search(CJK, line)]
    tree = ast.parse(path.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and re.search(CJK, node.value)]


@pytest.mark.parametrize("name", NO_CJK_LITERALS)
def test_no_chinese_string_literal_is_left_in_code_whose_words_come_from_the_catalogs(name):
    assert _cjk_literals(ROOT / name) == []


def test_the_literal_guard_finds_chinese_in_code_and_kv_but_not_in_docstrings(tmp_path):
    code = tmp_path / "x.py"
    code.write_text('"""窗口 docstring."""\nA = "叫号"\nB = f"{A} 号"\n# 注释\ndef f():\n    """说明."""\n')
    kv = tmp_path / "x.kv"
    kv.write_text('# 注释\n<X>:\n    text: "叫号"\n')
    assert _cjk_literals(code) == ["叫号", " 号"] and _cjk_literals(kv) == ['text: "叫号"']


# The lobby manager's side of the staff panel: its words come from the catalogs only.
MANAGER_FILES = ["panel/manager_flow.py", "panel/alerts_flow.py", "panel/leads_flow.py", "panel/figures_flow.py",
                 *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "panel" / "screens").glob("manager_*.*"))]


def test_the_manager_panel_has_no_chinese_literal_left_outside_the_catalogs():
    assert len(MANAGER_FILES) == 16  # the four flows and six screens with their .kv files
    found = [(name, hit) for name in MANAGER_FILES for hit in _cjk_literals(ROOT / name)]
    assert found == [], "move these words into the catalogs"


# -- the queue host: its messages are in the catalogs, not in its code ---------------------------------------------

HOST_ALLOWED = {
    # An example value inside an installer's config error (English only), not a message: a Chinese bank name.
    ("config.py", 'prefill.banks: a purpose is marked prefill but no banks are listed; add banks = ["中国工商银行", ...] '
                  "under [prefill]"),
}


def _host_cjk_literals(source: str) -> list[tuple[int, str]]:
    """The string literals of a module that hold Chinese, docstrings left out (comments are not literals)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and re.search(rf"{CJK}|[\u3000-\u303f]", node.value)]


def test_no_chinese_string_literal_is_left_in_the_queue_hosts_code():
    found = [(path.name, line, text) for path in sorted((ROOT / "queue_host").rglob("*.py"))
             for line, text in _host_cjk_literals(path.read_text(encoding="utf-8"))
             if (path.name, text) not in HOST_ALLOWED]
    assert found == [], "put the message in the catalogs (queue_host/words.py, scripts/catalogs.sh)"


def test_the_host_guard_sees_a_chinese_literal_but_not_a_docstring_or_comment():
    source = '"""模块说明"""\ndef f():\n    """说明"""\n    x = 1  # 注释\n    return f"请到{x}号窗口"\n'
    assert _host_cjk_literals(source) == [(5, "请到"), (5, "号窗口")]


def test_the_hosts_messages_count_in_each_languages_plural_form():
    from queue_host import words as host_words
    said = ("more than {n} visit a minute from this kiosk; try again in {wait} s",
            "more than {n} visits a minute from this kiosk; try again in {wait} s")
    one = host_words.zh_en_n(*said, 1, n=1, wait=5)
    two = host_words.zh_en_n(*said, 2, n=2, wait=5)
    assert one == ("取号过于频繁，请稍候再试", "more than 1 visit a minute from this kiosk; try again in 5 s")
    assert two == ("取号过于频繁，请稍候再试", "more than 2 visits a minute from this kiosk; try again in 5 s")
    assert host_words.LOCALE == words.LOCALE


def test_a_host_field_given_as_a_pair_fills_each_language_with_its_own():
    from queue_host import words as host_words
    assert host_words.zh_en("Please go to {counter}", counter=("1号窗口", "Counter 1")) == ("请到 1号窗口 办理",
                                                                                         "Please go to Counter 1")


def lookups(folder: Path) -> list[tuple[str, str]]:
    """Every literal msgid the .py files under folder look up or mark: (where, msgid)."""
    keywords = _keywords()
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in keywords and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((f"{path.relative_to(folder)}:{node.lineno}", first.value))
    return found


@pytest.mark.parametrize("area", CATALOG_AREAS)
def test_every_word_an_area_looks_up_is_extracted_into_the_catalogs(area):
    # A lookup Babel cannot see (inside an f-string, say) would show its English msgid on a Chinese line.
    extracted = {m if isinstance(m, str) else m[0] for m in _used_msgids()}
    found = lookups(ROOT / area)
    assert len(found) > 20
    assert [(where, msgid) for where, msgid in found if msgid not in extracted] == []
