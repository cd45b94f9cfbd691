"""Highlight contrast: WCAG 2.x ratios, the palette admin's column and warning, a default
palette that passes AA, and old posts' colours still importing as their style."""

import colorsys
from pathlib import Path

import pytest
from django.urls import reverse

from importing.importers.frontmatter import parse_post
from importing.importers.palette import Palette
from outlet.contrast import contrast_ratio, parse_hex
from outlet.models import HighlightStyle
from tests.factories import UserFactory
from tests.migration_steps import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db
WHITE = (255, 255, 255)


def hue(colour: str) -> float:
    rgb, _ = parse_hex(colour)
    return colorsys.rgb_to_hls(*(channel / 255 for channel in rgb))[0]


@pytest.fixture
def chief_client(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#ee2323", "#ffffff", 4.29),  # the old red: fails
        ("#fff", "#000", 21.0),
    ],
)
def test_contrast_ratio_follows_wcag(first, second, expected):
    ratio = contrast_ratio(parse_hex(first)[0], parse_hex(second)[0])
    assert ratio == pytest.approx(expected, abs=0.005)
    assert contrast_ratio(parse_hex(second)[0], parse_hex(first)[0]) == ratio


def test_a_style_is_measured_against_what_is_behind_its_text():
    text_only = HighlightStyle(key="a", name="a", text_color="#ee2323")
    # No text colour: the page's own text (#1b1f24) on the tint blended over the white page.
    tint = HighlightStyle(key="b", name="b", background_color="#21538527")
    opaque = HighlightStyle(key="c", name="c", text_color="#ffffff", background_color="#215385")

    assert text_only.contrast_ratio == pytest.approx(4.29, abs=0.005)
    assert text_only.passes_aa is False
    assert tint.contrast_ratio == pytest.approx(12.98, abs=0.01)
    assert tint.contrast_ratio < contrast_ratio(parse_hex("#1b1f24")[0], WHITE)  # the tint counts
    assert opaque.contrast_ratio == pytest.approx(contrast_ratio(WHITE, parse_hex("#215385")[0]))
    assert HighlightStyle(key="d", name="d", text_color="#74a0ce").passes_aa is False


def test_every_default_style_passes_aa_and_keeps_its_hue():
    styles = {style.key: style for style in HighlightStyle.objects.all()}

    assert set(styles) == {"red", "blue-tint", "blue"}
    assert all(style.passes_aa for style in styles.values())
    red = styles["red"]
    assert red.text_color != "#ee2323" and red.contrast_ratio >= 5
    assert hue(red.text_color) == pytest.approx(hue("#ee2323"), abs=0.005)
    assert red.import_color_list == ["#ee2323"]


def test_old_posts_red_still_imports_as_the_red_style():
    body = (
        '<p><b><span style="color: #ee2323;">예전 빨강.</span></b> '
        '<b><span style="color: #D11F1F">새 빨강.</span></b></p>'
    )
    doc = parse_post(f"---\ntitle: 색\n---\n{body}", Path("x.md"), Palette.from_database())

    assert doc.body.count('<span class="hl-red">') == 2
    assert doc.warnings == []


def test_the_palette_list_shows_each_ratio_and_marks_the_failing_ones(chief_client):
    HighlightStyle.objects.create(key="pale", name="옅은 파랑", text_color="#74a0ce", position=9)

    html = chief_client.get(reverse("admin:outlet_highlightstyle_changelist")).content.decode()

    assert "명암비" in html
    assert html.count('class="contrast-pass"') == 3
    assert html.count('class="contrast-fail"') == 1
    assert "⚠ 2.7" in html and "기준 미달" in html
    assert "5.34:1 통과" in html  # the default red, floored to two places


def test_saving_a_style_below_aa_warns_in_korean_and_keeps_it(chief_client):
    response = chief_client.post(
        reverse("admin:outlet_highlightstyle_add"),
        {"key": "yellow", "name": "노란 글씨", "text_color": "#f5c400", "bold": "on",
         "position": 5, "import_colors": ""},
        follow=True,
    )  # fmt: skip

    messages = [str(m) for m in response.context["messages"]]
    assert any("명암비가 1.6" in m and "WCAG AA 기준(4.5:1)에 못 미칩니다" in m for m in messages)
    assert HighlightStyle.objects.filter(key="yellow").exists()

    response = chief_client.post(
        reverse("admin:outlet_highlightstyle_add"),
        {"key": "navy", "name": "남색 글씨", "text_color": "#1a2b5c", "position": 6},
        follow=True,
    )
    assert not any("명암비" in str(m) for m in response.context["messages"])


def test_a_bad_import_colour_is_a_korean_error_and_the_form_keeps_the_input(chief_client):
    response = chief_client.post(
        reverse("admin:outlet_highlightstyle_add"),
        {"key": "teal", "name": "청록", "text_color": "#006d6d", "import_colors": "#008080, 청록"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "&#x27;청록&#x27;은(는) 색이 아닙니다." in html or "'청록'은(는) 색이 아닙니다." in html
    assert 'value="#008080, 청록"' in html
    assert not HighlightStyle.objects.filter(key="teal").exists()


@pytest.mark.django_db(transaction=True)
def test_migration_darkens_an_existing_default_red_and_keeps_its_import_colour():
    apps = migrate([("articles", "0013_section_help_text")])
    try:
        Style = apps.get_model("articles", "HighlightStyle")
        Style.objects.filter(key="red").update(text_color="#EE2323")  # a database from before
        Style.objects.create(key="own", name="desk's own", text_color="#ee2323", position=7)

        apps = migrate([("articles", "0014_accessible_palette")])
        Style = apps.get_model("articles", "HighlightStyle")

        red = Style.objects.get(key="red")
        assert (red.text_color, red.import_colors) == ("#d11f1f", "#ee2323")
        own = Style.objects.get(key="own")  # not the default red: the desk's choice stays
        assert (own.text_color, own.import_colors) == ("#ee2323", "")
    finally:
        migrate_to_latest()
