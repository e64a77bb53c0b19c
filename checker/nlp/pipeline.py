"""The spaCy pipeline: blank Chinese with the jieba segmenter, numbers as whole tokens, labels.

The segmenter and its user dictionary (``lexicons/fiscal_terms.txt``) are loaded once per
process, when the pipeline is first built. Numbers are found on the characters first
(``checker.numbers``); the tokenizer segments only the text between them, so a number never
shares a token with a word (jieba alone makes tokens such as ``年党`` or ``0万``).

``label_windows`` gives the labels this pipeline gives, from the same words and the same linker,
without building spaCy Docs: the extractor uses it, so a check does not import spaCy.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import filterfalse
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from checker.lexicon import load_words, load_yaml
from checker.numbers import NumberMatch, find_quantities

PIPE_NUMBERS = "jiaohe_numbers"
PIPE_LABELS = "jiaohe_labels"
NUMBERS_KEY = "jiaohe.numbers"
"""``doc.user_data`` key for the NumberMatch list a Doc was built around (offsets in doc.text)."""

_TERM_FREQ = 200_000
"""High enough that jieba keeps a fiscal term whole rather than splitting it into common words."""


class NumberAwareTokenizer:
    """Tokenise with jieba, but keep every number span as exactly one token."""

    def __init__(self, vocab, segment) -> None:
        self.vocab = vocab
        self._segment = segment

    def __call__(self, text: str):
        return self.make_doc(text, find_quantities(text))

    def make_doc(self, text: str, numbers: Sequence[NumberMatch]):
        from spacy.tokens import Doc

        words, spaces = words_and_spaces(_words(text, numbers, self._segment), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[NUMBERS_KEY] = list(numbers)
        return doc


def _words(text: str, numbers: Sequence[NumberMatch], segment: Callable[[str], Iterable[str]]) -> list[str]:
    """jieba's words of ``text`` between the numbers, and each number as one word."""
    words: list[str] = []
    pos = 0
    for q in numbers:
        if q.start > pos:
            words.extend(filter(None, segment(text[pos : q.start])))  # without empty words
        words.append(text[q.start : q.end])
        pos = q.end
    if pos < len(text):
        words.extend(filter(None, segment(text[pos:])))
    return words


def words_and_spaces(words: Iterable[str], text: str) -> tuple[list[str], list[bool]]:
    """The tokens and trailing-space flags spaCy makes of ``words`` (``spacy.util.get_words_and_spaces``,
    whose alignment this repeats so that the extractor can label numbers without importing
    spaCy; ``tests/test_nlp.py`` holds the two to the same output)."""
    text_words: list[str] = []
    text_spaces: list[bool] = []
    text_pos = 0
    for word in filterfalse(str.isspace, words):
        word_start = text.index(word, text_pos) - text_pos
        if word_start > 0:
            text_words.append(text[text_pos : text_pos + word_start])
            text_spaces.append(False)
            text_pos += word_start
        text_words.append(word)
        text_spaces.append(False)
        text_pos += len(word)
        if text_pos < len(text) and text[text_pos] == " ":
            text_spaces[-1] = True
            text_pos += 1
    if text_pos < len(text):
        text_words.append(text[text_pos:])
        text_spaces.append(False)
    return text_words, text_spaces


def _register_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("number"):
        for name in ("number", "label", "period", "measure"):
            Span.set_extension(name, default=None)

    if PIPE_NUMBERS not in Language.factories:

        @Language.factory(PIPE_NUMBERS, assigns=["doc.spans", "span._.number"])
        def make_numbers(nlp, name):
            return _number_spans

        @Language.factory(
            PIPE_LABELS, requires=["doc.spans"], assigns=["span._.label", "span._.period", "span._.measure"]
        )
        def make_labels(nlp, name):
            from checker.nlp.labels import link_labels

            return link_labels


def _number_spans(doc):
    """Put each number the tokenizer kept whole into ``doc.spans["quantities"]``."""
    numbers = doc.user_data.get(NUMBERS_KEY)
    if numbers is None:
        numbers = find_quantities(doc.text)
    spans = []
    for q in numbers:
        span = doc.char_span(q.start, q.end)
        if span is not None:
            span._.number = q
            spans.append(span)
    doc.spans["quantities"] = spans
    return doc


_CORE_MIN_FREQ = 20
_DOMAIN_MIN_FREQ = 3
_DOMAIN_ENDINGS = tuple("费款率额金数员出入资算值分")
"""jieba's full dictionary (349k words) takes ~0.9 s to load, most of a cold start. The
segmenter here only has to cut short label phrases, whose fiscal words come from the lexicon
anyway; the 84k words with frequency ≥ 20 (plus rarer ones ending like a fiscal noun, 工程款,
控制率) load in ~0.15 s and change 5 of ~1500 labels on the seed reports."""


def _core_dictionary() -> str | None:
    """jieba's dictionary without its rare words, written once to the user's cache folder."""
    import jieba

    source = Path(jieba.__file__).with_name("dict.txt")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jiaohe"
    target = cache / f"jieba-core-{jieba.__version__}-{_CORE_MIN_FREQ}-{_DOMAIN_MIN_FREQ}.txt"
    if target.is_file():
        return str(target)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        kept = []
        with open(source, encoding="utf-8") as fh:
            for line in fh:
                word, freq, *_ = line.split(" ")
                n = int(freq)
                if n >= _CORE_MIN_FREQ or n >= _DOMAIN_MIN_FREQ and word.endswith(_DOMAIN_ENDINGS):
                    kept.append(line)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("".join(kept), encoding="utf-8")
        partial.replace(target)
    except OSError:
        return None  # read-only home: fall back to jieba's full dictionary
    return str(target)


@lru_cache(maxsize=1)
def segmenter() -> Callable[[str], Iterable[str]]:
    """jieba with the core dictionary and the fiscal terms, loaded once per process."""
    import jieba

    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    # The jieba segmenter is ours rather than spaCy's ``{"segmenter": "jieba"}``: that setting
    # loads jieba's process-global full dictionary on construction (~1 s of a cold start) and
    # would share our user words with any other jieba user in the process.
    core = _core_dictionary()
    seg = jieba.Tokenizer(core) if core else jieba.Tokenizer()
    seg.initialize()
    from checker.nlp.labels import label_vocab

    vocab = label_vocab()
    comparators = (w for words in load_yaml("units.yaml")["comparators"].values() for w in words if len(w) > 1)
    for term in (*load_words("fiscal_terms.txt"), *vocab.periods, *vocab.measure_suffixes, *comparators):
        seg.add_word(term, _TERM_FREQ)
    return lambda s: seg.cut(s, cut_all=False, HMM=True)


@lru_cache(maxsize=1)
def get_nlp():
    """The pipeline, built once per process (it also loads jieba's dictionary once)."""
    import spacy

    _register_components()
    nlp = spacy.blank("zh")
    nlp.tokenizer = NumberAwareTokenizer(nlp.vocab, segmenter())
    nlp.add_pipe(PIPE_NUMBERS)
    nlp.add_pipe(PIPE_LABELS)
    return nlp


class Window(NamedTuple):
    """A short text to label, ``text[start:end]``, with its numbers (offsets in ``text``, in
    order and apart, as ``find_quantities`` gives them): the extractor's windows lie inside a
    paragraph, and shifting each number to offsets in a copy of the window cost more than
    labelling it."""

    text: str
    numbers: Sequence[NumberMatch]
    start: int = 0
    end: int | None = None


def docs_for_windows(windows: Iterable[Window | tuple[str, Sequence[NumberMatch]]], batch_size: int = 256):
    """Run the pipeline over short texts whose numbers are already known."""
    nlp = get_nlp()
    made = (nlp.tokenizer.make_doc(*_cut_out(Window(*window))) for window in windows)
    return nlp.pipe(made, batch_size=batch_size)


def _cut_out(window: Window) -> tuple[str, list[NumberMatch]]:
    """The window's text on its own, with its numbers at offsets in it."""
    text, numbers, start, end = window
    return text[start:end], [q._replace(start=q.start - start, end=q.end - start) for q in numbers]


Labels = tuple[str | None, str | None, str | None]


def label_windows(windows: Iterable[Window | tuple[str, Sequence[NumberMatch]]]) -> Iterator[Labels | None]:
    """What the pipeline's last quantity span of each window is labelled (``docs_for_windows``
    then ``doc.spans["quantities"][-1]._.label/period/measure``), without building spaCy Docs:
    the same words, the same spans, the same linker. A check then never imports spaCy, which
    took most of a cold start. None for a window without numbers (where the pipeline's span list
    would be empty)."""
    from checker.nlp.labels import label_numbers

    segment_once = _OnceSegmenter().words
    # The last number is a word of its own, and the linker reads only the words before it and its
    # kind: its labels are those of any window with the same text before it, the same numbers
    # there and a last number of the same kind, whatever its digits ("，比上年增加 X 万元").
    labelled: dict[tuple, Labels | None] = {}
    for text, numbers, start, _ in (window if type(window) is Window else Window(*window) for window in windows):
        if not numbers:
            yield None
            continue
        last = numbers[-1]
        key = (
            text[start : last.start],
            last.kind,
            tuple((q.start - start, q.end - start, q.kind) for q in numbers[:-1]) if len(numbers) > 1 else (),
        )
        if key not in labelled:
            labelled[key] = label_numbers(*_tokens(text, numbers, segment_once, start))[-1]
        yield labelled[key]


def _tokens(
    text: str, numbers: Sequence[NumberMatch], segment: Callable[[str], Iterable[str]], start: int
) -> tuple[list[str], list[tuple[int, NumberMatch]]]:
    """The tokens spaCy makes of the window's words (``words_and_spaces`` of ``_words``) up to its
    last number, and (first token, number) of each number, as ``Doc.char_span`` finds them. Made as
    the words are, not by aligning them to the text afterwards: the words lie end to end, so a run
    of white space between two of them is a token of its own (less the one space after a token,
    which is its trailing flag), and each number, never empty nor white space, is a token."""
    tokens: list[str] = []
    spans: list[tuple[int, NumberMatch]] = []
    space = ""  # the white space since the last token
    pos = start
    for q in numbers:
        words = filter(None, segment(text[pos : q.start])) if q.start > pos else ()
        for word in (*words, text[q.start : q.end]):
            if word.isspace():
                space += word
                continue
            if space:
                if tokens and space[0] == " ":
                    space = space[1:]  # the token before has it as its trailing space
                if space:
                    tokens.append(space)
                space = ""
            tokens.append(word)
        spans.append((len(tokens) - 1, q))
        pos = q.end
    # the words after the last number are not made: the linker reads only those before each number
    return tokens, spans


class _OnceSegmenter:
    """``segmenter()``'s words, each of jieba's blocks cut once.

    Pieces often differ only around a shared block ("比上年决算增加"): jieba cuts the runs its
    pattern finds (Han, Latin, digits) one at a time and passes the characters between them
    through, so a piece's words are its blocks' words. Whole pieces are not kept: a piece that
    comes back comes back in a window ``label_windows`` has labelled already (2 % of the pieces
    of the corpus and the unseen sets came back; a quarter of the blocks did)."""

    def __init__(self) -> None:
        import jieba

        self._segment = segmenter()
        self._blocks_of = jieba.re_han_default.split  # how jieba's ``cut`` splits a text into blocks
        self._blocks: dict[str, list[str]] = {}

    def words(self, piece: str) -> list[str]:
        return [w for block in self._blocks_of(piece) if block for w in self._block(block)]

    def _block(self, block: str) -> list[str]:
        words = self._blocks.get(block)
        if words is None:
            words = self._blocks[block] = list(self._segment(block))
        return words
