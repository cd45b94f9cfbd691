"""Load the demo stories once: on a database that already has them, do nothing."""

from django.core.management.base import BaseCommand

from newsroom.demo import demo_exists, load_demo_stories


class Command(BaseCommand):
    help = "Load fictional demo stories (marked 데모) unless they are already there."

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("Demo stories already loaded.")
            return
        stories = load_demo_stories()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(stories)} demo stories."))
