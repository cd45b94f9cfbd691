import os
import shutil
from pathlib import Path

import pytest

# A real S3 API (moto's server) for the media-on-S3 tests: the s3_server and s3_media fixtures.
from tests.s3_server import s3_media, s3_server  # noqa: F401

# The outlet's real seed documents, beside the checkout; only CI and the team's machines have
# them, so tests that need them skip elsewhere.
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# Our own fictional documents in the same two shapes, shipped with the tests.
SAMPLE_SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    from delivery.hot_pages import PAGES
    from search.engine import window_starts

    cache.clear()
    PAGES.clear()
    window_starts.clear()
    yield
    cache.clear()
    PAGES.clear()


@pytest.fixture(autouse=True)
def page_cache_off(request, settings):
    """Pages render fresh in tests: the page cache is invalidated after commit, which tests
    inside a rolled-back transaction never reach. tests/test_caching_*.py turn it back on.
    The same for stored story pages (reader.stored_pages), except against a live server (the
    browser tests), whose changes commit and run the publish path as in production;
    tests/test_stored_story_pages.py turns them on."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_STORED_STORY_PAGES = "live_server" in request.fixturenames


# --- background tasks (issue 15) ----------------------------------------------------------
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tasks run in the saving process as they are enqueued (after commit), so a test sees a
    publish's purge and pings when its on-commit callbacks have run, as before the queue.
    tests/test_tasks_*.py use the database backend and real `run_worker` processes."""
    settings.TASKS = IMMEDIATE_TASKS


# --- end background tasks -----------------------------------------------------------------


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and the after-commit work it schedules (newsroom.publishing)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def editor_client(client):
    """A client signed in as a desk editor (데스크)."""
    from tests.factories import desk_editor

    client.force_login(desk_editor())
    return client


@pytest.fixture
def parts():
    """A section, a wire source and a published story to link to: what a full story form needs."""
    from articles.models import Category, Source
    from tests.factories import ArticleFactory

    section = Category.objects.create(name="아시아")
    source = Source.objects.create(name="AA")
    target = ArticleFactory(headline="항로 재개 논의 시작된 배경")
    return section, source, target


@pytest.fixture
def seeds_dir():
    """tests/data/seeds: a front-matter post and a wire story of our own, in the seeds' shapes."""
    return SAMPLE_SEEDS_DIR


@pytest.fixture
def real_seeds_dir():
    """The real seed documents in ../shared/seeds, for acceptance tests; skipped without them."""
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is not beside this clone (CI has it)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright; skipped only where chromium is absent."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"Browser tests are required but chromium is missing at {CHROMIUM}")
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright runs an event loop in this thread; the ORM calls the tests make around it
    # are ordinary synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def default_palette(request, django_db_blocker):
    """The palette migration 0002 seeds, present in every database test.

    A transactional test (the browser tests) ends with a flush that empties every table; the
    flush's post_migrate brings back content types, permissions and the role groups, but not
    data migrations, so the palette is put back here.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        DB_FIXTURES & set(request.fixturenames)
    ):
        return
    import importlib

    from django.apps import apps

    class TodaysModels:
        """The migration names the palette's model where it was then (articles); it is outlet's."""

        def get_model(self, app_label, model_name):
            return apps.get_model("outlet", model_name)

    with django_db_blocker.unblock():
        palette = importlib.import_module("articles.migrations.0002_default_palette")
        palette.add_palette(TodaysModels(), None)
