from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "equality"
    verbose_name = "Equality monitoring"

    def ready(self):
        from learners.signals import learner_erased

        from .receivers import equality_answers_erase_with_learner

        learner_erased.connect(equality_answers_erase_with_learner, dispatch_uid="equality_erase_with_learner")
