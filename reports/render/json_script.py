"""JSON embedded in an HTML ``<script type="application/json">`` element, safely.

Inside ``<script>`` the HTML parser does not decode entities and ends the element at the first ``</script``,
so HTML-escaping is wrong there and raw JSON is unsafe. Instead every ``<``, ``>`` and ``&`` is written as a
JSON unicode escape (``\\u003c``, ``\\u003e``, ``\\u0026``), which no HTML parser treats as markup while
``JSON.parse`` reads back the same string; U+2028/U+2029 are escaped too (line terminators in older JS
parsers). This is the encoding Django's ``json_script`` and Rails' ``json_escape`` use.
"""
from __future__ import annotations

import json

from markupsafe import Markup

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
            0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_for_script(data) -> Markup:
    """Strict JSON (NaN refused) with <, >, &, U+2028 and U+2029 escaped, ready to sit inside <script>."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), sort_keys=False)
    return Markup(text.translate(_ESCAPES))
