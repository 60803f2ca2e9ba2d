"""Hostile files fail alone and fast: each is reported with its French message, the good file
beside it imports as usual.

Each import runs under ``bounded()``: a regression (an alias bomb expanded again, a parser
made quadratic) makes the test fail after a few seconds instead of running for minutes and
eating the machine's memory.
"""

import io
import resource
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.test import TestCase
from PIL import Image

from news.markdown import source
from news.models import PressReleasePage
from tests.utils import run_command, setup_site

GOOD = "---\ntitle: Bon\nchapeau-text: C\ndate: 2019-01-14 10:00:00 +01:00\n---\n\nTexte.\n"

# The "billion laughs": nine levels of ten aliases to the level below, 10⁹ values in 400 bytes.
BILLION_LAUGHS = "---\ntitle: Rires\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for level in "bcdefghi":
    previous = chr(ord(level) - 1)
    BILLION_LAUGHS += f"{level}: &{level} [{', '.join([f'*{previous}'] * 10)}]\n"
BILLION_LAUGHS += "tags: *i\n---\n\nTexte.\n"


class BoundExceeded(BaseException):
    """Not an Exception: the importer's catch-all for a file must not swallow it."""


def lowered(kind, limit):
    """Lower the soft limit of a resource; returns what restores it."""
    soft, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    return lambda: resource.setrlimit(kind, (soft, hard))


@contextmanager
def bounded(seconds=20, memory=1024 * 1024 * 1024):
    """Run the block with ``seconds`` of time and ``memory`` bytes of address space more than
    the process holds; past either it fails (BoundExceeded, MemoryError) instead of going on.
    Work stuck in C code, which no Python signal handler interrupts, is ended by the kernel
    once it has used three times as much processor time (SIGXCPU ends the test run)."""

    def stop(signum, frame):
        raise BoundExceeded(f"still running after {seconds} s")

    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + 3 * seconds
    previous = signal.signal(signal.SIGALRM, stop)
    restore = [lowered(resource.RLIMIT_AS, in_use + memory), lowered(resource.RLIMIT_CPU, cpu)]
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        for undo in restore:
            undo()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


class HostileFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def setUp(self):
        self.work = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)
        (self.work / "a-bon.md").write_text(GOOD)

    def assert_fails_alone(self, name, content, message):
        path = self.work / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        with bounded():
            lines, code = run_command("import_markdown", self.work)
        self.assertEqual(code, 1, lines[-3:])
        self.assertEqual(lines[-1], "imported 1, updated 0, unchanged 0, failed 1, warnings 0")
        self.assertEqual(list(PressReleasePage.objects.values_list("title", flat=True)), ["Bon"])
        self.assertIn(message, "\n".join(lines))

    def test_billion_laughs(self):
        self.assertLess(len(BILLION_LAUGHS), 500)
        self.assert_fails_alone(
            "rires.md",
            BILLION_LAUGHS,
            "rires.md, ligne 6 : les alias (*nom) de l’en-tête le développent en plus de "
            "10000 valeurs.",
        )

    def test_alias_inside_itself(self):
        self.assert_fails_alone(
            "boucle.md",
            "---\ntitle: Boucle\ntags: &a [un, *a]\n---\n\nTexte.\n",
            "boucle.md, ligne 3 : un alias renvoie à la liste ou au dictionnaire qui le contient.",
        )

    def test_deeply_nested_front_matter(self):
        self.assert_fails_alone(
            "profond.md",
            "---\ntitle: Profond\ntags: " + "[" * 30_000 + "]" * 30_000 + "\n---\n\nTexte.\n",
            "profond.md, ligne 3 : listes et dictionnaires imbriqués sur plus de 20 niveaux.",
        )

    def test_long_front_matter(self):
        keys = "".join(f"cle-{number}: valeur\n" for number in range(10_000))
        self.assert_fails_alone(
            "long.md",
            f"---\ntitle: Long\n{keys}---\n\nTexte.\n",
            "long.md : l’en-tête dépasse 100000 caractères.",
        )

    def test_huge_body(self):
        self.assert_fails_alone(
            "enorme.md",
            GOOD + "Un paragraphe de plus.\n\n" * 100_000,
            "enorme.md est trop gros pour être une page (2,3\xa0Mio, au plus 512,0\xa0Kio).",
        )

    def test_deeply_nested_lists(self):
        self.assert_fails_alone(
            "listes.md",
            GOOD + "- " * 100_000 + "fin\n",
            "listes.md, ligne 8 : listes ou citations trop imbriquées pour être importées.",
        )

    def test_deeply_nested_quotes(self):
        self.assert_fails_alone(
            "citations.md",
            GOOD + "\n" + "> " * 100_000 + "fin\n",
            "citations.md, ligne 9 : listes ou citations trop imbriquées pour être importées.",
        )

    def test_brackets_and_placeholders_by_the_thousand(self):
        # Brackets never closed, then thousands of placeholders: imported and reported.
        body = "[" * 100_000 + "\n\n" + "[TODO] " * 20_000 + "\n"
        path = self.work / "crochets.md"
        path.write_text(GOOD + body)
        with bounded():
            lines, code = run_command("import_markdown", self.work)
        self.assertEqual(code, 0, lines[-5:])
        self.assertEqual(PressReleasePage.objects.count(), 2)

    def test_binary_file(self):
        self.assert_fails_alone(
            "image.md", png_bytes(), "image.md n’est pas du texte UTF-8 (octet 0x89 à la ligne 1)."
        )


class LimitsTests(TestCase):
    def test_aliases_within_the_bounds_are_kept(self):
        data, _body, _line = source.split_front_matter(
            "---\nbase: &b {nom: Presse}\ncontact-presse: *b\n---\n", "a.md"
        )
        self.assertEqual(data["contact-presse"], {"nom": "Presse"})

    def test_a_file_at_the_limit_is_read(self):
        raw = GOOD.encode() + b"x" * (source.MAX_FILE_SIZE - len(GOOD))
        self.assertEqual(len(raw), source.MAX_FILE_SIZE)
        self.assertEqual(source.read_source("a.md", raw, "").title, "Bon")
