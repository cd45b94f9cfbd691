"""Benchmark-only URLs, included when NEWSROOM_BENCH_FLOOR is on (bench/site_bench.py)."""

from django.http import HttpResponse
from django.urls import path


def floor(request):
    """A constant string through the same middleware and server: the framework's floor."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("floor/", floor, name="bench-floor")]
