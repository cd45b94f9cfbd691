"""Benchmark the photo pipeline: re-encoding an upload and making its renditions.

    .venv/bin/python bench/photos_bench.py [--repeat 3]

For a few camera-like sizes, a noisy JPEG (noise keeps the encoders honest: flat colour
compresses to nothing) is put through photos.library.photo_for_bytes in a fresh SQLite
database and media folder under a temporary directory. Prints, per size: upload bytes, the
re-encoded original's bytes, the time to check and re-encode it, the time to make the
renditions, and what a phone (480px) and a desktop story slot (800px) download in WebP and
JPEG against the original. The best of --repeat runs is shown.
"""

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SIZES = [(1200, 800), (2400, 1600), (4000, 3000), (6000, 4000)]


def noisy_jpeg(size) -> bytes:
    from PIL import Image

    width, height = size
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    image = Image.blend(base, noise, 0.35)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="photos-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command

    from photos.library import photo_for_bytes
    from photos.models import Photo
    from photos.pipeline import process_image
    from photos.renditions import make_renditions

    call_command("migrate", verbosity=0)
    print(f"Python {platform.python_version()}, {platform.machine()}, best of {args.repeat}")
    print()
    print(
        "| size | upload | original | re-encode ms | renditions ms | 480w webp/jpeg "
        "| 800w webp/jpeg |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in SIZES:
        data = noisy_jpeg(size)
        encode_ms, rendition_ms = [], []
        for _ in range(args.repeat):
            Photo.objects.all().delete()
            started = time.perf_counter()
            processed = process_image(data)
            encode_ms.append((time.perf_counter() - started) * 1000)
            photo, _ = photo_for_bytes(data)  # stores the original and makes renditions
            photo.renditions.all().delete()
            started = time.perf_counter()
            make_renditions(photo)
            rendition_ms.append((time.perf_counter() - started) * 1000)
        sizes = {(r.width, r.format): r.bytes for r in photo.renditions.all()}
        kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
        print(
            f"| {size[0]}×{size[1]} | {kb(len(data))} | {kb(len(processed.content))} "
            f"| {min(encode_ms):.0f} | {min(rendition_ms):.0f} "
            f"| {kb(sizes[(480, 'webp')])} / {kb(sizes[(480, 'jpeg')])} "
            f"| {kb(sizes[(800, 'webp')])} / {kb(sizes[(800, 'jpeg')])} |"
        )
    print()
    print(f"(work folder {workdir}; remove it when done)")


if __name__ == "__main__":
    main()
