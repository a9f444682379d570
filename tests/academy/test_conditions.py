"""academy.conditions: one Q, decided on an object without a query and reused across a relation."""

import pytest
from django.db.models import Q

from academy.conditions import q_holds, q_prefixed
from academy.models import Locality


@pytest.mark.parametrize("q, holds", [
    (Q(name="Wigan"), True),
    (Q(name__in=["Bolton", "Wigan"]), True),
    (Q(name__in=["Bolton"]), False),
    (Q(name="Wigan") & Q(region="North East"), False),
    (Q(name="Bolton") | Q(region="North West"), True),
    (~Q(name="Wigan"), False),
    (Q(pk__isnull=True), True),
    (Q(name="Wigan") & (Q(region="Elsewhere") | ~Q(region="North East")), True),
])
def test_a_condition_is_decided_on_the_objects_own_values(q, holds):
    assert q_holds(q, Locality(name="Wigan", region="North West")) is holds


def test_a_lookup_it_cannot_decide_without_a_query_is_refused():
    with pytest.raises(ValueError, match="not 'name__icontains'"):
        q_holds(Q(name__icontains="wig"), Locality(name="Wigan"))
    with pytest.raises(ValueError, match="not 'users__email'"):
        q_holds(Q(users__email="x"), Locality(name="Wigan"))


def test_a_prefixed_condition_keeps_its_shape():
    q = Q(status__in=["a", "b"]) & ~(Q(content="clear") | Q(decision="proceed"))
    assert q_prefixed(q, "learner__dbs_checks__") == (
        Q(learner__dbs_checks__status__in=["a", "b"])
        & ~(Q(learner__dbs_checks__content="clear") | Q(learner__dbs_checks__decision="proceed")))
