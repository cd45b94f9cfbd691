"""Admin pieces every app may use, below all of them: no models, no app of ours imported.

records: the read-only admin of records the system writes (purge logs, the ping outbox).
media: form media carrying the response's CSP nonce (the story screen, the middleware).
"""
