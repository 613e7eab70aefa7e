"""JSON as the text of a ``<script>`` element (chart specs, JSON-LD).

The HTML parser ends a script at the first "</script", whatever JSON thinks:
escaping every "<", ">" and "&" (and the JavaScript line separators) inside
the JSON strings, where the escapes are valid, keeps any value (a headline with
"</script>") from ending the element or starting markup. Keys are sorted and
the output is compact, so equal data gives equal bytes.
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(doc: Any) -> str:
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text
