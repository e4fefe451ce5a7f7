"""Django's createsuperuser, without a way around the password rules.

Django asks "Bypass password validation and create user anyway?" when a typed
password fails the validators, and does not check DJANGO_SUPERUSER_PASSWORD at all
with --noinput. Here a password must pass the validators (AUTH_PASSWORD_VALIDATORS:
at least 12 characters, not common, not all digits) either way.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser as django_command
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

BYPASS_PROMPT = "Bypass password validation"


class Command(django_command.Command):
    def handle(self, *args, **options):
        if not options["interactive"]:
            self.check_environment_password(options)
            return super().handle(*args, **options)
        # The prompts of Django's command go through its module's input(): the one
        # that offers to bypass the rules is answered "no", and the password is asked
        # again.
        django_command.input = self.answer
        try:
            return super().handle(*args, **options)
        finally:
            del django_command.input

    def answer(self, prompt=""):
        if prompt.startswith(BYPASS_PROMPT):
            self.stderr.write("Choose a password that meets these rules.")
            return "n"
        return input(prompt)

    def check_environment_password(self, options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password is None:
            return
        user_model = get_user_model()
        fields = {
            name: options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
            for name in (user_model.USERNAME_FIELD, *user_model.REQUIRED_FIELDS)
        }
        try:
            validate_password(password, user_model(**{k: v for k, v in fields.items() if v}))
        except ValidationError as error:
            raise CommandError(
                "DJANGO_SUPERUSER_PASSWORD is refused: " + " ".join(error.messages)
            ) from None
