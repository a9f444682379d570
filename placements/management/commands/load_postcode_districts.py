from django.core.management.base import BaseCommand

from placements.models import PostcodeDistrict
from placements.postcodes import CENTROIDS_CSV, load_postcode_districts


class Command(BaseCommand):
    help = "Loads (or refreshes) postcode district centroids from data/uk-postcode-districts.csv."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(CENTROIDS_CSV))

    def handle(self, *args, path, **options):
        count = load_postcode_districts(PostcodeDistrict, path)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} postcode districts from {path}."))
