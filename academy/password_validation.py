"""Password rules beyond Django's own validators."""

from django.core.exceptions import ValidationError


class DistinctCharactersValidator:
    """Refuses passwords made of too few different characters ("aaaaaaaaaaaa", "abababababab").

    Such a password passes a length check but is among the first an attacker tries.
    """

    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    def validate(self, password, user=None):
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                f"Your password uses too few different characters. Use at least {self.min_distinct} different "
                "letters, numbers or symbols, for example a few unrelated words.",
                code="password_too_few_distinct_characters",
                params={"min_distinct": self.min_distinct},
            )

    def get_help_text(self):
        return f"Your password must use at least {self.min_distinct} different characters."
