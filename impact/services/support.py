"""Money spent to remove a learner's barrier to the course or to work (travel, childcare...)."""

import datetime
from decimal import Decimal

from django.db import transaction

from courses.models import Payer
from impact.models import SupportSpend
from learners.models import Application


@transaction.atomic
def support_spend_record(*, application: Application, category: str, amount: Decimal, spent_on: datetime.date,
                         note: str = "", paid_by: str = Payer.ACADEMY) -> SupportSpend:
    """Records money spent to remove a barrier (never negative) and who paid it."""
    spend = SupportSpend(application=application, category=category, amount=amount, spent_on=spent_on, note=note,
                         paid_by=paid_by)
    spend.full_clean()
    spend.save()
    return spend
