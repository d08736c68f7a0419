"""Which language a comment is written in: zh and en are answered offline, any other is declined offline.

Scripts tell most languages apart (kana, hangul, Thai, Cyrillic, Arabic, Vietnamese letters). A Latin-script
comment is English unless py3langid (langid.py's maintained fork; its model ships in the wheel, nothing is
downloaded) is sure it is another language viewers of these rooms write: "¿tienen la talla M?" is Spanish and
must be declined, not answered as if it said "M". Sure means 0.9 of the probability among these languages; on
the labelled sets' English lines no comment passes it (short English like "aa 24" or "n02" stays English).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from assistant.vocab.pinyin_text import typed_in_pinyin
from assistant.vocab.text import NormalisedText

_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_OTHER_SCRIPTS = (("ja", re.compile(r"[\u3040-\u30ff]")), ("ko", re.compile(r"[\uac00-\ud7af]")),
                  ("th", re.compile(r"[\u0e00-\u0e7f]")), ("ru", re.compile(r"[\u0400-\u04ff]")),
                  ("ar", re.compile(r"[\u0600-\u06ff]")))
# Latin-script languages of live-room viewers besides English; the model chooses among these only.
_LATIN = ["en", "es", "fr", "de", "pt", "it", "id", "ms", "vi", "tl", "nl", "tr", "pl"]
_SURE = 0.9
_SURE_WITH_FOREIGN_LETTERS = 0.5
_FOREIGN_LETTERS = re.compile(r"[¿¡ñáíóúàèìòùâêîôûãõäöüßçœæ]")
# Asking words of those languages that English never writes ("masih ada …?", "¿hay …?", "tem …?"): beside an
# English loanword ("charger 65W") the model may not be sure, and the comment is still not English.
_FOREIGN_WORDS = {"id": "masih|ada|apakah|berapa|warna|ukuran|tidak|nggak|gak|stok", "es": "hay|tienen|talla|todavía|quedan",
                  "pt": "tem|ainda|tamanho", "fr": "avez|encore|taille", "de": "noch|gibt|haben"}
_FOREIGN_WORD = re.compile(rf"\b(?:{'|'.join(f'(?P<{code}>{words})' for code, words in _FOREIGN_WORDS.items())})\b")
# Words only English among these languages writes: the model (~100 µs a comment) is not asked.
_ENGLISH = re.compile(r"\b(?:you|have|any|the|stock|available|still|what|which|how|left|sold|please|pls|got|this"
                      r"|one|size|colou?r|want|need|does|is there|are there)\b")
# Worth asking the model: two words of letters ("salmon 10kg?" is, "n02" is not).
_WORDS = re.compile(r"[^\W\d_]{2,}")


@cache
def _identifier() -> Any:
    """Loaded on the first Latin-script comment, not at import: reading the model costs a second or two."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_LATIN)
    return identifier


def language_of(norm: NormalisedText) -> str:
    for code, script in _OTHER_SCRIPTS:
        if script.search(norm.text):
            return code
    if norm.has_cjk:
        return "zh"
    if _VIETNAMESE.search(norm.text):
        return "vi"
    if typed_in_pinyin(norm.text):  # "jie zhi mei gui jin 14 hai you ma": Chinese without its characters
        return "zh"
    if len(_WORDS.findall(norm.text)) < 2 or _ENGLISH.search(norm.text):
        return "en"
    code, probability = _identifier().classify(norm.text)
    # Letters English does not write ("¿", "ñ", "í", "ß") make the model's word enough at a lower probability.
    sure = _SURE_WITH_FOREIGN_LETTERS if _FOREIGN_LETTERS.search(norm.text) else _SURE
    if code != "en" and probability >= sure:
        return str(code)
    word = _FOREIGN_WORD.search(norm.text)
    return str(word.lastgroup) if word and word.lastgroup else "en"
