"""The related-article list ("발견") under a story: automatic suggestions and what readers see.

suggest: computes and stores suggestions (PostgreSQL trigram strategy, portable fallback).
selectors: picks the public list from a story's (prefetched) entries.
tasks: computes suggestions in a worker when a story is published (newsroom.publishing).
"""
