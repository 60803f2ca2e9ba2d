"""Write the demo's images and PDFs into demo/media-root/ (the files are committed).

The seeds name their hero images and press releases as files of the former site
(``/uploads/...``), and the programme's data (``eig-data/defis.yml``) its défis' logos and
their achievements' screenshots (``/img/...``); none of them is part of the data. These
stand-ins are small real files: flat illustrations drawn with Pillow, and one-page PDFs written
by hand, so that the demo shows its hero images, its slideshow, its downloads, and its défis'
logos and screenshots. ``make demo`` imports them with ``import_markdown`` and
``import_programme``, both given ``--media-root demo/media-root``.

    .venv/bin/python demo/make_media.py
"""

import unicodedata
import zlib
from pathlib import Path

import dsfr
import yaml
from PIL import Image, ImageDraw, ImageFont

DEMO = Path(__file__).resolve().parent
UPLOADS = DEMO / "media-root" / "uploads"
MEDIA_ROOT = DEMO / "media-root"
DEFIS = DEMO / "eig-data" / "defis.yml"
# Marianne, the State's typeface, as django-dsfr ships it.
FONTS = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"
WIDTH, HEIGHT = 1200, 630  # the size of the site's social cards; hero images are cropped to it

BLUE_FRANCE = (0, 0, 145)
RED_MARIANNE = (225, 0, 15)
WHITE = (255, 255, 255)
LIGHT_BLUE = (227, 227, 253)

IMAGES = {
    "Une_2e_promotion_dEIGentre_dans_ladministration.png": (
        BLUE_FRANCE,
        ["Entrepreneurs d’intérêt général", "2e promotion", "28 entrepreneurs, 13 défis"],
        28,
    ),
    "EIG3-candidature-ok.png": (
        RED_MARIANNE,
        ["Entrepreneurs d’intérêt général", "Appel à candidatures", "32 talents, 15 défis"],
        32,
    ),
    "EIG3-accueil-promotion.png": (
        BLUE_FRANCE,
        ["Bienvenue à la 3e promotion", "32 entrepreneurs", "janvier 2019"],
        32,
    ),
    "EIG3-accueil-defis.png": (
        LIGHT_BLUE,
        ["15 défis d’intérêt général", "santé, agriculture, justice…", "10 mois"],
        15,
    ),
}

PDFS = {
    "CP_Entrepreneurs_interet_general_16012018.pdf": [
        "Communiqué de presse - 16 janvier 2018",
        "Une 2e promotion d'entrepreneurs d'intérêt général",
        "entre aujourd'hui dans l'administration",
        "",
        "28 entrepreneurs, 13 défis, 10 mois.",
        "Document de démonstration du site des Entrepreneurs d'intérêt général.",
    ],
    "CP_EIG3_Appel_a_candidatures.pdf": [
        "Communiqué de presse - 9 septembre 2018",
        "L'État recrute 32 talents du numérique pour former",
        "une 3e promotion d'entrepreneurs d'intérêt général",
        "",
        "Candidatures du 13 septembre au 15 octobre 2018.",
        "Document de démonstration du site des Entrepreneurs d'intérêt général.",
    ],
    "CP_EIG3_Accueil_promotion.pdf": [
        "Communiqué de presse - janvier 2019",
        "Mounir Mahjoubi accueille la 3e promotion",
        "d'entrepreneurs d'intérêt général",
        "",
        "32 entrepreneurs, 15 défis, 10 mois.",
        "Document de démonstration du site des Entrepreneurs d'intérêt général.",
    ],
}


def draw_image(background, lines, dots):
    """A flat illustration: three lines of text and a row of dots, one per person or défi."""
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    ink = BLUE_FRANCE if background == LIGHT_BLUE else WHITE
    accent = RED_MARIANNE if background != RED_MARIANNE else BLUE_FRANCE
    top = 110
    for text, size, weight in zip(lines, (40, 76, 40), ("Regular", "Bold", "Regular"), strict=True):
        font = ImageFont.truetype(str(FONTS / f"Marianne-{weight}.woff2"), size)
        draw.text((80, top), text, fill=ink, font=font)
        top += size + 36
    for index in range(dots):
        x = 80 + (index % 16) * 66
        y = top + 30 + (index // 16) * 66
        draw.ellipse((x, y, x + 44, y + 44), fill=accent if index % 7 == 0 else ink)
    return image


# The défis' pictures: a logo is a card with the défi's name, a screenshot a flat page of a
# service with the défi's name and what the achievement is. Small sizes keep them a few KB.
LOGO_SIZE = (480, 270)
SCREENSHOT_SIZE = (640, 360)
GREY = (246, 246, 246)
MID_GREY = (206, 206, 206)
DARK_GREY = (58, 58, 58)
# Backgrounds of the logos, after the DSFR's illustrative colours, picked by name.
LOGO_COLOURS = [
    BLUE_FRANCE,
    RED_MARIANNE,
    (0, 99, 203),  # bleu écume
    (24, 117, 60),  # vert émeraude
    (104, 70, 171),  # violet glycine
    (169, 64, 0),  # orange terre battue
]
PROGRAMME = "Entrepreneurs d’intérêt général"


def font(weight, size):
    return ImageFont.truetype(str(FONTS / f"Marianne-{weight}.woff2"), size)


def wrap(draw, text, typeface, width, lines=2):
    """``text`` in at most ``lines`` lines no wider than ``width``, the last one cut with …"""
    rows, row = [], ""
    for word in text.split():
        candidate = f"{row} {word}".strip()
        if row and draw.textlength(candidate, font=typeface) > width:
            rows.append(row)
            row = word
        else:
            row = candidate
    rows.append(row)
    if len(rows) > lines:
        rows = rows[:lines]
        while draw.textlength(rows[-1] + " …", font=typeface) > width and " " in rows[-1]:
            rows[-1] = rows[-1].rsplit(" ", 1)[0]
        rows[-1] += " …"
    return rows


def draw_logo(name, label):
    """A logo-like card: a round badge with the name's initial, the name, the promotion."""
    background = LOGO_COLOURS[zlib.crc32(name.encode()) % len(LOGO_COLOURS)]
    image = Image.new("RGB", LOGO_SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((36, 36, 116, 116), fill=WHITE)
    draw.text((76, 78), name[0].upper(), fill=background, font=font("Bold", 48), anchor="mm")
    draw.text((140, 58), label, fill=WHITE, font=font("Regular", 24))
    typeface = font("Bold", 48 if len(name) <= 14 else 36)
    top = 136
    for row in wrap(draw, name, typeface, LOGO_SIZE[0] - 72):
        draw.text((36, top), row, fill=WHITE, font=typeface)
        bottom = draw.textbbox((36, top), row, font=typeface)[3]
        top += typeface.size + 8
    draw.rectangle((36, bottom + 14, 136, bottom + 20), fill=WHITE)
    return image


def draw_screenshot(name, caption):
    """A flat page of a service: a browser bar, a header with the défi's name, the caption as
    its heading, and grey blocks for its content."""
    width, height = SCREENSHOT_SIZE
    image = Image.new("RGB", SCREENSHOT_SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 28), fill=MID_GREY)
    for index, colour in enumerate((RED_MARIANNE, (255, 202, 0), (24, 117, 60))):
        draw.ellipse((12 + index * 20, 8, 24 + index * 20, 20), fill=colour)
    draw.rectangle((84, 7, width - 16, 21), fill=WHITE)
    draw.rectangle((0, 28, width, 84), fill=BLUE_FRANCE)
    draw.text((24, 56), name, fill=WHITE, font=font("Bold", 28), anchor="lm")
    typeface = font("Bold", 26)
    top = 104
    for row in wrap(draw, caption, typeface, width - 48):
        draw.text((24, top), row, fill=DARK_GREY, font=typeface)
        top += 34
    top += 12
    draw.rectangle((24, top, 372, height - 24), fill=GREY)
    for line in range(4):
        y = top + 20 + line * 28
        if y + 10 < height - 40:
            draw.rectangle((44, y, 340 - line * 40, y + 10), fill=MID_GREY)
    draw.rectangle((396, top, width - 24, height - 24), fill=LIGHT_BLUE)
    bars = [0.45, 0.8, 0.6, 0.95, 0.7]
    base = height - 44
    for index, share in enumerate(bars):
        x = 420 + index * 38
        draw.rectangle((x, base - int(share * (base - top - 24)), x + 24, base), fill=BLUE_FRANCE)
    return image


def programme_pictures():
    """{path under the media folder: (kind, défi's name, label or caption)} for each picture
    defis.yml names, read as the importer reads it (composed accents)."""
    text = unicodedata.normalize("NFC", DEFIS.read_text(encoding="utf-8"))
    named = {}  # path: [(kind, name, text)...], in the order of the file
    for entry in yaml.safe_load(text).values():
        name = str(entry.get("title") or "").strip()
        promotion = str(entry.get("promotion", "")).strip()
        label = f"EIG {promotion}" if promotion.isdigit() else promotion.upper()
        if entry.get("image"):
            named.setdefault(entry["image"].lstrip("/"), []).append(("logo", name, label))
        for item in entry.get("projects") or []:
            if isinstance(item, dict) and item.get("image"):
                path = str(item["image"]).lstrip("/")
                named.setdefault(path, []).append(("screenshot", name, str(item["title"])))
    pictures = {}
    for path, uses in named.items():
        # A file several défis name was made for the earliest (the newest come first).
        kind, name, text = uses[-1]
        if kind == "logo" and len({use[1] for use in uses}) > 1:
            # The earlier site's icon, for défis that had no logo of their own.
            name, text = PROGRAMME, "EIG"
        elif kind == "logo" and len({use[2] for use in uses}) > 1:
            text = "EIG"  # one défi over several promotions
        pictures[path] = (kind, name, text)
    return pictures


def save_picture(image, path):
    """A PNG of a few colours, or a JPEG when the data names one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        image.save(path, quality=35, optimize=True)
    else:
        image.quantize(colors=16).save(path, optimize=True)


def pdf_text(text):
    """A PDF string in WinAnsiEncoding, with its special characters escaped."""
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_pdf(lines):
    """A one-page A4 PDF showing ``lines`` in Helvetica."""
    content = [b"BT /F1 16 Tf 20 TL 72 760 Td"]
    for line in lines:
        content.append(pdf_text(line) + b" Tj T*")
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def main():
    UPLOADS.mkdir(parents=True, exist_ok=True)
    for name, (background, lines, dots) in IMAGES.items():
        # Flat colours in a palette: a few kilobytes, where a JPEG of sharp text takes 30.
        image = draw_image(background, lines, dots)
        image.quantize(colors=16).save(UPLOADS / name, optimize=True)
    for name, lines in PDFS.items():
        (UPLOADS / name).write_bytes(write_pdf(lines))
    for path, (kind, name, text) in programme_pictures().items():
        draw = draw_logo if kind == "logo" else draw_screenshot
        save_picture(draw(name, text), MEDIA_ROOT / path)


if __name__ == "__main__":
    main()
