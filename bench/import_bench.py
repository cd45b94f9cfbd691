"""Benchmark import_posts: generate front-matter posts, import them, import them again.

    .venv/bin/python bench/import_bench.py [--count 1000] [--database-url URL] [--publish-run]

Everything happens in a temporary folder: the posts, a site root with the feature image they
share, a fresh SQLite database (unless --database-url names another, which must be empty or
disposable) and the media folder. Each run of the command is a separate process, timed from
start to exit, so Django's start-up is included. The migrations run before the clock starts.

The posts are fictional and original, in the shape of the outlet's blog archive: front matter,
a leading feature image, highlight spans in the three palette colours, empty &nbsp; paragraphs,
a summary list after an <hr>, an attendee table and the promotional footer line.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOWNS = ["한빛시", "해람시", "누리군", "가람읍", "솔내면", "다온시", "별마루시", "물안개군"]
TOPICS = ["해상풍력", "항만 정비", "섬 연결 다리", "청년 창업", "노선버스", "도서관", "축제"]
HIGHLIGHTS = [
    '<b><span style="color: #ee2323;">{}</span></b>',
    '<b><span style="background-color: #21538527;">{}</span></b>',
    '<b><span style="color: #1a5490;">{}</span></b>',
]


def post_text(number: int) -> str:
    town, other = TOWNS[number % len(TOWNS)], TOWNS[(number * 3 + 1) % len(TOWNS)]
    topic = TOPICS[number % len(TOPICS)]
    title = f"[벤치 {number:04d}] {town}·{other}, {topic} 공동 추진 합의"
    sentences = [
        f"가상의 {town}과 {other}가 {topic} 사업을 함께 추진하기로 했습니다.",
        f"두 곳은 {number % 12 + 1}월 안에 실무 협의체를 꾸릴 예정입니다.",
        "주민 설명회는 다음 달 두 차례 열립니다.",
        f"사업비는 {number % 90 + 10}억 원 규모로 추산됩니다.",
        "관계자들은 이번 합의가 지역 경제에 보탬이 될 것이라고 말했습니다.",
        "환경 영향 조사는 올해 하반기에 시작합니다.",
    ]
    paragraphs = []
    for p in range(5):
        parts = []
        for s, sentence in enumerate(sentences):
            if s % 2 == 0:
                parts.append(HIGHLIGHTS[(p + s) % 3].format(sentence))
            else:
                parts.append(sentence)
        paragraphs.append(f"<p>{' '.join(parts)}</p>")
        paragraphs.append('<p data-ke-size="size16">&nbsp;</p>')
    summary = "".join(f"\n  <li>{sentence}</li>" for sentence in sentences[:5])
    return f"""---
title: "{title}"
categories:
  - 지역
  - {topic}
tags: [벤치, {town}]
excerpt: >
  {sentences[0]} {sentences[1]}
feature_text: >
  {sentences[3]}
image: '/assets/img/bench-feature.jpg'
---

<p><img src="/assets/img/bench-feature.jpg" alt="벤치 대표 이미지" /></p>

<h2 data-ke-size="size26">{town}과 {other}의 {topic}</h2>

{chr(10).join(paragraphs)}

<hr />

<ul>{summary}
</ul>

<table style="width: 100%;">
  <tr><td><b>{town} 측 참석자</b></td><td><b>{other} 측 참석자</b></td></tr>
  <tr><td>시장 김가람</td><td>시장 이누리</td></tr>
  <tr><td>국장 박솔</td><td></td></tr>
</table>

<p>{sentences[5]}</p>
더 많은 소식은, <a href="https://bench-news.example" rel="dofollow">https://bench-news.example</a>
"""


def generate(folder: Path, site_root: Path, count: int):
    (site_root / "assets" / "img").mkdir(parents=True)
    Image.new("RGB", (1200, 675), (26, 84, 144)).save(
        site_root / "assets" / "img" / "bench-feature.jpg", format="JPEG", quality=85
    )
    posts = folder / "_posts"
    posts.mkdir(parents=True)
    for number in range(count):
        day = number % 28 + 1
        name = f"2024-{number % 12 + 1:02d}-{day:02d}-bench-{number:04d}.md"
        (posts / name).write_text(post_text(number), encoding="utf-8")
    return posts


def manage(env, *args) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [PYTHON, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    lines = completed.stdout.strip().splitlines()
    return elapsed, lines[-1] if lines else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in the temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--publish-run",
        action="store_true",
        help="also time a re-import with --publish (publishing runs the related-story "
        "suggestions for every story, which dominates that run)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        site_root = work / "site"
        posts = generate(work / "blog", site_root, args.count)
        env = {
            **os.environ,
            "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "DEBUG": "True",
        }
        manage(env, "migrate", "--noinput", "-v0")
        runs = [
            ("first import", ["--site-root", str(site_root), str(posts)]),
            ("re-import, nothing changed", ["--site-root", str(site_root), str(posts)]),
            ("dry run", ["--dry-run", "--site-root", str(site_root), str(posts)]),
        ]
        if args.publish_run:
            runs.append(
                (
                    "re-import with --publish",
                    ["--publish", "--site-root", str(site_root), str(posts)],
                )
            )
        print(f"import_posts, {args.count} front-matter posts")
        print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"{env['DATABASE_URL'].split(':', 1)[0]}")  # fmt: skip
        print(f"{'run':<28} {'seconds':>8} {'posts/s':>8}  summary")
        for label, extra in runs:
            elapsed, summary = manage(env, "import_posts", *extra)
            print(f"{label:<28} {elapsed:8.1f} {args.count / elapsed:8.0f}  {summary}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
