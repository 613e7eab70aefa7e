"""How wide vl-convert measures a text: Liberation Sans' advance widths and kerning.

Vega lays a chart out by the widths of its labels (the left margin is the widest y
label, rounded up to a pixel), and vl-convert measures them with the Liberation Sans
built into it (metric-compatible with Arial), kerning included. A chart
drawn here (write/answerchart.py) is only the same size as Vega's when its widths are
these to a hundredth of a pixel; linechart.text_width's estimate is a few tenths off.

The tables are Liberation Sans Regular and Bold (the copies inside vl-convert 1.9) in
font units of 2048 to the em, for ASCII, Latin-1 and the typographic marks Swedish text
uses: each advance with the characters that have it, each kerning value with the pairs
(two characters each, run together) it applies to. A text with any other character is
not measurable here (``measurable``): its chart stays Vega's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

UNITS_PER_EM = 2048

_ADVANCES: dict[int, str] = {
    391: "'",
    455: "ijl‘’",
    532: "|¦",
    569: " !,./:;I[\\]ft\xa0ÌÍÎÏìíîï",
    682: "()-`r¡¨²³´·¸¹“”",
    684: "{}",
    717: "•",
    727: '"',
    748: "º",
    758: "ª",
    797: "*",
    819: "°",
    961: "^",
    1024: "Jcksvxyzçýÿ",
    1100: "¶",
    1124: "±÷",
    1131: "¯",
    1139: "#$0123456789?L_abdeghnopqu¢£¤¥§«»àáâãäåèéêëðñòóôõöùúûüþ–€",
    1180: "µ",
    1196: "+<=>~¬×−",
    1251: "FTZ¿ßø",
    1366: "&ABEKPSVXYÀÁÂÃÄÅÈÉÊËÝÞ",
    1479: "CDHNRUwÇÐÑÙÚÛÜ",
    1509: "©®",
    1593: "GOQÒÓÔÕÖØ",
    1706: "Mm",
    1708: "¼½¾",
    1821: "%æ",
    1933: "W",
    2048: "Æ—…‰",
    2079: "@",
}

_KERNING: dict[int, str] = {
    -264: "P,P.Y,Y.",
    -227: "F,F.T,T.T:T;TaTcTeToTs",
    -188: "V,V.Y-YeYoYq",
    -152: "11ATAVAYA’LTLVLWLYPATAVAVaYAYaYpv,v.y,y.",
    -133: "Y;",
    -113: " AA FAL’T-TwTyV-VeVoW,W.Y:YuYvr,r.w,w.",
    -76: "AWL LyTiTrTuV:V;VrVuVyWAWaYi’ ",
    -37: " T YAvAwAyP RTRVRWRYT TOViW-W:W;WeWoWrWuY ff‘‘’s’’",
    -18: "Wy",
    37: "f’",
    76: "r’",
}

_BOLD_ADVANCES: dict[int, str] = {
    487: "'",
    569: " ,./I\\ijl\xa0ÌÍÎÏìíîï‘’",
    573: "|¦",
    682: "!()-:;[]`ft¡¨²³´·¸¹",
    717: "•",
    748: "º",
    758: "ª",
    797: "*r{}",
    819: "°",
    971: '"',
    1024: "z“”",
    1124: "±÷",
    1131: "¯",
    1139: "#$0123456789J_aceksvxy¢£¤¥§«¶»àáâãäåçèéêëýÿ–€",
    1180: "µ",
    1196: "+<=>^~¬×−",
    1251: "?FLTZbdghnopqu¿ßðñòóôõöøùúûüþ",
    1366: "EPSVXYÈÉÊËÝÞ",
    1479: "&ABCDHKNRUÀÁÂÃÄÅÇÐÑÙÚÛÜ",
    1509: "©®",
    1593: "GOQwÒÓÔÕÖØ",
    1706: "M",
    1708: "¼½¾",
    1821: "%mæ",
    1933: "W",
    1997: "@",
    2048: "Æ—…‰",
}

_BOLD_KERNING: dict[int, str] = {
    -264: "P,P.",
    -227: "F,F.T,T.T:T;Y,Y.",
    -188: "AYLYV,V.YA",
    -152: "ATAVLTLVPATATaTcTeToTsTuTwTyVAVoY:Y;YoYqv,v.y,y.",
    -113: "11AWA’FALWL’T-TrV-V:V;VaVeVrW,W.WAY-YaYeYpYuYvr,r.’ ",
    -76: " AA AvAyLyRYVuVyWaYiw,w.‘‘’s’’",
    -41: "W-",
    -37: " YAwL P RVRWTOTiViW:W;WeWoWrWuWyY ",
    -18: "Wi",
    37: "f’",
    76: "r’",
}


@dataclass(frozen=True)
class Metrics:
    """One weight of the font: advance per character, kerning per pair (font units)."""

    advance: Mapping[str, int]
    kerning: Mapping[str, int]


def _metrics(advances: Mapping[int, str], kerning: Mapping[int, str]) -> Metrics:
    return Metrics(
        advance={ch: w for w, chars in advances.items() for ch in chars},
        kerning={
            pairs[i : i + 2]: k for k, pairs in kerning.items() for i in range(0, len(pairs), 2)
        },
    )


REGULAR = _metrics(_ADVANCES, _KERNING)
BOLD = _metrics(_BOLD_ADVANCES, _BOLD_KERNING)


def _font(bold: bool) -> Metrics:
    return BOLD if bold else REGULAR


def measurable(text: str, bold: bool = False) -> bool:
    """Whether every character of ``text`` is in the table (else its width is a guess)."""
    advance = _font(bold).advance
    return all(ch in advance for ch in text)


def width(text: str, size: float, bold: bool = False) -> float:
    """The width vl-convert measures for ``text`` at ``size`` px (trimmed, as Vega
    measures it); ``measurable(text, bold)`` must hold."""
    font = _font(bold)
    text = text.strip()
    units = sum(font.advance[ch] for ch in text)
    units += sum(font.kerning.get(text[i : i + 2], 0) for i in range(len(text) - 1))
    return units * size / UNITS_PER_EM
