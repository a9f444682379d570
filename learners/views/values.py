"""Staff: the academy's values and the question banks that screen for them."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from academy.form_handling import handle_form
from academy.permissions import staff_required

from .. import forms
from ..models import (
    AcademyValue,
    QuestionBank,
)
from ..services.values import (
    academy_value_save,
    question_bank_copy,
    question_bank_save,
    screening_question_add,
)


@staff_required
def values_home(request):
    values = AcademyValue.objects.all()
    banks = QuestionBank.objects.annotate(n_questions=Count("questions"))
    return render(request, "learners/values_home.html", {"values": values, "banks": banks})


@staff_required
def value_edit(request, pk=None):
    value = get_object_or_404(AcademyValue, pk=pk) if pk else None
    form = forms.AcademyValueForm(request.POST or None, instance=value)
    if response := handle_form(
        request, form, lambda: academy_value_save(value=value, **form.cleaned_data),
        success_message="Value saved.", success_url="learners:values",
    ):
        return response
    title = f"Edit the value “{value}”" if value else "Add a value"
    return render(request, "form_page.html", {"form": form, "title": title,
                                              "cancel_url": reverse("learners:values")})


@staff_required
def bank_edit(request, pk=None):
    bank = get_object_or_404(QuestionBank, pk=pk) if pk else None
    form = forms.QuestionBankForm(request.POST or None, instance=bank)
    if response := handle_form(
        request, form, lambda: question_bank_save(bank=bank, **form.cleaned_data),
        success_message="Question bank saved.",
        success_url=lambda saved: reverse("learners:bank_detail", args=[saved.pk]),
    ):
        return response
    title = f"Edit “{bank}”" if bank else "Add a question bank"
    return render(request, "form_page.html", {"form": form, "title": title,
                                              "cancel_url": reverse("learners:values")})


@staff_required
def bank_detail(request, pk):
    bank = get_object_or_404(QuestionBank, pk=pk)
    form = forms.ScreeningQuestionForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: screening_question_add(bank=bank, **form.cleaned_data),
        success_message="Question added.", success_url=reverse("learners:bank_detail", args=[bank.pk]),
    ):
        return response
    questions = bank.questions.select_related("value")
    return render(request, "learners/bank_detail.html", {"bank": bank, "questions": questions, "form": form,
                                                         "cohorts": bank.cohorts.select_related("locality")})


@staff_required
@require_POST
def bank_copy(request, pk):
    bank = get_object_or_404(QuestionBank, pk=pk)
    name = f"{bank.name} (copy)"
    n = 2
    while QuestionBank.objects.filter(name=name).exists():
        name, n = f"{bank.name} (copy {n})", n + 1
    copy = question_bank_copy(bank=bank, name=name)
    messages.success(request, f"Copied to “{copy.name}”. Rename it and change its questions as you need.")
    return redirect("learners:bank_detail", pk=copy.pk)
