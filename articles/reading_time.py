"""Reading time for Korean text, as shown in "N분 읽기".

Korean separates eojeol (a word with its particles) with spaces, so counting space-separated
units counts eojeol. Published silent-reading rates for Korean adults are about 200-230 eojeol
a minute; news is read on phones, often skimmed around figures and names, so the default rate
(settings.NEWSROOM_READING_RATE) is the lower bound, 200. Partial minutes round up and the
result is never below one minute.
"""

import math

from markup.sanitize import html_to_text


def count_eojeol(text: str) -> int:
    return len(text.split())


def reading_minutes(body_html: str, rate_per_minute: int = 200) -> int:
    words = count_eojeol(html_to_text(body_html))
    return max(1, math.ceil(words / max(rate_per_minute, 1)))
