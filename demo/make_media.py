"""Write the demo's images and PDFs into demo/media-root/uploads/ (the files are committed).

The seeds name their hero images and press releases as files of the former site
(``/uploads/...``), which are not part of the seeds. These stand-ins are small real files: flat
PNG illustrations drawn with Pillow, and one-page PDFs written by hand, so that the
demo shows its hero images, its slideshow and its downloads. ``make demo`` imports them with
``import_markdown --media-root demo/media-root``.

    .venv/bin/python demo/make_media.py
"""

from pathlib import Path

import dsfr
from PIL import Image, ImageDraw, ImageFont

UPLOADS = Path(__file__).resolve().parent / "media-root" / "uploads"
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


if __name__ == "__main__":
    main()
