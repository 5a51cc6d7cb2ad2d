"""Column arithmetic for a printer in Chinese mode: ASCII is one column (12 dots), the rest two."""
from __future__ import annotations

import re

# Chinese line-breaking rules (禁则): these never start a line ...
_NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)%·")
# ... and these never end one.
_NO_LINE_END = set("（《「『【〔(")
# A book title 《…》, a short English aside (…) and a run of ASCII letters/digits/punctuation stay
# together when they fit; anything else is one token per character.
_TOKEN = re.compile(r"《[^《》]{1,20}》|\([ -'*-~]{1,22}\)|[!-~]+| +|.", re.S)


def char_width(ch: str) -> int:
    """Columns one character takes: 1 for ASCII (half-width font), 2 for GB18030 (full-width)."""
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """Columns a string takes on the printer."""
    return sum(char_width(ch) for ch in text)


def _split_long(token: str, cols: int) -> list[str]:
    """Cut a token wider than the line into line-sized pieces."""
    pieces, piece = [], ""
    for ch in token:
        if piece and text_width(piece + ch) > cols:
            pieces.append(piece)
            piece = ""
        piece += ch
    return pieces + [piece] if piece else pieces


def wrap(text: str, cols: int) -> list[str]:
    """Break text into lines of at most `cols` columns, keeping words and Chinese punctuation rules."""
    if cols < 2:
        raise ValueError("a line needs at least two columns")
    tokens: list[str] = []
    for token in _TOKEN.findall(text.replace("\n", " ")):
        tokens.extend(_split_long(token, cols) if text_width(token) > cols else [token])
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if text_width("".join(line) + token) <= cols:
            line.append(token)
            continue
        if token.isspace():
            continue  # a break swallows the space
        carried: list[str] = []
        # Pull trailing opening brackets, or the last token before a closing mark, to the new line.
        while line and (line[-1] in _NO_LINE_END or (token[0] in _NO_LINE_START and not carried)):
            carried.insert(0, line.pop())
            if line and line[-1] not in _NO_LINE_END:
                break
        if not line:  # nothing left to break on: keep the original greedy split instead
            line.extend(carried)
            carried = []
        lines.append(carried + [token])
    # No widow: a lone Chinese character on the last line takes one more from the line above.
    if len(lines) > 1 and text_width("".join(lines[-1])) == 2 and len(lines[-2]) > 2:
        if lines[-2][-1] not in _NO_LINE_END and lines[-1][0] not in _NO_LINE_START:
            lines[-1].insert(0, lines[-2].pop())
    return ["".join(line).strip() for line in lines if "".join(line).strip()]
