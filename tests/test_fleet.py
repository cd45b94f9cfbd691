"""Two app nodes and two task workers on loopback, sharing PostgreSQL, Redis and S3.

What adding a machine must not break: a photo uploaded through node A is served with its
renditions through node B; a story saved on A is fresh on B's next request; a publish pings
each endpoint exactly once although two workers run; a worker killed in the middle of a task
leaves nothing half-done and the other worker finishes it. The desk is driven in Chromium, as
an editor would, against node A or B; the results are read where a reader or the engines see
them. On SQLite (one file on one machine) the fleet cannot exist and these tests skip; CI runs
them on PostgreSQL, where NEWSROOM_REQUIRE_FLEET makes a missing part a failure.
"""

import io
import os
import re
import signal
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser_desk import new_context, pick_autocomplete
from tests.fleet import PASSWORD, Fleet, fetch, missing_parts, wait_until

pytestmark = pytest.mark.browser
WAIT = 20_000
TASK_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db's queue


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    missing = missing_parts(database_url)
    if missing:
        reason = "the two-node fleet needs " + "; ".join(missing)
        if os.environ.get("NEWSROOM_REQUIRE_FLEET") and database_url.startswith("postgres"):
            pytest.fail(reason)
        pytest.skip(reason)
    running = Fleet(database_url, tmp_path_factory.mktemp("fleet"))
    try:
        running.start()
        yield running
    except Exception:
        for process in running.processes:
            print(f"--- {process.name} ---\n{process.tail()}")
        raise
    finally:
        running.stop()


@pytest.fixture
def desk(fleet, browser):
    """Chromium signed in to the fleet; the session lives in the shared database, so the same
    browser is signed in on both nodes."""
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(fleet.nodes["a"] + "/admin/login/")
    page.get_by_label("사용자 이름").fill("fleet-admin")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#user-tools")).to_contain_text("fleet-admin", timeout=WAIT)
    yield page
    context.close()


def create_story(fleet, headline: str, *, published: bool) -> tuple[int, str]:
    """A story written straight into the fleet's database by a management shell: the setting
    of the scene, not what is tested."""
    code = (
        "from tests.factories import ArticleFactory\n"
        "from articles.models import Article\n"
        f"story = ArticleFactory(headline={headline!r}, "
        + (
            "status=Article.Status.PUBLISHED)\n"
            if published
            else "status=Article.Status.DRAFT, published_at=None)\n"
        )
        + "print(story.pk, story.slug)\n"
    )
    pk, slug = fleet.manage("shell", "-c", code).split()[-2:]
    return int(pk), slug


def tasks(fleet, path_part: str) -> list[tuple]:
    return fleet.sql(
        f"SELECT id, status, worker_ids, args_kwargs FROM {TASK_TABLE} "  # noqa: S608 (constant)
        "WHERE task_path LIKE %s ORDER BY enqueued_at",
        (f"%{path_part}%",),
    )


def photo_file(tmp_path, width, height, name) -> str:
    """A real JPEG with detail in it, so that encoding its renditions takes real work."""
    image = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 64).convert("RGB")
    image = Image.blend(image, noise, 0.3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def upload_photo(page, node_url, path, alt) -> int:
    page.goto(node_url + "/admin/photos/photo/add/")
    page.locator("input[type=file]").first.set_input_files(path)
    page.get_by_label("대체 텍스트").fill(alt)
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible(timeout=60_000)
    (pk,) = fleet_photo_ids(page, alt)
    return pk


def fleet_photo_ids(page, alt):  # resolved through the page the admin shows after saving
    page.locator("#result_list a", has_text=alt).first.click()
    match = re.search(r"/photo/(\d+)/change/", page.url)
    return [int(match.group(1))]


def test_a_photo_uploaded_on_node_a_is_served_with_its_renditions_by_node_b(fleet, desk, tmp_path):
    _, slug = create_story(fleet, "두 서버가 함께 보여 주는 사진 기사", published=True)
    photo = upload_photo(
        desk, fleet.nodes["a"], photo_file(tmp_path, 2000, 1400, "harbour.jpg"), "새벽 항구"
    )
    # The renditions are a worker's job, on whichever worker took it.
    wait_until(
        lambda: (
            fleet.sql("SELECT count(*) FROM photos_rendition WHERE photo_id = %s", (photo,))[0][0]
            >= 6
        ),
        timeout=90,
        what="the photo's renditions",
    )

    # On node B the desk picks the photo for a story and saves it.
    (pk,) = fleet.sql("SELECT id FROM articles_article WHERE slug = %s", (slug,))[0]
    desk.goto(fleet.nodes["b"] + f"/admin/articles/article/{pk}/change/")
    pick_autocomplete(desk, "id_feature_photo", "새벽", "새벽 항구")
    desk.get_by_role("button", name="저장 및 편집 계속").click()
    expect(desk.locator(".messagelist .success")).to_be_visible(timeout=WAIT)

    status, _, body = fetch(fleet.nodes["b"] + f"/news/{slug}/")
    page_html = body.decode()
    assert status == 200
    image_urls = set(re.findall(r'(https?://[^\s"\',]+\.(?:webp|jpe?g|png))', page_html))
    served_from_s3 = {url for url in image_urls if url.startswith(fleet.s3_url)}
    assert len(served_from_s3) >= 4, image_urls  # the srcset of WebP and JPEG renditions
    for url in served_from_s3:
        status, headers, data = fetch(url)
        assert status == 200
        assert Image.open(io.BytesIO(data)).size[0] > 0
    # Nothing of it lives on either node's disk.
    media = fleet.workdir / "media-must-stay-empty"
    assert not media.exists() or not any(media.rglob("*"))
    stored = fleet.bucket_keys()
    files = {
        name
        for (name,) in fleet.sql(
            "SELECT file FROM photos_rendition WHERE photo_id = %s "
            "UNION SELECT file FROM photos_photo WHERE id = %s",
            (photo, photo),
        )
    }
    assert files <= stored


def test_a_story_saved_on_node_a_is_fresh_on_node_bs_next_request(fleet, desk):
    pk, slug = create_story(fleet, "첫 제목으로 나간 기사", published=True)
    for _ in range(2):  # the second read is a page-cache hit on B
        status, _, body = fetch(fleet.nodes["b"] + f"/news/{slug}/")
        assert status == 200 and "첫 제목으로 나간 기사" in body.decode()

    desk.goto(fleet.nodes["a"] + f"/admin/articles/article/{pk}/change/")
    desk.locator("#id_headline").fill("고쳐 쓴 제목이 바로 보이는 기사")
    desk.get_by_role("button", name="저장 및 편집 계속").click()
    expect(desk.locator(".messagelist .success")).to_be_visible(timeout=WAIT)

    status, _, body = fetch(fleet.nodes["b"] + f"/news/{slug}/")
    assert status == 200
    assert "고쳐 쓴 제목이 바로 보이는 기사" in body.decode()
    assert "첫 제목으로 나간 기사" not in body.decode()


def test_a_publish_pings_each_endpoint_once_while_two_workers_run(fleet, desk):
    assert all(worker.popen.poll() is None for worker in fleet.workers.values())
    pk, slug = create_story(fleet, "두 일꾼이 있어도 한 번만 알리는 기사", published=False)
    desk.goto(fleet.nodes["a"] + f"/admin/articles/article/{pk}/change/")
    desk.locator(".desk-actions").get_by_role("button", name="지금 게시", exact=True).click()
    expect(desk.locator(".messagelist .success")).to_contain_text("게시했습니다", timeout=WAIT)

    story_url = fleet.nodes["a"] + f"/news/{slug}/"
    for endpoint in ("indexnow-one", "indexnow-two"):
        wait_until(
            lambda endpoint=endpoint: story_url in fleet.pings.urls_sent_to(endpoint),
            timeout=60,
            what=f"the ping to {endpoint}",
        )
    # Both workers poll five times a second: give a duplicate every chance to arrive.
    time.sleep(3)
    for endpoint in ("indexnow-one", "indexnow-two"):
        assert fleet.pings.urls_sent_to(endpoint).count(story_url) == 1


def test_a_worker_killed_mid_task_leaves_nothing_half_done(fleet, desk, tmp_path):
    before = {row[0] for row in tasks(fleet, "rendition")}
    photo = upload_photo(
        desk, fleet.nodes["a"], photo_file(tmp_path, 5000, 3500, "wide.jpg"), "넓은 들판"
    )

    def running_rendition_task():
        return [
            row for row in tasks(fleet, "rendition") if row[0] not in before and row[1] == "RUNNING"
        ]

    (task_id, _, worker_ids, _), *_ = wait_until(
        running_rendition_task, timeout=60, interval=0.05, what="a worker to take the task"
    )
    victim = worker_ids[-1].removeprefix("fleet-")
    survivor = "two" if victim == "one" else "one"
    fleet.workers[victim].popen.send_signal(signal.SIGKILL)
    fleet.workers[victim].popen.wait(10)

    # The other worker takes it back once its lease has run out, and finishes it.
    def finished():
        ((state, workers),) = fleet.sql(
            f"SELECT status, worker_ids FROM {TASK_TABLE} WHERE id = %s",  # noqa: S608 (constant)
            (task_id,),
        )
        return (state, workers) if state in ("SUCCESSFUL", "SUCCEEDED", "FAILED") else None

    status = wait_until(finished, timeout=120, what="the task to finish on the surviving worker")
    assert status[0] in ("SUCCESSFUL", "SUCCEEDED"), status
    assert f"fleet-{survivor}" in status[1]

    renditions = fleet.sql(
        "SELECT width, format, file FROM photos_rendition WHERE photo_id = %s ORDER BY 1, 2",
        (photo,),
    )
    # One row per (width, format), each with its object in the bucket; no object without a row.
    assert len(renditions) == len({(w, f) for w, f, _ in renditions}) >= 6
    stored = fleet.bucket_keys()
    assert {file for _, _, file in renditions} <= stored
    ((original, digest),) = fleet.sql(
        "SELECT file, content_hash FROM photos_photo WHERE id = %s", (photo,)
    )
    # Every object of this picture (its keys carry its content hash) has a row naming it: a
    # file written by the killed worker was replaced, not left beside a suffixed copy.
    objects_of_photo = {key for key in stored if digest in key}
    assert objects_of_photo == {file for _, _, file in renditions} | {original}
    assert len(status[1]) >= 2  # claimed by the killed worker, then again by the survivor
    fleet.start_worker(victim)  # the fleet is whole again for whatever runs next
