"""Demo images drawn with Pillow, so demo content needs no downloads."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection


def demo_image(title: str, colors: tuple[str, str], size=(1600, 900)) -> Image:
    """Return the Wagtail image called `title`, drawing it on first use.

    A soft diagonal gradient between two colours with a few circles: enough to
    look like a photo placeholder, and deterministic, so reloading is idempotent.
    """
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = size
    start = PILImage.new("RGB", size, colors[0])
    end = PILImage.new("RGB", size, colors[1])
    mask = PILImage.linear_gradient("L").rotate(45, expand=True).resize(size)
    canvas = PILImage.composite(end, start, mask)
    draw = ImageDraw.Draw(canvas, "RGBA")
    for i in range(5):
        radius = height // (3 + i)
        cx = width * (i + 1) // 6
        cy = height // 2 + (i % 2) * height // 6
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(255, 255, 255, 28),
        )
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=82)
    filename = f"{title.lower().replace(' ', '-')[:60]}.jpg"
    # A flushed database (live-server tests) lacks the root collection too.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    image = Image(
        title=title, file=ImageFile(buffer, name=filename), collection=collection
    )
    image.save()
    return image
