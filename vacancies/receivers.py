"""Keeps the guide's search text and cached results in step with what they show (vacancies.search).

Every save or delete of a vacancy, or of a provider, site, care setting, client group or area a vacancy
names, retires the cached results; a change to a name the search matches also rewrites the search text
of that provider's, site's or setting's vacancies.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
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
def named_record_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if not created:
        field = {Provider: "provider", Site: "site", CareSetting: "setting"}[sender]
        vacancy_search_text_refresh(Vacancy.objects.filter(**{field: instance}))
    _guide_changed_after_commit()


@receiver(post_delete, sender=Vacancy, dispatch_uid="vacancy_deleted_search")
@receiver(post_delete, sender=Provider, dispatch_uid="provider_deleted_search")
@receiver(post_delete, sender=Site, dispatch_uid="site_deleted_search")
@receiver(post_save, sender=ClientGroup, dispatch_uid="client_group_saved_search")
@receiver(post_delete, sender=ClientGroup, dispatch_uid="client_group_deleted_search")
@receiver(post_save, sender=Locality, dispatch_uid="locality_saved_search")
@receiver(m2m_changed, sender=Vacancy.client_groups.through, dispatch_uid="vacancy_groups_search")
def guide_record_changed(sender, raw=False, **kwargs):
    if not raw:
        _guide_changed_after_commit()
