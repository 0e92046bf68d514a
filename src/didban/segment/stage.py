"""The `segment` stage: sets segments, sentences, tokens and the attribution chain."""
from __future__ import annotations

import re

from didban.document import Document, Segment, Sentence, Token
from didban.options import Options
from didban.pipeline import stage


@stage("segment", requires=("normalized",), provides=("segments", "sentences", "tokens", "attribution"))
def segment_stage(doc: Document, options: Options) -> Document:
    # placeholder: one segment per non-empty line, one sentence per segment
    doc.segments, doc.sentences, doc.tokens, doc.attribution = [], [], [], []
    for m in re.finditer(r"[^\n]+", doc.text):
        if m.group().strip():
            doc.segments.append(Segment("paragraph", m.start(), m.end()))
            doc.sentences.append(Sentence(m.start(), m.end(), len(doc.segments) - 1))
    return doc
