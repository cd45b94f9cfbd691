"""The quoted names of a model's table and columns, for SQL a module writes once per process.

The pages read on every request (a stored page, the lists' ids, a search) run SQL written from
the models' metadata once per process, where building and compiling the equivalent queryset
cost more than running it. Every value in such SQL is a parameter.
"""

from django.db import connections


class SqlNames:
    """A model's table (`.table`) and columns (`names["field"]`), quoted for one database."""

    def __init__(self, model, alias: str):
        self.quote = connections[alias].ops.quote_name
        self.meta = model._meta
        self.table = self.quote(self.meta.db_table)

    def __getitem__(self, field_name: str) -> str:
        return self.quote(self.meta.get_field(field_name).column)
