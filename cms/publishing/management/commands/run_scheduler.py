import signal

from django.core.management.base import BaseCommand, CommandError

from cms.publishing.scheduler import run_due, run_forever


class Command(BaseCommand):
    help = (
        "Publish pages and snippets whose go-live time has come and unpublish the expired ones, "
        "every --interval seconds (or once with --once). Several may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=20.0,
            help="Seconds between passes (default 20, so pages go live within 20 s).",
        )
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        if once:
            published, expired = run_due()
            self.stdout.write(f"{published} published, {expired} expired")
            return
        if interval <= 0:
            raise CommandError("--interval must be positive")
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler running every {interval:g} s (Ctrl+C to stop)")
        self.stdout.flush()
        run_forever(interval, stop=lambda: bool(stopping))
