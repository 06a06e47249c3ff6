"""manage.py sign_auth_request FILE --cert CERT.pem --key KEY.pem [--output SIGNED.xml]

Signs an AuthTokenRequest downloaded from the portal with a certificate and key such as the
simulator's demo ones (/ksef-sim/), writing FILE's name with ``-signed`` before the extension
unless ``--output`` says otherwise. The key never leaves the machine that runs the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.simulator.signing import SigningError, sign_auth_token_request


class Command(BaseCommand):
    help = "Sign an AuthTokenRequest.xml with XAdES (enveloped) using a PEM certificate and key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--cert", type=Path, required=True)
        parser.add_argument("--key", type=Path, required=True)
        parser.add_argument("--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        output: Path = options["output"] or source.with_name(f"{source.stem}-signed.xml")
        try:
            signed = sign_auth_token_request(
                source.read_bytes(), options["cert"].read_bytes(), options["key"].read_bytes()
            )
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from None
        except SigningError as exc:
            raise CommandError(str(exc)) from None
        output.write_bytes(signed)
        self.stdout.write(f"Signed: {output}")
