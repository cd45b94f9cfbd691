"""The related-article list ("발견") under a story: automatic suggestions and what readers see.

suggest: computes and stores suggestions (PostgreSQL trigram strategy, portable fallback).
selectors: picks the public list from a story's (prefetched) entries.
receivers: computes suggestions when a story is published.
"""
