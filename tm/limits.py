"""How much the workbench takes in at once: every limit on input size, in one place.

A file, a pasted text or a command-line argument that goes past one of these is refused
with an `InputError` (or `FormatError`) that names the file (and line, row or field) and
the limit, before it can cost more than a bounded amount of memory or time. Readers,
segmentation, concordance, the CLI and the app all read the numbers from here.

=========================  ===========  ====================================================
limit                      value        what it bounds, and why that value
=========================  ===========  ====================================================
MAX_UPLOAD_BYTES           20 MiB       one file uploaded to the app (a TM file, a .docx
                                        article); `.streamlit/config.toml`
                                        `server.maxUploadSize` is the same number in MiB (a
                                        test checks it). Larger TM files: `python -m tm import`
MAX_DOCUMENT_BYTES         8 MiB        a .txt/.md article file (uploaded or read by the CLI
                                        to segment or align): 2 M characters in any encoding
MAX_ARTICLE_CHARS          2,000,000    the characters of one article (a 600-page book;
                                        a news story has 5,000)
MAX_ARTICLE_PARAGRAPHS     10,000       paragraphs of one article: 1 M one-line paragraphs
                                        took 14 s and 330 MB to segment
MAX_PARAGRAPH_CHARS        100,000      one paragraph: NLTK's Punkt gives up on a paragraph
                                        after 5 s (about 20 M characters); 100 k take 40 ms
MAX_DOCX_UNPACKED_BYTES    64 MiB       all parts of a .docx, uncompressed: from the sizes
                                        the zip declares, and counted again while reading
MAX_DOCX_ELEMENTS          500,000      XML elements in a .docx's parts, counted before
                                        python-docx parses them (it holds ~0.24 kB each: a
                                        35 kB file of 1.5 M paragraphs took 158 s, 1.2 GB)
MAX_XML_TOKEN_BYTES        16 MiB       one TMX text node, tag or comment
MAX_XLIFF_BYTES            16 MiB       one XLIFF file (an article's is tens of kB)
MAX_RECORD_CHARS           1,048,576    one line (or quoted row) of a TSV, CSV, JSONL or
                                        Moses file, and any one text field of a unit
MAX_IMPORT_ROWS            2,000,000    records of one imported file (1 M three-language
                                        TMX <tu>s make 2 M units: about 1.5 GB to import)
MAX_PARQUET_EXPANSION      100          a Parquet file may decode to 100 times its size
                                        (our exports: 5-16 times; the bombs of issue 16:
                                        27,000 times and more), and always to
PARQUET_DECODE_FLOOR_BYTES 64 MiB       at least this much, however small the file
MAX_TERM_CHARS             200          a concordance term: each word is a pass over the
MAX_TERM_WORDS             12           TM (a 100-word term took 16 s, 1 MB 11 minutes);
                                        a Mäzhilis committee's full name is 10 words
MAX_CONTEXT_CHARS          1,000        concordance context each side of a hit
MAX_CONCORDANCE_HITS       10,000       concordance hits of one search (--limit)
MAX_LOOKUP_MATCHES         100          fuzzy matches of one lookup (--top)
IDS_PER_BATCH              10,000       unit ids the store changes in one table operation;
                                        a longer list is done in chunks of this many
                                        (23,500 ids in one predicate crashed the process)
=========================  ===========  ====================================================

Text that would poison later work (control characters, lone surrogates) is not a size
limit: see `tm.unit.clean_text`.
"""

from __future__ import annotations

from typing import Final

MAX_UPLOAD_BYTES: Final = 20 << 20
MAX_DOCUMENT_BYTES: Final = 8 << 20
MAX_ARTICLE_CHARS: Final = 2_000_000
MAX_ARTICLE_PARAGRAPHS: Final = 10_000
MAX_PARAGRAPH_CHARS: Final = 100_000
MAX_DOCX_UNPACKED_BYTES: Final = 64 << 20
MAX_DOCX_ELEMENTS: Final = 500_000
MAX_XML_TOKEN_BYTES: Final = 16 << 20
MAX_XLIFF_BYTES: Final = 16 << 20
MAX_RECORD_CHARS: Final = 1 << 20
MAX_IMPORT_ROWS: Final = 2_000_000
MAX_PARQUET_EXPANSION: Final = 100
PARQUET_DECODE_FLOOR_BYTES: Final = 64 << 20
MAX_TERM_CHARS: Final = 200
MAX_TERM_WORDS: Final = 12
MAX_CONTEXT_CHARS: Final = 1_000
MAX_CONCORDANCE_HITS: Final = 10_000
MAX_LOOKUP_MATCHES: Final = 100
IDS_PER_BATCH: Final = 10_000


def size(count: int) -> str:
    """A byte count as a person reads it in a message: "8 MiB", "1,500 bytes"."""
    if count >= 1 << 20 and count % (1 << 20) == 0:
        return f"{count >> 20} MiB"
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MiB"
    return f"{count:,} bytes"
