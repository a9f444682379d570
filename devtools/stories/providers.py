from providers.models import CareSetting, ClientGroup, Provider, Site
from providers.vocabulary import care_vocabulary_ensure

# name, CQC location id, rating, locality, settings, client groups, sites (name, postcode)
DEMO_PROVIDERS = [
    ("Transitions Care Fylde", "1-101000001", "good", "Fylde", ["supported-living", "domiciliary"],
     ["learning-disability", "mental-health"], [("Lytham office", "FY8 1AA"), ("Kirkham house", "PR4 2AB")]),
    ("Seaview Residential Home", "1-101000002", "outstanding", "Blackpool", ["residential"],
     ["older-people", "dementia"], [("Seaview", "FY1 2QP")]),
    ("Wyre Home Care", "1-101000003", "good", "Wyre", ["domiciliary"],
     ["older-people", "physical-disability"], [("Poulton branch", "FY6 7AA")]),
    ("Lune Valley Nursing Home", "1-101000004", "requires_improvement", "Lancaster", ["nursing"],
     ["older-people", "dementia"], [("Caton Road", "LA1 3PE")]),
    ("Wigan Supported Living Partnership", "1-101000005", "good", "Wigan", ["supported-living"],
     ["learning-disability"], [("Standish", "WN6 0AA"), ("Leigh", "WN7 1AB")]),
    ("Rochdale Day Opportunities", "1-101000006", "good", "Rochdale", ["day-services"],
     ["learning-disability", "physical-disability"], [("Town centre hub", "OL16 1AB")]),
    ("Salford Quays Care Homes", "1-101000007", "good", "Salford", ["residential", "nursing"],
     ["older-people", "dementia"], [("Eccles", "M30 0AA"), ("Swinton", "M27 4AA")]),
    ("Mersey Minds", "1-101000008", "outstanding", "Liverpool", ["supported-living", "day-services"],
     ["mental-health"], [("Anfield", "L4 0TH")]),
    ("Fylde Coast Personal Assistants", "", "not_rated", "Blackpool", ["personal-assistant"],
     ["physical-disability"], [("Home-based", "FY4 1AA")]),
]


def seed_providers(ctx) -> list[Provider]:
    care_vocabulary_ensure()
    providers = []
    for name, cqc_id, rating, locality, settings, groups, sites in DEMO_PROVIDERS:
        provider, _ = Provider.objects.get_or_create(
            name=name,
            defaults={
                "cqc_location_id": cqc_id,
                "cqc_rating": rating,
                "locality": ctx.localities[locality],
                "contact_name": "Registered manager",
                "contact_email": f"jobs@{name.lower().replace(' ', '-')}.example",
            },
        )
        provider.settings.set(CareSetting.objects.filter(code__in=settings))
        provider.client_groups.set(ClientGroup.objects.filter(code__in=groups))
        for site_name, postcode in sites:
            Site.objects.get_or_create(
                provider=provider, name=site_name,
                defaults={"postcode": postcode, "locality": ctx.localities[locality]},
            )
        providers.append(provider)
    ctx.extra["providers"] = providers
    return providers
