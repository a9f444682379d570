"""The scheduled task that applies the UK GDPR retention rules (the rules live in learners.gdpr)."""

from celery import shared_task


@shared_task(name="academy.retention.retention_apply_task", soft_time_limit=1800, time_limit=2000,
             autoretry_for=(ConnectionError,), max_retries=3, retry_backoff=True)
def retention_apply_task() -> dict:
    from learners.gdpr import retention_apply

    return retention_apply()
