"""python manage.py import_posts PATH [PATH ...]: import blog posts and wire copy as stories.

Files and folders (searched recursively) are imported one file per transaction; the format is
detected per file (YAML front matter + HTML body, or plain-text wire copy). Stories are drafts
unless --publish is given.

Idempotency key: Article.import_key = "file:<format>:<stable id>", where the stable id is, for
front-matter posts, the `slug`, else the `permalink` path, else the file name without Jekyll's
date prefix; for wire copy, the file name without extension. Importing a file again updates
the story with its key (or leaves it unchanged), never a second one.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importing.importers import Importer, Outcome, collect_files
from importing.importers.reading import DEFAULT_MAX_BYTES

# Progress is shown on a terminal only, and only for batches long enough to wait for.
PROGRESS_MIN_FILES = 20
CLEAR_LINE = "\r" + " " * 80 + "\r"


class Command(BaseCommand):
    help = (
        "Import blog posts (YAML front matter + HTML) and wire copy (plain text) from files "
        "and folders. Re-importing a file updates its story, keyed by Article.import_key = "
        '"file:<format>:<stable id>": a post\'s slug, permalink or file name (without date); '
        "a wire story's file name."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--site-root",
            type=Path,
            help="folder that site-root image paths (/assets/img/x.jpg) are relative to",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the stories, with their own date when they have one (else drafts)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be created or changed, and write nothing",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})",
        )

    def handle(self, *args, paths, site_root, publish, dry_run, max_bytes, **options):
        if site_root is not None and not site_root.is_dir():
            raise CommandError(f"--site-root {site_root} is not a folder")
        verbosity = options["verbosity"]
        files = collect_files(paths)
        importer = Importer(
            site_root=site_root,
            publish=publish,
            dry_run=dry_run,
            max_bytes=max_bytes,
            raise_unexpected=options.get("traceback", False),
        )
        if not files:
            self.stderr.write("no story files found", style_func=self.style.WARNING)
        show_progress = self.stderr.isatty() and len(files) >= PROGRESS_MIN_FILES
        counts = dict.fromkeys(Outcome, 0)
        for number, path in enumerate(files, start=1):
            if show_progress:
                self._progress(f"\r[{number}/{len(files)}] {path.name[:60]:<60}")
            result = importer.import_file(path)
            counts[result.outcome] += 1
            if show_progress and (result.error or result.warnings):
                self._progress(CLEAR_LINE)
            self._report(result, dry_run, verbosity)
        if show_progress:
            self._progress(CLEAR_LINE)

        summary = (
            f"imported {counts[Outcome.CREATED]}, updated {counts[Outcome.UPDATED]}, "
            f"unchanged {counts[Outcome.UNCHANGED]}, failed {counts[Outcome.FAILED]}"
        )
        if dry_run:
            summary = f"dry run, nothing written: would have {summary}"
        self.stdout.write(summary)
        if counts[Outcome.FAILED]:
            raise CommandError(
                f"{counts[Outcome.FAILED]} of {len(files)} files failed to import", returncode=1
            )

    def _progress(self, text: str):
        # stderr is styled as errors by default; progress is not an error.
        self.stderr.write(text, style_func=str, ending="")

    def _report(self, result, dry_run: bool, verbosity: int):
        if result.outcome == Outcome.FAILED:
            self.stderr.write(f"{result.path}: {result.error}")  # styled as an error
            return
        for warning in result.warnings:
            self.stderr.write(f"{result.path}: warning: {warning}", style_func=self.style.WARNING)
        if result.outcome == Outcome.UNCHANGED and verbosity < 2:
            return
        if dry_run or verbosity >= 2:
            verb = {
                Outcome.CREATED: "would create" if dry_run else "created",
                Outcome.UPDATED: "would update" if dry_run else "updated",
                Outcome.UNCHANGED: "unchanged",
            }[result.outcome]
            detail = f" ({', '.join(result.changes)})" if result.changes else ""
            self.stdout.write(f"{result.path}: {verb} [{result.format}] {result.headline}{detail}")
