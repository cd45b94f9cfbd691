"""Reading an import file as text, refusing what is not a story file."""

from pathlib import Path

from .documents import ImportProblem

DEFAULT_MAX_BYTES = 2 * 1024 * 1024  # the longest real post is tens of kilobytes
_BINARY_SNIFF = 8192


def read_story_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text; ImportProblem when it is too large, binary, not UTF-8 or empty."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportProblem(
                f"file is too large ({size:,} bytes; the limit is {max_bytes:,}), not a story file?"
            )
        data = path.read_bytes()
    except OSError as exc:
        # A path that names no file is the caller's mistake; anything else (permissions, a
        # failing disk) is the machine's.
        missing = isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError)
        raise ImportProblem(
            f"cannot read the file: {exc.strerror or exc}", permanent=missing
        ) from None
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise ImportProblem("binary file (it contains NUL bytes), not a text story")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ImportProblem("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")
