#!/usr/bin/env python3
"""The peer's way of matching alerts, measured next to ours (bench:match): TheyWorkForYou's alert mailer runs one
Xapian search per alert over an index of the new items. Here, at its best case: the index holds only this batch of
questions, built in memory once; then every alert's query is parsed (English stemming, phrases, OR/NOT, +/-, and
department:/speaker:/member: as boolean filters) and searched, and its matches counted.

Input: a JSON file {"questions": [...MatchableQuestion], "queries": [str, ...]}. Output: one JSON line.
Needs Debian's python3-xapian.
"""
import html
import json
import re
import sys
import time

import xapian

TAG = re.compile(r"<[^>]+>")


def text_of(q):
    parts = [q.get("heading") or "", q.get("questionText") or "", TAG.sub(" ", q.get("answerText") or "")]
    return html.unescape(" ".join(parts))


def main(path):
    data = json.load(open(path))
    questions, queries = data["questions"], data["queries"]
    stemmer = xapian.Stem("english")

    started = time.perf_counter()
    db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)
    generator = xapian.TermGenerator()
    generator.set_stemmer(stemmer)
    for q in questions:
        doc = xapian.Document()
        generator.set_document(doc)
        generator.index_text(text_of(q))
        if q.get("answeringBodyName"):
            doc.add_boolean_term("XD" + q["answeringBodyName"].lower())
        for member in (q.get("askingMemberId"), q.get("answeringMemberId")):
            if member is not None:
                doc.add_boolean_term("XS" + str(member))
        db.add_document(doc)
    index_seconds = time.perf_counter() - started

    parser = xapian.QueryParser()
    parser.set_stemmer(stemmer)
    parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    parser.set_default_op(xapian.Query.OP_AND)
    parser.set_database(db)
    parser.add_boolean_prefix("department", "XD")
    parser.add_boolean_prefix("speaker", "XS")
    parser.add_boolean_prefix("member", "XS")
    flags = xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_BOOLEAN | xapian.QueryParser.FLAG_LOVEHATE
    enquire = xapian.Enquire(db)
    total = db.get_doccount()

    matches = 0
    failed = 0
    started = time.perf_counter()
    for text in queries:
        # Xapian's boolean filter terms are matched as typed: lower-case the department as it was indexed.
        text = re.sub(r'department:"([^"]*)"', lambda m: 'department:"' + m.group(1).lower() + '"', text)
        try:
            enquire.set_query(parser.parse_query(text, flags))
        except xapian.QueryParserError:
            failed += 1
            continue
        matches += enquire.get_mset(0, total).size()
    search_seconds = time.perf_counter() - started
    print(json.dumps({"xapian": xapian.version_string(), "index_seconds": index_seconds, "search_seconds": search_seconds, "matches": matches, "unparsed": failed}))


if __name__ == "__main__":
    main(sys.argv[1])
