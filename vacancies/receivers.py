"""Keeps the guide's search text and cached results in step with what they show (vacancies.search).

Every save or delete of a vacancy, or of a provider, site, care setting, client group or area a vacancy
names, retires the cached results; a change to a name the search matches also rewrites the search text
of that provider's, site's, setting's or client group's vacancies, and so does a change to the client
groups a vacancy supports.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from academy.models import Locality
from providers.models import CareSetting, ClientGroup, Provider, Site

from .models import Vacancy
from .search import guide_changed, vacancy_search_text_refresh

SEARCHED_FIELDS = {"role_title", "summary", "provider", "provider_id", "site", "site_id", "setting", "setting_id"}


def _guide_changed_after_commit():
    # After the commit as well as now: a page rendered between the two could otherwise cache the old rows.
    guide_changed()
    transaction.on_commit(guide_changed)


@receiver(post_save, sender=Vacancy, dispatch_uid="vacancy_saved_search")
def vacancy_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is None or SEARCHED_FIELDS & set(update_fields):
        vacancy_search_text_refresh(Vacancy.objects.filter(pk=instance.pk))
    _guide_changed_after_commit()


@receiver(post_save, sender=Provider, dispatch_uid="provider_saved_search")
@receiver(post_save, sender=Site, dispatch_uid="site_saved_search")
@receiver(post_save, sender=CareSetting, dispatch_uid="setting_saved_search")
@receiver(post_save, sender=ClientGroup, dispatch_uid="client_group_saved_search")
def named_record_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if not created:
        field = {Provider: "provider", Site: "site", CareSetting: "setting", ClientGroup: "client_groups"}[sender]
        vacancy_search_text_refresh(Vacancy.objects.filter(**{field: instance}))
    _guide_changed_after_commit()


@receiver(post_delete, sender=Vacancy, dispatch_uid="vacancy_deleted_search")
@receiver(post_delete, sender=Provider, dispatch_uid="provider_deleted_search")
@receiver(post_delete, sender=Site, dispatch_uid="site_deleted_search")
@receiver(post_delete, sender=ClientGroup, dispatch_uid="client_group_deleted_search")
@receiver(post_save, sender=Locality, dispatch_uid="locality_saved_search")
@receiver(m2m_changed, sender=Vacancy.client_groups.through, dispatch_uid="vacancy_groups_search")
def guide_record_changed(sender, raw=False, **kwargs):
    if not raw:
        _guide_changed_after_commit()


@receiver(m2m_changed, sender=Vacancy.client_groups.through, dispatch_uid="vacancy_groups_search_text")
def vacancy_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A vacancy's client groups changed, from either side (vacancy.client_groups or group.vacancies)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            vacancy_search_text_refresh(Vacancy.objects.filter(pk=instance.pk))
        return
    if action == "pre_clear":  # after the clear, the group no longer says which vacancies it had
        instance._vacancies_before_clear = list(instance.vacancies.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        vacancy_search_text_refresh(Vacancy.objects.filter(pk__in=pk_set))
    elif action == "post_clear":
        vacancy_search_text_refresh(Vacancy.objects.filter(pk__in=instance.__dict__.pop("_vacancies_before_clear", [])))


@receiver(pre_delete, sender=ClientGroup, dispatch_uid="client_group_deleting_search_text")
def client_group_deleting(sender, instance, **kwargs):
    # The links go with the group: note its vacancies first.
    instance._vacancies_before_delete = list(instance.vacancies.values_list("pk", flat=True))


@receiver(post_delete, sender=ClientGroup, dispatch_uid="client_group_deleted_search_text")
def client_group_deleted(sender, instance, **kwargs):
    vacancy_search_text_refresh(Vacancy.objects.filter(pk__in=instance.__dict__.pop("_vacancies_before_delete", [])))
