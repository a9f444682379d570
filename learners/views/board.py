"""Staff: a cohort's board and its learners blocked by DBS."""

from django.shortcuts import render

from academy.caching import no_store
from academy.permissions import staff_required
from academy.services import audit_record
from courses.permissions import get_cohort_for_staff_or_404

from ..models import (
    Stage,
)
from ..selectors import (
    BOARD_FILTERS,
    cohort_board,
    cohort_dbs_blocked,
)


@staff_required
@no_store
def board(request, cohort_pk):
    cohort = get_cohort_for_staff_or_404(request.user, cohort_pk)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    flag = request.GET.get("flag", "")
    flag = flag if flag in BOARD_FILTERS else ""
    rows = cohort_board(cohort=cohort, stage=stage, flag=flag)
    audit_record(action="dbs.view", request=request, obj=cohort, note=f"DBS status on cohort board ({len(rows)})")
    return render(request, "learners/board.html", {
        "cohort": cohort, "rows": rows, "stage": stage, "flag": flag, "stages": Stage.choices,
        "flags": [("dbs_blocked", "Blocked on DBS"), ("no_consent", "No consent to share"),
                  ("references_outstanding", "References outstanding")],
    })


@staff_required
@no_store
def cohort_dbs(request, cohort_pk):
    cohort = get_cohort_for_staff_or_404(request.user, cohort_pk)
    rows = cohort_dbs_blocked(cohort=cohort)
    audit_record(action="dbs.view", request=request, obj=cohort, note=f"Blocked on DBS list ({len(rows)})")
    return render(request, "learners/cohort_dbs.html", {"cohort": cohort, "rows": rows})
