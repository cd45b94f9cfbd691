"""The core's own public address: a signed preview link of a story that is not public yet.

newsroom.urls puts it in the `articles` namespace, beside the public site's pages (reader.urls).
"""

from django.urls import path

from . import converters, preview  # noqa: F401 (converters registers <segment:>)

urlpatterns = [
    path("preview/<segment:token>/", preview.preview_by_link, name="preview"),
]
