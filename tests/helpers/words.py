"""Swedish number words read back into numbers, for tests that parse generated text."""

from __future__ import annotations

#: "två" .. "tolv" (sv.number_word writes one to twelve in words)
NUMBER_OF = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
}


def number(word: str) -> int:
    """12 from "tolv" or "12"."""
    return int(word) if word.isdigit() else NUMBER_OF[word.lower()]
