"""The re-encoding pipeline on its own: colour, depth, transparency, profiles, widths."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms

from photos.pipeline import process_image
from photos.renditions import planned_widths


def saved(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def reopen(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_cmyk_becomes_8_bit_rgb_jpeg():
    cmyk = Image.new("CMYK", (50, 40), (0, 255, 255, 0))  # full magenta and yellow: red

    processed = process_image(saved(cmyk, "JPEG"))

    image = reopen(processed.content)
    assert (processed.format, image.mode) == ("JPEG", "RGB")
    red, green, blue = image.getpixel((25, 20))
    assert red > 200 and green < 80 and blue < 80


def test_16_bit_grey_is_scaled_to_8_bits_not_clipped_to_white():
    grey16 = Image.new("I;16", (40, 30), 32768)  # half of 65535

    processed = process_image(saved(grey16, "PNG"))

    image = reopen(processed.content)
    assert image.mode == "RGB"
    assert 120 <= image.getpixel((10, 10))[0] <= 136


def test_transparency_is_kept_as_png_and_opaque_images_become_jpeg():
    clear = Image.new("RGBA", (30, 30), (255, 0, 0, 0))
    opaque = Image.new("RGBA", (30, 30), (255, 0, 0, 255))

    transparent = process_image(saved(clear, "PNG"))
    flat = process_image(saved(opaque, "PNG"))

    assert transparent.format == "PNG" and reopen(transparent.content).mode == "RGBA"
    assert flat.format == "JPEG"


def test_an_icc_profile_is_converted_to_srgb_and_dropped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = saved(Image.new("RGB", (20, 20), (10, 120, 200)), "JPEG", icc_profile=srgb)
    assert reopen(source).info.get("icc_profile")  # the test file does carry one

    processed = process_image(source)

    assert "icc_profile" not in reopen(processed.content).info


def test_the_same_bytes_have_the_same_content_hash_and_others_do_not():
    first = saved(Image.new("RGB", (20, 20), "red"), "PNG")
    second = saved(Image.new("RGB", (20, 20), "blue"), "PNG")

    assert process_image(first).content_hash == process_image(first).content_hash
    assert process_image(first).content_hash != process_image(second).content_hash


def test_the_byte_limit_is_checked_before_anything_is_decoded(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 100

    with pytest.raises(ValidationError, match="너무 큽니다"):
        process_image(saved(Image.new("RGB", (200, 200), "red"), "BMP"))


def test_a_bomb_beyond_pillows_own_limit_gets_the_pixel_message(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 10**12  # ours out of the way: Pillow's guard answers
    huge = saved(Image.new("1", (20000, 10000), 0), "PNG")  # 200 Mpx, over 2× Pillow's limit

    with pytest.raises(ValidationError) as refused:
        process_image(huge)

    assert refused.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("original", "widths"),
    [
        (3000, [480, 800, 1200, 1600]),
        (1600, [480, 800, 1200, 1600]),
        (1000, [480, 800, 1000]),
        (300, [300]),
    ],
)
def test_rendition_widths_never_upscale_and_include_a_smaller_original(original, widths):
    assert planned_widths(original) == widths
