"""Reading a public page as the stored-rendering tests do: its HTML and the queries it cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), queries.captured_queries


def writes(queries):
    """The statements among queries that change rows: a reader's request should make none."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def saving(instance, **fields):
    """A change for the `commit` fixture: these fields set on instance, then saved."""

    def save():
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.save()

    return save
