"""Media on an S3-compatible object store: django-storages' S3 backend, set for a news site.

settings.py puts this backend in STORAGES["default"] when NEWSROOM_S3_BUCKET is set (README,
"Configuration"); otherwise media stay on the local disk under MEDIA_ROOT. The rest of the
code only uses the storage API (open, save, exists, delete, size, url), so which one is in use
is configuration. Every app node and worker pointing at the same bucket sees the same files.
"""

from __future__ import annotations

import errno
import functools

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

# The store's own errors: a refused request (ClientError) or none at all (BotoCoreError).
SDK_ERRORS = (BotoCoreError, ClientError)


def _sdk_errors_as_os_error(method):
    """The store's failures raised as OSError, as the local disk raises them, so the callers
    that already handle a failing storage (photos.library's Korean error, build_renditions'
    per-photo failure, the banner's size) handle this one too without knowing it is S3."""

    @functools.wraps(method)
    def translated(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except SDK_ERRORS as exc:
            raise OSError(errno.EIO, f"S3: {exc}") from exc

    return translated


class MediaS3Storage(S3Storage):
    """S3Storage with the defaults a public news site needs (each can still be overridden in
    STORAGES["default"]["OPTIONS"]):

    - plain, unsigned URLs: story pages are cached, and a signed URL in a cached page expires;
      the bucket (or the CDN of NEWSROOM_S3_CUSTOM_DOMAIN) lets anyone read its objects;
    - no overwriting: two live-update photos both named photo.jpg keep two objects, as on disk;
    - the SDK's errors are OSError (above); a file opened for reading is fetched by open(), so
      a failing fetch is raised there, where callers expect it, not at the first read().
    """

    def get_default_settings(self):
        defaults = super().get_default_settings()
        return {**defaults, "querystring_auth": False, "file_overwrite": False}

    @_sdk_errors_as_os_error
    def _open(self, name, mode="rb"):
        stored = super()._open(name, mode)
        if "r" in mode:
            stored.file  # noqa: B018 - downloads the object now
        return stored

    _save = _sdk_errors_as_os_error(S3Storage._save)
    delete = _sdk_errors_as_os_error(S3Storage.delete)
    exists = _sdk_errors_as_os_error(S3Storage.exists)
    size = _sdk_errors_as_os_error(S3Storage.size)
    listdir = _sdk_errors_as_os_error(S3Storage.listdir)
    get_modified_time = _sdk_errors_as_os_error(S3Storage.get_modified_time)
