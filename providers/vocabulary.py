"""The academy's standard care settings and client groups (staff may add more in the admin)."""

CARE_SETTINGS = [
    ("residential", "Residential care home"),
    ("nursing", "Nursing home"),
    ("domiciliary", "Home care (domiciliary)"),
    ("supported-living", "Supported living"),
    ("day-services", "Day services"),
    ("personal-assistant", "Personal assistant employer"),
    ("nhs", "NHS"),
]
CLIENT_GROUPS = [
    ("older-people", "Older people"),
    ("dementia", "People living with dementia"),
    ("learning-disability", "Learning disability and autism"),
    ("mental-health", "Mental health"),
    ("physical-disability", "Physical disability"),
]


def care_vocabulary_ensure() -> None:
    """Makes sure the standard settings and client groups exist (they are also created by migration)."""
    from .models import CareSetting, ClientGroup

    for code, name in CARE_SETTINGS:
        CareSetting.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in CLIENT_GROUPS:
        ClientGroup.objects.get_or_create(code=code, defaults={"name": name})
