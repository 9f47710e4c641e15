"""Readers and writers for the files the workbench takes in and gives out.

    registry     FORMATS: name -> Format (extensions, reader, writers); guess_format
    transfer     read_file / read_stream (one import = one TM transaction), export_file /
                 export_stream with ExportFilter, CorpusStats
    tmx          TMX 1.4b, streamed with lxml (entities refused, no network)
    tabular      TSV and CSV with a header row
    jsonl        JSON Lines, one unit an object
    moses        two line-parallel plain-text files
    parquet      the unit fields typed as the store types them
    documents    articles from .txt, .md, .docx and pasted text
    article      the `date YYYY-MM-DD <title>` article layout
    _fields      what the unit formats share: field list, parsing, checks with file and line

Every unit reader yields `Unit`s checked with the file and line of their record, or a
`Skip` saying why a record holds nothing to import; every error is a `tm.errors` error
naming the file, the line and the field.
"""
