"""The academy's values and the question banks used to screen for them."""


from django.db import transaction

from academy.services import record_save
from learners.models import (
    AcademyValue,
    QuestionBank,
    ScreeningQuestion,
)


def academy_value_save(*, value: AcademyValue | None = None, **fields) -> AcademyValue:
    return record_save(value or AcademyValue(), **fields)


def question_bank_save(*, bank: QuestionBank | None = None, **fields) -> QuestionBank:
    return record_save(bank or QuestionBank(), **fields)


def screening_question_add(*, bank: QuestionBank, text: str, value=None, guidance: str = "",
                           order: int | None = None) -> ScreeningQuestion:
    if order is None:
        order = bank.questions.count() + 1
    question = ScreeningQuestion(bank=bank, text=text, value=value, guidance=guidance, order=order)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_bank_copy(*, bank: QuestionBank, name: str) -> QuestionBank:
    """Copies a bank and its questions, so a cohort can adapt last cohort's questions without changing them."""
    copy = question_bank_save(name=name, description=bank.description, case_study=bank.case_study)
    ScreeningQuestion.objects.bulk_create(
        ScreeningQuestion(bank=copy, value_id=q.value_id, text=q.text, guidance=q.guidance, order=q.order)
        for q in bank.questions.all()
    )
    return copy
