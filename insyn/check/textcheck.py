"""A pure style checker for generated Swedish running text (SPRAK.md).

Every press text of the site passes through :func:`check_text` and
:func:`check_headline` twice: in the test suite, where a violation fails the
tests (over every text of the real and the sample build), and in every build
(assemble.kommun_work), where a violation becomes a warning in the run report
naming the text and the rule, and the site is still published. Why not stop the
build: a rule that new data trips needs a change of code, which the operator
cannot make tonight, and 290 kommuner's pages would go stale for one sentence;
the communicator who copies the text is told by the report instead. So the
rules are precise first (good Swedish must never be flagged) and complete
second: where a rule cannot tell right from wrong from the text alone, it is
narrowed to the cases that are certainly wrong.

The input is plain running text: a headline line, a lead, body paragraphs and a
method note, paragraphs separated by blank lines, no HTML. Tables and charts are
not checked here (the percent sign, for one, is right there).

Speed: thousands of texts are checked per build. Each pattern is compiled once
and starts with a literal or a small character set, so the regex engine can
skip ahead; rare problems are first looked for with ``in`` and only then placed
with a regex; sentence boundaries are computed only when a rule needs them.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from insyn.write.sv import MINUS, NBSP
from insyn.write.sv import words as sv_words


@dataclass(frozen=True)
class Violation:
    rule: str  # short id, e.g. "percent-sign"
    excerpt: str  # about 40 characters around the problem
    message: str  # what is wrong and what is right


EXCERPT_RADIUS = 20
THIN = "\u2009\u202f"  # thin space, narrow no-break space
SP = f"[ {NBSP}]"  # one space inside a line
WS = f"[ {NBSP}]+"
_SPACES = f" {NBSP}{THIN}"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DASHES = f"-–—{MINUS}"

# --- masking: stretches that look like numbers but are not quantities ----------
# URLs and e-mail addresses, phone numbers ("0530-181 00"), clock times
# ("kl. 14.30"), ISO dates (reported by their own rule). The masked copy keeps
# every offset, so excerpts are cut from the original text.
_URL = re.compile(r"https?://\S+|www\.\S+")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_HYPHEN_DIGIT = re.compile(r"-[0-9]")
_ISO_OR_PHONE = re.compile(
    rf"(?P<iso>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?![\w-]))"
    rf"|(?P<phone>0[0-9]{{1,3}}-[0-9](?:[0-9]|{SP}(?=[0-9]))*)"
)
_TIME = re.compile(rf"(?:kl\.|klockan){SP}(?P<time>[0-9]{{1,2}}[.:][0-9]{{2}})(?![0-9])")

# --- numbers ------------------------------------------------------------------
_DOT_DIGIT = re.compile(r"\.[0-9]")
# Candidates for the thousands rule: four or more digits in a row, or a head of
# one to three digits followed by a group of three after a space of any kind.
# Years 1900–2099 are left out here already. (One leading class and the branches
# after it: the engine skips ahead fast.)
_BIG_NUMBER = re.compile(
    r"[0-9](?:[0-9]{4,}"
    r"|(?:(?<=1)(?!9)|(?<=2)(?!0)|(?<=[03-9]))[0-9]{3}(?![0-9])"
    rf"|[0-9]{{0,2}}[{_SPACES}][0-9]{{3}}(?![0-9]))"
)
_MORE_GROUPS = re.compile(rf"(?:[{_SPACES}][0-9]{{3}}(?![0-9]))*")
_YEAR_BEFORE = re.compile(
    r"(?<!\w)(?:år|året|åren|sedan|hösten|våren|sommaren|vintern|januari|februari|mars|april"
    rf"|maj|juni|juli|augusti|september|oktober|november|december){WS}$",
    re.IGNORECASE,
)
_CODE_BEFORE = re.compile(rf"(?:kod|nr|nummer|id|SFS)\.?{WS}$", re.IGNORECASE)
# A dash before a figure: a range (figure, dash, figure) or a negative number.
_DASH_DIGIT = re.compile(rf"[{_DASHES}](?=[{_SPACES}]*[0-9])")
_NUMBER_BEFORE = re.compile(rf"(?<![\w,.{NBSP}])[0-9]+(?:{NBSP}[0-9]{{3}})*(?:,[0-9]+)?$")
_DIGITS_AT = re.compile(r"[0-9]+")
_MONTHS = _words(
    "januari februari mars april maj juni juli augusti september oktober november december"
)
_MONTH_CAPITAL = re.compile(
    r"[JFMASOND](?:anuari|ebruari|ars|pril|aj|uni|uli|ugusti|eptember|ktober|ovember|ecember)"
    r"(?!\w)"
)

# --- sentences ----------------------------------------------------------------
# A sentence ends at . ! ? (with any closing quote or parenthesis) before a
# space; a line break always ends one, so a headline line is a sentence.
_BOUNDARY = re.compile(rf"(?P<end>[.!?][”\"»’)\]]*)[ \t{NBSP}]+(?=\S)|[ \t{NBSP}]*\n\s*")
_AFTER_END = re.compile(rf"[.!?\n][”\"»’)\]]*[ \t{NBSP}]*[”\"»]?[-–{MINUS}]?[0-9]")
_STARTS_WITH_DIGIT = re.compile(rf"[”\"»]?[-–{MINUS}]?[0-9]")
_LAST_WORD = re.compile(r"[\w.]+$")
_ABBREVIATIONS = _words(
    "ang avd bet ca dir dnr dvs ex exkl fig forts inkl jfr kap kl kr milj mnkr mdr nr osv "
    "pga prop resp s sid st tab tel tkr uppl vol jan feb apr aug sep sept okt nov dec"
)
_ALNUM = re.compile(r"[^\W_]")
_EMPTY_SENTENCE = re.compile(rf"[.!?][”\"»’)\]]*[ \t{NBSP}]+[^\w\s]*[.!?](?=\s|$)")

# --- fragments ----------------------------------------------------------------
_PLACEHOLDERS = ("None", "nan", "NaN", "NaT", "null", "undefined", "<NA>")
# (No named groups: they keep the engine from skipping ahead; told apart by the first character.)
_SYNTAX = re.compile(rf"\{{\{{|\}}\}}|\{{%|%\}}|\[\[|\]\]|\({SP}*\)|,,|\.{SP}?\.")
_SPACE_BEFORE = re.compile(rf"[ {NBSP}](?=[ {NBSP},.:;!?])")
_RUN_OF_SPACES = re.compile(rf"[ {NBSP}]+")
#: a pronoun against a time word: "mot 15 procent under den året innan" reads "under den
#: tiden" first (an editor's finding)
_PRONOUN_YEAR = re.compile(rf"(?<!\w)(?:över|under){WS}(?:den|det|de){WS}år(?:et)?(?!\w)")
#: an answer with its question's "om" and no "på frågan": "Tranemo svarar nu ja om
#: kommunen har …" reads as "ja if" (an editor, review r44)
_ANSWER_IF = re.compile(rf"(?<!\w)svarar(?:{WS}nu)?{WS}(?:ja|nej){WS}om(?!\w)", re.IGNORECASE)
#: "varken" after a negation in the same sentence: "ingen daglig verksamhet har en rutin
#: …, varken 2019 eller 2022" is a double negative; "vare sig" (an editor's finding)
_DOUBLE_NEGATION = re.compile(
    rf"(?<!\w)(?:[Ii]ngen|[Ii]nget|[Ii]nga|inte)(?!\w)[^.!?\n]*?{WS}varken(?!\w)"
)
#: phrases a text says once: the second "sedan mätningarna började 2012" or "liksom i
#: riket" in one text read as a form (Nyköping's särskilt boende said the first three
#: times: an editor, review r33)
_ONCE = re.compile(rf"sedan{WS}mätningarna{WS}började{WS}\d{{4}}|liksom{WS}i{WS}riket")
#: "har inte legat så högt något år under 1998–2022": the span holds the year itself, so
#: the sentence is false as written; "något annat år" (an editor's finding)
_ANY_YEAR_IN_SPAN = re.compile(
    rf"(?<!\w)(?:[Nn]ågot|[Ii]nget){WS}år{WS}under{WS}\d{{4}}[–-]\d{{4}}"
)
_DOUBLED_WORD = re.compile(rf"(?<!\w)(?P<word>[^\W\d_]{{2,}}){WS}(?P=word)(?!\w)", re.IGNORECASE)
# "Det det handlar om", "Var var det?" are good Swedish.
_DOUBLE_OK = frozenset({"det", "den", "var"})

# --- number words -------------------------------------------------------------
_SMALL_BEFORE = re.compile(rf"(?<![\w,.{NBSP}{MINUS}-])(?:1[0-2]|[1-9]){WS}$")
_SMALL_WORDS = "en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv"
_AV_SMALL = re.compile(
    rf"[Aa]v{WS}(?:de{WS})?(?P<b>[0-9]+|{_SMALL_WORDS}){WS}"
    rf"(?:kommuner(?:na)?|nyckeltal(?:en)?|faktorer(?:na)?|indikatorer(?:na)?)(?!\w)"
)
_IN_A_ROW = re.compile(rf"år{WS}i{WS}rad(?!\w)")
_RANK_BEFORE = re.compile(rf"(?:plats|placering|rank|ranking){WS}$", re.IGNORECASE)
_DIGIT_RUNS = re.compile(r"(?<![\w,])[0-9]+")

# --- percentage points --------------------------------------------------------
_NUM = rf"[0-9]+(?:{NBSP}[0-9]{{3}})*(?:,[0-9]+)?"
_PROCENT = re.compile(r"procent(?!enhet)(?!\w)")
_QUALIFIERS = _words(
    "drygt knappt omkring cirka ca ungefär nästan närmare hela bara endast över under"
)
_NUM_BEFORE_PROCENT = re.compile(rf"(?<![\w,]){_NUM}{WS}$")
# A number is a change when a change verb or noun governs it through a link
# word, with at most three plain words between: "ökade med 3", "ökningen mot
# riket är 3", "skillnaden uppgår till 3". "ökade från 78 till 84" is a level.
_CHANGE_VERBS = _words(
    "ökade ökat ökar minskade minskat minskar steg stigit stiger sjönk sjunkit sjunker "
    "höjdes höjts höjs sänktes sänkts sänks föll fallit växte vuxit"
)
_CHANGE_NOUNS = frozenset(
    noun + ending
    for noun in _words("ökning minskning förändring skillnad höjning sänkning uppgång nedgång")
    for ending in ("", "en")
)
_VERB_LINKS = frozenset({"med", "på"})
_NOUN_LINKS = frozenset({"med", "på", "om", "är", "var", "blev", "uppgår till", "uppgick till"})
_LINK_WORDS = frozenset(link.split()[-1] for link in _NOUN_LINKS)
_STOP_WORDS = _words("och men som där då när till från eller medan")
_COMPARISON_AFTER = re.compile(rf"{WS}(?:högre|lägre|större|mindre)(?!\w)")
_RELATIVE = re.compile(r"relativ|i procent av", re.IGNORECASE)
_OF = re.compile(rf"{WS}av(?!\w)")

# A cost is in kronor: "12 procent lägre än referenskostnaden" (or, in a headline,
# "kostar 12 procent mindre än väntat") is a relative difference, rightly in
# procent, even in a text about percentages.
_THAN_A_COST = re.compile(rf"{WS}än{WS}(?:[^\W\d_]*kostnad(?:en)?|väntat)(?!\w)")

# --- displayed precision and small bases ----------------------------------------
# A figure that is zero as printed: "0", "0,0" (not "0,05").
_ZERO = re.compile(r"(?<![\w,.\u2212-])0(?:,0+)?(?![\w,.])")
_PP_AFTER = re.compile(rf"{WS}procentenhet(?:er)?(?!\w)")
_RANK = re.compile(
    rf"(?<!\w)plats{WS}(?P<rank>[0-9]+){WS}av{WS}(?:de{WS})?(?P<n>[0-9]+(?:{NBSP}[0-9]{{3}})*)(?![0-9])"
)
_IN_LAN_AFTER = re.compile(r"[^.!?\n]{0,30}?(?<!\w)län(?:et)?(?!\w)")

# --- names --------------------------------------------------------------------
#: Kommuner that are a län of their own, and that län's name (no self-comparison).
_OWN_LAN = {"Region Gotland": "Gotlands län"}
#: "per 10 000 invånare" not followed by an age ("invånare 0–20 år") and not "vuxna"
_PER_10000_INV = re.compile(rf"per{WS}10{SP}000{WS}invånare(?!\w)")
_PER_1000_INV = re.compile(
    rf"per{WS}1{SP}000{WS}invånare(?!{WS}0[–-]20)(?!{WS}i{WS}samma{WS}ålder)(?!\w)"
)
_DENOMINATOR_RULES = (
    (_PER_10000_INV, re.compile(r"våld i nära relation"), "per 10 000 vuxna invånare"),
    (_PER_1000_INV, re.compile(r"placerade"), "per 1 000 invånare 0–20 år"),
)
_CAPITAL_WORD_BEFORE = re.compile(r"(?<!\w)[A-ZÅÄÖ][^\W\d_]*$")


def _excerpt(text: str, start: int, end: int) -> str:
    piece = text[max(0, start - EXCERPT_RADIUS) : end + EXCERPT_RADIUS]
    return piece.replace("\n", "¶")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(text[last:start])
        parts.append("x" * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _mask(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with non-quantities blanked out, and the spans of ISO dates."""
    spans: list[tuple[int, int]] = []
    isos: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        spans += [m.span() for m in _URL.finditer(text)]
    at = text.find("@")
    while at != -1:  # e-mail addresses, grown out from each "@"
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain and start < at:
            spans.append((start, domain.end()))
        at = text.find("@", at + 1)
    if _HYPHEN_DIGIT.search(text):
        for m in _ISO_OR_PHONE.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "+-_"):
                continue
            spans.append(m.span())
            if m.group("iso"):
                isos.append(m.span())
    if "kl" in text:
        spans += [m.span("time") for m in _TIME.finditer(text)]
    return _blank(text, spans), isos


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (a line is at least one sentence), whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group("end") is not None:
            if _is_abbreviation(text, m.start()):
                continue
            end = m.start() + len(m.group("end"))
        else:
            end = m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a text, as the rules read them."""
    return [text[s:e] for s, e in _sentences(text) if e > s]


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the '.' at `period` ends an abbreviation ("t.ex.", "kap.") rather than a sentence."""
    if text[period] != ".":
        return False
    word = _LAST_WORD.search(text, max(0, period - 12), period + 1)
    if not word:
        return False
    token = word.group().rstrip(".").lower()
    return "." in token or token in _ABBREVIATIONS


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2099


@lru_cache(maxsize=1024)
def _name_patterns(official_name: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(a pattern for the official name, a pattern for its wrong variants)."""
    words = official_name.split()
    # the name may take a genitive s: "Malmö stads"
    present = re.compile(SP.join(re.escape(w) for w in words) + r"s?(?!\w)")
    variants: list[str] = []
    if official_name.lower() == "region gotland":
        variants += [rf"Gotlands?{SP}[Kk]ommun", rf"region{SP}Gotland", rf"Region{SP}gotland"]
    elif len(words) >= 2 and words[-1] in ("kommun", "stad", "län"):
        stem = " ".join(words[:-1])
        generic = words[-1]
        variants.append(re.escape(stem) + SP + generic.capitalize())
        if generic == "stad":
            stems = {stem, stem + "s"} | ({stem[:-1]} if stem.endswith("s") else set())
            variants += [re.escape(s) + rf"{SP}[Kk]ommun" for s in sorted(stems)]
        elif generic == "kommun":
            wrong = stem[:-1] if stem.endswith("s") else stem + "s"
            variants.append(re.escape(wrong) + rf"{SP}[Kk]ommun")
    variant = re.compile("(?:" + "|".join(variants) + r")(?!\w)") if variants else None
    return present, variant


class _Checker:
    """One text: its masked copy, the violations found, sentences on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked, self.isos = _mask(text)
        self.found: list[tuple[int, int, Violation]] = []
        self._sentences: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    def add(self, rule: str, start: int, end: int, message: str) -> None:
        excerpt = _excerpt(self.text, start, end)
        self.found.append((start, len(self.found), Violation(rule, excerpt, message)))

    def sentence(self, pos: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = _sentences(self.text)
            self._starts = [s for s, _ in self._sentences]
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._sentences[max(i, 0)]

    def result(self) -> list[Violation]:
        self.found.sort(key=lambda item: (item[0], item[1]))
        seen: set[tuple[str, int]] = set()
        out = []
        for start, _, v in self.found:
            if (v.rule, start) not in seen:  # one report per rule and place
                seen.add((v.rule, start))
                out.append(v)
        return out


def _check_fragments(c: _Checker) -> None:
    text = c.text
    for token in _PLACEHOLDERS:  # str.find: "nan" hides in "innan", a regex scan is slow
        at = text.find(token)
        while at != -1:
            end = at + len(token)
            if token == "<NA>" or (
                (not at or not _is_word_char(text[at - 1]))
                and (end == len(text) or not _is_word_char(text[end]))
            ):
                c.add("fragment", at, end, f"leftover placeholder {token!r}")
            at = text.find(token, end)
    for m in _SYNTAX.finditer(text):
        first = m.group()[0]
        if first in "{}[]%":
            c.add("fragment", *m.span(), f"leftover template syntax {m.group()!r}")
        elif first == "(":
            c.add("fragment", *m.span(), "empty parentheses")
        else:
            c.add("fragment", *m.span(), f"doubled punctuation {m.group()!r}")
    pos = 0
    for m in _SPACE_BEFORE.finditer(text):
        if m.start() < pos:
            continue
        run = _RUN_OF_SPACES.match(text, m.start())
        pos = run.end() if run else m.end()
        if pos - m.start() > 1:
            c.add("fragment", m.start(), pos, "doubled space")
        if pos < len(text) and text[pos] in ",.:;!?":
            c.add("fragment", m.start(), pos + 1, f"space before {text[pos]!r}")
    _check_doubled_words(c)
    for m in _PRONOUN_YEAR.finditer(c.text):
        c.add("garden-path", *m.span(), "a pronoun against a year: say the level again")
    for m in _ANSWER_IF.finditer(c.text):
        c.add("garden-path", *m.span(), "an answer before 'om': say 'på frågan om'")
    for m in _ANY_YEAR_IN_SPAN.finditer(c.text):
        c.add("record-span", *m.span(), "the span holds this year too: 'något annat år'")
    for m in _DOUBLE_NEGATION.finditer(c.text):
        c.add("double-negation", *m.span(), "'varken' after a negation: say 'vare sig'")
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not _ALNUM.search(line):
            c.add("fragment", offset, offset + len(line), "line of punctuation only")
        offset += len(line) + 1
    for m in _EMPTY_SENTENCE.finditer(text):
        if not m.group().startswith(".") or not _is_abbreviation(text, m.start()):
            c.add("fragment", *m.span(), "empty sentence")


def _check_repeated_phrases(c: _Checker) -> None:
    """A phrase of _ONCE said a second time in one text."""
    seen: set[str] = set()
    for m in _ONCE.finditer(c.text):
        phrase = re.sub(r"\s+|\d", " ", m.group()).strip()
        if phrase in seen:
            c.add("repeated-phrase", *m.span(), "said before in this text: vary it or leave it")
        seen.add(phrase)


def _check_doubled_words(c: _Checker) -> None:
    """The same word twice in a row: "frågan om om det finns", "att att" (a template
    joined a phrase to a word it already starts with). "det det", "var var" are fine."""
    text = c.text
    words = text.lower().split()
    if any(map(operator.eq, words, words[1:])):
        for m in _DOUBLED_WORD.finditer(text):
            if m.group("word").lower() not in _DOUBLE_OK:
                c.add("doubled-word", *m.span(), f"doubled word {m.group('word')!r}")


def _check_self_comparison(c: _Checker, official_name: str | None) -> None:
    """A kommun that is its own län compared with that län (SPRAK.md: Gotland is its
    own län). Only Gotland is; the rule knows it by name."""
    lan = _OWN_LAN.get(official_name or "")
    if lan is None or lan not in c.text:
        return
    at = c.text.find(lan)
    while at != -1:
        c.add("self-comparison", at, at + len(lan), f"{official_name} is {lan}: no comparison")
        at = c.text.find(lan, at + len(lan))


def _check_denominators(c: _Checker) -> None:
    """A rate stated per "invånare" where the indicator counts per a narrower group.

    The text alone cannot tell an indicator's denominator, so the rule is narrowed
    to what is certainly wrong, one sentence at a time: a sentence about violence in
    close relationships (every such rate counts adults) with a rate per 10 000
    "invånare" and not "vuxna invånare"; a sentence about placed children with a
    rate per 1 000 "invånare" and not "invånare 0–20 år". A rate in a sentence that
    does not name its indicator ("högre än i riket (5,2 per …)") is left to the
    tests, which check every rate against config ``denominator``."""
    text = c.text
    if "per" not in text:
        return
    for pattern, topic, right in _DENOMINATOR_RULES:
        for m in pattern.finditer(text):
            s, e = c.sentence(m.start())
            if topic.search(text, s, e):
                message = f"a rate with the wrong denominator; write {right!r}"
                c.add("denominator", *m.span(), message)


def _check_sentence_starts(c: _Checker) -> None:
    text = c.masked
    message = "sentence starts with a figure; rephrase ('År 2022 …', 'Av landets 290 …')"
    first = len(text) - len(text.lstrip())
    if _STARTS_WITH_DIGIT.match(text, first):
        c.add("sentence-starts-with-digit", first, first + 8, message)
    for m in _AFTER_END.finditer(text):
        if m.group()[0] != "\n":
            gap = m.group()
            rest = gap[1:].lstrip('”"»’)]')
            if not rest or rest[0] not in f" \t{NBSP}":
                continue  # "2.4" or "t.ex.3": no space, not a sentence boundary
            if _is_abbreviation(text, m.start()):
                continue
        c.add("sentence-starts-with-digit", m.start() + 1, m.end() + 6, message)


def _check_numbers(c: _Checker) -> None:
    masked = c.masked
    if "%" in masked:
        for i, ch in enumerate(masked):
            if ch == "%":
                c.add("percent-sign", i, i + 1, "'%' in running text; write 'procent'")
    for m in _DOT_DIGIT.finditer(masked):
        if m.start() and masked[m.start() - 1].isdigit():
            c.add(
                "decimal-point",
                m.start() - 1,
                m.end(),
                "decimal point; Swedish uses a decimal comma ('2,4')",
            )
    for s, e in c.isos:
        c.add("date-format", s, e, "ISO date in running text; write '1 september 2022'")
    for m in _MONTH_CAPITAL.finditer(masked):
        s = m.start()
        if m.group().lower() not in _MONTHS:
            continue
        if s >= 2 and masked[s - 1] in (" ", NBSP) and masked[s - 2].isdigit():
            c.add("date-format", s, m.end(), "month names are lower case ('1 september')")
    _check_thousands(c)
    _check_dashes(c)


def _check_thousands(c: _Checker) -> None:
    masked = c.masked
    for m in _BIG_NUMBER.finditer(masked):
        start, end = m.span()
        before = masked[start - 1] if start else " "
        if before.isalnum() or before == "_":
            continue  # part of a word or an id: "U28532"
        if start >= 2 and before in ",." and masked[start - 2].isdigit():
            continue  # the decimals of another number
        token = m.group()
        if not token.isdigit():  # grouped
            more = _MORE_GROUPS.match(masked, end)
            end = more.end() if more else end
            token = masked[start:end]
        if end < len(masked) and (masked[end].isalnum() or masked[end] == "_"):
            continue
        if not token.isdigit():
            digits = "".join(ch for ch in token if ch.isdigit())
            year = _is_year(digits)
            if any(ch in token for ch in " " + THIN):
                message = "digits grouped with an ordinary or thin space; use a no-break space"
                c.add("thousands", start, end, message + (" (and never group a year)" * year))
            elif year and _YEAR_BEFORE.search(masked, max(0, start - 12), start):
                c.add("thousands", start, end, "a year is never grouped ('2022')")
            continue
        if token.startswith("0"):
            continue  # a code, not a quantity
        if len(token) == 4:
            if _is_year(token) or masked.startswith("-tal", end):
                continue
            if _CODE_BEFORE.search(masked, max(0, start - 12), start):
                continue  # "kommunkod 1461"
        c.add("thousands", start, end, "group thousands in threes with a no-break space ('12 345')")


def _check_dashes(c: _Checker) -> None:
    masked = c.masked
    for m in _DASH_DIGIT.finditer(masked):
        dash_at = m.start()
        dash = m.group()
        left = dash_at
        while left > 0 and masked[left - 1] in _SPACES:
            left -= 1
        right = dash_at + 1
        while masked[right] in _SPACES:
            right += 1
        if left > 0 and masked[left - 1].isdigit():
            a = _NUMBER_BEFORE.search(masked, max(0, left - 24), left)
            b = _DIGITS_AT.match(masked, right)
            if a is None or b is None:
                continue
            a_text, b_text = a.group(), b.group()
            spaced = left != dash_at or right != dash_at + 1
            if dash == "-":
                message = "hyphen in a range; use an en dash without spaces ('2019–2022')"
            elif dash == MINUS and not spaced:
                message = "minus sign in a range; use an en dash ('500–600')"
            elif dash == "—" and not spaced:
                message = "em dash in a range; use an en dash ('500–600')"
            elif spaced and _is_year(a_text) and _is_year(b_text) and b_text > a_text:
                message = "spaces around the dash in a range of years; write '2019–2022'"
            elif dash == "–" and not spaced and _is_year(a_text) and len(b_text) == 2:
                message = "abbreviated range; write full figures ('2019–2022')"
            else:
                continue
            c.add("range", left, right, message)
        elif dash in "-–" and right == dash_at + 1:
            before = masked[dash_at - 1] if dash_at else "\n"
            if before.isspace() or before in '(["”»/':
                message = "negative number; use the minus sign U+2212 ('−3')"
                c.add("minus", dash_at, right + 1, message)


def _beside_other_figures(c: _Checker, start: int, end: int) -> bool:
    s, e = c.sentence(start)
    for d in _DIGIT_RUNS.finditer(c.masked, s, e):
        if not start <= d.start() < end and not _is_year(d.group()):
            return True
    return False


def _check_number_words(c: _Checker) -> None:
    masked = c.masked
    candidates: list[tuple[int, int]] = []
    for pattern in (_AV_SMALL, _IN_A_ROW):
        for m in pattern.finditer(masked):
            if pattern is _AV_SMALL:
                b = m.group("b")
                if b.isdigit() and not 1 <= int(b) <= 12:
                    continue
            small = _SMALL_BEFORE.search(masked, max(0, m.start() - 8), m.start())
            if small is None:
                continue
            if _RANK_BEFORE.search(masked, max(0, small.start() - 16), small.start()):
                continue  # a rank: "plats 3 av 10 kommuner"
            candidates.append((small.start(), m.end()))
    for start, end in candidates:
        if not _beside_other_figures(c, start, end):
            c.add("number-words", start, end, "write one to twelve in words ('nio av tio')")


def _change_before(masked: str, end: int) -> int | None:
    """Start of a change verb or noun governing the number at `end`, if any."""
    near = masked[max(0, end - 24) : end].lower().split()
    if near and near[-1] in _QUALIFIERS:
        near.pop()
    if not near or near[-1] not in _LINK_WORDS:
        return None  # most numbers: "till 84 procent", "andelen 84 procent"
    region_start = max(0, end - 90)
    region = masked[region_start:end].lower()
    words = region.split()
    if words and words[-1] in _QUALIFIERS:
        words.pop()
    if not words:
        return None
    link = words.pop()
    if link == "till":  # "uppgår till 5 procent", not "ökade till 84 procent"
        if not words or words[-1] not in ("uppgår", "uppgick"):
            return None
        link = words.pop() + " till"
    if link not in _NOUN_LINKS:
        return None
    for word in reversed(words[-4:]):
        if (word in _CHANGE_VERBS and link in _VERB_LINKS) or word in _CHANGE_NOUNS:
            return region_start + region.rfind(word)
        if not word.isalpha() or word in _STOP_WORDS:
            return None
    return None


def _check_percentage_points(c: _Checker) -> None:
    masked = c.masked
    for m in _PROCENT.finditer(masked):
        num = _NUM_BEFORE_PROCENT.search(masked, max(0, m.start() - 24), m.start())
        if num is None or _OF.match(masked, m.end()):
            continue  # "procent av …" is a share of something, not a change
        comparison = _COMPARISON_AFTER.match(masked, m.end())
        if comparison and _THAN_A_COST.match(masked, comparison.end()):
            continue
        if comparison:
            hit = (num.start(), comparison.end())
        else:
            change = _change_before(masked, num.start())
            if change is None:
                continue
            hit = (change, m.end())
        s, e = c.sentence(hit[0])
        if _RELATIVE.search(c.text, s, e):
            continue
        c.add(
            "procentenheter",
            *hit,
            "a change in a percentage is in 'procentenheter' (say 'relativ' for a relative change)",
        )


def _check_zero_changes(c: _Checker) -> None:
    """A change or difference printed as zero: "ökade med 0 procentenheter", "0,0".

    A change is stated only when it shows in the printed figures (SPRAK.md); a
    zero is "oförändrad" or "samma som", or not said at all.
    """
    masked = c.masked
    if "0" not in masked:
        return
    for m in _ZERO.finditer(masked):
        pp = _PP_AFTER.match(masked, m.end())
        change = _change_before(masked, m.start())
        if pp is None and change is None:
            continue
        start = m.start() if change is None else change
        end = pp.end() if pp else m.end()
        c.add(
            "zero-change",
            start,
            end,
            "a change or difference of zero as printed; say 'oförändrad' or 'samma som', "
            "or leave it out",
        )


def _check_rank_base(c: _Checker, min_rank_base: int) -> None:
    """A national rank among fewer kommuner than ``min_rank_base`` is no news (SPRAK.md:
    small bases). A rank within a län ("plats 3 av 10 kommuner i länet") is left alone."""
    masked = c.masked
    if "plats" not in masked:
        return
    for m in _RANK.finditer(masked):
        n = int(m.group("n").replace(NBSP, ""))
        if n >= min_rank_base or _IN_LAN_AFTER.match(masked, m.end()):
            continue
        c.add(
            "rank-base",
            *m.span(),
            f"a rank among {n} kommuner, fewer than {min_rank_base}; say how many have a value",
        )


def _check_names(c: _Checker, official_name: str | None) -> None:
    text = c.text
    name_spans: set[int] = set()
    if official_name:
        present, variant = _name_patterns(official_name)
        wrong = [m for m in variant.finditer(text)] if variant else []
        wrong = [m for m in wrong if not m.start() or not text[m.start() - 1].isalnum()]
        for m in wrong:
            name_spans.update(range(*m.span()))
            message = f"wrong form of the official name; write {official_name!r}"
            c.add("official-name", *m.span(), message)
        if not wrong and not any(
            not m.start() or not text[m.start() - 1].isalnum() for m in present.finditer(text)
        ):
            c.add("official-name", 0, 0, f"the official name {official_name!r} never appears")
    for generic in ("Kommun", "Stad", "Län"):
        at = text.find(generic)
        while at != -1:
            end = at + len(generic)
            if (
                at >= 2
                and text[at - 1] in (" ", NBSP)
                and (end == len(text) or not _is_word_char(text[end]))
                and at not in name_spans
            ):
                name = _CAPITAL_WORD_BEFORE.search(text, max(0, at - 40), at - 1)
                if name:
                    message = f"{generic!r} is lower case inside a name ('Melleruds kommun')"
                    c.add("lowercase-names", name.start(), end, message)
            at = text.find(generic, end)


# --- issue 13: headlines, records, ties, gender words, ja/nej scores ----------------
#: Finite verbs a headline of ours may carry. A lexicon, not a parser: the rule can
#: tell "Ökning i Kiruna för andelen …" (no verb) from "Andelen … ökar i Kiruna",
#: but a headline with a verb it does not know is flagged (add the verb here).
HEADLINE_VERBS = _words(
    "är var har hade ökar minskar ökade minskade ligger låg hamnar närmar hör når vänder "
    "svarar svarade saknar saknas finns fanns skiljer ändrar stiger sjunker blir blev "
    "får fick tycker gör kostar uppger uppgav tar"
)
HEADLINE_WORDS = (6, 12)
_SUBORDINATORS = _words("som att där när om vilka vilket")
_RECORD_WORD = re.compile(r"(?<!\w)rekord\w*", re.IGNORECASE)
_NEVER_SINCE = re.compile(rf"(?<!\w)[Aa]ldrig{WS}sedan{WS}[0-9]{{4}}(?!\w)")
_TURN_WITHOUT_DIRECTION = re.compile(r"(?<!\w)[Vv]änd(?:er)?\s+trend(?!\w)")
_SHARED_PLACE = re.compile(rf"(?<!\w)delad{WS}plats{WS}[0-9]+")
#: the next sentence says who shares the place (sv.shared_sentence)
_SHARED_WITH = re.compile(
    rf"[.!?]?\s*(?:(?:En{WS}annan{WS}kommun|\w+{WS}andra{WS}kommuner){WS}har{WS}samma"
    rf"|Samma{WS}\w+{WS}har{WS}[0-9]+)(?!\w)"
)


def tie_sentence(sentence: str) -> bool:
    """Whether a sentence says who shares a place ("Två andra kommuner har samma
    värde."), the sentence the tie rule wants right after the place."""
    return _SHARED_WITH.match(sentence) is not None


_OTHERS_IN_DIGITS = re.compile(rf"(?<![\w,.])(?:[2-9]|1[0-2]){WS}andra{WS}kommuner(?!\w)")
_ADULT_GENDER = re.compile(r"(?<!\w)(?<!unga )kvinnor(?:na)? och (?!unga )män(?:nen)?(?!\w)")
_CHILD_TOPIC = re.compile(r"(?<!\w)(?:barn(?!-)|ungdomar|flickor|pojkar|0–20 år|13–20 år)(?![\w-])")
_SCORE_PERCENT = re.compile(
    rf"(?<!\w)(?:positiv\w*{WS}(?:svar{WS})?på|svarar\w*{WS}\w+{WS}på){WS}(?:0|100){WS}procent"
)


# a share in running text: "11 procent", "9,7 procent" (not procentenheter)
_PERCENT_FIGURE = re.compile(rf"(?<![\w,{NBSP}])([0-9][0-9{NBSP}]*(?:,[0-9]+)?){WS}procent(?!\w)")
_MIDDLE = re.compile(r"(?<!\w)i mittenfältet(?!\w)|(?<!\w)i mitten jämfört med")
_EXTREME_HEADLINE = re.compile(
    r"(?<!\w)(?:hör till landets (?:högsta|lägsta)|bland de (?:högsta|lägsta) i landet"
    r"|än i nästan alla kommuner)(?!\w)"
)


def _check_precision(c: _Checker) -> None:
    """One precision per sentence (SPRAK.md): "11 procent mot 9,7 procent" mixes
    whole percent with tenths; write "11,2 procent mot 9,7 procent". An exact "0
    procent" is no precision and is left out."""
    for start, end in _sentences(c.text):
        # a list of clauses joined by ";" (a correction line) is a sentence per clause
        for s, e in _clauses(c.text, start, end):
            figures = [m for m in _PERCENT_FIGURE.finditer(c.text, s, e) if m.group(1) != "0"]
            if len({"," in m.group(1) for m in figures}) == 2:
                message = "one precision per sentence"
                c.add("precision", figures[0].start(), figures[-1].end(), message)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` between semicolons."""
    cuts = [start] + [i + 1 for i in range(start, end) if text[i] == ";"] + [end + 1]
    return [(a, b - 1) for a, b in zip(cuts, cuts[1:], strict=False)]


def _check_band_contradiction(c: _Checker) -> None:
    """A headline "hör till landets högsta" beside a body that places the kommun "i
    mittenfältet" contradicts itself (found by an editor on real data)."""
    head_end = c.text.find("\n")
    head = c.text if head_end < 0 else c.text[:head_end]
    if _EXTREME_HEADLINE.search(head) and (m := _MIDDLE.search(c.text, len(head))):
        c.add("contradiction", *m.span(), "the headline says an extreme, the body the middle")


def _check_records(c: _Checker) -> None:
    """ "Rekord" overclaims over a short series, and "aldrig sedan 2015" reads as "last
    this low in 2015" (SPRAK.md): write "sedan mätningarna började 2015" or
    "under 2015–2022". Whether a "högsta sedan 2016" is true needs the data: the
    tests check it against each series (tests/write/test_text.py)."""
    for pattern, message in (
        (_RECORD_WORD, "no 'rekord': say 'den högsta sedan mätningarna började …'"),
        (_NEVER_SINCE, "'aldrig sedan ÅR' reads as 'last so in ÅR'; say 'under ÅR–ÅR'"),
        (_TURN_WITHOUT_DIRECTION, "'vänd trend' without a direction; say 'vänder uppåt'"),
    ):
        for m in pattern.finditer(c.text):
            c.add("record-wording", *m.span(), message)


def _check_ties(c: _Checker) -> None:
    """A shared place says with how many it is shared (SPRAK.md: ties are said), in
    its own sentence or the next ("Fyra andra kommuner har samma värde."); that
    count in words up to twelve, never "4 andra kommuner" (an editor's finding)."""
    for m in _SHARED_PLACE.finditer(c.text):
        s, e = c.sentence(m.start())
        if "tillsammans med" not in c.text[s:e] and not _SHARED_WITH.match(c.text, e):
            c.add("tie", *m.span(), "a shared place says with whom: 'Två andra kommuner har …'")
    for m in _OTHERS_IN_DIGITS.finditer(c.masked):
        c.add("number-words", *m.span(), "'fyra andra kommuner', not '4 andra kommuner'")


def _check_gender_words(c: _Checker) -> None:
    """Children and young people are "flickor och pojkar", "unga kvinnor och unga
    män", never "kvinnor och män" (SPRAK.md), one sentence at a time."""
    for m in _ADULT_GENDER.finditer(c.text):
        s, e = c.sentence(m.start())
        if _CHILD_TOPIC.search(c.text, s, e) and "vårdnadshavare" not in c.text[s:e]:
            c.add("gender-words", *m.span(), "children are 'flickor och pojkar'")


def _check_scores(c: _Checker) -> None:
    """A yes/no score of all or none is said in words: "ja på alla tre frågorna",
    "nej på båda frågorna", never "positivt på 0 (100) procent" (SPRAK.md)."""
    for m in _SCORE_PERCENT.finditer(c.text):
        c.add("score-words", *m.span(), "say 'på alla tre frågorna', not a percent")


#: the words one of which a headline about an area's service must hold, so that it
#: reads as about that service: "Andelen som tycker att personalen har tid är låg i
#: Karlstad" could be any staff, "andelen boende som lätt får träffa läkare" any
#: resident of the kommun (an editor, review r39: 77 of 279 hemtjänst headlines and 143
#: of 282 for särskilt boende named neither)
SERVICE_WORDS = {
    # (welfare technology is the kommun's, asked in its e-hälsa survey: named as such)
    "hemtjanst": ("hemtjänst", "välfärdsteknik"),
    "sarskilt-boende": ("äldreboende", "särskilt boende", "särskilda boenden"),
    # "Andelen ungdomar som fått det bättre är låg i Hallstahammar" read as all young
    # people of the kommun (an editor, review r40: 14 headlines)
    "barn-och-unga": (
        "ungdomsvård",
        "socialtjänst",
        "öppenvård",
        "placera",
        "familjehem",
        "hvb",
        "handläggar",
    ),
    # "Andelen brukare som tillfrågas om synpunkter är låg i Kumla": brukare of what
    "ifo": (
        "socialtjänst",
        "socialsekreterare",
        "individ- och familjeomsorg",
        "handläggar",
        "socionom",
    ),
}


def check_headline(headline: str, area: str = "") -> list[Violation]:
    """A headline states a finding: 6–12 words and a finite verb (SPRAK.md); in an area
    of SERVICE_WORDS, it names the service.

    The verb is looked up in :data:`HEADLINE_VERBS`; a lexicon cannot parse, so a
    headline with a verb it lacks is flagged too (add the verb)."""
    out = []
    service = SERVICE_WORDS.get(area)
    if service and not any(w in headline.lower() for w in service):
        out.append(Violation("headline-service", headline, f"names no {'/'.join(service)}"))
    words = sv_words(headline)
    lo, hi = HEADLINE_WORDS
    if not lo <= len(words) <= hi:
        out.append(Violation("headline-length", headline, f"{len(words)} words, not {lo}–{hi}"))
    bare = [w.strip(',:;.!?”"').lower() for w in words]
    # a verb right after "som", "att" … belongs to a subordinate clause, not the headline
    main = [w for prev, w in zip(["", *bare], bare, strict=False) if prev not in _SUBORDINATORS]
    if not any(w in HEADLINE_VERBS for w in main):
        out.append(Violation("headline-verb", headline, "no finite verb: a topic, not a finding"))
    glued = _FIGURE_YEAR.search(headline)
    if glued:
        out.append(Violation("figure-year", glued.group(0), "a figure and a year in a row"))
    bare_amount = _BARE_KRONOR.search(headline)
    if bare_amount and " per " not in headline:
        out.append(Violation("headline-kronor", bare_amount.group(0), "an amount without 'per …'"))
    return out


#: A figure right before a year: "var 24,8 2022" reads as one number (an editor's
#: finding); "var 24,8 år 2022" or a unit between them does not
_FIGURE_YEAR = re.compile(r"\d,\d+ (?:19|20)\d\d\b|\b\d{1,3} (?:19|20)\d\d\b(?! \d)")


def _check_figure_year(c: _Checker) -> None:
    """A figure and a year in a row, in the text itself (see _FIGURE_YEAR)."""
    for m in _FIGURE_YEAR.finditer(c.text):
        c.add("figure-year", *m.span(), "a figure and a year in a row: say 'år' or the unit")


#: An amount in kronor in a headline that names no denominator: "minskar till 646
#: kronor" reads as a total where the figure is per invånare (an editor's finding).
_BARE_KRONOR = re.compile(r"\d kronor\b")


def masked(lead: str, names: Sequence[str]) -> str:
    """A lead with the kommun's names as "X", longest first ("Melleruds kommun" before
    "Mellerud"): how an editor compares the openings of 290 pages."""
    for name in sorted(names, key=len, reverse=True):
        lead = lead.replace(name, "X")
    return lead


def opening_shares(leads: list[str], words: int = 3) -> list[tuple[str, int, float]]:
    """How many leads open with the same ``words`` words, most common first, with
    their share of all leads: SPRAK.md allows no opening in more than one in ten."""
    counts: dict[str, int] = {}
    for lead in leads:
        key = " ".join(lead.split()[:words])
        counts[key] = counts.get(key, 0) + 1
    total = len(leads) or 1
    return sorted(((k, n, n / total) for k, n in counts.items()), key=lambda x: (-x[1], x[0]))


# --- years of the data --------------------------------------------------------
# A year 1900–2099 standing alone: not part of a longer number, a decimal or a word.
_YEAR_STATED = re.compile(rf"(?<![\w,.{NBSP}])(?:19|20)[0-9]{{2}}(?![\w{NBSP}]|[,.][0-9])")


def _check_years(c: _Checker, years: frozenset[int]) -> None:
    """A year stated that the text's figures are not of (issue 13, class 4).

    The text alone cannot tell which year a count or a value is of, so the rule is
    data-aware: the caller that knows the data passes ``years``, the only years the
    text may state. A län text's counts and values are of each indicator's current
    year; "Länets värde var 52 procent 2024" on a page whose counts are of 2025 is a
    year taken from the wrong place. Texts that state older years on purpose (a press
    text's "sedan 2016") are not checked with this rule.
    """
    for m in _YEAR_STATED.finditer(c.masked):
        if int(m.group()) not in years:
            shown = ", ".join(str(y) for y in sorted(years)) or "no year"
            message = f"the text states {m.group()}, but its figures are of {shown}"
            c.add("data-year", *m.span(), message)


def check_text(
    text: str,
    *,
    official_name: str | None = None,
    percent_context: bool = False,
    min_rank_base: int | None = None,
    years: set[int] | frozenset[int] | None = None,
) -> list[Violation]:
    """Style violations in one generated text, in text order; [] when clean.

    `official_name` ("Melleruds kommun", "Borås stad", "Region Gotland") must
    appear, and its wrong variants must not. `percent_context` says the text is
    about percentage values, so a change must be in procentenheter.
    `min_rank_base` (config ``thresholds.min_rank_base``) flags a national rank
    "plats N av M" with M below it; None leaves ranks alone.
    `years` are the only years the text may state, the years its figures are of
    (a län text: each indicator's current year); None leaves years alone.
    """
    if not text.strip():
        return [Violation("fragment", "", "the text is empty")]
    c = _Checker(text)
    _check_fragments(c)
    _check_repeated_phrases(c)
    _check_sentence_starts(c)
    _check_numbers(c)
    _check_number_words(c)
    if percent_context:
        _check_percentage_points(c)
    _check_zero_changes(c)
    if min_rank_base is not None:
        _check_rank_base(c, min_rank_base)
    _check_names(c, official_name)
    _check_self_comparison(c, official_name)
    _check_denominators(c)
    _check_records(c)
    _check_ties(c)
    _check_gender_words(c)
    _check_scores(c)
    _check_precision(c)
    _check_band_contradiction(c)
    _check_figure_year(c)
    if years is not None:
        _check_years(c, frozenset(years))
    return c.result()


def format_violations(where: str, violations: list[Violation]) -> str:
    """One line per violation: ``where: [rule] message: …excerpt…``."""
    return "\n".join(f"{where}: [{v.rule}] {v.message}: …{v.excerpt}…" for v in violations)
